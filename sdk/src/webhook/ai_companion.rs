//! The payloads of the AI Companion events that sit next to the recording
//! events: the six `meeting.summary_*` events and
//! `meeting.aic_transcript_completed`.
//!
//! The summary object uses the field names of the `Getameetingsummary`
//! response (`meeting_uuid`, `meeting_host_id`, `summary_created_time`, …),
//! which is what Zoom documents for these events. The transcript event's
//! object is only partly documented; see [`AicTranscriptObject`].
//!
//! As for the recording events, every field is optional, numbers go through
//! [`ZoomInt`], times through [`ZoomTime`] (so `""` decodes), and unknown
//! fields are kept in `extra` (shown redacted in `Debug`). Serializing gives
//! back the payload as received: numbers and times in their wire form, absent
//! fields left out (an empty `share_with_users` is left out too).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::redact::debug_redacting_raw_maps;
use crate::quirks::{ZoomInt, ZoomTime};

/// `meeting.summary_completed`, `_updated`, `_shared`, `_trashed`, `_deleted`
/// and `_recovered`: one meeting's AI Companion summary.
///
/// The summary text itself is not part of the documented payload: fetch it
/// with `Getameetingsummary` and [`SummaryObject::meeting_uuid`]. Zoom retries
/// deliveries, and `summary_completed` may arrive more than once for one
/// meeting; key handlers on the meeting UUID and
/// [`SummaryObject::summary_last_modified_time`].
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryEvent {
    /// When Zoom sent it (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_ts: Option<ZoomInt>,
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Who shared, trashed, deleted or recovered it (email); absent on
    /// `completed` and usually on `updated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Who shared, trashed, deleted or recovered it (user id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator_id: Option<String>,
    /// The meeting and its summary. The one field a delivery must have (as on
    /// the per-meeting recording events): a body without it is
    /// [`InvalidPayload`](super::WebhookError::InvalidPayload) at `payload`.
    /// Every field inside it is optional.
    pub object: SummaryObject,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(SummaryEvent {
    event_ts,
    account_id,
    operator,
    operator_id,
    object,
} raw { extra });

/// The object of a summary event: the meeting, and when its summary was made.
///
/// Not to be confused with [`MeetingSummary`](super::MeetingSummary), the
/// identity of a meeting in `recording.renamed`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryObject {
    /// The instance UUID: pass it (double-encoded when it starts with `/` or
    /// holds `//`) to fetch or delete the summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_uuid: Option<String>,
    /// The meeting number (a number here; a numeric string decodes too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<ZoomInt>,
    /// The host's user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_host_id: Option<String>,
    /// The host's email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_host_email: Option<String>,
    /// The topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_topic: Option<String>,
    /// When the meeting started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_start_time: Option<ZoomTime>,
    /// When the meeting ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_end_time: Option<ZoomTime>,
    /// The start of the stretch of the meeting the summary covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_start_time: Option<ZoomTime>,
    /// The end of that stretch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_end_time: Option<ZoomTime>,
    /// When the summary was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_created_time: Option<ZoomTime>,
    /// When the summary was last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_last_modified_time: Option<ZoomTime>,
    /// Who last changed it (user id), when Zoom says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_last_modified_user_id: Option<String>,
    /// Who last changed it (email), when Zoom says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_last_modified_user_email: Option<String>,
    /// The summary's title, when Zoom sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_title: Option<String>,
    /// Who it was shared with (`meeting.summary_shared`; empty otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with_users: Vec<SummaryRecipient>,
    /// Fields this SDK does not know (for example the summary text, if Zoom
    /// ever adds it to the payload).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(SummaryObject {
    meeting_uuid,
    meeting_id,
    meeting_host_id,
    meeting_host_email,
    meeting_topic,
    meeting_start_time,
    meeting_end_time,
    summary_start_time,
    summary_end_time,
    summary_created_time,
    summary_last_modified_time,
    summary_last_modified_user_id,
    summary_last_modified_user_email,
    summary_title,
    share_with_users,
} raw { extra });

/// Someone a summary was shared with.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SummaryRecipient {
    /// Their email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(SummaryRecipient { email } raw { extra });

/// `meeting.aic_transcript_completed`: AI Companion finished the transcript
/// of a meeting (added by Zoom in October 2025).
///
/// Download it with `GetMeetingTranscript` for the object's
/// [`uuid`](AicTranscriptObject::uuid). This is a different file from the
/// recording's `TRANSCRIPT`, announced by `recording.transcript_completed`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AicTranscriptEvent {
    /// When Zoom sent it (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_ts: Option<ZoomInt>,
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The meeting; required, as on [`SummaryEvent`], with every field
    /// inside it optional.
    pub object: AicTranscriptObject,
    /// Fields of `payload` this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(AicTranscriptEvent {
    event_ts,
    account_id,
    object,
} raw { extra });

/// The meeting a `meeting.aic_transcript_completed` names.
///
/// **Partly inferred.** Zoom lists the event, but the reference material of
/// this SDK does not give its payload field by field. The typed fields follow
/// the meeting objects of Zoom's other `meeting.*` events (`uuid`, `id`,
/// `host_id`, `topic`, `start_time`) and ZoomNet's test delivery for this
/// event; `host_email` is an assumption. Anything else Zoom sends (ZoomNet's
/// delivery also has `file_id` and `attach_type`; some integrations read
/// `meeting_uuid` and `meeting_id`) is kept in [`extra`](Self::extra) rather
/// than dropped, so nothing is lost if the guess is wrong.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AicTranscriptObject {
    /// The instance UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// The meeting number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<ZoomInt>,
    /// The host's user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_id: Option<String>,
    /// The host's email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_email: Option<String>,
    /// The topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// When the meeting started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<ZoomTime>,
    /// Fields this SDK does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

debug_redacting_raw_maps!(AicTranscriptObject {
    uuid,
    id,
    host_id,
    host_email,
    topic,
    start_time,
} raw { extra });
