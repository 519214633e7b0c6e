//! Deciding what a run fetches: for each meeting, every selected file and
//! extra that is not archived yet (by file id, and the object still there with
//! its size), where it goes, and what is already there or not ready. The
//! plan is the same for `plan` (which stops here) and `archive`.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use zoom_cloud_recording::download::DownloadRequest;
use zoom_cloud_recording::types::RecordingMeeting;

use crate::manifest::Manifest;
use crate::report::Counts;

/// Where an item's bytes come from.
pub(crate) enum Source {
    /// A download from Zoom.
    Download(DownloadRequest),
    /// JSON this run already holds (metadata, summary).
    Bytes(Bytes),
}

impl Source {
    pub(crate) fn size(&self) -> Option<u64> {
        match self {
            Self::Download(request) => request.size(),
            Self::Bytes(bytes) => Some(bytes.len() as u64),
        }
    }
}

/// One thing to put into the destination.
pub(crate) struct Item {
    pub(crate) user: usize,
    pub(crate) meeting_uuid: String,
    pub(crate) key: String,
    pub(crate) kind: String,
    /// Relative to the destination, `/`-separated.
    pub(crate) path: String,
    pub(crate) source: Source,
}

/// The plan being made.
pub(crate) struct Planner<'a> {
    manifest: &'a Manifest,
    /// What the destination holds (path → size), read once at the start.
    present: &'a HashMap<String, u64>,
    /// Paths in use (archived or planned), so no two files share one.
    taken: HashSet<String>,
    /// Participant audio keys per meeting, from the manifest.
    participant_audio: HashMap<String, Vec<String>>,
    pub(crate) items: Vec<Item>,
}

impl<'a> Planner<'a> {
    pub(crate) fn new(manifest: &'a Manifest, present: &'a HashMap<String, u64>) -> Self {
        let taken = manifest.entries().into_iter().map(|e| e.path.clone()).collect();
        Self {
            manifest,
            present,
            taken,
            participant_audio: participant_audio_index(manifest),
            items: Vec::new(),
        }
    }

    /// Whether `key` is archived and its object is still there, whole.
    pub(crate) fn is_archived(&self, key: &str) -> bool {
        self.archived_size(key).is_some()
    }

    fn archived_size(&self, key: &str) -> Option<u64> {
        let entry = self.manifest.get(key)?;
        (self.present.get(&entry.path) == Some(&entry.size)).then_some(entry.size)
    }

    /// Counts `key` as already archived when it is; `true` then.
    pub(crate) fn count_archived(&self, key: &str, counts: &mut Counts) -> bool {
        match self.archived_size(key) {
            Some(size) => {
                counts.already_archived += 1;
                counts.bytes_already_archived += size;
                true
            }
            None => false,
        }
    }

    /// Whether a participant audio file of the meeting that the manifest
    /// records is no longer in the destination (so Zoom must be asked again).
    pub(crate) fn participant_audio_missing(&self, meeting_uuid: &str) -> bool {
        self.participant_audio
            .get(meeting_uuid)
            .into_iter()
            .flatten()
            .any(|key| !self.is_archived(key))
    }

    /// Counts a meeting's archived participant audio files, when Zoom was not
    /// asked for them again.
    pub(crate) fn count_archived_participant_audio(&self, meeting_uuid: &str, counts: &mut Counts) {
        for key in self.participant_audio.get(meeting_uuid).into_iter().flatten() {
            self.count_archived(key, counts);
        }
    }

    /// Plans `name` in `folder` (or the path an earlier run chose for `key`),
    /// renamed `stem-2.ext`, … when another file has that path.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        user: usize,
        counts: &mut Counts,
        meeting_uuid: &str,
        key: String,
        kind: &str,
        folder: &str,
        name: &str,
        source: Source,
    ) {
        let path = match self.manifest.path_of(&key) {
            Some(path) => path.to_owned(),
            None => unique(&self.taken, folder, name),
        };
        self.taken.insert(path.clone());
        counts.to_fetch += 1;
        counts.bytes_to_fetch += source.size().unwrap_or(0);
        self.items.push(Item {
            user,
            meeting_uuid: meeting_uuid.to_owned(),
            key,
            kind: kind.to_owned(),
            path,
            source,
        });
    }
}

/// The manifest kind of a participant's audio track.
pub(crate) const PARTICIPANT_AUDIO: &str = "participant_audio";

/// Participant audio keys of each meeting in the manifest, for counting what
/// is archived without asking Zoom again.
fn participant_audio_index(manifest: &Manifest) -> HashMap<String, Vec<String>> {
    let mut index: HashMap<String, Vec<String>> = HashMap::new();
    for entry in manifest.entries() {
        if entry.kind == PARTICIPANT_AUDIO {
            index
                .entry(entry.meeting_uuid.clone())
                .or_default()
                .push(entry.file_key.clone());
        }
    }
    index
}

/// A meeting's folder as `/`-separated text: `<user>/<date>/<HHMM topic [tag]>`.
pub(crate) fn meeting_path(user_folder: &str, meeting: &RecordingMeeting) -> String {
    let folder = crate::naming::meeting_folder(meeting);
    let mut parts = vec![user_folder.to_owned()];
    parts.extend(folder.iter().map(|p| p.to_string_lossy().into_owned()));
    parts.join("/")
}

/// `folder/name`, or `folder/stem-2.ext`, … when another file has it.
pub(crate) fn unique(taken: &HashSet<String>, folder: &str, name: &str) -> String {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (1..)
        .map(|n| match (n, extension) {
            (1, _) => format!("{folder}/{name}"),
            (n, "") => format!("{folder}/{stem}-{n}"),
            (n, ext) => format!("{folder}/{stem}-{n}.{ext}"),
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::unique;
    use std::collections::HashSet;

    #[test]
    fn a_taken_name_gets_a_number_before_its_extension() {
        let mut taken = HashSet::new();
        assert_eq!(unique(&taken, "u/d/m", "audio_only.m4a"), "u/d/m/audio_only.m4a");
        taken.insert("u/d/m/audio_only.m4a".to_owned());
        assert_eq!(
            unique(&taken, "u/d/m", "audio_only.m4a"),
            "u/d/m/audio_only-2.m4a"
        );
        taken.insert("u/d/m/audio_only-2.m4a".to_owned());
        assert_eq!(
            unique(&taken, "u/d/m", "audio_only.m4a"),
            "u/d/m/audio_only-3.m4a"
        );
        taken.insert("u/d/m/notes".to_owned());
        assert_eq!(unique(&taken, "u/d/m", "notes"), "u/d/m/notes-2");
    }
}
