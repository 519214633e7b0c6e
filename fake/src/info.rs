//! Read-only views of the fake's data, for tests to aim at.

use chrono::{DateTime, Utc};

/// A user's status in the account (`status` in Zoom's Users API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserStatus {
    /// Active (the default of `GET /users`).
    Active,
    /// Deactivated: cannot sign in, but their recordings stay.
    Inactive,
    /// Invited, has not joined yet (no recordings).
    Pending,
}

impl UserStatus {
    /// Zoom's value: `active`, `inactive` or `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Pending => "pending",
        }
    }
}

/// A user of the fake account. The host key is left out (it is a
/// credential); [`FakeZoom::host_key`](crate::FakeZoom::host_key) gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    /// The user id (also accepted: the e-mail, and `me` for the first user).
    pub id: String,
    /// The e-mail address.
    pub email: String,
    /// Whether `me` names this user.
    pub is_me: bool,
    /// Active, deactivated or pending.
    pub status: UserStatus,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `role_id`: `"0"` owner, `"1"` admin, `"2"` member.
    pub role_id: String,
    /// The groups the user belongs to.
    pub group_ids: Vec<String>,
    /// Personal meeting id.
    pub pmi: u64,
    /// How many recorded meeting instances they host (trashed ones included).
    pub meetings: usize,
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

/// An archived (compliance) meeting instance, as `GET /archive_files` and
/// `GET /past_meetings/{meetingUUID}/archive_files` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveMeetingInfo {
    /// The instance UUID (not percent-encoded).
    pub uuid: String,
    /// The numeric meeting id.
    pub id: u64,
    /// The host's user id (`""` for external meetings).
    pub host_id: String,
    /// When it started.
    pub start_time: DateTime<Utc>,
    /// When archiving completed.
    pub complete_time: DateTime<Utc>,
    /// A breakout room of `parent_meeting_uuid`.
    pub is_breakout_room: bool,
    /// The parent meeting's UUID, for breakout rooms.
    pub parent_meeting_uuid: Option<String>,
    /// `completed`, or `processing` while a file is.
    pub status: String,
    /// Its `archive_files`.
    pub files: Vec<ArchiveFileInfo>,
    /// Its `physical_files` (attachments).
    pub physical_files: Vec<ArchiveFileInfo>,
}

/// One archived file or attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveFileInfo {
    /// `id` (archive files) or `file_id` (physical files).
    pub id: String,
    /// `MP4`, `M4A`, `CHAT`, `CHAT_MESSAGE`, `TRANSCRIPT`, `AIC_COVERSATION` (Zoom's
    /// spelling); `""` for physical files.
    pub file_type: String,
    /// `file_extension` (`""` for physical files).
    pub file_extension: String,
    /// `recording_type` (`""` for physical files).
    pub recording_type: String,
    /// `completed`, `processing` or `failed` (`completed` for physical files).
    pub status: String,
    /// `file_size`.
    pub size: u64,
    /// `file_name` of a physical file.
    pub file_name: Option<String>,
    /// The `download_url`.
    pub download_url: String,
    /// Tagged for auto-delete (archive files).
    pub auto_delete: bool,
    /// Downloadable now (not processing).
    pub downloadable: bool,
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
