//! Recording and AI Companion webhooks end to end: every fixture in
//! `tests/fixtures/webhooks/` is signed the way Zoom signs a delivery,
//! verified over its exact bytes and decoded into its `Event` variant; the
//! important payloads are checked field by field (the AI Companion ones also
//! re-encode to exactly what was received), `Debug` never shows a credential,
//! and bodies that are not Zoom events are `InvalidPayload` naming the failing
//! field by its path from the body's root.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use wiremock::http::{HeaderMap, HeaderValue};
use zoom_cloud_recording::Secret;
use zoom_cloud_recording::quirks::{
    ArchiveMeetingType, FileExtension, FileStatus, FileType, RecordingType, RegistrantStatus, ZoomInt,
    ZoomTime,
};
use zoom_cloud_recording::webhook::{self, Event, PayloadError, SummaryEvent, Verifier, WebhookError};

/// The webhook secret token of the test app.
const SECRET_TOKEN: &str = "wh-secret-7Qm2vX9cL4pR8tN1";

/// Every event the SDK types, and one it does not: each has `<name>.json`.
const EVENTS: [&str; 27] = [
    "recording.started",
    "recording.paused",
    "recording.resumed",
    "recording.stopped",
    "recording.completed",
    "recording.transcript_completed",
    "recording.trashed",
    "recording.deleted",
    "recording.recovered",
    "recording.renamed",
    "recording.batch_trashed",
    "recording.batch_deleted",
    "recording.batch_recovered",
    "recording.registration_created",
    "recording.registration_approved",
    "recording.registration_denied",
    "recording.archive_files_completed",
    "recording.cloud_storage_usage_updated",
    "meeting.summary_completed",
    "meeting.summary_updated",
    "meeting.summary_shared",
    "meeting.summary_trashed",
    "meeting.summary_deleted",
    "meeting.summary_recovered",
    "meeting.aic_transcript_completed",
    "endpoint.url_validation",
    "unknown.meeting.something",
];

/// The AI Companion events, all typed as `SummaryEvent` but the last.
const SUMMARY_EVENTS: [&str; 6] = [
    "meeting.summary_completed",
    "meeting.summary_updated",
    "meeting.summary_shared",
    "meeting.summary_trashed",
    "meeting.summary_deleted",
    "meeting.summary_recovered",
];

fn webhook_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("webhooks")
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(webhook_dir())
        .expect("tests/fixtures/webhooks exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The exact bytes of `webhooks/<file>.json`.
fn body(file: &str) -> Vec<u8> {
    let path = webhook_dir().join(format!("{file}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn raw(file: &str) -> Value {
    serde_json::from_slice(&body(file)).expect("fixture is JSON")
}

/// The headers Zoom would send with `body`, signed now.
fn signed(body: &[u8]) -> HeaderMap {
    let now = chrono::Utc::now().timestamp();
    let mut headers = HeaderMap::new();
    for (name, value) in webhook::signed_headers(SECRET_TOKEN, now, body) {
        headers.insert(
            name,
            HeaderValue::from_str(&value).expect("header values are ASCII"),
        );
    }
    headers
}

fn verifier() -> Verifier {
    Verifier::new(SECRET_TOKEN)
}

/// Verified and decoded, and the unverified decoding agrees.
fn decode_bytes(body: &[u8]) -> Result<Event, String> {
    let verified = verifier()
        .event(&signed(body), body)
        .map_err(|e| format!("verified: {e}"))?;
    let unverified = webhook::parse_unverified_event(body).map_err(|e| format!("unverified: {e}"))?;
    if verified != unverified {
        return Err(format!(
            "verified and unverified decodings differ:\n{verified:#?}\n{unverified:#?}"
        ));
    }
    Ok(verified)
}

fn decode(file: &str) -> Event {
    decode_bytes(&body(file)).unwrap_or_else(|e| panic!("{file}.json: {e}"))
}

/// The event a fixture holds: its file stem, or the known name it extends
/// (`recording.completed.numbers_as_strings` holds `recording.completed`).
fn event_of(stem: &str) -> Option<&'static str> {
    EVENTS
        .into_iter()
        .filter(|name| stem == *name || stem.starts_with(&format!("{name}.")))
        .max_by_key(|name| name.len())
}

fn is_variant(name: &str, event: &Event) -> bool {
    match name {
        "recording.started" => matches!(event, Event::RecordingStarted(_)),
        "recording.paused" => matches!(event, Event::RecordingPaused(_)),
        "recording.resumed" => matches!(event, Event::RecordingResumed(_)),
        "recording.stopped" => matches!(event, Event::RecordingStopped(_)),
        "recording.completed" => matches!(event, Event::RecordingCompleted(_)),
        "recording.transcript_completed" => matches!(event, Event::RecordingTranscriptCompleted(_)),
        "recording.trashed" => matches!(event, Event::RecordingTrashed(_)),
        "recording.deleted" => matches!(event, Event::RecordingDeleted(_)),
        "recording.recovered" => matches!(event, Event::RecordingRecovered(_)),
        "recording.renamed" => matches!(event, Event::RecordingRenamed(_)),
        "recording.batch_trashed" => matches!(event, Event::RecordingBatchTrashed(_)),
        "recording.batch_deleted" => matches!(event, Event::RecordingBatchDeleted(_)),
        "recording.batch_recovered" => matches!(event, Event::RecordingBatchRecovered(_)),
        "recording.registration_created" => matches!(event, Event::RecordingRegistrationCreated(_)),
        "recording.registration_approved" => matches!(event, Event::RecordingRegistrationApproved(_)),
        "recording.registration_denied" => matches!(event, Event::RecordingRegistrationDenied(_)),
        "recording.archive_files_completed" => matches!(event, Event::RecordingArchiveFilesCompleted(_)),
        "recording.cloud_storage_usage_updated" => {
            matches!(event, Event::RecordingCloudStorageUsageUpdated(_))
        }
        "meeting.summary_completed" => matches!(event, Event::MeetingSummaryCompleted(_)),
        "meeting.summary_updated" => matches!(event, Event::MeetingSummaryUpdated(_)),
        "meeting.summary_shared" => matches!(event, Event::MeetingSummaryShared(_)),
        "meeting.summary_trashed" => matches!(event, Event::MeetingSummaryTrashed(_)),
        "meeting.summary_deleted" => matches!(event, Event::MeetingSummaryDeleted(_)),
        "meeting.summary_recovered" => matches!(event, Event::MeetingSummaryRecovered(_)),
        "meeting.aic_transcript_completed" => matches!(event, Event::MeetingAicTranscriptCompleted(_)),
        "endpoint.url_validation" => matches!(event, Event::UrlValidation { .. }),
        _ => matches!(event, Event::Unknown { .. }),
    }
}

fn stem(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".json"))
        .expect("a .json file name")
}

fn expose(secret: &Option<Secret>) -> Option<&str> {
    secret.as_ref().map(Secret::expose)
}

fn int(value: Option<ZoomInt>) -> Option<i64> {
    value.map(ZoomInt::get)
}

#[test]
fn every_fixture_is_verified_and_decodes_into_its_variant() {
    let files = fixture_files();
    assert!(
        files.len() > EVENTS.len(),
        "only {} webhook fixtures",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let stem = stem(path);
        let Some(expected) = event_of(stem) else {
            failures.push(format!("{stem}.json: no event of EVENTS is named by this file"));
            continue;
        };
        let bytes = std::fs::read(path).expect("fixture readable");
        let value: Value = serde_json::from_slice(&bytes).expect("fixture is JSON");
        if value["event"] != expected {
            failures.push(format!(
                "{stem}.json: holds `{}`, not `{expected}`",
                value["event"]
            ));
        }
        match decode_bytes(&bytes) {
            Err(error) => failures.push(format!("{stem}.json: {error}")),
            Ok(event) => {
                if !is_variant(expected, &event) {
                    failures.push(format!("{stem}.json: decoded as the wrong variant: {event:?}"));
                }
                if event.name() != expected {
                    failures.push(format!("{stem}.json: name() is `{}`", event.name()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_event_has_a_fixture() {
    let missing: Vec<&str> = EVENTS
        .into_iter()
        .filter(|name| !webhook_dir().join(format!("{name}.json")).is_file())
        .collect();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
    for quirks in [
        "recording.completed.numbers_as_strings.json",
        "meeting.summary_completed.strings_and_empty_times.json",
    ] {
        assert!(webhook_dir().join(quirks).is_file(), "{quirks}");
    }
}

#[test]
fn recording_completed_carries_its_token_files_and_unknown_fields() {
    let raw = raw("recording.completed");
    let object = &raw["payload"]["object"];
    let Event::RecordingCompleted(completed) = decode("recording.completed") else {
        panic!("not recording.completed");
    };

    let token = raw["download_token"].as_str().expect("a download token");
    assert_eq!(expose(&completed.download_token), Some(token));
    assert_eq!(int(completed.event_ts), raw["event_ts"].as_i64());
    assert_eq!(
        completed.account_id.as_deref(),
        raw["payload"]["account_id"].as_str()
    );
    assert_eq!(completed.operator, None);

    let meeting = &completed.object;
    let id = meeting.id.expect("a meeting id");
    assert_eq!(id, ZoomInt::new(85_746_065_432));
    assert!(id.arrived_as_integer(), "webhooks send the id as a number");
    assert_eq!(int(meeting.type_), Some(2));
    assert_eq!(int(meeting.duration), Some(28));
    assert_eq!(meeting.uuid.as_deref(), object["uuid"].as_str());
    assert_eq!(meeting.host_email.as_deref(), Some("dana.host@example.com"));
    assert_eq!(expose(&meeting.password), object["password"].as_str());
    assert_eq!(
        expose(&meeting.recording_play_passcode),
        object["recording_play_passcode"].as_str()
    );
    assert_eq!(meeting.auto_delete, Some(true));

    let files = &meeting.recording_files;
    assert_eq!(files.len(), 6);
    assert_eq!(files.len(), object["recording_files"].as_array().unwrap().len());
    assert_eq!(
        int(meeting.recording_count),
        Some(5),
        "SUMMARY files are not counted"
    );
    let counted: i64 = files
        .iter()
        .filter(|f| f.file_type.as_ref().is_some_and(|t| t.as_str() != "SUMMARY_V2"))
        .filter_map(|f| int(f.file_size))
        .sum();
    assert_eq!(int(meeting.total_size), Some(counted));
    for file in files {
        assert_eq!(
            file.meeting_id.as_deref(),
            meeting.uuid.as_deref(),
            "meeting_id holds the UUID"
        );
    }

    let timeline = files
        .iter()
        .find(|f| f.file_type == Some(FileType::Timeline))
        .expect("a TIMELINE file");
    assert_eq!(timeline.id, None, "TIMELINE files come without an id");
    assert_eq!(timeline.status, None);
    assert_eq!(timeline.file_size, None);
    assert_eq!(timeline.recording_type, None);
    assert_eq!(timeline.play_url, None);
    assert_eq!(timeline.file_extension, Some(FileExtension::Json));
    assert!(timeline.download_url.is_some());

    let summary = files
        .iter()
        .find(|f| f.file_type.as_ref().is_some_and(|t| !t.is_known()))
        .expect("a file of an undocumented type");
    assert_eq!(summary.file_type, Some(FileType::Unknown("SUMMARY_V2".into())));
    assert_eq!(
        summary.file_type.as_ref().map(FileType::as_str),
        Some("SUMMARY_V2")
    );
    assert_eq!(summary.recording_type, Some(RecordingType::SummaryNextSteps));
    assert_eq!(summary.status, Some(FileStatus::Completed));

    let mp4 = files
        .iter()
        .find(|f| f.file_type == Some(FileType::Mp4))
        .expect("an MP4 file");
    assert_eq!(int(mp4.file_size), Some(214_833_118));
    assert_eq!(
        mp4.recording_type,
        Some(RecordingType::SharedScreenWithSpeakerView)
    );

    assert_eq!(meeting.participant_audio_files.len(), 2);
    let audio = &meeting.participant_audio_files[0];
    assert_eq!(audio.file_name.as_deref(), Some("Audio only - Priya Example"));
    assert_eq!(audio.file_type, Some(FileType::M4a));
    assert!(audio.recording_start.as_ref().and_then(|t| t.get()).is_some());

    // Unknown fields are kept, in the payload, the object and a file.
    assert_eq!(
        completed.extra.get("future_field"),
        Some(&raw["payload"]["future_field"])
    );
    assert_eq!(meeting.extra.get("future_field"), Some(&object["future_field"]));
    assert_eq!(meeting.extra.get("on_prem"), Some(&json!(false)));
    assert_eq!(
        mp4.extra.get("future_field"),
        Some(&object["recording_files"][0]["future_field"])
    );
    assert!(
        mp4.extra
            .get("future_field")
            .is_some_and(|v| v["codec"] == "h264"),
        "{:?}",
        mp4.extra
    );
}

#[test]
fn numbers_sent_as_strings_decode_to_the_same_values() {
    let Event::RecordingCompleted(numbers) = decode("recording.completed") else {
        panic!("not recording.completed");
    };
    let Event::RecordingCompleted(strings) = decode("recording.completed.numbers_as_strings") else {
        panic!("not recording.completed");
    };
    assert_eq!(
        numbers, strings,
        "ZoomInt compares values, whatever the wire form"
    );

    let id = strings.object.id.expect("an id");
    assert_eq!(id, 85_746_065_432);
    assert!(!id.arrived_as_integer(), "the fixture sends the id as a string");
    assert_eq!(int(strings.object.type_), Some(2));
    assert_eq!(int(strings.object.duration), Some(28));
    assert_eq!(int(strings.object.total_size), int(numbers.object.total_size));
    let sizes = |event: &zoom_cloud_recording::webhook::RecordingEvent| -> Vec<Option<i64>> {
        event
            .object
            .recording_files
            .iter()
            .map(|f| int(f.file_size))
            .collect()
    };
    assert_eq!(sizes(&strings), sizes(&numbers));
    assert!(
        strings.object.recording_files[0]
            .file_size
            .is_some_and(|s| !s.arrived_as_integer())
    );

    // Each form re-encodes as it arrived.
    let encoded = serde_json::to_value(&strings.object).expect("encodes");
    assert_eq!(encoded["id"], "85746065432");
    assert_eq!(encoded["recording_files"][0]["file_size"], "214833118");
}

#[test]
fn early_events_keep_the_segment_and_files_still_processing() {
    let Event::RecordingStarted(started) = decode("recording.started") else {
        panic!("not recording.started");
    };
    assert_eq!(started.object.id, Some(ZoomInt::new(85_746_065_432)));
    assert_eq!(int(started.object.type_), Some(2));
    assert!(started.object.recording_files.is_empty());
    // The documented `recording_file` segment has no typed field: it is kept in `extra`.
    let segment = &started.object.extra["recording_file"];
    assert_eq!(segment["recording_start"], "2024-07-09T14:00:10Z");
    assert_eq!(segment["recording_end"], "", "still recording");

    for file in ["recording.paused", "recording.resumed"] {
        let event = decode(file);
        let (Event::RecordingPaused(e) | Event::RecordingResumed(e)) = &event else {
            panic!("{file}: {event:?}");
        };
        assert!(e.object.extra.contains_key("recording_file"), "{file}");
    }

    let Event::RecordingStopped(stopped) = decode("recording.stopped") else {
        panic!("not recording.stopped");
    };
    assert_eq!(int(stopped.object.recording_count), Some(0));
    assert_eq!(int(stopped.object.total_size), Some(0));
    let file = &stopped.object.recording_files[0];
    assert_eq!(file.file_type, Some(FileType::Empty));
    assert_eq!(file.file_extension, Some(FileExtension::Empty));
    assert_eq!(file.status, Some(FileStatus::Processing));
    assert_eq!(int(file.file_size), Some(0));
    let end = file.recording_end.as_ref().expect("recording_end is present");
    assert!(end.is_empty() && end.get().is_none(), "`\"\"` while processing");
    assert!(file.recording_start.as_ref().and_then(|t| t.get()).is_some());
}

#[test]
fn trash_delete_and_recover_carry_the_operator() {
    for file in ["recording.trashed", "recording.deleted", "recording.recovered"] {
        let raw = raw(file);
        let event = decode(file);
        let (Event::RecordingTrashed(e) | Event::RecordingDeleted(e) | Event::RecordingRecovered(e)) = &event
        else {
            panic!("{file}: {event:?}");
        };
        assert_eq!(
            e.operator.as_deref(),
            raw["payload"]["operator"].as_str(),
            "{file}"
        );
        assert_eq!(
            e.operator_id.as_deref(),
            raw["payload"]["operator_id"].as_str(),
            "{file}"
        );
        assert!(e.operator.is_some() && e.operator_id.is_some(), "{file}");
        assert_eq!(
            e.download_token, None,
            "{file}: no download_token in this delivery"
        );
        assert_eq!(e.object.id, Some(ZoomInt::new(81_234_567_890)), "{file}");
        assert_eq!(int(e.object.type_), Some(8), "{file}");
        assert_eq!(e.object.recording_files.len(), 2, "{file}");
        assert_eq!(e.object.participant_audio_files.len(), 1, "{file}");
    }
    let Event::RecordingTrashed(trashed) = decode("recording.trashed") else {
        panic!("not recording.trashed");
    };
    assert_eq!(trashed.extra["future_field"]["trash_retention_days"], 30);
}

#[test]
fn transcript_completed_may_carry_a_download_token() {
    let raw = raw("recording.transcript_completed");
    let Event::RecordingTranscriptCompleted(event) = decode("recording.transcript_completed") else {
        panic!("not recording.transcript_completed");
    };
    assert_eq!(expose(&event.download_token), raw["download_token"].as_str());
    assert!(event.download_token.is_some());
    assert_eq!(event.object.recording_files.len(), 1);
    let transcript = &event.object.recording_files[0];
    assert_eq!(transcript.file_type, Some(FileType::Transcript));
    assert_eq!(transcript.file_extension, Some(FileExtension::Vtt));
    assert_eq!(transcript.recording_type, Some(RecordingType::AudioTranscript));
}

#[test]
fn renamed_has_the_old_and_the_new_topic() {
    let raw = raw("recording.renamed");
    let Event::RecordingRenamed(renamed) = decode("recording.renamed") else {
        panic!("not recording.renamed");
    };
    assert_eq!(
        renamed.object.topic.as_deref(),
        Some("Design review: storage tiering (final)")
    );
    let old = renamed.old_object.as_ref().expect("old_object");
    assert_eq!(old.topic.as_deref(), Some("Design review: storage tiering"));
    assert_eq!(renamed.object.id, Some(ZoomInt::new(85_746_065_432)));
    assert_eq!(old.id, renamed.object.id);
    assert_eq!(old.uuid, renamed.object.uuid);
    assert_eq!(int(renamed.object.type_), Some(2));
    assert_eq!(int(renamed.time_stamp), raw["payload"]["time_stamp"].as_i64());
    assert_eq!(
        renamed.operator_id.as_deref(),
        raw["payload"]["operator_id"].as_str()
    );
}

#[test]
fn batch_events_list_meeting_uuids_and_file_ids() {
    let raw_trashed = raw("recording.batch_trashed");
    let Event::RecordingBatchTrashed(trashed) = decode("recording.batch_trashed") else {
        panic!("not recording.batch_trashed");
    };
    assert_eq!(trashed.operation.as_deref(), Some("trash_user_recordings"));
    assert_eq!(
        serde_json::to_value(&trashed.object.meeting_uuids).unwrap(),
        raw_trashed["payload"]["object"]["meeting_uuids"]
    );
    assert_eq!(trashed.object.meeting_uuids[0], "/Hq8cX4lTQ2y9VbN0kPzWjA==");
    assert_eq!(trashed.operator.as_deref(), Some("it.admin@example.com"));

    for file in ["recording.batch_deleted", "recording.batch_recovered"] {
        let raw = raw(file);
        let event = decode(file);
        let (Event::RecordingBatchDeleted(batch) | Event::RecordingBatchRecovered(batch)) = &event else {
            panic!("{file}: {event:?}");
        };
        let meetings = raw["payload"]["object"]["meetings"].as_array().unwrap();
        assert_eq!(batch.object.meetings.len(), meetings.len(), "{file}");
        for (typed, raw) in batch.object.meetings.iter().zip(meetings) {
            assert_eq!(
                typed.meeting_uuid.as_deref(),
                raw["meeting_uuid"].as_str(),
                "{file}"
            );
            assert_eq!(
                serde_json::to_value(&typed.recording_file_ids).unwrap(),
                raw["recording_file_ids"],
                "{file}"
            );
        }
        assert!(batch.operator_id.is_some(), "{file}");
    }
    let Event::RecordingBatchDeleted(deleted) = decode("recording.batch_deleted") else {
        panic!("not recording.batch_deleted");
    };
    assert_eq!(
        deleted.object.meetings[1].recording_file_ids,
        ["d5a71e0c-49f2-4b3d-8c96-1e0b7a4d3f25"]
    );
}

#[test]
fn registration_events_carry_the_registrant() {
    let Event::RecordingRegistrationCreated(created) = decode("recording.registration_created") else {
        panic!("not recording.registration_created");
    };
    assert_eq!(created.object.id, Some(ZoomInt::new(87_654_321_098)));
    assert_eq!(created.operator, None, "a registrant registers on their own");
    let registrant = created.object.registrant.as_ref().expect("a registrant");
    assert_eq!(registrant.email.as_deref(), Some("jordan.sample@example.org"));
    assert_eq!(registrant.status, Some(RegistrantStatus::Pending));
    assert_eq!(registrant.country.as_deref(), Some("GB"));
    assert_eq!(registrant.custom_questions.len(), 1);
    assert_eq!(registrant.custom_questions[0].value.as_deref(), Some("EMEA"));
    assert!(created.object.start_time.as_ref().and_then(|t| t.get()).is_some());

    for (file, email) in [
        ("recording.registration_approved", "jordan.sample@example.org"),
        ("recording.registration_denied", "morgan.test@example.net"),
    ] {
        let event = decode(file);
        let (Event::RecordingRegistrationApproved(e) | Event::RecordingRegistrationDenied(e)) = &event else {
            panic!("{file}: {event:?}");
        };
        let registrant = e.object.registrant.as_ref().expect("a registrant");
        assert_eq!(registrant.email.as_deref(), Some(email), "{file}");
        assert_eq!(e.operator.as_deref(), Some("it.admin@example.com"), "{file}");
        assert_eq!(int(e.object.duration), Some(47), "{file}");
    }
}

#[test]
fn archive_files_completed_lists_the_archive_files() {
    let raw = raw("recording.archive_files_completed");
    let object = &raw["payload"]["object"];
    let Event::RecordingArchiveFilesCompleted(archive) = decode("recording.archive_files_completed") else {
        panic!("not recording.archive_files_completed");
    };
    assert_eq!(expose(&archive.download_token), raw["download_token"].as_str());
    assert!(archive.download_token.is_some(), "required on this event");
    let meeting = archive.object.as_ref().expect("the archived meeting");
    assert_eq!(meeting.id, Some(ZoomInt::new(83_310_054_261)));
    assert_eq!(meeting.meeting_type, Some(ArchiveMeetingType::Internal));
    assert_eq!(meeting.is_breakout_room, Some(false));
    assert_eq!(meeting.timezone.as_deref(), Some(""));
    assert_eq!(int(meeting.duration_in_second), Some(3721));
    assert_eq!(meeting.status, Some(FileStatus::Completed));
    assert_eq!(meeting.archive_files.len(), 3);
    let sizes: i64 = meeting
        .archive_files
        .iter()
        .filter_map(|f| int(f.file_size))
        .sum();
    assert_eq!(int(meeting.total_size), Some(sizes));
    for (file, raw) in meeting
        .archive_files
        .iter()
        .zip(object["archive_files"].as_array().unwrap())
    {
        assert_eq!(file.id.as_deref(), raw["id"].as_str());
        assert_eq!(
            file.encryption_fingerprint.as_deref(),
            raw["encryption_fingerprint"].as_str()
        );
        assert_eq!(
            file.extra.get("file_name"),
            raw.get("file_name"),
            "kept in `extra`"
        );
    }
    let audio = &meeting.archive_files[1];
    assert_eq!(audio.individual, Some(true));
    assert_eq!(
        audio.participant_email.as_deref(),
        Some("riley.member@example.com")
    );
    let chat = &meeting.archive_files[2];
    assert_eq!(chat.file_type, Some(FileType::ChatMessage));
    assert_eq!(int(chat.number_of_messages), Some(17));
}

#[test]
fn cloud_storage_usage_is_kept_as_received() {
    let raw = raw("recording.cloud_storage_usage_updated");
    let Event::RecordingCloudStorageUsageUpdated(usage) = decode("recording.cloud_storage_usage_updated")
    else {
        panic!("not recording.cloud_storage_usage_updated");
    };
    assert_eq!(Value::Object(usage.object.clone()), raw["payload"]["object"]);
    assert_eq!(usage.object["storage_used_percentage"], 91);
    assert_eq!(usage.account_id.as_deref(), raw["payload"]["account_id"].as_str());
    assert_eq!(int(usage.event_ts), raw["event_ts"].as_i64());
}

#[test]
fn url_validation_gives_the_plain_token_to_answer() {
    let raw = raw("endpoint.url_validation");
    let Event::UrlValidation {
        plain_token,
        event_ts,
    } = decode("endpoint.url_validation")
    else {
        panic!("not endpoint.url_validation");
    };
    assert_eq!(Some(plain_token.as_str()), raw["payload"]["plainToken"].as_str());
    assert_eq!(int(event_ts), raw["event_ts"].as_i64());
    let answer = verifier().url_validation(&plain_token);
    assert_eq!(answer.plain_token, plain_token);
    assert_eq!(answer.encrypted_token.len(), 64);
    assert!(answer.encrypted_token.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn an_unknown_event_keeps_its_name_and_raw_body() {
    let raw = raw("unknown.meeting.something");
    let event = decode("unknown.meeting.something");
    assert_eq!(event.name(), "unknown.meeting.something");
    let Event::Unknown { event: name, body } = event else {
        panic!("not Unknown");
    };
    assert_eq!(name, "unknown.meeting.something");
    assert_eq!(body, raw, "the whole body as received");
}

/// Every non-empty string under a key named like a credential (the URL
/// validation's `plainToken` is a public challenge, not a credential).
fn credentials(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match child.as_str() {
                    Some(secret)
                        if key != "plainToken"
                            && codegen::quirks::named_like_a_secret(key)
                            && !secret.is_empty() =>
                    {
                        out.push(secret.to_owned());
                    }
                    _ => credentials(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| credentials(item, out)),
        _ => {}
    }
}

#[test]
fn debug_never_shows_a_download_token_password_or_passcode() {
    let mut checked = Vec::new();
    for path in fixture_files() {
        let stem = stem(&path);
        let bytes = std::fs::read(&path).expect("fixture readable");
        let mut secrets = Vec::new();
        credentials(&serde_json::from_slice(&bytes).unwrap(), &mut secrets);
        if secrets.is_empty() {
            continue;
        }
        let event = decode_bytes(&bytes).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        for debug in [format!("{event:?}"), format!("{event:#?}")] {
            for secret in &secrets {
                assert!(
                    !debug.contains(secret.as_str()),
                    "{stem}.json: Debug shows `{secret}`"
                );
            }
        }
        checked.push(stem.to_owned());
    }
    for file in [
        "recording.completed",
        "recording.completed.numbers_as_strings",
        "recording.transcript_completed",
        "recording.archive_files_completed",
    ] {
        assert!(
            checked.iter().any(|c| c == file),
            "{file} carries credentials: {checked:?}"
        );
    }
}

/// An event the SDK has no type for is kept as a raw `Value`, and `Debug` of
/// a `Value` prints every string in it: a future event that carries a
/// `download_token` (as `recording.completed` does) shows it.
#[test]
fn debug_of_an_unknown_event_hides_its_download_token() {
    let token = "eyJhbGciOiJIUzUxMiJ9.eyJmdXR1cmUiOnRydWV9.c2lnbmF0dXJlLW9mLWEtZnV0dXJlLWV2ZW50";
    let body = json!({
        "event": "recording.future_event",
        "event_ts": 1_730_000_000_000_i64,
        "download_token": token,
        "payload": {"account_id": "D8cJuqWVQ623CI4Q8yQK0Q", "object": {"password": "hR4#zq9W"}},
    })
    .to_string();
    let event = decode_bytes(body.as_bytes()).expect("decodes");
    assert!(matches!(event, Event::Unknown { .. }));
    let debug = format!("{event:?}");
    assert!(!debug.contains(token), "Debug shows the download token: {debug}");
    assert!(!debug.contains("hR4#zq9W"), "Debug shows the password: {debug}");
}

#[test]
fn verification_is_over_the_exact_bytes_not_the_json_value() {
    let original = body("recording.completed");
    let headers = signed(&original);
    let expected = verifier()
        .event(&headers, &original)
        .expect("the original bytes verify");

    let value: Value = serde_json::from_slice(&original).unwrap();
    let compact = serde_json::to_vec(&value).unwrap();
    let reordered = format!(
        r#"{{ "payload": {}, "download_token": {}, "event_ts": {}, "event": {} }}"#,
        value["payload"], value["download_token"], value["event_ts"], value["event"]
    )
    .into_bytes();
    for (label, other) in [("compact", compact), ("reordered", reordered)] {
        assert_ne!(other, original, "{label}: the bytes differ");
        assert_eq!(
            serde_json::from_slice::<Value>(&other).unwrap(),
            value,
            "{label}: the same JSON value"
        );
        let result = verifier().event(&headers, &other);
        assert!(
            matches!(result, Err(WebhookError::SignatureMismatch)),
            "{label}: {result:?}"
        );
        let unverified = webhook::parse_unverified_event(&other).expect("decodes unverified");
        assert_eq!(unverified, expected, "{label}: same event");
        // Signed over its own bytes, it verifies.
        verifier()
            .event(&signed(&other), &other)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    }
}

/// The `PayloadError` of a body that is correctly signed, verifies, and does
/// not decode; the unverified decoding fails the same way.
fn payload_error(label: &str, bytes: &[u8]) -> PayloadError {
    let unverified = webhook::parse_unverified_event(bytes);
    let Err(WebhookError::InvalidPayload(unverified)) = unverified else {
        panic!("{label}: unverified: {unverified:?}");
    };
    let verified = verifier().event(&signed(bytes), bytes);
    let Err(WebhookError::InvalidPayload(verified)) = verified else {
        panic!("{label}: verified: {verified:?}");
    };
    assert_eq!(verified.path(), unverified.path(), "{label}");
    assert_eq!(verified.to_string(), unverified.to_string(), "{label}");
    verified
}

#[test]
fn bodies_that_are_not_zoom_events_are_invalid_payloads() {
    let mut wrong_type = raw("recording.completed");
    wrong_type["payload"]["object"]["recording_files"] = json!(5);
    let mut word_for_number = raw("recording.completed");
    word_for_number["payload"]["object"]["id"] = json!("eighty-five");
    let mut no_plain_token = raw("endpoint.url_validation");
    no_plain_token["payload"] = json!({});
    let mut summary_without_object = raw("meeting.summary_completed");
    summary_without_object["payload"]
        .as_object_mut()
        .unwrap()
        .remove("object");
    // (label, body, the path, a piece of the message)
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "not JSON",
            b"event=recording.completed&payload=".to_vec(),
            ".",
            "expected value",
        ),
        ("empty", Vec::new(), ".", "EOF"),
        (
            "truncated",
            body("recording.completed")[..100].to_vec(),
            ".",
            "EOF",
        ),
        ("an array", b"[1, 2, 3]".to_vec(), ".", "an array"),
        (
            "no event name",
            br#"{"payload": {"object": {}}}"#.to_vec(),
            ".",
            "missing field `event`",
        ),
        (
            "a numeric event name",
            br#"{"event": 5, "payload": {}}"#.to_vec(),
            "event",
            "a number",
        ),
        (
            "recording_files is a number",
            wrong_type.to_string().into_bytes(),
            "payload.object.recording_files",
            "invalid type",
        ),
        (
            "an id that is not a number",
            word_for_number.to_string().into_bytes(),
            "payload.object.id",
            "eighty-five",
        ),
        (
            "no object",
            br#"{"event": "recording.completed", "payload": {}}"#.to_vec(),
            "payload",
            "missing field `object`",
        ),
        (
            "a payload that is a string",
            br#"{"event": "meeting.summary_completed", "payload": "done"}"#.to_vec(),
            "payload",
            "expected an object",
        ),
        (
            "a summary without object",
            summary_without_object.to_string().into_bytes(),
            "payload",
            "missing field `object`",
        ),
        (
            "no plainToken",
            no_plain_token.to_string().into_bytes(),
            "payload",
            "missing field `plainToken`",
        ),
    ];
    for (label, bytes, path, message) in cases {
        let error = payload_error(label, &bytes);
        assert_eq!(error.path(), path, "{label}: {error}");
        let text = error.to_string();
        assert!(text.contains(message), "{label}: {text}");
        if path != "." {
            assert!(text.contains(&format!("field `{path}`")), "{label}: {text}");
        }
    }
}

/// For every typed event (old and new), one fixture with one nested field
/// given the wrong type: the error names exactly that field, from the body's
/// root, and the event.
#[test]
fn a_wrong_typed_field_is_named_by_its_exact_path_in_every_event() {
    // (fixture, JSON pointer of the field to break, its new value, the expected path)
    let cases: Vec<(&str, &str, Value, &str)> = vec![
        (
            "recording.started",
            "/payload/object/duration",
            json!("long"),
            "payload.object.duration",
        ),
        (
            "recording.paused",
            "/payload/object/type",
            json!("scheduled"),
            "payload.object.type",
        ),
        (
            "recording.resumed",
            "/payload/object/start_time",
            json!(5),
            "payload.object.start_time",
        ),
        (
            "recording.stopped",
            "/payload/object/recording_files/0/file_size",
            json!("zero"),
            "payload.object.recording_files[0].file_size",
        ),
        (
            "recording.completed",
            "/payload/object/recording_files/3/file_size",
            json!("big"),
            "payload.object.recording_files[3].file_size",
        ),
        (
            "recording.completed.numbers_as_strings",
            "/payload/object/participant_audio_files/1/file_size",
            json!("1.5 MB"),
            "payload.object.participant_audio_files[1].file_size",
        ),
        (
            "recording.transcript_completed",
            "/payload/object/recording_files/0/recording_start",
            json!(1_720_537_200),
            "payload.object.recording_files[0].recording_start",
        ),
        (
            "recording.trashed",
            "/payload/object/participant_audio_files/0/file_name",
            json!(["a"]),
            "payload.object.participant_audio_files[0].file_name",
        ),
        (
            "recording.deleted",
            "/payload/operator",
            json!(5),
            "payload.operator",
        ),
        (
            "recording.recovered",
            "/payload/object/total_size",
            json!("a lot"),
            "payload.object.total_size",
        ),
        (
            "recording.renamed",
            "/payload/old_object/id",
            json!("old"),
            "payload.old_object.id",
        ),
        ("recording.renamed", "/event_ts", json!("yesterday"), "event_ts"),
        (
            "recording.batch_trashed",
            "/payload/object/meeting_uuids/1",
            json!(5),
            "payload.object.meeting_uuids[1]",
        ),
        (
            "recording.batch_deleted",
            "/payload/object/meetings/1/recording_file_ids/0",
            json!(7),
            "payload.object.meetings[1].recording_file_ids[0]",
        ),
        (
            "recording.batch_recovered",
            "/payload/object/meetings/0/meeting_uuid",
            json!(false),
            "payload.object.meetings[0].meeting_uuid",
        ),
        (
            "recording.registration_created",
            "/payload/object/registrant/custom_questions/0/value",
            json!(5),
            "payload.object.registrant.custom_questions[0].value",
        ),
        (
            "recording.registration_approved",
            "/payload/object/registrant/email",
            json!(5),
            "payload.object.registrant.email",
        ),
        (
            "recording.registration_denied",
            "/payload/object/duration",
            json!("47 minutes"),
            "payload.object.duration",
        ),
        (
            "recording.archive_files_completed",
            "/payload/object/archive_files/2/number_of_messages",
            json!("seventeen"),
            "payload.object.archive_files[2].number_of_messages",
        ),
        (
            "recording.cloud_storage_usage_updated",
            "/payload/object",
            json!(91),
            "payload.object",
        ),
        (
            "meeting.summary_completed",
            "/payload/object/meeting_id",
            json!("ninety-seven"),
            "payload.object.meeting_id",
        ),
        (
            "meeting.summary_completed.strings_and_empty_times",
            "/payload/object/summary_created_time",
            json!(1_763_470_527),
            "payload.object.summary_created_time",
        ),
        (
            "meeting.summary_updated",
            "/payload/object/summary_last_modified_user_email",
            json!(5),
            "payload.object.summary_last_modified_user_email",
        ),
        (
            "meeting.summary_shared",
            "/payload/object/share_with_users/1/email",
            json!(5),
            "payload.object.share_with_users[1].email",
        ),
        (
            "meeting.summary_trashed",
            "/payload/operator_id",
            json!(5),
            "payload.operator_id",
        ),
        (
            "meeting.summary_deleted",
            "/payload/object/meeting_end_time",
            json!(true),
            "payload.object.meeting_end_time",
        ),
        (
            "meeting.summary_recovered",
            "/payload/account_id",
            json!(5),
            "payload.account_id",
        ),
        (
            "meeting.aic_transcript_completed",
            "/payload/object/id",
            json!("id"),
            "payload.object.id",
        ),
        (
            "meeting.aic_transcript_completed",
            "/payload/object/start_time",
            json!(20251118),
            "payload.object.start_time",
        ),
        (
            "endpoint.url_validation",
            "/payload/plainToken",
            json!(5),
            "payload.plainToken",
        ),
        ("endpoint.url_validation", "/event_ts", json!("now"), "event_ts"),
    ];
    let covered: Vec<&str> = cases.iter().filter_map(|(file, ..)| event_of(file)).collect();
    for name in EVENTS.iter().filter(|name| **name != "unknown.meeting.something") {
        assert!(covered.contains(name), "no case breaks a field of {name}");
    }
    for (file, pointer, value, path) in cases {
        let mut body = raw(file);
        let field = body
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{file}.json has no {pointer}"));
        assert_ne!(*field, value, "{file}: {pointer} already holds that value");
        *field = value;
        let error = payload_error(file, body.to_string().as_bytes());
        assert_eq!(error.path(), path, "{file}: {error}");
        let name = event_of(file).expect("a known event");
        assert_eq!(error.event(), Some(name), "{file}");
        let text = error.to_string();
        assert!(
            text.contains(&format!("`{name}`")) && text.contains(&format!("field `{path}`")),
            "{file}: {text}"
        );
        // The same body with the field as it was decodes: the path is the only fault.
        decode(file);
    }
}

/// serde's messages quote the value that had the wrong type; for a field named
/// like a credential the error must not.
#[test]
fn decode_errors_never_show_the_value_of_a_credential() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "/download_token",
            json!(736_194_028_551_i64),
            "download_token",
            "736194028551",
        ),
        (
            "/payload/object/password",
            json!(86_753_091),
            "payload.object.password",
            "86753091",
        ),
        (
            "/payload/object/recording_play_passcode",
            json!(40_961_237),
            "payload.object.recording_play_passcode",
            "40961237",
        ),
    ];
    for (pointer, value, path, shown) in cases {
        let mut body = raw("recording.completed");
        *body.pointer_mut(pointer).expect("present") = value;
        let error = payload_error(pointer, body.to_string().as_bytes());
        assert_eq!(error.path(), path);
        let outer = WebhookError::InvalidPayload(error);
        let text = format!(
            "{outer} {outer:?} {:?}",
            std::error::Error::source(&outer).map(|e| e.to_string())
        );
        assert!(!text.contains(shown), "{pointer}: {text}");
        assert!(text.contains("credential"), "{pointer}: {text}");
    }
    // The same kind of value in a field that is not a credential is quoted:
    // the redaction above is what hides it.
    let mut body = raw("recording.completed");
    body["payload"]["object"]["topic"] = json!(86_753_091);
    let error = payload_error("topic", body.to_string().as_bytes());
    assert_eq!(error.path(), "payload.object.topic");
    assert!(error.to_string().contains("86753091"), "{error}");
}

fn summary(event: &Event) -> Option<&SummaryEvent> {
    match event {
        Event::MeetingSummaryCompleted(e)
        | Event::MeetingSummaryUpdated(e)
        | Event::MeetingSummaryShared(e)
        | Event::MeetingSummaryTrashed(e)
        | Event::MeetingSummaryDeleted(e)
        | Event::MeetingSummaryRecovered(e) => Some(e),
        _ => None,
    }
}

fn summary_of(file: &str) -> SummaryEvent {
    let event = decode(file);
    summary(&event)
        .unwrap_or_else(|| panic!("{file}: not a summary event: {event:?}"))
        .clone()
}

fn time(value: &Option<ZoomTime>) -> Option<DateTime<Utc>> {
    value.as_ref().and_then(|t| t.get())
}

fn parsed(raw: &Value) -> Option<DateTime<Utc>> {
    raw.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

#[test]
fn summary_completed_names_the_meeting_and_when_its_summary_was_made() {
    let raw = raw("meeting.summary_completed");
    let object = &raw["payload"]["object"];
    let event = summary_of("meeting.summary_completed");
    assert_eq!(int(event.event_ts), raw["event_ts"].as_i64());
    assert_eq!(event.account_id.as_deref(), Some("D8cJuqWVQ623CI4Q8yQK0Q"));
    assert_eq!(event.operator, None, "nobody operates a completion");
    assert_eq!(event.operator_id, None);

    let summary = &event.object;
    let id = summary.meeting_id.expect("a meeting id");
    assert_eq!(id, ZoomInt::new(85_746_065_432));
    assert!(id.arrived_as_integer());
    assert_eq!(summary.meeting_uuid.as_deref(), Some("eV2kQ+7hRnOa1YfX0c9LmA=="));
    assert_eq!(
        summary.meeting_host_id.as_deref(),
        object["meeting_host_id"].as_str()
    );
    assert_eq!(
        summary.meeting_host_email.as_deref(),
        Some("dana.host@example.com")
    );
    assert_eq!(
        summary.meeting_topic.as_deref(),
        Some("Design review: storage tiering")
    );
    assert_eq!(summary.summary_title.as_deref(), object["summary_title"].as_str());
    for (typed, key) in [
        (&summary.meeting_start_time, "meeting_start_time"),
        (&summary.meeting_end_time, "meeting_end_time"),
        (&summary.summary_start_time, "summary_start_time"),
        (&summary.summary_end_time, "summary_end_time"),
        (&summary.summary_created_time, "summary_created_time"),
        (&summary.summary_last_modified_time, "summary_last_modified_time"),
    ] {
        assert!(time(typed).is_some(), "{key}");
        assert_eq!(time(typed), parsed(&object[key]), "{key}");
    }
    assert!(time(&summary.summary_start_time) >= time(&summary.meeting_start_time));
    assert!(time(&summary.summary_created_time) >= time(&summary.meeting_end_time));
    assert_eq!(summary.summary_last_modified_user_id, None);
    assert!(summary.share_with_users.is_empty());

    // Unknown fields are kept, in the payload and in the object.
    assert_eq!(
        event.extra.get("future_field"),
        Some(&raw["payload"]["future_field"])
    );
    assert_eq!(summary.extra.get("future_field"), Some(&object["future_field"]));
    assert_eq!(summary.extra.len(), 1, "{:?}", summary.extra);
}

#[test]
fn a_summary_with_numbers_as_strings_and_empty_times_decodes() {
    let raw = raw("meeting.summary_completed.strings_and_empty_times");
    let object = &raw["payload"]["object"];
    let event = summary_of("meeting.summary_completed.strings_and_empty_times");

    let event_ts = event.event_ts.expect("event_ts");
    assert_eq!(event_ts, 1_763_470_531_208);
    assert!(
        !event_ts.arrived_as_integer(),
        "the envelope sends it as a string"
    );
    let id = event.object.meeting_id.expect("a meeting id");
    assert_eq!(id, 89_012_345_678);
    assert!(!id.arrived_as_integer());
    assert_eq!(
        event.object.meeting_uuid.as_deref(),
        Some("/xQ3bN7vLk2Ws9Yt4Zr1Fg==")
    );

    for (typed, key) in [
        (&event.object.summary_end_time, "summary_end_time"),
        (
            &event.object.summary_last_modified_time,
            "summary_last_modified_time",
        ),
    ] {
        let typed = typed.as_ref().unwrap_or_else(|| panic!("{key} is present"));
        assert!(typed.is_empty() && typed.get().is_none(), "{key}: `\"\"`");
    }
    assert_eq!(
        time(&event.object.summary_created_time),
        parsed(&object["summary_created_time"])
    );

    // Fields the event does not document (the REST summary's text and doc link) are kept.
    assert_eq!(
        event.object.extra.get("summary_content"),
        Some(&object["summary_content"])
    );
    assert_eq!(
        event.object.extra.get("summary_doc_url"),
        Some(&object["summary_doc_url"])
    );

    // Each form re-encodes as it arrived.
    let encoded = serde_json::to_value(&event).expect("encodes");
    assert_eq!(encoded["event_ts"], "1763470531208");
    assert_eq!(encoded["object"]["meeting_id"], "89012345678");
    assert_eq!(encoded["object"]["summary_end_time"], "");
}

#[test]
fn summary_updates_and_shares_say_who_edited_and_with_whom() {
    let created = summary_of("meeting.summary_completed");
    let updated = summary_of("meeting.summary_updated");
    assert_eq!(updated.object.meeting_uuid, created.object.meeting_uuid);
    assert_eq!(
        updated.object.summary_created_time,
        created.object.summary_created_time
    );
    assert!(
        time(&updated.object.summary_last_modified_time) > time(&created.object.summary_last_modified_time)
    );
    assert_eq!(
        updated.object.summary_last_modified_user_email.as_deref(),
        Some("dana.host@example.com")
    );
    assert_eq!(
        updated.object.summary_last_modified_user_id,
        updated.object.meeting_host_id
    );
    assert_ne!(updated.object.summary_title, created.object.summary_title);

    let raw = raw("meeting.summary_shared");
    let shared = summary_of("meeting.summary_shared");
    assert_eq!(shared.operator.as_deref(), raw["payload"]["operator"].as_str());
    assert_eq!(
        shared.operator_id.as_deref(),
        raw["payload"]["operator_id"].as_str()
    );
    let users = raw["payload"]["object"]["share_with_users"].as_array().unwrap();
    assert_eq!(shared.object.share_with_users.len(), users.len());
    let emails: Vec<Option<&str>> = shared
        .object
        .share_with_users
        .iter()
        .map(|u| u.email.as_deref())
        .collect();
    assert_eq!(
        emails,
        [Some("priya.example@example.org"), Some("morgan.test@example.net")]
    );
    assert_eq!(
        shared.object.share_with_users[1].extra.get("future_field"),
        Some(&users[1]["future_field"])
    );
}

#[test]
fn trash_delete_and_recover_of_a_summary_carry_the_operator() {
    for file in [
        "meeting.summary_trashed",
        "meeting.summary_deleted",
        "meeting.summary_recovered",
    ] {
        let raw = raw(file);
        let event = summary_of(file);
        assert_eq!(
            event.operator.as_deref(),
            raw["payload"]["operator"].as_str(),
            "{file}"
        );
        assert_eq!(
            event.operator_id.as_deref(),
            raw["payload"]["operator_id"].as_str(),
            "{file}"
        );
        assert!(event.operator.is_some() && event.operator_id.is_some(), "{file}");
        assert_eq!(
            event.object.meeting_id,
            Some(ZoomInt::new(81_234_567_890)),
            "{file}"
        );
        assert_eq!(
            event.object.meeting_uuid.as_deref(),
            Some("Rk1dW3vYQf6hN2zP8sJ0tg=="),
            "{file}"
        );
    }
    let trashed = summary_of("meeting.summary_trashed");
    assert!(
        trashed
            .object
            .meeting_id
            .is_some_and(|id| !id.arrived_as_integer()),
        "the trashed fixture sends the id as a string"
    );
    let deleted = summary_of("meeting.summary_deleted");
    assert_eq!(deleted.object.summary_title.as_deref(), Some(""));
    assert_eq!(deleted.extra["future_field"]["retention_policy"], "admin_purge");
    assert_eq!(deleted.object, {
        let recovered = summary_of("meeting.summary_recovered");
        let mut object = recovered.object;
        object.summary_title = Some(String::new());
        object
    });
}

#[test]
fn aic_transcript_completed_names_the_meeting() {
    let raw = raw("meeting.aic_transcript_completed");
    let object = &raw["payload"]["object"];
    let Event::MeetingAicTranscriptCompleted(event) = decode("meeting.aic_transcript_completed") else {
        panic!("not meeting.aic_transcript_completed");
    };
    assert_eq!(int(event.event_ts), raw["event_ts"].as_i64());
    assert_eq!(event.account_id.as_deref(), raw["payload"]["account_id"].as_str());
    let meeting = &event.object;
    assert_eq!(meeting.id, Some(ZoomInt::new(89_012_345_678)));
    assert_eq!(meeting.uuid.as_deref(), Some("/xQ3bN7vLk2Ws9Yt4Zr1Fg=="));
    assert_eq!(meeting.host_id.as_deref(), object["host_id"].as_str());
    assert_eq!(meeting.host_email.as_deref(), Some("priya.example@example.org"));
    assert_eq!(meeting.topic.as_deref(), Some("Roadmap sync Q1"));
    assert_eq!(time(&meeting.start_time), parsed(&object["start_time"]));
    assert!(time(&meeting.start_time).is_some());
    // The fields whose meaning is not documented are kept as received.
    assert_eq!(meeting.extra.get("file_id"), Some(&object["file_id"]));
    assert_eq!(
        meeting.extra.get("attach_type"),
        Some(&json!("durable_transcript"))
    );

    // It names the same meeting as the summary of that meeting.
    let summary = summary_of("meeting.summary_completed.strings_and_empty_times");
    assert_eq!(summary.object.meeting_uuid, meeting.uuid);
    assert_eq!(summary.object.meeting_id, meeting.id, "ZoomInt compares values");
}

/// Serializing the typed event gives back `payload` (with the envelope's
/// `event_ts`) exactly: no field is dropped, renamed or reformatted.
#[test]
fn ai_companion_fixtures_round_trip_through_their_typed_events() {
    let mut checked = Vec::new();
    for path in fixture_files() {
        let stem = stem(&path);
        if !stem.starts_with("meeting.") {
            continue;
        }
        let raw = raw(stem);
        let mut expected = raw["payload"].clone();
        expected["event_ts"] = raw["event_ts"].clone();
        let event = decode(stem);
        let encoded = match &event {
            Event::MeetingAicTranscriptCompleted(e) => serde_json::to_value(e),
            other => serde_json::to_value(summary(other).unwrap_or_else(|| panic!("{stem}: {other:?}"))),
        }
        .expect("encodes");
        assert_eq!(encoded, expected, "{stem}");
        checked.push(stem.to_owned());
    }
    for name in SUMMARY_EVENTS
        .iter()
        .chain(["meeting.aic_transcript_completed"].iter())
    {
        assert!(
            checked.iter().any(|c| c == name),
            "{name} not checked: {checked:?}"
        );
    }
    let completed = checked
        .iter()
        .filter(|c| c.starts_with("meeting.summary_completed"))
        .count();
    assert!(completed >= 2, "{checked:?}");
}

/// The SDK types no credential on these events, so anything credential-like
/// lands in `extra`; `Debug` must still hide it. The envelope's
/// `download_token` is folded into every payload, typed or not.
#[test]
fn debug_of_any_payload_hides_credentials_kept_in_extra() {
    let token = "eyJhbGciOiJIUzUxMiJ9.eyJzdW1tYXJ5Ijp0cnVlfQ.c2lnbmF0dXJlLW9mLWEtc3VtbWFyeQ";
    let passcode = "Qz7#mP2w";
    let join_token = "jt-4fD9kL1sX8";
    for file in [
        "meeting.summary_completed",
        "meeting.summary_shared",
        "meeting.aic_transcript_completed",
        "recording.renamed",
        "recording.batch_deleted",
        "recording.cloud_storage_usage_updated",
    ] {
        let mut body = raw(file);
        body["download_token"] = json!(token);
        body["payload"]["object"]["meeting_passcode"] = json!(passcode);
        if file == "meeting.summary_shared" {
            body["payload"]["object"]["share_with_users"][0]["join_token"] = json!(join_token);
        }
        let event = decode_bytes(body.to_string().as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(is_variant(file, &event), "{file}");
        for debug in [format!("{event:?}"), format!("{event:#?}")] {
            for secret in [token, passcode, join_token] {
                assert!(!debug.contains(secret), "{file}: Debug shows `{secret}`: {debug}");
            }
            assert!(debug.contains("[redacted]"), "{file}: {debug}");
            assert!(
                debug.contains("D8cJuqWVQ623CI4Q8yQK0Q"),
                "{file}: other fields are shown"
            );
        }
        // Serialized data keeps them: only Debug hides.
        let encoded = match &event {
            Event::MeetingAicTranscriptCompleted(e) => serde_json::to_value(e),
            Event::RecordingRenamed(e) => serde_json::to_value(e),
            Event::RecordingBatchDeleted(e) => serde_json::to_value(e),
            Event::RecordingCloudStorageUsageUpdated(e) => serde_json::to_value(e),
            other => serde_json::to_value(summary(other).expect("a summary")),
        }
        .expect("encodes");
        assert_eq!(encoded["download_token"], token, "{file}");
        assert_eq!(encoded["object"]["meeting_passcode"], passcode, "{file}");
    }
}

/// Zoom's own type definitions (RIVET `meetings.d.ts`) mark `payload.object`
/// optional (`object?`) on the three batch events and on
/// `archive_files_completed`; the SDK requires it.
#[test]
fn events_whose_object_is_optional_decode_without_it() {
    for name in [
        "recording.batch_trashed",
        "recording.batch_deleted",
        "recording.batch_recovered",
        "recording.archive_files_completed",
    ] {
        let mut body = json!({
            "event": name,
            "event_ts": 1_722_001_234_567_i64,
            "payload": {
                "account_id": "D8cJuqWVQ623CI4Q8yQK0Q",
                "operator": "it.admin@example.com",
                "operator_id": "Kp3RfN8sT0aWq2Lx5Ym7Bw",
            },
        });
        if name == "recording.batch_trashed" {
            body["payload"]["operation"] = json!("trash_user_recordings");
        }
        if name == "recording.archive_files_completed" {
            body["download_token"] = json!("eyJ0eXAiOiJKV1QifQ.eyJhcmNoaXZlIjp0cnVlfQ.b3B0aW9uYWwtb2JqZWN0");
        }
        let body = body.to_string();
        let event = decode_bytes(body.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(is_variant(name, &event), "{name}: {event:?}");
    }
}
