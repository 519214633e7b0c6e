//! Which files of a `recording.completed` event to download, under which key
//! and which name.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use zoom_archiver::naming::{file_key, file_name, meeting_folder, sanitize_component};
use zoom_cloud_recording::DownloadRequest;
use zoom_cloud_recording::types::{MeetingRecordings, RecordingFile};

/// A file of the event that can be downloaded now.
pub(crate) struct Candidate {
    /// Its identity across deliveries (see [`file_key`]).
    pub key: String,
    /// Zoom's file id, when the event shows one.
    pub file_id: Option<String>,
    /// Its name inside the meeting folder (before making it unique).
    pub name: String,
    /// The SDK's download of it (checked against the listed size and kind).
    pub request: DownloadRequest,
}

/// The downloadable files of one event, and where they go.
pub(crate) struct Plan {
    /// The meeting UUID.
    pub meeting_uuid: String,
    /// `<start date>/<HHMM> <topic> [<tag>]`, relative to the output folder.
    pub folder: PathBuf,
    /// The files to download.
    pub files: Vec<Candidate>,
    /// Files skipped because Zoom is still processing them (or has no URL).
    pub not_ready: usize,
}

/// The meeting folder, named as the archive job names it.
fn folder(meeting: &MeetingRecordings) -> PathBuf {
    meeting_folder(meeting)
}

/// A participant's audio file named after the participant: `Audio only - Alex.m4a`.
fn participant_file_name(file: &RecordingFile) -> String {
    let extension = file
        .file_type
        .as_ref()
        .map(|t| t.as_str().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "m4a".to_owned());
    let stem = file.file_name.as_deref().unwrap_or("participant audio");
    let stem = sanitize_component(stem, "participant audio");
    sanitize_component(&format!("{stem}.{extension}"), "participant audio.m4a")
}

/// The files of `meeting` to download: its recording files and the
/// participants' audio files, less those not ready yet.
pub(crate) fn plan(meeting: &MeetingRecordings) -> Plan {
    let meeting_uuid = meeting.uuid.clone().unwrap_or_default();
    let mut plan = Plan {
        folder: folder(meeting),
        meeting_uuid,
        files: Vec::new(),
        not_ready: 0,
    };
    // Participant audio files have the same fields, less the recording type.
    let participants = meeting
        .participant_audio_files
        .iter()
        .filter_map(|p| serde_json::to_value(p).ok())
        .filter_map(|v| serde_json::from_value::<RecordingFile>(v).ok());
    let recordings = meeting.recording_files.iter().cloned().map(|f| (f, false));
    for (file, participant) in recordings.chain(participants.map(|f| (f, true))) {
        let Ok(request) = DownloadRequest::for_file(&file) else {
            plan.not_ready += 1;
            continue;
        };
        let name = if participant {
            participant_file_name(&file)
        } else {
            file_name(&file)
        };
        plan.files.push(Candidate {
            key: file_key(&plan.meeting_uuid, &file),
            file_id: file.id.clone().filter(|id| !id.is_empty()),
            name,
            request,
        });
    }
    plan
}

/// `folder/name`, or `folder/stem-2.ext`, … when another file took it.
pub(crate) fn unique(taken: &mut HashSet<PathBuf>, folder: &Path, name: &str) -> PathBuf {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let path = (1..)
        .map(|n| match (n, extension) {
            (1, _) => folder.join(name),
            (n, "") => folder.join(format!("{stem}-{n}")),
            (n, ext) => folder.join(format!("{stem}-{n}.{ext}")),
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| folder.join(name));
    taken.insert(path.clone());
    path
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::{plan, unique};
    use zoom_cloud_recording::types::MeetingRecordings;

    #[test]
    fn names_are_made_unique_within_a_folder() {
        let mut taken = HashSet::new();
        let folder = Path::new("2026-03-10/0930 Sync [1a2b3c4d]");
        assert_eq!(
            unique(&mut taken, folder, "audio_only.m4a"),
            folder.join("audio_only.m4a")
        );
        assert_eq!(
            unique(&mut taken, folder, "audio_only.m4a"),
            folder.join("audio_only-2.m4a")
        );
        assert_eq!(unique(&mut taken, folder, "notes"), folder.join("notes"));
        assert_eq!(unique(&mut taken, folder, "notes"), folder.join("notes-2"));
    }

    #[test]
    fn processing_files_are_skipped_and_id_less_files_get_a_key() {
        let meeting: MeetingRecordings = serde_json::from_value(serde_json::json!({
            "uuid": "u/1==", "topic": "../x", "start_time": "2026-03-10T09:30:00Z",
            "recording_files": [
                {"id": "a", "file_type": "MP4", "file_extension": "MP4", "status": "completed",
                 "recording_type": "active_speaker", "download_url": "https://zoom.us/rec/download/a"},
                {"file_type": "TIMELINE", "recording_start": "2026-03-10T09:30:05Z",
                 "download_url": "https://zoom.us/rec/download/b"},
                {"id": "c", "file_type": "", "status": "processing", "download_url": ""}
            ],
            "participant_audio_files": [
                {"id": "d", "file_type": "M4A", "file_name": "Audio only - A/B", "status": "completed",
                 "download_url": "https://zoom.us/rec/download/d"}
            ]
        }))
        .unwrap();
        let plan = plan(&meeting);
        assert_eq!(plan.not_ready, 1);
        let keys: Vec<_> = plan.files.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["a", "u/1==:TIMELINE:2026-03-10T09:30:05Z", "d"]);
        let names: Vec<_> = plan.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["active_speaker.mp4", "timeline.json", "Audio only - A_B.m4a"]
        );
        assert_eq!(plan.folder.iter().count(), 2, "{:?}", plan.folder);
    }
}
