//! Credentials in responses and request bodies (`download_access_token`,
//! `password`, `recording_play_passcode`, a user's `host_key`) are `Secret`s:
//! `Debug` never shows them, `expose()` returns them, and serialising writes
//! them back unchanged.

mod common;

use std::path::PathBuf;

use common::{client, exact_query, fixture, raw_path, sent_by_sdk};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{Secret, decode, types};

const DOWNLOAD_TOKEN_FIXTURE: &str = "recording_get/participant_audio_files_download_token.json";
const SETTINGS_FIXTURE: &str = "recording_setting_update/manual_approval_auto_delete.json";
const HOST_KEY_FIXTURE: &str = "users/host_key_numeric_strings.json";

/// The string at `key` of a fixture's top-level object.
fn text<'a>(body: &'a Value, key: &str) -> &'a str {
    body[key]
        .as_str()
        .unwrap_or_else(|| panic!("the fixture has a string `{key}`"))
}

fn expose(secret: &Option<Secret>) -> Option<&str> {
    secret.as_ref().map(Secret::expose)
}

fn assert_hidden(debug: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!secret.is_empty(), "the fixture's secrets are not empty");
        assert!(!debug.contains(secret), "Debug output shows `{secret}`:\n{debug}");
    }
}

#[tokio::test]
async fn get_meeting_recordings_never_shows_its_secrets() {
    let body = fixture(DOWNLOAD_TOKEN_FIXTURE);
    let token = text(&body, "download_access_token");
    let password = text(&body, "password");
    let passcode = text(&body, "recording_play_passcode");
    assert!(token.starts_with("eyJ"), "a JWT");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/meetings/85746065432/recordings"))
        .and(exact_query(&[("include_fields", "download_access_token")]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .recording_get()
        .meeting_id("85746065432")
        .include_fields("download_access_token")
        .send()
        .await
        .expect("get succeeds");

    let secrets = [token, password, passcode];
    assert_hidden(&format!("{response:?}"), &secrets);
    assert_hidden(&format!("{response:#?}"), &secrets);
    let meeting = response.into_inner();
    assert_hidden(&format!("{meeting:?}"), &secrets);
    assert_hidden(&format!("{:?}", meeting.download_access_token), &secrets);
    assert!(format!("{meeting:?}").contains("[redacted]"));
    assert_eq!(
        meeting.download_access_token.as_ref().map(ToString::to_string),
        Some("[redacted]".into()),
        "Display is redacted too"
    );

    assert_eq!(expose(&meeting.download_access_token), Some(token));
    assert_eq!(expose(&meeting.password), Some(password));
    assert_eq!(expose(&meeting.recording_play_passcode), Some(passcode));

    let encoded = serde_json::to_value(&meeting).expect("encodes");
    assert_eq!(encoded, body, "serialising keeps every value, secrets included");
}

#[test]
fn a_list_page_never_shows_play_passcodes() {
    let body = fixture("recordings_list/fourteen_digit_id_auto_delete.json");
    let passcode = body["meetings"][0]["recording_play_passcode"]
        .as_str()
        .expect("the fixture has a play passcode");
    let page: types::RecordingList = decode(body.to_string().as_bytes()).expect("decodes");
    assert_hidden(&format!("{page:?}"), &[passcode]);
    assert_eq!(expose(&page.meetings[0].recording_play_passcode), Some(passcode));
    assert_eq!(serde_json::to_value(&page).expect("encodes"), body);
}

#[test]
fn settings_never_show_the_password() {
    let body = fixture(SETTINGS_FIXTURE);
    let password = text(&body, "password");
    let settings: types::RecordingSettings = decode(body.to_string().as_bytes()).expect("decodes");
    assert_hidden(&format!("{settings:?}"), &[password]);
    assert_eq!(expose(&settings.password), Some(password));
    assert_eq!(serde_json::to_value(&settings).expect("encodes"), body);

    // Zoom's documented 7-character example decodes: responses do not enforce lengths.
    let short: types::RecordingSettings = decode(
        fixture("recording_setting_update/documented_example_short_password.json")
            .to_string()
            .as_bytes(),
    )
    .expect("decodes");
    assert_eq!(expose(&short.password), Some("dAbyzK1"));
}

#[tokio::test]
async fn a_settings_update_sends_the_password_but_never_shows_it() {
    let password = "Rk7!p2Qx9z";
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(raw_path("/meetings/85746065432/recordings/settings"))
        .and(body_json(json!({"password": password, "on_demand": true})))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let request = client
        .recording_settings_update()
        .meeting_id("85746065432")
        .body_map(|b| b.password(Some(Secret::from(password))).on_demand(Some(true)));
    assert_hidden(&format!("{request:?}"), &[password]);
    request.send().await.expect("settings update succeeds");

    let body: types::RecordingSettingsUpdate =
        serde_json::from_value(json!({"password": password})).expect("decodes");
    assert_hidden(&format!("{body:?}"), &[password]);
    assert_eq!(expose(&body.password), Some(password));
}

/// Whether a key carries a credential: named like one, or one of the secret
/// fields whose names do not say so (`host_key`).
fn is_secret_key(key: &str) -> bool {
    codegen::quirks::named_like_a_secret(key)
        || codegen::quirks::SECRET_FIELDS
            .iter()
            .any(|(_, field)| *field == key)
}

/// Every non-empty string under a key that carries a credential, anywhere in `value`.
fn secrets_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match child.as_str() {
                    Some(secret) if is_secret_key(key) && !secret.is_empty() => {
                        out.push(secret.to_owned());
                    }
                    _ => secrets_in(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| secrets_in(item, out)),
        _ => {}
    }
}

/// `{:?}` of the fixture decoded as the response type of its directory's operation.
fn debug_of(operation: &str, body: &[u8]) -> Option<String> {
    Some(match operation {
        "recordings_list" => format!("{:?}", decode::<types::RecordingList>(body).ok()?),
        "recording_get" => format!("{:?}", decode::<types::MeetingRecordings>(body).ok()?),
        "get_account_cloud_recording" => {
            format!("{:?}", decode::<types::AccountRecordingList>(body).ok()?)
        }
        "list_archived_files" => format!("{:?}", decode::<types::ArchivedFileList>(body).ok()?),
        "recording_setting_update" => format!("{:?}", decode::<types::RecordingSettings>(body).ok()?),
        "analytics_details" => format!("{:?}", decode::<types::RecordingAnalyticsDetails>(body).ok()?),
        "analytics_summary" => format!("{:?}", decode::<types::RecordingAnalyticsSummary>(body).ok()?),
        "get_meeting_transcript" => format!("{:?}", decode::<types::MeetingTranscript>(body).ok()?),
        "get_archived_file_statistics" => {
            format!("{:?}", decode::<types::ArchivedFileStatistics>(body).ok()?)
        }
        "get_archived_files" => format!("{:?}", decode::<types::ArchivedMeeting>(body).ok()?),
        "listmeetingsummaries" => format!("{:?}", decode::<types::MeetingSummaryList>(body).ok()?),
        "getameetingsummary" => format!("{:?}", decode::<types::MeetingSummary>(body).ok()?),
        "users" => format!("{:?}", decode::<types::UserList>(body).ok()?),
        _ => return None,
    })
}

#[test]
fn a_users_page_never_shows_host_keys() {
    let body = fixture(HOST_KEY_FIXTURE);
    let keys: Vec<&str> = body["users"]
        .as_array()
        .expect("the fixture has users")
        .iter()
        .map(|user| user["host_key"].as_str().expect("every user has a host key"))
        .collect();
    assert!(
        keys.iter().any(|key| key.starts_with('0')),
        "a key with a leading zero"
    );

    let page: types::UserList = decode(body.to_string().as_bytes()).expect("decodes");
    assert_hidden(&format!("{page:?}"), &keys);
    assert_hidden(&format!("{page:#?}"), &keys);
    assert!(format!("{:?}", page.users[0]).contains("[redacted]"));
    let exposed: Vec<_> = page.users.iter().map(|user| expose(&user.host_key)).collect();
    assert_eq!(exposed, keys.iter().copied().map(Some).collect::<Vec<_>>());
    // Serialising writes the keys back (empty lists are left out, so compare the keys only).
    let encoded = serde_json::to_value(&page).expect("encodes");
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(encoded["users"][i]["host_key"], *key);
    }
}

#[tokio::test]
async fn users_with_host_keys_over_http_never_show_them() {
    let body = fixture(HOST_KEY_FIXTURE);
    let key = body["users"][1]["host_key"]
        .as_str()
        .expect("a host key")
        .to_owned();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/users"))
        .and(exact_query(&[("include_fields", "host_key")]))
        .and(sent_by_sdk)
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .users()
        .include_fields(types::UsersIncludeFields::HostKey)
        .send()
        .await
        .expect("users page decodes");
    assert_hidden(&format!("{response:?}"), &[&key]);
    assert_eq!(expose(&response.users[1].host_key), Some(key.as_str()));
}

#[test]
fn no_fixture_shows_a_secret_in_debug_output() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = Vec::new();
    for dir in std::fs::read_dir(&root).expect("fixtures dir") {
        let dir = dir.expect("entry").path();
        let Some(operation) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        // Webhook events have their own Debug checks in tests/tests/webhook_events.rs.
        if !dir.is_dir() || operation == "webhooks" {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("fixture dir") {
            let file = file.expect("entry").path();
            if file.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let bytes = std::fs::read(&file).expect("fixture readable");
            let mut secrets = Vec::new();
            secrets_in(&serde_json::from_slice(&bytes).expect("JSON"), &mut secrets);
            if secrets.is_empty() {
                continue;
            }
            let debug = debug_of(&operation, &bytes)
                .unwrap_or_else(|| panic!("{} decodes as its operation's type", file.display()));
            for secret in &secrets {
                assert!(
                    !debug.contains(secret.as_str()),
                    "{}: Debug shows `{secret}`",
                    file.display()
                );
            }
            checked.push(file.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    assert!(
        checked.len() >= 10,
        "only {} fixtures carry secrets",
        checked.len()
    );
    assert!(
        checked.iter().any(|name| name == HOST_KEY_FIXTURE),
        "the host keys were checked: {checked:?}"
    );
}
