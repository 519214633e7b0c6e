//! Every fixture in `tests/fixtures/` is served over loopback HTTP, decoded by
//! the generated client, re-encoded, and compared with the original value for
//! value: same numbers in the same form, same strings, same unknown enum
//! values, same unknown fields.
//!
//! One normalisation is applied to both sides, and only this one: a key whose
//! value is `null` or `[]` is the same as an absent key (the generated types
//! hold optional fields as `Option`/`Vec` and do not write empty ones).

mod common;

use std::path::{Path, PathBuf};

use common::clock::TestClock;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{AuthError, Client, Error, OperationError, RetryPolicy, ZoomCode};

fn fixture_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(fixture_root()).expect("fixtures dir") {
        let dir = dir.expect("entry").path();
        // Webhook bodies are not API responses; tests/tests/webhook_events.rs covers them.
        if !dir.is_dir() || dir.ends_with("webhooks") {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("fixture dir") {
            let file = file.expect("entry").path();
            if file.extension().is_some_and(|e| e == "json") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// Removes keys whose value is `null` or `[]`, recursively.
fn normalise(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)));
            map.values_mut().for_each(normalise);
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        _ => {}
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("typed values encode")
}

/// Calls the operation the fixture's directory names; returns the re-encoded body.
/// An error fixture must also decode to the status and the named `ZoomCode` its file name gives.
async fn decode_through(client: &Client, operation: &str, path: &Path) -> Result<Value, String> {
    let describe = |e: OperationError| format!("{e:?}");
    let value = match operation {
        "recordings_list" => encode(
            &*client
                .recordings_list()
                .user_id("me")
                .send()
                .await
                .map_err(describe)?,
        ),
        "recording_get" => encode(
            &*client
                .recording_get()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "get_account_cloud_recording" => encode(
            &*client
                .get_account_cloud_recording()
                .account_id("me")
                .send()
                .await
                .map_err(describe)?,
        ),
        "list_archived_files" => encode(&*client.list_archived_files().send().await.map_err(describe)?),
        "meeting_recording_registrants" => encode(
            &*client
                .meeting_recording_registrants()
                .meeting_id(1)
                .send()
                .await
                .map_err(describe)?,
        ),
        "meeting_recording_registrant_create" => encode(
            &*client
                .meeting_recording_registrant_create()
                .meeting_id(1)
                .body_map(|b| b.email("a@example.com").first_name("A"))
                .send()
                .await
                .map_err(describe)?,
        ),
        "recording_registrants_questions_get" => encode(
            &*client
                .recording_registrants_questions_get()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "recording_setting_update" => encode(
            &*client
                .recording_setting_update()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "analytics_details" => encode(
            &*client
                .analytics_details()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "analytics_summary" => encode(
            &*client
                .analytics_summary()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "get_meeting_transcript" => encode(
            &*client
                .get_meeting_transcript()
                .meeting_id("1")
                .send()
                .await
                .map_err(describe)?,
        ),
        "get_archived_file_statistics" => encode(
            &*client
                .get_archived_file_statistics()
                .send()
                .await
                .map_err(describe)?,
        ),
        "get_archived_files" => encode(
            &*client
                .get_archived_files()
                .meeting_uuid("x")
                .send()
                .await
                .map_err(describe)?,
        ),
        "listmeetingsummaries" => encode(&*client.listmeetingsummaries().send().await.map_err(describe)?),
        "getameetingsummary" => encode(
            &*client
                .getameetingsummary()
                .meeting_id("x")
                .send()
                .await
                .map_err(describe)?,
        ),
        "users" => encode(&*client.users().send().await.map_err(describe)?),
        "errors" => {
            let error = match client.recording_get().meeting_id("1").send().await {
                Ok(value) => return Err(format!("expected an error, got {value:?}")),
                Err(e) => Error::from(e),
            };
            let api = match &error {
                Error::Api(api) => api.as_ref().clone(),
                Error::RateLimited(limited) => limited.api.clone(),
                Error::Auth(auth) => match auth.as_ref() {
                    AuthError::TokenRejected(api) => api.clone(),
                    other => return Err(format!("expected a rejected token, got {other:?}")),
                },
                other => return Err(format!("expected a typed Zoom error, got {other:?}")),
            };
            let (status, code) = status_and_code_in_name(path);
            if api.status != status {
                return Err(format!("served with HTTP {status}, reported as {}", api.status));
            }
            match api.code {
                Some(ZoomCode::Other(n)) => return Err(format!("code {n} has no ZoomCode name")),
                Some(named) if named.number() == code => {}
                other => {
                    return Err(format!(
                        "expected the code {code} of the file name, got {other:?}"
                    ));
                }
            }
            encode(&serde_json::json!({
                "code": api.code.map(ZoomCode::number),
                "message": api.message,
                "errors": api.field_errors,
            }))
        }
        other => return Err(format!("no operation for fixture directory `{other}`")),
    };
    Ok(value)
}

/// Error fixtures are decoded from the first answer: no retries.
fn no_retries(server: &MockServer) -> Client {
    common::builder(server, &TestClock::new())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

/// The HTTP status and Zoom code an error fixture's name gives: errors/<status>_<code>_<what>.json.
fn status_and_code_in_name(path: &Path) -> (u16, i64) {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let mut parts = name.split('_');
    let status = parts.next().and_then(|s| s.parse().ok());
    let code = parts.next().and_then(|s| s.parse().ok());
    status
        .zip(code)
        .unwrap_or_else(|| panic!("error fixtures are named <status>_<code>_<what>.json, not {name}"))
}

/// The HTTP status a fixture is served with: the one its name gives for errors, 201 for creates.
fn status_of(path: &Path, operation: &str) -> u16 {
    match operation {
        "errors" => status_and_code_in_name(path).0,
        "meeting_recording_registrant_create" => 201,
        _ => 200,
    }
}

#[tokio::test]
async fn every_fixture_round_trips_value_for_value() {
    let files = fixtures();
    assert!(
        files.len() >= 100,
        "the corpus has {} fixtures, expected at least 100",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let operation = path
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|d| d.to_str())
            .unwrap();
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let mut original: Value = serde_json::from_str(&text).expect("fixture is JSON");
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(status_of(path, operation))
                    .set_body_raw(text.clone(), "application/json"),
            )
            .mount(&server)
            .await;
        let name = path.strip_prefix(fixture_root()).unwrap().display().to_string();
        match decode_through(&no_retries(&server), operation, path).await {
            Err(error) => failures.push(format!("{name}: did not decode: {error}")),
            Ok(mut decoded) => {
                normalise(&mut original);
                normalise(&mut decoded);
                if decoded != original {
                    failures.push(format!(
                        "{name}: re-encoded value differs\n  original: {original}\n  decoded:  {decoded}"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Every directory the round trip reads; the ones of the issue-10 operations last.
const DIRECTORIES: [&str; 17] = [
    "errors",
    "get_account_cloud_recording",
    "list_archived_files",
    "meeting_recording_registrant_create",
    "meeting_recording_registrants",
    "recording_get",
    "recording_registrants_questions_get",
    "recording_setting_update",
    "recordings_list",
    "analytics_details",
    "analytics_summary",
    "get_archived_file_statistics",
    "get_archived_files",
    "get_meeting_transcript",
    "getameetingsummary",
    "listmeetingsummaries",
    "users",
];

#[test]
fn every_operation_directory_holds_fixtures() {
    let mut found = std::collections::BTreeMap::<String, usize>::new();
    for file in fixtures() {
        let dir = file.parent().and_then(|d| d.file_name()).and_then(|d| d.to_str());
        *found.entry(dir.unwrap().to_owned()).or_default() += 1;
    }
    let mut expected = DIRECTORIES.map(str::to_owned).to_vec();
    expected.sort();
    assert_eq!(found.keys().cloned().collect::<Vec<_>>(), expected);
    for (dir, count) in &found {
        assert!(*count >= 2, "{dir} has {count} fixture(s)");
    }
}

#[test]
fn a_non_numeric_count_is_an_error_naming_the_field() {
    let body = br#"{"meetings": [{"id": 1, "recording_count": "three", "recording_files": []}]}"#;
    let error = zoom_cloud_recording::decode::<zoom_cloud_recording::types::RecordingList>(body).unwrap_err();
    assert_eq!(error.path(), "meetings[0].recording_count");
    assert!(error.to_string().contains("three"), "{error}");
}

#[test]
fn an_integer_id_never_becomes_an_empty_string() {
    let body = br#"{"id": 87287728097, "uuid": "x"}"#;
    let meeting: zoom_cloud_recording::types::RecordingMeeting = zoom_cloud_recording::decode(body).unwrap();
    assert_eq!(meeting.id.map(|id| id.get()), Some(87_287_728_097));
}
