//! From a verified webhook event to the jobs it asks for: one per file, keyed
//! like the manifest keys it (so a redelivery, or a file `zoom-archive
//! archive` already has, adds nothing), each with the path it goes to,
//! chosen here so every file of a meeting gets the name the batch archiver
//! would give it (`stem-2.ext` when two files share a name). Pure: no I/O,
//! so the webhook answer waits only for the queue's commit.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use zoom_cloud_recording::DownloadAuth;
use zoom_cloud_recording::Secret;
use zoom_cloud_recording::download::{DownloadRequest, ExpectedContent};
use zoom_cloud_recording::types::{ArchivedMeeting, MeetingRecordings, ParticipantAudioFile};
use zoom_cloud_recording::webhook::{ArchiveFilesEvent, Event, RecordingEvent, SummaryEvent};

use crate::extras::{METADATA_FILE, SUMMARY_FILE, metadata_key, summary_key};
use crate::metadata::participant_audio_key;
use crate::naming::{
    MeetingIdentity, file_key, file_name, meeting_folder, participant_audio_name, sanitize_component,
    user_folder,
};
use crate::plan::{PARTICIPANT_AUDIO, unique};
use crate::serve::queue::NewJob;

/// What a job does, as stored in the queue (no secret: the download token
/// travels beside it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "work", rename_all = "snake_case")]
pub enum Work {
    /// Download one file (recording file, participant audio, archive file).
    Download {
        /// The URL Zoom listed.
        url: String,
        /// The size Zoom listed, checked on arrival.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<u64>,
        /// What the body must be, so an error page is refused in its place.
        content: Content,
    },
    /// Fetch the meeting's details (`recordingGet`) and keep them as `meeting.json`.
    Metadata,
    /// Fetch the AI Companion summary (`Getameetingsummary`) as `meeting_summary.json`.
    Summary,
    /// Once every one of `keys` is archived, free Zoom's storage of the
    /// meeting by the retention rules (`serve --then trash`); until then it
    /// waits (retried). Nothing is removed that is not verified.
    Retain {
        /// The event's jobs that must be archived first.
        keys: Vec<String>,
    },
}

/// One job's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// The user's folder (their email, sanitised).
    pub user: String,
    /// The manifest's kind for it (`MP4`, `participant_audio`, `metadata`, …).
    pub kind: String,
    /// Where it goes, relative to the destination.
    pub path: String,
    /// What to do.
    #[serde(flatten)]
    pub work: Work,
}

impl Job {
    /// The SDK's download for a [`Work::Download`] job, with `token` when the
    /// delivery carried one (else the account's token).
    pub fn download_request(&self, token: Option<&Secret>) -> Option<DownloadRequest> {
        let Work::Download { url, size, content } = &self.work else {
            return None;
        };
        let mut request = DownloadRequest::new(url.clone()).expect(content.expected());
        if let Some(size) = size {
            request = request.expected_size(*size);
        }
        if let Some(token) = token {
            request = request.auth(DownloadAuth::DownloadToken(token.clone()));
        }
        Some(request)
    }
}

/// [`ExpectedContent`] as the queue stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Audio or video.
    Media,
    /// Text (transcripts, captions, chat).
    Text,
    /// JSON (timeline, summary).
    Json,
    /// Anything but HTML.
    Any,
}

impl Content {
    fn of(expected: ExpectedContent) -> Self {
        match expected {
            ExpectedContent::Media => Self::Media,
            ExpectedContent::Text => Self::Text,
            ExpectedContent::Json => Self::Json,
            _ => Self::Any,
        }
    }

    fn expected(self) -> ExpectedContent {
        match self {
            Self::Media => ExpectedContent::Media,
            Self::Text => ExpectedContent::Text,
            Self::Json => ExpectedContent::Json,
            Self::Any => ExpectedContent::Any,
        }
    }
}

/// A listed file's [`Work::Download`].
fn download(request: &DownloadRequest) -> Work {
    Work::Download {
        url: request.url().to_owned(),
        size: request.size(),
        content: Content::of(request.expected_content()),
    }
}

/// The jobs an event asks for (none for events that archive nothing), and
/// how many of its files were not ready to download.
#[derive(Debug, Default)]
pub struct Planned {
    /// To enqueue.
    pub jobs: Vec<NewJob>,
    /// Files the event listed that Zoom has not finished (no URL, processing).
    pub not_ready: usize,
}

/// The manifest-like key of a meeting's retention job.
pub fn retain_key(meeting_uuid: &str) -> String {
    format!("{meeting_uuid}:retain")
}

/// The jobs `event` asks for; with `retain`, a `recording.completed` also
/// asks for its meeting to be freed at Zoom once all of it is archived.
pub fn plan_with(event: &Event, retain: bool) -> Planned {
    let mut planned = plan(event);
    if let (true, Event::RecordingCompleted(e)) = (retain, event)
        && let (Some(uuid), Some(first)) = (e.object.uuid.as_deref(), planned.jobs.first())
    {
        let user = first.payload.get("user").and_then(|u| u.as_str());
        let job = Job {
            meeting_uuid: uuid.to_owned(),
            user: user.unwrap_or_default().to_owned(),
            kind: "retain".to_owned(),
            path: String::new(),
            work: Work::Retain {
                keys: planned.jobs.iter().map(|j| j.key.clone()).collect(),
            },
        };
        planned.jobs.push(new_job(retain_key(uuid), &job, None));
    }
    planned
}

/// The jobs `event` asks for.
pub fn plan(event: &Event) -> Planned {
    match event {
        Event::RecordingCompleted(e) => recording(e, true),
        Event::RecordingTranscriptCompleted(e) => recording(e, false),
        Event::MeetingSummaryCompleted(e) => summary(e),
        Event::RecordingArchiveFilesCompleted(e) => archive_files(e),
        _ => Planned::default(),
    }
}

/// A meeting's folder, `/`-separated, under its user's.
fn folder_of(user: &str, meeting: &impl MeetingIdentity) -> String {
    let mut parts = vec![user.to_owned()];
    parts.extend(
        meeting_folder(meeting)
            .iter()
            .map(|p| p.to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The user folder of a host: their email when the event names it, else the id.
fn host_folder(email: Option<&str>, id: Option<&str>) -> String {
    let host = email.filter(|e| !e.is_empty()).or(id.filter(|i| !i.is_empty()));
    user_folder(host.unwrap_or("unknown-user"))
}

/// Makes one event's paths unique inside their folders, as the planner does.
#[derive(Default)]
struct Paths(HashSet<String>);

impl Paths {
    fn take(&mut self, folder: &str, name: &str) -> String {
        let path = unique(&self.0, folder, name);
        self.0.insert(path.clone());
        path
    }
}

fn new_job(key: String, job: &Job, token: Option<&Secret>) -> NewJob {
    NewJob {
        key,
        payload: serde_json::to_value(job).unwrap_or_default(),
        download_token: token.cloned(),
    }
}

fn recording(event: &RecordingEvent, with_details: bool) -> Planned {
    let meeting: &MeetingRecordings = &event.object;
    let mut planned = Planned::default();
    let Some(uuid) = meeting.uuid.as_deref().filter(|u| !u.is_empty()) else {
        return planned;
    };
    let user = host_folder(meeting.host_email.as_deref(), meeting.host_id.as_deref());
    let folder = folder_of(&user, meeting);
    let token = event.download_token.as_ref();
    let mut paths = Paths::default();
    let job = |kind: String, path: String, work: Work| Job {
        meeting_uuid: uuid.to_owned(),
        user: user.clone(),
        kind,
        path,
        work,
    };
    for file in &meeting.recording_files {
        let Ok(request) = DownloadRequest::for_file(file) else {
            planned.not_ready += 1;
            continue;
        };
        let kind = file.file_type.as_ref().map_or("", |t| t.as_str()).to_owned();
        let work = download(&request);
        let path = paths.take(&folder, &file_name(file));
        planned
            .jobs
            .push(new_job(file_key(uuid, file), &job(kind, path, work), token));
    }
    for file in &meeting.participant_audio_files {
        match participant(uuid, file) {
            Some((key, work)) => {
                let path = paths.take(&folder, &participant_audio_name(file));
                planned.jobs.push(new_job(
                    key,
                    &job(PARTICIPANT_AUDIO.to_owned(), path, work),
                    token,
                ));
            }
            None => planned.not_ready += 1,
        }
    }
    if with_details {
        let path = format!("{folder}/{METADATA_FILE}");
        planned.jobs.push(new_job(
            metadata_key(uuid),
            &job("metadata".to_owned(), path, Work::Metadata),
            None,
        ));
    }
    planned
}

fn participant(uuid: &str, file: &ParticipantAudioFile) -> Option<(String, Work)> {
    let request = DownloadRequest::for_participant_audio(file).ok()?;
    Some((participant_audio_key(uuid, file), download(&request)))
}

/// The identity of a summary's meeting, for its folder.
struct SummaryMeeting<'a>(&'a SummaryEvent);

impl MeetingIdentity for SummaryMeeting<'_> {
    fn uuid(&self) -> Option<&str> {
        self.0.object.meeting_uuid.as_deref()
    }
    fn topic(&self) -> Option<&str> {
        self.0.object.meeting_topic.as_deref()
    }
    fn start_time(&self) -> Option<&zoom_cloud_recording::quirks::ZoomTime> {
        self.0.object.meeting_start_time.as_ref()
    }
}

fn summary(event: &SummaryEvent) -> Planned {
    let object = &event.object;
    let mut planned = Planned::default();
    let Some(uuid) = object.meeting_uuid.as_deref().filter(|u| !u.is_empty()) else {
        return planned;
    };
    let user = host_folder(
        object.meeting_host_email.as_deref(),
        object.meeting_host_id.as_deref(),
    );
    let path = format!("{}/{SUMMARY_FILE}", folder_of(&user, &SummaryMeeting(event)));
    let job = Job {
        meeting_uuid: uuid.to_owned(),
        user,
        kind: "summary".to_owned(),
        path,
        work: Work::Summary,
    };
    planned.jobs.push(new_job(summary_key(uuid), &job, None));
    planned
}

/// The identity of an archived meeting, for its folder.
struct Archived<'a>(&'a ArchivedMeeting);

impl MeetingIdentity for Archived<'_> {
    fn uuid(&self) -> Option<&str> {
        self.0.uuid.as_deref()
    }
    fn topic(&self) -> Option<&str> {
        self.0.topic.as_deref()
    }
    fn start_time(&self) -> Option<&zoom_cloud_recording::quirks::ZoomTime> {
        self.0.start_time.as_ref()
    }
}

/// The Archiving feature's files (`recording.archive_files_completed`): the
/// batch archiver does not fetch these, so they have their own place,
/// `<host>/<date>/<meeting folder>/archive_files/<file id>.<extension>`
/// (the event names the host by id only).
fn archive_files(event: &ArchiveFilesEvent) -> Planned {
    let mut planned = Planned::default();
    let Some(meeting) = event.object.as_ref() else {
        return planned;
    };
    let Some(uuid) = meeting.uuid.as_deref().filter(|u| !u.is_empty()) else {
        return planned;
    };
    let user = host_folder(None, meeting.host_id.as_deref());
    let folder = format!("{}/archive_files", folder_of(&user, &Archived(meeting)));
    let token = event.download_token.as_ref();
    let mut paths = Paths::default();
    for file in &meeting.archive_files {
        let (Some(id), Some(url)) = (
            file.id.as_deref().filter(|i| !i.is_empty()),
            file.download_url.as_deref().filter(|u| !u.is_empty()),
        ) else {
            planned.not_ready += 1;
            continue;
        };
        let kind = file.file_type.as_ref().map_or("", |t| t.as_str()).to_owned();
        let extension = file
            .file_extension
            .as_ref()
            .map(|e| e.as_str().to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| "bin".to_owned());
        let name = sanitize_component(&format!("{id}.{extension}"), "archive_file.bin");
        let job = Job {
            meeting_uuid: uuid.to_owned(),
            user: user.clone(),
            kind: kind.clone(),
            path: paths.take(&folder, &name),
            work: Work::Download {
                url: url.to_owned(),
                size: file
                    .file_size
                    .as_deref()
                    .and_then(|s| u64::try_from(*s).ok())
                    .filter(|s| *s > 0),
                content: Content::Any,
            },
        };
        planned.jobs.push(new_job(id.to_owned(), &job, token));
    }
    planned
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use zoom_cloud_recording::webhook::parse_unverified_event;

    use super::{Content, Job, Work, plan};

    fn event(value: serde_json::Value) -> zoom_cloud_recording::webhook::Event {
        parse_unverified_event(&serde_json::to_vec(&value).unwrap()).unwrap()
    }

    fn plan_of(value: serde_json::Value) -> (Vec<(String, Job, bool)>, usize) {
        let planned = plan(&event(value));
        let jobs = planned
            .jobs
            .into_iter()
            .map(|j| {
                (
                    j.key,
                    serde_json::from_value(j.payload).unwrap(),
                    j.download_token.is_some(),
                )
            })
            .collect();
        (jobs, planned.not_ready)
    }

    #[test]
    fn a_completed_recording_gives_a_job_per_ready_file_and_one_for_its_details() {
        let (jobs, not_ready) = plan_of(json!({
            "event": "recording.completed", "event_ts": 1,
            "download_token": "tok",
            "payload": {"account_id": "acc", "object": {
                "uuid": "m/1==", "id": 85, "host_id": "h1", "host_email": "ann@example.com",
                "topic": "Board / Q3", "start_time": "2026-03-10T09:30:00Z",
                "password": "secret",
                "recording_files": [
                    {"id": "f1", "file_type": "MP4", "file_extension": "MP4", "file_size": 1000,
                     "recording_type": "shared_screen_with_speaker_view", "status": "completed",
                     "download_url": "https://zoom.us/rec/download/f1"},
                    {"id": "f2", "file_type": "MP4", "file_extension": "MP4", "file_size": 2000,
                     "recording_type": "shared_screen_with_speaker_view", "status": "completed",
                     "download_url": "https://zoom.us/rec/download/f2"},
                    {"id": "f3", "file_type": "", "status": "processing", "download_url": ""},
                    {"file_type": "TIMELINE", "recording_start": "2026-03-10T09:30:05Z",
                     "download_url": "https://zoom.us/rec/download/t"}
                ],
                "participant_audio_files": [
                    {"id": "p1", "file_type": "M4A", "file_name": "Audio only - Ann", "status": "completed",
                     "download_url": "https://zoom.us/rec/download/p1", "file_size": 300}
                ]
            }}
        }));
        assert_eq!(not_ready, 1, "the processing file waits for its own event");
        let keys: Vec<&str> = jobs.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "f1",
                "f2",
                "m/1==:TIMELINE:2026-03-10T09:30:05Z",
                "p1",
                "m/1==:meeting"
            ]
        );
        let paths: Vec<&str> = jobs.iter().map(|(_, j, _)| j.path.as_str()).collect();
        let folder = paths[0].rsplit_once('/').unwrap().0;
        assert!(
            folder.starts_with("ann@example.com/2026-03-10/0930 Board _ Q3 ["),
            "{folder}"
        );
        assert_eq!(
            paths
                .iter()
                .map(|p| p.strip_prefix(folder).unwrap())
                .collect::<Vec<_>>(),
            [
                "/shared_screen_with_speaker_view.mp4",
                "/shared_screen_with_speaker_view-2.mp4",
                "/timeline.json",
                "/participant_audio/Audio only - Ann.m4a",
                "/meeting.json",
            ]
        );
        // Downloads carry the delivery's token; the details job asks with the account's.
        let tokens: Vec<bool> = jobs.iter().map(|(_, _, t)| *t).collect();
        assert_eq!(tokens, [true, true, true, true, false]);
        assert_eq!(
            jobs[0].1.work,
            Work::Download {
                url: "https://zoom.us/rec/download/f1".into(),
                size: Some(1000),
                content: Content::Media
            }
        );
        assert_eq!(jobs[4].1.work, Work::Metadata);
        assert_eq!(jobs[3].1.kind, "participant_audio");
        // The payload never holds the token or the passcode.
        for (_, job, _) in &jobs {
            let text = serde_json::to_string(job).unwrap();
            assert!(!text.contains("tok") && !text.contains("secret"), "{text}");
        }
    }

    #[test]
    fn a_summary_event_gives_one_job_and_other_events_none() {
        let (jobs, _) = plan_of(json!({
            "event": "meeting.summary_completed", "event_ts": 1,
            "payload": {"account_id": "acc", "object": {
                "meeting_uuid": "s/2==", "meeting_id": 9, "meeting_host_id": "h2",
                "meeting_host_email": "bo@example.com", "meeting_topic": "Sync",
                "meeting_start_time": "2026-04-01T08:00:00Z"
            }}
        }));
        assert_eq!(jobs.len(), 1);
        let (key, job, token) = &jobs[0];
        assert_eq!(key, "s/2==:summary");
        assert_eq!(job.work, Work::Summary);
        assert!(!token);
        assert!(
            job.path.starts_with("bo@example.com/2026-04-01/0800 Sync ["),
            "{}",
            job.path
        );
        assert!(job.path.ends_with("]/meeting_summary.json"), "{}", job.path);

        let (none, _) = plan_of(json!({
            "event": "recording.started", "event_ts": 1,
            "payload": {"account_id": "acc", "object": {"uuid": "x==", "topic": "t"}}
        }));
        assert!(none.is_empty());
    }

    #[test]
    fn a_meeting_without_a_uuid_gives_no_job() {
        let (jobs, _) = plan_of(json!({
            "event": "recording.completed", "event_ts": 1, "download_token": "tok",
            "payload": {"account_id": "acc", "object": {"topic": "no uuid", "recording_files": [
                {"id": "f1", "file_type": "MP4", "status": "completed", "download_url": "https://zoom.us/rec/download/f1"}
            ]}}
        }));
        assert!(jobs.is_empty(), "a file is never keyed without its meeting");
    }
}
