//! The fake's records: recording meetings, their files, archive meetings
//! (users are in `model_users`, transcripts and summaries in `model_aic`).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

pub(crate) use crate::model_users::User;

/// How a meeting's numbers are written in JSON (Zoom is not consistent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumStyle {
    /// `45`
    Int,
    /// `"45"`
    Str,
    /// `45.0`
    Float,
}

impl NumStyle {
    /// `v` in this style.
    pub(crate) fn num(self, v: u64) -> Value {
        match self {
            Self::Int => Value::from(v),
            Self::Str => Value::from(v.to_string()),
            Self::Float => Value::from(v as f64),
        }
    }
}

/// One file of a recording (or a participant audio file).
#[derive(Clone, Debug)]
pub(crate) struct RecFile {
    /// Always set; it names the bytes and appears in `download_url`.
    pub id: String,
    /// Whether `id` is shown (old-style TIMELINE and CC entries have none).
    pub expose_id: bool,
    /// `""` while processing.
    pub file_type: &'static str,
    /// `None`: field left out; `Some("")` while processing.
    pub file_extension: Option<&'static str>,
    pub recording_type: Option<&'static str>,
    pub status: Option<&'static str>,
    /// Content size; shown only when `show_size`.
    pub size: u64,
    pub show_size: bool,
    pub play_url: bool,
    /// Still processing: no bytes, `download_url` is `""`, `recording_end` is `""`.
    pub processing: bool,
    /// Participant audio files carry a name.
    pub file_name: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub trashed_at: Option<DateTime<Utc>>,
    pub purged: bool,
}

impl RecFile {
    /// Not permanently deleted and not in the trash.
    pub(crate) fn live(&self) -> bool {
        !self.purged && self.trashed_at.is_none()
    }
}

/// One recorded meeting instance.
#[derive(Clone, Debug)]
pub(crate) struct Meeting {
    pub uuid: String,
    pub id: u64,
    pub host: usize,
    pub topic: String,
    pub kind: u8,
    pub start: DateTime<Utc>,
    /// Minutes.
    pub duration: u64,
    pub timezone: &'static str,
    pub share_token: String,
    pub password: String,
    pub play_passcode: String,
    pub num_style: NumStyle,
    /// Counters as Zoom reports them (they need not match the files).
    pub recording_count: u64,
    pub total_size: u64,
    /// Carries fields nobody documented (`external_storage_status`, `is_breakout`).
    pub undocumented: bool,
    pub files: Vec<RecFile>,
    pub participant_audio: Vec<RecFile>,
    pub trashed_at: Option<DateTime<Utc>>,
    pub purged: bool,
    pub settings: Map<String, Value>,
}

impl Meeting {
    /// Not permanently deleted and not in the trash.
    pub(crate) fn live(&self) -> bool {
        !self.purged && self.trashed_at.is_none()
    }
}

/// One file of an archived (compliance) meeting.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveFile {
    pub id: String,
    pub file_type: &'static str,
    pub file_extension: &'static str,
    pub recording_type: &'static str,
    pub size: u64,
    pub status: &'static str,
    pub individual: bool,
    pub participant_email: Option<String>,
    pub number_of_messages: Option<u64>,
    pub join: DateTime<Utc>,
    pub leave: DateTime<Utc>,
    /// Tagged for auto-delete (`PATCH /archive_files/{fileId}` changes it).
    pub auto_delete: bool,
    /// Where the file is stored (`US`, `EU`, …).
    pub storage_location: &'static str,
}

/// A file attached to an archived meeting (`physical_files`): a screenshot or
/// document shared in the meeting.
#[derive(Clone, Debug)]
pub(crate) struct PhysicalFile {
    pub id: String,
    pub name: String,
    pub size: u64,
}

/// An archived meeting, as `GET /archive_files` lists it.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveMeeting {
    pub uuid: String,
    pub id: u64,
    pub host_id: String,
    pub topic: String,
    pub kind: u16,
    pub start: DateTime<Utc>,
    pub timezone: &'static str,
    pub duration_secs: u64,
    pub external: bool,
    pub parent_uuid: Option<String>,
    pub complete: DateTime<Utc>,
    pub files: Vec<ArchiveFile>,
    pub physical_files: Vec<PhysicalFile>,
    /// Primary groups of the participants of the account (`group_id`).
    pub group_ids: Vec<String>,
}

impl ArchiveMeeting {
    /// `processing` while any file is, else `completed`.
    pub(crate) fn status(&self) -> &'static str {
        if self.files.iter().any(|f| f.status == "processing") {
            "processing"
        } else {
            "completed"
        }
    }
}

/// The `yyyy-MM-ddTHH:mm:ssZ` form Zoom uses for instants.
pub(crate) fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
