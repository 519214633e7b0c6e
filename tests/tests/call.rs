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
