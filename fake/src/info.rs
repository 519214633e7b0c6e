//! Read-only views of the fake's data, for tests to aim at.

use chrono::{DateTime, Utc};

/// A user of the fake account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    /// The user id (also accepted: the e-mail, and `me` for the first user).
    pub id: String,
    /// The e-mail address.
    pub email: String,
    /// Whether `me` names this user.
    pub is_me: bool,
}

/// A recorded meeting instance, as it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingInfo {
    /// The instance UUID (not percent-encoded).
    pub uuid: String,
    /// The numeric meeting id (shared by the instances of a recurring meeting).
    pub id: u64,
    /// The host's user id.
    pub host_id: String,
    /// The host's e-mail.
    pub host_email: String,
    /// The topic.
    pub topic: String,
    /// When it started.
    pub start_time: DateTime<Utc>,
    /// Still recording: its files are processing.
    pub in_progress: bool,
    /// In the trash.
    pub trashed: bool,
    /// The UUID starts with `/` or contains `//` (Zoom wants it encoded twice).
    pub needs_double_encoding: bool,
    /// Its recording files (participant audio files included), trashed ones too.
    pub files: Vec<FileInfo>,
}

/// One file of a meeting or an archived meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// The file's id. It is in the `download_url`; old-style TIMELINE and CC
    /// entries do not show it as `id`.
    pub id: String,
    /// The meeting UUID it belongs to.
    pub meeting_uuid: String,
    /// `MP4`, `M4A`, `TRANSCRIPT`, `CHAT`, `TIMELINE`, `CC`, `SUMMARY`,
    /// `CHAT_MESSAGE` (archive), or `""` while processing.
    pub file_type: String,
    /// The `recording_type`, when the entry has one.
    pub recording_type: Option<String>,
    /// Whether the listing shows `id`.
    pub id_in_listing: bool,
    /// Bytes, when downloadable (`None` while processing).
    pub size: Option<u64>,
    /// The `download_url` (`None` while processing).
    pub download_url: Option<String>,
    /// Still processing.
    pub processing: bool,
    /// In the trash (by itself or with its meeting).
    pub trashed: bool,
    /// A `participant_audio_files` entry.
    pub participant_audio: bool,
    /// A file of `GET /archive_files`.
    pub archive: bool,
}

/// What a download of a file must yield.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedFile {
    /// The file's id.
    pub id: String,
    /// The meeting UUID it belongs to.
    pub meeting_uuid: String,
    /// Its length in bytes.
    pub size: u64,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256_hex: String,
    /// The `Content-Type` the file host sends.
    pub content_type: String,
    /// The file name in `Content-Disposition`.
    pub file_name: String,
}
