//! Typed recording webhook events.
//!
//! Every `recording.*` event Zoom sends, `endpoint.url_validation`, and
//! [`Event::Unknown`] for anything else (the name and the raw payload kept).
//! Payload objects reuse the SDK's quirk-tolerant types: numbers arrive as
//! numbers here where the REST API sends strings (and the reverse), files
//! may lack ids, enums are open, and unknown fields are kept in `extra`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::verify::WebhookError;
use crate::quirks::{ZoomInt, ZoomTime};
use crate::secret::Secret;
use crate::types;

/// A decoded delivery.
///
/// `Debug` never shows a credential: typed fields hold them as [`Secret`],
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

/// An event about one meeting's recording.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordingEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// Downloads the event's files for 24 hours (`recording.completed`, and
    /// sometimes `trashed`, `recovered`, `transcript_completed`). Use it with
    /// [`DownloadAuth::DownloadToken`](crate::DownloadAuth::DownloadToken).
    pub download_token: Option<Secret>,
    /// The account.
    pub account_id: Option<String>,
    /// Who trashed, deleted or recovered it (email).
    pub operator: Option<String>,
    /// Who trashed, deleted or recovered it (user id).
    pub operator_id: Option<String>,
    /// The meeting and its files, in the REST API's (lenient) shape.
    pub object: types::MeetingRecordings,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recording.renamed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RenamedEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// The account.
    pub account_id: Option<String>,
    /// Who renamed it.
    pub operator: Option<String>,
    /// Who renamed it (user id).
    pub operator_id: Option<String>,
    /// When it was renamed.
    pub time_stamp: Option<ZoomInt>,
    /// The meeting after the rename.
    pub object: MeetingSummary,
    /// The meeting before the rename.
    pub old_object: Option<MeetingSummary>,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The identity of a meeting in rename events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MeetingSummary {
    /// The instance UUID.
    pub uuid: Option<String>,
    /// The meeting id (a number here).
    pub id: Option<ZoomInt>,
    /// The topic.
    pub topic: Option<String>,
    /// The meeting type.
    #[serde(rename = "type")]
    pub type_: Option<ZoomInt>,
    /// The host's user id.
    pub host_id: Option<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recording.batch_trashed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchTrashedEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// The account.
    pub account_id: Option<String>,
    /// Who trashed them.
    pub operator: Option<String>,
    /// Who trashed them (user id).
    pub operator_id: Option<String>,
    /// `trash_user_recordings`, `trash_account_recordings`, …
    pub operation: Option<String>,
    /// The trashed meetings (empty when Zoom sends no object).
    #[serde(default)]
    pub object: BatchTrashedObject,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The object of `recording.batch_trashed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchTrashedObject {
    /// The UUIDs of the trashed meeting instances.
    #[serde(default)]
    pub meeting_uuids: Vec<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recording.batch_deleted` and `recording.batch_recovered`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// The account.
    pub account_id: Option<String>,
    /// Who did it.
    pub operator: Option<String>,
    /// Who did it (user id).
    pub operator_id: Option<String>,
    /// The meetings and files (empty when Zoom sends no object).
    #[serde(default)]
    pub object: BatchObject,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The object of batch delete and recover events.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchObject {
    /// Each meeting instance and its files.
    #[serde(default)]
    pub meetings: Vec<BatchMeeting>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One meeting of a batch event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchMeeting {
    /// The instance UUID.
    pub meeting_uuid: Option<String>,
    /// The files concerned.
    #[serde(default)]
    pub recording_file_ids: Vec<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Registration events of on-demand recordings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RegistrationEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// The account.
    pub account_id: Option<String>,
    /// Who approved or denied it.
    pub operator: Option<String>,
    /// Who approved or denied it (user id).
    pub operator_id: Option<String>,
    /// The meeting and the registrant.
    pub object: RegistrationObject,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The object of a registration event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RegistrationObject {
    /// The meeting id.
    pub id: Option<ZoomInt>,
    /// The instance UUID.
    pub uuid: Option<String>,
    /// The host's user id.
    pub host_id: Option<String>,
    /// The topic.
    pub topic: Option<String>,
    /// The meeting type.
    #[serde(rename = "type")]
    pub type_: Option<ZoomInt>,
    /// When the meeting started.
    pub start_time: Option<ZoomTime>,
    /// Its time zone.
    pub timezone: Option<String>,
    /// Its length in minutes.
    pub duration: Option<ZoomInt>,
    /// Who registered.
    pub registrant: Option<types::RecordingRegistrant>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recording.archive_files_completed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ArchiveFilesEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// Downloads the archive files for 24 hours.
    pub download_token: Option<Secret>,
    /// The account.
    pub account_id: Option<String>,
    /// The archived meeting and its files (Zoom marks it optional).
    pub object: Option<types::ArchivedMeeting>,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `recording.cloud_storage_usage_updated`; Zoom documents little of its
/// object, so it is kept as received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StorageUsageEvent {
    /// When Zoom sent it (ms since the epoch).
    pub event_ts: Option<ZoomInt>,
    /// The account.
    pub account_id: Option<String>,
    /// The usage figures.
    #[serde(default)]
    pub object: Map<String, Value>,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
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
