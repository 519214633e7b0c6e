//! Turning a delivery's bytes into an [`Event`], with an error that names the
//! failing field by its path from the body's root (`payload.object.id`), the
//! way [`crate::decode`] does for REST bodies.
//!
//! The envelope's `event_ts` and `download_token` are folded into the payload
//! before it is typed (the payload types carry them next to what `payload`
//! holds); a failure in one of them is reported at its own path (`event_ts`),
//! not under `payload`.

use serde::de::{DeserializeOwned, Error as _};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::{PayloadError, WebhookError};
use super::events::Event;
use super::redact::is_credential_key;
use crate::decode::locate::{self, Segment};
use crate::quirks::ZoomInt;

/// The envelope keys folded into the payload.
const LIFTED: [&str; 2] = ["event_ts", "download_token"];

/// Decodes a delivery's body.
pub(crate) fn decode(body: &[u8]) -> Result<Event, WebhookError> {
    let raw: Value = serde_json::from_slice(body).map_err(|e| invalid(None, ".".into(), e))?;
    let event = event_name(&raw)?;
    let name = event.as_str();
    // The raw body and the payloads' `extra` maps keep what the SDK does not
    // type; a number they could not give back as it came is refused, not rounded.
    if let Some(found) = crate::decode::exact::first_inexact(body) {
        let message = crate::decode::inexact_message(&found.literal);
        return Err(invalid(
            Some(name),
            found.path,
            serde_json::Error::custom(message),
        ));
    }
    Ok(match name {
        "recording.started" => Event::RecordingStarted(typed(&raw, name)?),
        "recording.paused" => Event::RecordingPaused(typed(&raw, name)?),
        "recording.resumed" => Event::RecordingResumed(typed(&raw, name)?),
        "recording.stopped" => Event::RecordingStopped(typed(&raw, name)?),
        "recording.completed" => Event::RecordingCompleted(typed(&raw, name)?),
        "recording.transcript_completed" => Event::RecordingTranscriptCompleted(typed(&raw, name)?),
        "recording.trashed" => Event::RecordingTrashed(typed(&raw, name)?),
        "recording.deleted" => Event::RecordingDeleted(typed(&raw, name)?),
        "recording.recovered" => Event::RecordingRecovered(typed(&raw, name)?),
        "recording.renamed" => Event::RecordingRenamed(typed(&raw, name)?),
        "recording.batch_trashed" => Event::RecordingBatchTrashed(typed(&raw, name)?),
        "recording.batch_deleted" => Event::RecordingBatchDeleted(typed(&raw, name)?),
        "recording.batch_recovered" => Event::RecordingBatchRecovered(typed(&raw, name)?),
        "recording.registration_created" => Event::RecordingRegistrationCreated(typed(&raw, name)?),
        "recording.registration_approved" => Event::RecordingRegistrationApproved(typed(&raw, name)?),
        "recording.registration_denied" => Event::RecordingRegistrationDenied(typed(&raw, name)?),
        "recording.archive_files_completed" => Event::RecordingArchiveFilesCompleted(typed(&raw, name)?),
        "recording.cloud_storage_usage_updated" => {
            Event::RecordingCloudStorageUsageUpdated(typed(&raw, name)?)
        }
        "meeting.summary_completed" => Event::MeetingSummaryCompleted(typed(&raw, name)?),
        "meeting.summary_updated" => Event::MeetingSummaryUpdated(typed(&raw, name)?),
        "meeting.summary_shared" => Event::MeetingSummaryShared(typed(&raw, name)?),
        "meeting.summary_trashed" => Event::MeetingSummaryTrashed(typed(&raw, name)?),
        "meeting.summary_deleted" => Event::MeetingSummaryDeleted(typed(&raw, name)?),
        "meeting.summary_recovered" => Event::MeetingSummaryRecovered(typed(&raw, name)?),
        "meeting.aic_transcript_completed" => Event::MeetingAicTranscriptCompleted(typed(&raw, name)?),
        "endpoint.url_validation" => {
            let challenge: Challenge = typed(&raw, name)?;
            Event::UrlValidation {
                plain_token: challenge.plain_token,
                event_ts: challenge.event_ts,
            }
        }
        _ => Event::Unknown { event, body: raw },
    })
}

/// The payload of `endpoint.url_validation`.
#[derive(Deserialize)]
struct Challenge {
    #[serde(rename = "plainToken")]
    plain_token: String,
    event_ts: Option<ZoomInt>,
}

/// The `event` of an envelope.
fn event_name(raw: &Value) -> Result<String, WebhookError> {
    let Value::Object(root) = raw else {
        let message = format!("invalid type: {}, expected a JSON object", kind(raw));
        return Err(invalid(None, ".".into(), serde_json::Error::custom(message)));
    };
    match root.get("event") {
        Some(Value::String(name)) => Ok(name.clone()),
        None => Err(invalid(
            None,
            ".".into(),
            serde_json::Error::missing_field("event"),
        )),
        Some(other) => {
            let message = format!(
                "invalid type: {}, expected the event name as a string",
                kind(other)
            );
            Err(invalid(None, "event".into(), serde_json::Error::custom(message)))
        }
    }
}

/// `payload` (absent or `null`: empty) with the envelope's `event_ts` and
/// `download_token` added, and the keys that came from the envelope.
fn lifted(raw: &Value, event: &str) -> Result<(Value, Vec<&'static str>), WebhookError> {
    let mut payload = match raw.get("payload") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(other) => {
            let message = format!("invalid type: {}, expected an object", kind(other));
            return Err(invalid(
                Some(event),
                "payload".into(),
                serde_json::Error::custom(message),
            ));
        }
    };
    let mut from_envelope = Vec::new();
    for key in LIFTED {
        if let Some(value) = raw.get(key) {
            if !payload.contains_key(key) {
                payload.insert(key.to_owned(), value.clone());
                from_envelope.push(key);
            }
        }
    }
    Ok((Value::Object(payload), from_envelope))
}

/// The payload of `raw` as `T`; a failure names the field from the body's root.
///
/// The payload is written out compactly and decoded from that text, so the
/// failing field is found as for REST bodies ([`locate`]) and each payload
/// type's decoder is built once.
fn typed<T: DeserializeOwned>(raw: &Value, event: &str) -> Result<T, WebhookError> {
    let (payload, from_envelope) = lifted(raw, event)?;
    let text = serde_json::to_string(&payload).map_err(|e| invalid(Some(event), "payload".into(), e))?;
    serde_json::from_str(&text).map_err(|error| {
        let segments = locate::path_of_error(text.as_bytes(), &error);
        let at_envelope = matches!(
            segments.first(),
            Some(Segment::Key(key)) if from_envelope.contains(&key.as_str())
        );
        let path = locate::render((!at_envelope).then_some("payload"), &segments);
        let credential = segments.iter().any(|segment| match segment {
            Segment::Key(key) => is_credential_key(key),
            Segment::Index(_) => false,
        });
        let source = if credential {
            serde_json::Error::custom(
                "the value has the wrong type or shape (it is a credential, so it is not shown)",
            )
        } else {
            without_position(&error)
        };
        invalid(Some(event), path, source)
    })
}

/// `error`'s message without its line and column, which count in the
/// re-written payload rather than the delivery.
fn without_position(error: &serde_json::Error) -> serde_json::Error {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    serde_json::Error::custom(text.strip_suffix(&suffix).unwrap_or(&text))
}

/// The kind of a JSON value, for messages that must not quote it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn invalid(event: Option<&str>, path: String, source: serde_json::Error) -> WebhookError {
    WebhookError::InvalidPayload(PayloadError::new(event, path, source))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::decode;
    use crate::webhook::WebhookError;

    fn path_of(body: serde_json::Value) -> (String, String) {
        match decode(body.to_string().as_bytes()) {
            Err(WebhookError::InvalidPayload(e)) => (e.path().to_owned(), e.to_string()),
            other => panic!("not an invalid payload: {other:?}"),
        }
    }

    #[test]
    fn the_envelope_and_lifted_fields_are_named_at_their_own_place() {
        let (path, text) = path_of(json!({"event": 5}));
        assert_eq!(path, "event");
        assert!(text.contains("expected the event name"), "{text}");
        assert_eq!(path_of(json!({"payload": {}})).0, ".");
        assert_eq!(path_of(json!([1])).0, ".");
        let (path, _) = path_of(json!({
            "event": "recording.renamed",
            "event_ts": "soon",
            "payload": {"object": {}},
        }));
        assert_eq!(path, "event_ts", "event_ts comes from the envelope");
        let (path, _) = path_of(json!({
            "event": "recording.renamed",
            "payload": {"event_ts": "soon", "object": {}},
        }));
        assert_eq!(path, "payload.event_ts", "this one was in the payload");
        let (path, text) = path_of(json!({"event": "recording.renamed", "payload": "x"}));
        assert_eq!(path, "payload");
        assert!(text.contains("`recording.renamed`"), "{text}");
    }

    #[test]
    fn a_payload_error_names_the_nested_field_without_a_position_in_the_rewritten_payload() {
        let (path, text) = path_of(json!({
            "event": "recording.completed",
            "payload": {"object": {"recording_files": [{}, {"file_size": "big"}]}},
        }));
        assert_eq!(path, "payload.object.recording_files[1].file_size");
        assert!(text.contains("invalid value"), "{text}");
        assert!(!text.contains(" at line "), "{text}");
        let (path, _) = path_of(json!({
            "event": "recording.completed",
            "payload": {"object": {"recording_files": [[1]]}},
        }));
        assert_eq!(path, "payload.object.recording_files[0]");
    }

    #[test]
    fn a_credential_value_never_reaches_the_message() {
        let (path, text) = path_of(json!({
            "event": "recording.completed",
            "download_token": 987_654_321_012_345_i64,
            "payload": {"object": {}},
        }));
        assert_eq!(path, "download_token");
        assert!(!text.contains("987654321012345"), "{text}");
        let (path, text) = path_of(json!({
            "event": "recording.completed",
            "payload": {"object": {"password": 31_415_926}},
        }));
        assert_eq!(path, "payload.object.password");
        assert!(!text.contains("31415926"), "{text}");
    }
}
