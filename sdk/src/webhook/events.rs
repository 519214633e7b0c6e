//! Typed webhook events.
//!
//! Every `recording.*` event Zoom sends, the AI Companion events next to them
//! (`meeting.summary_*` and `meeting.aic_transcript_completed`),
//! `endpoint.url_validation`, and [`Event::Unknown`] for anything else (the
//! name and the raw payload kept). Payload objects reuse the SDK's
//! quirk-tolerant types: numbers arrive as numbers here where the REST API
//! sends strings (and the reverse), files may lack ids, enums are open, and
//! unknown fields are kept in `extra`.

use std::fmt;

use serde_json::Value;

use super::ai_companion::{AicTranscriptEvent, SummaryEvent};
use super::payloads::*;
use super::redact::redacted;
use crate::quirks::ZoomInt;

/// A decoded delivery.
///
/// `Debug` never shows a credential: typed fields hold them as [`Secret`](crate::Secret),
/// and the raw JSON the SDK does not type (the `extra` fields of the payload
/// types, the body of an [`Event::Unknown`]) is printed with every value
/// under a credential-like key redacted.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `recording.started`.
    RecordingStarted(RecordingEvent),
    /// `recording.paused`.
    RecordingPaused(RecordingEvent),
    /// `recording.resumed`.
    RecordingResumed(RecordingEvent),
    /// `recording.stopped`.
    RecordingStopped(RecordingEvent),
    /// `recording.completed`: every file is ready; carries a `download_token`.
    RecordingCompleted(RecordingEvent),
    /// `recording.transcript_completed`.
    RecordingTranscriptCompleted(RecordingEvent),
    /// `recording.trashed`.
    RecordingTrashed(RecordingEvent),
    /// `recording.deleted`.
    RecordingDeleted(RecordingEvent),
    /// `recording.recovered`.
    RecordingRecovered(RecordingEvent),
    /// `recording.renamed`.
    RecordingRenamed(RenamedEvent),
    /// `recording.batch_trashed`.
    RecordingBatchTrashed(BatchTrashedEvent),
    /// `recording.batch_deleted`.
    RecordingBatchDeleted(BatchEvent),
    /// `recording.batch_recovered`.
    RecordingBatchRecovered(BatchEvent),
    /// `recording.registration_created`.
    RecordingRegistrationCreated(RegistrationEvent),
    /// `recording.registration_approved`.
    RecordingRegistrationApproved(RegistrationEvent),
    /// `recording.registration_denied`.
    RecordingRegistrationDenied(RegistrationEvent),
    /// `recording.archive_files_completed`: carries a `download_token`.
    RecordingArchiveFilesCompleted(ArchiveFilesEvent),
    /// `recording.cloud_storage_usage_updated`.
    RecordingCloudStorageUsageUpdated(StorageUsageEvent),
    /// `meeting.summary_completed`: AI Companion finished a meeting summary
    /// (fetch it with `Getameetingsummary` and the object's `meeting_uuid`).
    MeetingSummaryCompleted(SummaryEvent),
    /// `meeting.summary_updated`: someone edited a summary.
    MeetingSummaryUpdated(SummaryEvent),
    /// `meeting.summary_shared`: someone shared a summary; carries the operator
    /// and the recipients (`object.share_with_users`).
    MeetingSummaryShared(SummaryEvent),
    /// `meeting.summary_trashed`: moved to the trash; carries the operator.
    MeetingSummaryTrashed(SummaryEvent),
    /// `meeting.summary_deleted`: deleted for good; carries the operator.
    MeetingSummaryDeleted(SummaryEvent),
    /// `meeting.summary_recovered`: restored from the trash; carries the operator.
    MeetingSummaryRecovered(SummaryEvent),
    /// `meeting.aic_transcript_completed`: AI Companion finished a meeting's
    /// transcript (fetch it with `GetMeetingTranscript`).
    MeetingAicTranscriptCompleted(AicTranscriptEvent),
    /// `endpoint.url_validation`: answer with
    /// [`Verifier::url_validation`](super::Verifier::url_validation).
    UrlValidation {
        /// The token to hash and send back.
        plain_token: String,
        /// When Zoom sent it (ms since the epoch).
        event_ts: Option<ZoomInt>,
    },
    /// An event this SDK has no type for.
    Unknown {
        /// The event name.
        event: String,
        /// The whole body as received.
        body: Value,
    },
}

impl Event {
    /// The event name as Zoom sends it.
    pub fn name(&self) -> &str {
        match self {
            Self::RecordingStarted(_) => "recording.started",
            Self::RecordingPaused(_) => "recording.paused",
            Self::RecordingResumed(_) => "recording.resumed",
            Self::RecordingStopped(_) => "recording.stopped",
            Self::RecordingCompleted(_) => "recording.completed",
            Self::RecordingTranscriptCompleted(_) => "recording.transcript_completed",
            Self::RecordingTrashed(_) => "recording.trashed",
            Self::RecordingDeleted(_) => "recording.deleted",
            Self::RecordingRecovered(_) => "recording.recovered",
            Self::RecordingRenamed(_) => "recording.renamed",
            Self::RecordingBatchTrashed(_) => "recording.batch_trashed",
            Self::RecordingBatchDeleted(_) => "recording.batch_deleted",
            Self::RecordingBatchRecovered(_) => "recording.batch_recovered",
            Self::RecordingRegistrationCreated(_) => "recording.registration_created",
            Self::RecordingRegistrationApproved(_) => "recording.registration_approved",
            Self::RecordingRegistrationDenied(_) => "recording.registration_denied",
            Self::RecordingArchiveFilesCompleted(_) => "recording.archive_files_completed",
            Self::RecordingCloudStorageUsageUpdated(_) => "recording.cloud_storage_usage_updated",
            Self::MeetingSummaryCompleted(_) => "meeting.summary_completed",
            Self::MeetingSummaryUpdated(_) => "meeting.summary_updated",
            Self::MeetingSummaryShared(_) => "meeting.summary_shared",
            Self::MeetingSummaryTrashed(_) => "meeting.summary_trashed",
            Self::MeetingSummaryDeleted(_) => "meeting.summary_deleted",
            Self::MeetingSummaryRecovered(_) => "meeting.summary_recovered",
            Self::MeetingAicTranscriptCompleted(_) => "meeting.aic_transcript_completed",
            Self::UrlValidation { .. } => "endpoint.url_validation",
            Self::Unknown { event, .. } => event,
        }
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RecordingStarted(e)
            | Self::RecordingPaused(e)
            | Self::RecordingResumed(e)
            | Self::RecordingStopped(e)
            | Self::RecordingCompleted(e)
            | Self::RecordingTranscriptCompleted(e)
            | Self::RecordingTrashed(e)
            | Self::RecordingDeleted(e)
            | Self::RecordingRecovered(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::RecordingRenamed(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::RecordingBatchTrashed(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::RecordingBatchDeleted(e) | Self::RecordingBatchRecovered(e) => {
                f.debug_tuple(self.name()).field(e).finish()
            }
            Self::RecordingRegistrationCreated(e)
            | Self::RecordingRegistrationApproved(e)
            | Self::RecordingRegistrationDenied(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::RecordingArchiveFilesCompleted(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::RecordingCloudStorageUsageUpdated(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::MeetingSummaryCompleted(e)
            | Self::MeetingSummaryUpdated(e)
            | Self::MeetingSummaryShared(e)
            | Self::MeetingSummaryTrashed(e)
            | Self::MeetingSummaryDeleted(e)
            | Self::MeetingSummaryRecovered(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::MeetingAicTranscriptCompleted(e) => f.debug_tuple(self.name()).field(e).finish(),
            Self::UrlValidation {
                plain_token,
                event_ts,
            } => f
                .debug_struct("UrlValidation")
                .field("plain_token", plain_token)
                .field("event_ts", event_ts)
                .finish(),
            Self::Unknown { event, body } => f
                .debug_struct("Unknown")
                .field("event", event)
                .field("body", &redacted(body))
                .finish(),
        }
    }
}
