//! Typed recording webhook events.
//!
//! Every `recording.*` event Zoom sends, `endpoint.url_validation`, and
//! [`Event::Unknown`] for anything else (the name and the raw payload kept).
//! Payload objects reuse the SDK's quirk-tolerant types: numbers arrive as
//! numbers here where the REST API sends strings (and the reverse), files
//! may lack ids, enums are open, and unknown fields are kept in `extra`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::payloads::*;
use super::verify::WebhookError;
use crate::quirks::ZoomInt;

/// A decoded delivery.
///
/// `Debug` never shows a credential: typed fields hold them as [`Secret`](crate::Secret),
/// and the raw body of an [`Event::Unknown`] is printed with every value
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

/// Whether a JSON key names a credential (`plainToken` is a public challenge).
fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key != "plaintoken"
        && ["token", "password", "passcode", "secret", "pwd"]
            .iter()
            .any(|k| key.contains(k))
}

/// `value` with every string under a credential-like key replaced.
fn redacted(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let shown = match value {
                        Value::String(_) if is_credential_key(key) => Value::String("[redacted]".into()),
                        other => redacted(other),
                    };
                    (key.clone(), shown)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

/// The envelope every delivery shares.
#[derive(Deserialize)]
struct Envelope {
    event: String,
    #[serde(default)]
    payload: Value,
}

/// Decodes a delivery's body. The envelope's `event_ts` and `download_token`
/// are folded into the payload types, next to what `payload` holds.
pub(crate) fn decode(body: &[u8]) -> Result<Event, WebhookError> {
    let raw: Value = serde_json::from_slice(body).map_err(WebhookError::InvalidPayload)?;
    let envelope: Envelope = serde_json::from_value(raw.clone()).map_err(WebhookError::InvalidPayload)?;
    let payload = || lift(&raw, envelope.payload.clone());
    Ok(match envelope.event.as_str() {
        "recording.started" => Event::RecordingStarted(typed(payload())?),
        "recording.paused" => Event::RecordingPaused(typed(payload())?),
        "recording.resumed" => Event::RecordingResumed(typed(payload())?),
        "recording.stopped" => Event::RecordingStopped(typed(payload())?),
        "recording.completed" => Event::RecordingCompleted(typed(payload())?),
        "recording.transcript_completed" => Event::RecordingTranscriptCompleted(typed(payload())?),
        "recording.trashed" => Event::RecordingTrashed(typed(payload())?),
        "recording.deleted" => Event::RecordingDeleted(typed(payload())?),
        "recording.recovered" => Event::RecordingRecovered(typed(payload())?),
        "recording.renamed" => Event::RecordingRenamed(typed(payload())?),
        "recording.batch_trashed" => Event::RecordingBatchTrashed(typed(payload())?),
        "recording.batch_deleted" => Event::RecordingBatchDeleted(typed(payload())?),
        "recording.batch_recovered" => Event::RecordingBatchRecovered(typed(payload())?),
        "recording.registration_created" => Event::RecordingRegistrationCreated(typed(payload())?),
        "recording.registration_approved" => Event::RecordingRegistrationApproved(typed(payload())?),
        "recording.registration_denied" => Event::RecordingRegistrationDenied(typed(payload())?),
        "recording.archive_files_completed" => Event::RecordingArchiveFilesCompleted(typed(payload())?),
        "recording.cloud_storage_usage_updated" => {
            Event::RecordingCloudStorageUsageUpdated(typed(payload())?)
        }
        "endpoint.url_validation" => Event::UrlValidation {
            plain_token: envelope
                .payload
                .get("plainToken")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| WebhookError::InvalidPayload(serde::de::Error::missing_field("plainToken")))?,
            event_ts: raw
                .get("event_ts")
                .cloned()
                .and_then(|v| serde_json::from_value(v).ok()),
        },
        _ => Event::Unknown {
            event: envelope.event,
            body: raw,
        },
    })
}

/// `payload` with the envelope's `event_ts` and `download_token` added.
fn lift(raw: &Value, payload: Value) -> Value {
    let mut payload = match payload {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    for key in ["event_ts", "download_token"] {
        if let Some(value) = raw.get(key) {
            payload.entry(key.to_owned()).or_insert_with(|| value.clone());
        }
    }
    Value::Object(payload)
}

fn typed<T: DeserializeOwned>(payload: Value) -> Result<T, WebhookError> {
    serde_json::from_value(payload).map_err(WebhookError::InvalidPayload)
}
