//! The payloads of the recording events: what `payload` holds, with the
//! envelope's `event_ts` and `download_token` folded in. Every struct keeps
//! the fields this SDK does not know in `extra`, which `Debug` shows with
//! credential-like values redacted (a `download_token` on an event whose type
//! has no field for it lands there).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::redact::debug_redacting_raw_maps;
use crate::quirks::{ZoomInt, ZoomTime};
use crate::secret::Secret;
use crate::types;

/// An event about one meeting's recording.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(RecordingEvent {
    event_ts,
    download_token,
    account_id,
    operator,
    operator_id,
    object,
} raw { extra });

/// `recording.renamed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(RenamedEvent {
    event_ts,
    account_id,
    operator,
    operator_id,
    time_stamp,
    object,
    old_object,
} raw { extra });

/// The identity of a meeting in rename events.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(MeetingSummary { uuid, id, topic, type_, host_id } raw { extra });

/// `recording.batch_trashed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(BatchTrashedEvent {
    event_ts,
    account_id,
    operator,
    operator_id,
    operation,
    object,
} raw { extra });

/// The object of `recording.batch_trashed`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchTrashedObject {
    /// The UUIDs of the trashed meeting instances.
    #[serde(default)]
    pub meeting_uuids: Vec<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(BatchTrashedObject { meeting_uuids } raw { extra });

/// `recording.batch_deleted` and `recording.batch_recovered`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(BatchEvent { event_ts, account_id, operator, operator_id, object } raw { extra });

/// The object of batch delete and recover events.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BatchObject {
    /// Each meeting instance and its files.
    #[serde(default)]
    pub meetings: Vec<BatchMeeting>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(BatchObject { meetings } raw { extra });

/// One meeting of a batch event.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(BatchMeeting { meeting_uuid, recording_file_ids } raw { extra });

/// Registration events of on-demand recordings.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(RegistrationEvent {
    event_ts,
    account_id,
    operator,
    operator_id,
    object,
} raw { extra });

/// The object of a registration event.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(RegistrationObject {
    id,
    uuid,
    host_id,
    topic,
    type_,
    start_time,
    timezone,
    duration,
    registrant,
} raw { extra });

/// `recording.archive_files_completed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(ArchiveFilesEvent { event_ts, download_token, account_id, object } raw { extra });

/// `recording.cloud_storage_usage_updated`; Zoom documents little of its
/// object, so it is kept as received.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
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

debug_redacting_raw_maps!(StorageUsageEvent { event_ts, account_id } raw { object, extra });
