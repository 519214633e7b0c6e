//! Recording and AI Companion webhooks: verified over the raw bytes, typed,
//! and ready for the SDK's downloads.
//!
//! [`Event`] has a variant for each event this SDK types:
//!
//! | events | payload |
//! |---|---|
//! | `recording.started`, `.paused`, `.resumed`, `.stopped`, `.completed`, `.transcript_completed`, `.trashed`, `.deleted`, `.recovered` | [`RecordingEvent`] |
//! | `recording.renamed` | [`RenamedEvent`] |
//! | `recording.batch_trashed` | [`BatchTrashedEvent`] |
//! | `recording.batch_deleted`, `.batch_recovered` | [`BatchEvent`] |
//! | `recording.registration_created`, `.registration_approved`, `.registration_denied` | [`RegistrationEvent`] |
//! | `recording.archive_files_completed` | [`ArchiveFilesEvent`] |
//! | `recording.cloud_storage_usage_updated` | [`StorageUsageEvent`] |
//! | `meeting.summary_completed`, `.summary_updated`, `.summary_shared`, `.summary_trashed`, `.summary_deleted`, `.summary_recovered` | [`SummaryEvent`] |
//! | `meeting.aic_transcript_completed` (shape partly inferred) | [`AicTranscriptEvent`] |
//! | `endpoint.url_validation` | [`Event::UrlValidation`] |
//!
//! Any other event is [`Event::Unknown`], with its name and raw body. A
//! verified body that does not decode is [`WebhookError::InvalidPayload`],
//! whose [`PayloadError::path`] names the failing field from the body's root
//! (`payload.object.meeting_id`), as REST decode errors do.
//!
//! ```
//! use zoom_cloud_recording::webhook::{self, Event, Verifier};
//!
//! let body = br#"{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680}"#;
//! let now = chrono::Utc::now().timestamp();
//! let mut headers = http::HeaderMap::new();
//! for (name, value) in webhook::signed_headers("secret-token", now, body) {
//!     headers.insert(name, value.parse().unwrap());
//! }
//!
//! let verifier = Verifier::new("secret-token");
//! match verifier.event(&headers, body)? {
//!     Event::UrlValidation { plain_token, .. } => {
//!         let answer = verifier.url_validation(&plain_token); // send as JSON, status 200
//!         assert_eq!(answer.plain_token, "qgg8vlvZRS6UYooatFL8Aw");
//!     }
//!     Event::RecordingCompleted(completed) => { /* download with completed.download_token */ }
//!     other => println!("{} ignored", other.name()),
//! }
//! # Ok::<(), webhook::WebhookError>(())
//! ```
//!
//! Zoom retries deliveries and sends duplicates: make handlers idempotent
//! (for example, by file id).

mod ai_companion;
mod decode;
mod error;
mod events;
mod payloads;
mod redact;
mod verify;

pub use ai_companion::{
    AicTranscriptEvent, AicTranscriptObject, SummaryEvent, SummaryObject, SummaryRecipient,
};
pub use error::{PayloadError, WebhookError};
pub use events::Event;
pub use payloads::{
    ArchiveFilesEvent, BatchEvent, BatchMeeting, BatchObject, BatchTrashedEvent, BatchTrashedObject,
    MeetingSummary, RecordingEvent, RegistrationEvent, RegistrationObject, RenamedEvent, StorageUsageEvent,
};
pub use verify::{
    sign, signed_headers, UrlValidation, Verifier, DEFAULT_TOLERANCE, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};

/// Decodes a delivery WITHOUT checking its signature: only for bodies whose
/// origin was verified elsewhere (a queue fed by a verifying receiver, a
/// replay from your own store). Use [`Verifier::event`] for HTTP deliveries.
pub fn parse_unverified_event(body: &[u8]) -> Result<Event, WebhookError> {
    decode::decode(body)
}
