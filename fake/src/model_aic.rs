//! AI Companion records: meeting transcripts and meeting summaries.

use chrono::{DateTime, Utc};

/// What a meeting's transcript is, before trash and deletion are considered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TranscriptKind {
    /// Downloadable WebVTT.
    Ready,
    /// Still being processed.
    NotReady,
    /// The meeting had no speech to transcribe.
    NoData,
    /// In a format the download does not support.
    Unsupported,
}

/// A meeting's transcript (`GET /meetings/{meetingId}/transcript`).
#[derive(Clone, Debug)]
pub(crate) struct Transcript {
    pub meeting_uuid: String,
    /// Names the bytes (and is in `download_url`); they exist when ready.
    pub file_id: String,
    pub created: DateTime<Utc>,
    pub kind: TranscriptKind,
    /// Deleted through `DELETE /meetings/{meetingId}/transcript`.
    pub deleted: bool,
}

/// One labelled part of a summary (`summary_details[]`).
#[derive(Clone, Debug)]
pub(crate) struct SummaryDetail {
    pub label: String,
    pub summary: String,
}

/// A user's edit of a summary (`edited_summary`, deprecated by Zoom).
#[derive(Clone, Debug)]
pub(crate) struct EditedSummary {
    pub overview: String,
    pub details: String,
    pub next_steps: Vec<String>,
}

/// An AI Companion meeting summary.
#[derive(Clone, Debug)]
pub(crate) struct Summary {
    pub meeting_uuid: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    /// Index of the user who last modified it.
    pub modified_by: usize,
    pub title: String,
    pub overview: String,
    pub details: Vec<SummaryDetail>,
    pub next_steps: Vec<String>,
    pub edited: Option<EditedSummary>,
    /// The whole summary in Markdown (`summary_content`).
    pub content: String,
    /// The Zoom Docs document id (`summary_doc_url` ends with it).
    pub doc_id: String,
    /// Moved to the trash (in Zoom's web portal; no REST call does it).
    pub trashed: bool,
    /// Deleted through `DELETE /meetings/{meetingId}/meeting_summary`.
    pub deleted: bool,
}

impl Summary {
    /// Neither trashed nor deleted.
    pub(crate) fn live(&self) -> bool {
        !self.trashed && !self.deleted
    }
}
