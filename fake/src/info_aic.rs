//! Read-only views of transcripts, recording analytics and AI Companion
//! summaries, for tests to aim at.

use chrono::{DateTime, Utc};

/// What `GET /meetings/{meetingId}/transcript` says of a transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TranscriptState {
    /// `can_download: true` with a `download_url`.
    Ready,
    /// `download_restriction_reason: NOT_READY`.
    NotReady,
    /// `DELETED_OR_TRASHED`: the meeting's recordings are in the trash (or deleted).
    DeletedOrTrashed,
    /// `NO_TRANSCRIPT_DATA`.
    NoTranscriptData,
    /// `UNSUPPORTED`.
    Unsupported,
}

impl TranscriptState {
    /// The `download_restriction_reason` (`None` when ready).
    pub fn restriction_reason(self) -> Option<&'static str> {
        match self {
            Self::Ready => None,
            Self::NotReady => Some("NOT_READY"),
            Self::DeletedOrTrashed => Some("DELETED_OR_TRASHED"),
            Self::NoTranscriptData => Some("NO_TRANSCRIPT_DATA"),
            Self::Unsupported => Some("UNSUPPORTED"),
        }
    }
}

/// A meeting's transcript, as it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TranscriptInfo {
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// The numeric meeting id.
    pub meeting_id: u64,
    /// What the API says about it.
    pub state: TranscriptState,
    /// `transcript_created_time`.
    pub created_time: DateTime<Utc>,
    /// The id of its bytes (see [`FakeZoom::expected_file`](crate::FakeZoom::expected_file)),
    /// when it has any (ready, or ready before its meeting was trashed).
    pub file_id: Option<String>,
    /// `download_url`, only when ready.
    pub download_url: Option<String>,
    /// Bytes of the WebVTT file, when it has any.
    pub size: Option<u64>,
    /// SHA-256 of the WebVTT bytes, lower-case hex, when it has any.
    pub sha256_hex: Option<String>,
}

/// Whether someone watched or downloaded a recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnalyticsKind {
    /// `type=by_view`.
    View,
    /// `type=by_download`.
    Download,
}

/// One view or download of a meeting's recording (a row of `analytics_details`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyticsEvent {
    /// View or download.
    pub kind: AnalyticsKind,
    /// `date_time`.
    pub date_time: DateTime<Utc>,
    /// `name`.
    pub name: String,
    /// `email`.
    pub email: String,
    /// `duration`: seconds watched (0 for downloads).
    pub duration: u64,
}

/// An AI Companion meeting summary, as it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryInfo {
    /// The meeting instance's UUID.
    pub meeting_uuid: String,
    /// The numeric meeting id.
    pub meeting_id: u64,
    /// `summary_title`.
    pub title: String,
    /// `summary_created_time`.
    pub created_time: DateTime<Utc>,
    /// `summary_last_modified_time`.
    pub last_modified_time: DateTime<Utc>,
    /// `summary_doc_url`.
    pub doc_url: String,
    /// In the trash: `GET` answers 403 / 2305 and the listing leaves it out.
    pub trashed: bool,
}
