//! Signed AI Companion webhooks: the six `meeting.summary_*` events and
//! `meeting.aic_transcript_completed`, built from the fake's data and signed
//! like `recording.completed`.
//!
//! The summary object carries the field names of `Getameetingsummary`, which is
//! how Zoom documents these events. The transcript event's object is our best
//! inference: it names the meeting the way Zoom's other `meeting.*` events do
//! (`uuid`, `id`, `host_id`, `host_email`, `topic`, `start_time`) and adds the
//! transcript's `file_id`; fetch the transcript itself with
//! `GetMeetingTranscript` for `uuid`.

use serde_json::{Value, json};

use crate::api::summaries;
use crate::handle::FakeZoom;
use crate::model::iso;
use crate::model_aic::TranscriptKind;
use crate::webhooks::DeliveryError;

/// One of the six AI Companion summary events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SummaryEvent {
    /// `meeting.summary_completed`
    Completed,
    /// `meeting.summary_updated`
    Updated,
    /// `meeting.summary_shared`
    Shared,
    /// `meeting.summary_trashed`
    Trashed,
    /// `meeting.summary_deleted`
    Deleted,
    /// `meeting.summary_recovered`
    Recovered,
}

impl SummaryEvent {
    /// Every summary event.
    pub const ALL: [SummaryEvent; 6] = [
        Self::Completed,
        Self::Updated,
        Self::Shared,
        Self::Trashed,
        Self::Deleted,
        Self::Recovered,
    ];

    /// The `event` value, e.g. `meeting.summary_completed`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Completed => "meeting.summary_completed",
            Self::Updated => "meeting.summary_updated",
            Self::Shared => "meeting.summary_shared",
            Self::Trashed => "meeting.summary_trashed",
            Self::Deleted => "meeting.summary_deleted",
            Self::Recovered => "meeting.summary_recovered",
        }
    }

    /// Whether someone did it (the payload then names the `operator`).
    fn has_operator(self) -> bool {
        !matches!(self, Self::Completed | Self::Updated)
    }
}

impl FakeZoom {
    /// The body of a summary event for one meeting: `payload.object` as
    /// `Getameetingsummary` names things (plus `summary_title` and the last
    /// editor), `payload.operator`/`operator_id` (the host) on shared, trashed,
    /// deleted and recovered, and `share_with_users` on shared. Built from the
    /// summary as it stands, trashed or deleted ones included. `None` when the
    /// meeting has no summary.
    pub fn summary_event_body(&self, event: SummaryEvent, meeting_uuid: &str) -> Option<Vec<u8>> {
        let app = &self.app;
        let store = app.store();
        let s = store.summaries.iter().find(|s| s.meeting_uuid == meeting_uuid)?;
        let m = &store.meetings[store.by_uuid(meeting_uuid)?];
        let host = &app.users[m.host];
        let editor = &app.users[s.modified_by];
        let mut object = summaries::object(app, m, s);
        object["summary_title"] = s.title.as_str().into();
        object["summary_last_modified_user_id"] = editor.id.as_str().into();
        object["summary_last_modified_user_email"] = editor.email.as_str().into();
        if event == SummaryEvent::Shared {
            let others: Vec<Value> = app
                .users
                .iter()
                .filter(|u| u.id != host.id)
                .take(2)
                .map(|u| json!({ "email": u.email }))
                .collect();
            object["share_with_users"] = others.into();
        }
        let mut payload = json!({ "account_id": app.account_id, "object": object });
        if event.has_operator() {
            payload["operator"] = host.email.as_str().into();
            payload["operator_id"] = host.id.as_str().into();
        }
        let body = json!({
            "event": event.name(),
            "event_ts": app.clock.now().timestamp_millis(),
            "payload": payload,
        });
        serde_json::to_vec(&body).ok()
    }

    /// Delivers a summary event for one meeting to `url`, signed with
    /// `secret_token` at the current time; returns the answer's status.
    pub async fn deliver_summary_event(
        &self,
        url: &str,
        secret_token: &str,
        event: SummaryEvent,
        meeting_uuid: &str,
    ) -> Result<u16, DeliveryError> {
        let body = self.summary_event_body(event, meeting_uuid).ok_or_else(|| {
            if self.meeting(meeting_uuid).is_none() {
                DeliveryError::UnknownMeeting(meeting_uuid.to_owned())
            } else {
                DeliveryError::NoSummary(meeting_uuid.to_owned())
            }
        })?;
        self.deliver_raw(url, secret_token, body).await
    }

    /// The body of `meeting.aic_transcript_completed` for a meeting whose
    /// transcript is (or was, before its recordings were trashed) ready.
    /// `None` otherwise.
    pub fn aic_transcript_completed_body(&self, meeting_uuid: &str) -> Option<Vec<u8>> {
        let app = &self.app;
        let store = app.store();
        let t = store
            .transcripts
            .get(meeting_uuid)
            .filter(|t| t.kind == TranscriptKind::Ready && !t.deleted)?;
        let m = &store.meetings[store.by_uuid(meeting_uuid)?];
        let host = &app.users[m.host];
        // Our inference of the object (see the module docs).
        let object = json!({
            "uuid": m.uuid,
            "id": m.id,
            "host_id": host.id,
            "host_email": host.email,
            "topic": m.topic,
            "start_time": iso(m.start),
            "file_id": t.file_id,
        });
        let body = json!({
            "event": "meeting.aic_transcript_completed",
            "event_ts": app.clock.now().timestamp_millis(),
            "payload": { "account_id": app.account_id, "object": object },
        });
        serde_json::to_vec(&body).ok()
    }

    /// Delivers `meeting.aic_transcript_completed` for one meeting to `url`,
    /// signed with `secret_token` at the current time.
    pub async fn deliver_aic_transcript_completed(
        &self,
        url: &str,
        secret_token: &str,
        meeting_uuid: &str,
    ) -> Result<u16, DeliveryError> {
        let body = self.aic_transcript_completed_body(meeting_uuid).ok_or_else(|| {
            if self.meeting(meeting_uuid).is_none() {
                DeliveryError::UnknownMeeting(meeting_uuid.to_owned())
            } else {
                DeliveryError::NoTranscript(meeting_uuid.to_owned())
            }
        })?;
        self.deliver_raw(url, secret_token, body).await
    }
}
