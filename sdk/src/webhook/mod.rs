//! Recording webhooks: verified over the raw bytes, typed, and ready for the
//! SDK's downloads.
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

mod events;
mod payloads;
mod verify;

pub use events::Event;
pub use payloads::{
    ArchiveFilesEvent, BatchEvent, BatchMeeting, BatchObject, BatchTrashedEvent, BatchTrashedObject,
    MeetingSummary, RecordingEvent, RegistrationEvent, RegistrationObject, RenamedEvent, StorageUsageEvent,
};
pub use verify::{
    sign, signed_headers, UrlValidation, Verifier, WebhookError, DEFAULT_TOLERANCE, SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
};

/// Decodes a delivery WITHOUT checking its signature: only for bodies whose
/// origin was verified elsewhere (a queue fed by a verifying receiver, a
/// replay from your own store). Use [`Verifier::event`] for HTTP deliveries.
pub fn parse_unverified_event(body: &[u8]) -> Result<Event, WebhookError> {
    events::decode(body)
}
