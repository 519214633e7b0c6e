//! `Operation::call`: the bare value on success, and an `Error` that names the
//! operation and the field when Zoom's body does not decode.

mod common;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{Error, MeetingRef, Operation};

#[tokio::test]
async fn call_returns_the_value_and_names_the_failing_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/meetings/85746065432/recordings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uuid": "abc==", "topic": "Weekly", "recording_files": [{"id": "f1", "file_size": 1024}]
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/meetings/85746065432/recordings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uuid": "abc==", "password": "PASSCODE-1", "recording_files": [{"id": "f1", "file_size": [1]}]
        })))
        .mount(&server)
        .await;
    let client = common::client(&server);
    let meeting = MeetingRef::id(85746065432);

    let recordings = client
        .recording_get()
        .meeting_id(&meeting)
        .call()
        .await
        .expect("decodes");
    assert_eq!(recordings.topic.as_deref(), Some("Weekly"));
    assert_eq!(recordings.recording_files[0].file_size.map(|s| *s), Some(1024));

    let error = client
        .recording_get()
        .meeting_id(&meeting)
        .call()
        .await
        .expect_err("bad file_size");
    let Error::Decode(failure) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(failure.operation, Some("recording_get"));
    assert_eq!(failure.path.as_deref(), Some("recording_files[0].file_size"));
    let text = error.to_string();
    assert!(
        text.contains("recording_get") && text.contains("recording_files[0].file_size"),
        "{text}"
    );
    assert!(
        !text.contains("PASSCODE-1") && !format!("{error:?}").contains("PASSCODE-1"),
        "{text}"
    );
}

#[tokio::test]
async fn send_errors_convert_into_the_same_error_with_question_mark() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/meetings/85746065432/recordings"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(
                json!({"code": 3303, "message": "You can not delete an uncompleted meeting."}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    async fn delete(client: &zoom_cloud_recording::Client) -> Result<(), Error> {
        client.recording_delete().meeting_id("85746065432").send().await?;
        Ok(())
    }
    let error = delete(&client).await.expect_err("3303");
    assert_eq!(
        error.code(),
        Some(zoom_cloud_recording::ZoomCode::MeetingNotEnded)
    );
    assert!(
        error.to_string().contains("wait until the meeting has ended"),
        "{error}"
    );
}

/// Serves `body` with 200 at `route` (any method) for every request.
async fn serving(route: &str, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// The `Decode` failure of `result`, with its operation and path.
fn decode_failure<T: std::fmt::Debug>(result: Result<T, Error>) -> (Option<&'static str>, Option<String>) {
    match result {
        Err(Error::Decode(failure)) => (failure.operation, failure.path),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn call_names_the_new_operations_and_their_failing_fields() {
    let server = serving(
        "/users",
        json!({"users": [{"id": "u1", "host_key": "0071936504", "pmi": [1]}]}),
    )
    .await;
    let failure = decode_failure(common::client(&server).users().call().await);
    assert_eq!(failure, (Some("users"), Some("users[0].pmi".into())));

    let server = serving(
        "/meetings/85746065432/recordings/analytics_details",
        json!({"analytics_details": [{"name": "A", "duration": "long"}]}),
    )
    .await;
    let result = common::client(&server)
        .analytics_details()
        .meeting_id(MeetingRef::id(85746065432))
        .call()
        .await;
    assert_eq!(
        decode_failure(result),
        (
            Some("analytics_details"),
            Some("analytics_details[0].duration".into())
        )
    );

    let server = serving(
        "/past_meetings/abc==/archive_files",
        json!({"uuid": "abc==", "archive_files": [{"id": "f1", "file_size": {"bytes": 1}}]}),
    )
    .await;
    let result = common::client(&server)
        .get_archived_files()
        .meeting_uuid(MeetingRef::uuid("abc=="))
        .call()
        .await;
    assert_eq!(
        decode_failure(result),
        (
            Some("get_archived_files"),
            Some("archive_files[0].file_size".into())
        )
    );

    let server = serving(
        "/meetings/meeting_summaries",
        json!({"summaries": [{"meeting_uuid": "abc==", "meeting_id": true}]}),
    )
    .await;
    let result = common::client(&server).listmeetingsummaries().call().await;
    assert_eq!(
        decode_failure(result),
        (
            Some("listmeetingsummaries"),
            Some("summaries[0].meeting_id".into())
        )
    );

    let server = serving(
        "/meetings/85746065432/transcript",
        json!({"meeting_id": "85746065432", "can_download": "yes"}),
    )
    .await;
    let result = common::client(&server)
        .get_meeting_transcript()
        .meeting_id(MeetingRef::id(85746065432))
        .call()
        .await;
    assert_eq!(
        decode_failure(result),
        (Some("get_meeting_transcript"), Some("can_download".into()))
    );
}

#[tokio::test]
async fn call_on_the_new_deletes_and_the_update_returns_unit() {
    let server = MockServer::start().await;
    for (verb, route) in [
        ("DELETE", "/meetings/85746065432/transcript"),
        ("DELETE", "/past_meetings/abc==/archive_files"),
        ("DELETE", "/meetings/abc==/meeting_summary"),
        ("PATCH", "/archive_files/f1"),
    ] {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = common::client(&server);
    let meeting = MeetingRef::uuid("abc==");
    let () = client
        .delete_meeting_transcript()
        .meeting_id(MeetingRef::id(85746065432))
        .call()
        .await
        .expect("transcript deleted");
    let () = client
        .delete_archived_files()
        .meeting_uuid(&meeting)
        .call()
        .await
        .expect("archived files deleted");
    let () = client
        .deletemeetingorwebinarsummary()
        .meeting_id(&meeting)
        .call()
        .await
        .expect("summary deleted");
    let () = client
        .update_archived_file()
        .file_id("f1")
        .body_map(|b| b.auto_delete(true))
        .call()
        .await
        .expect("archived file updated");
}
