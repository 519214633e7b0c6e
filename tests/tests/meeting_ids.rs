//! Every operation that takes a meeting id or UUID as a `String` path parameter,
//! called over real HTTP on 127.0.0.1 with a [`MeetingRef`] for each kind of
//! reference: the raw (still percent-encoded) path on the wire must follow
//! Zoom's rule (a UUID that begins with `/` or contains `//` is encoded twice,
//! any other once), and only the meeting segment is ever encoded twice.

mod common;

use common::{client, sent_by_sdk};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_cloud_recording::{Client, MeetingRef, OperationError, types};

/// A recording file id with a `/`: always encoded once, whatever the meeting segment.
const RECORDING_ID: &str = "abc/def";

/// (what the caller has, the meeting segment expected on the wire)
const CASES: &[(&str, &str)] = &[
    // A numeric id: its digits.
    ("85746065432", "85746065432"),
    // Encoded once. progenitor's path encoding leaves `=` and `+` as they are: both are legal
    // in a path segment (RFC 3986 sub-delims) and `+` means a plus, not a space, in a path, so
    // this is the same segment as encodeURIComponent's `4444AAAiAAAAAiAiAiiAii%3D%3D` once the
    // server decodes it.
    ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii=="),
    // A `/` inside but no `//`: encoded once, so the `/` is `%2F` and cannot split the path.
    ("ab/c+d==", "ab%2Fc+d=="),
    // Zoom's documented example: begins with `/`, so encoded twice.
    ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
    // Contains `//`: encoded twice.
    ("Xy//Zw==", "Xy%252F%252FZw%253D%253D"),
    // Encoded twice, `+` included (progenitor alone would leave it).
    ("/Q+w//e==", "%252FQ%252Bw%252F%252Fe%253D%253D"),
];

/// An operation, named after its operationId without the `recording_` prefix.
#[derive(Clone, Copy, Debug)]
enum Op {
    Get,
    Delete,
    DeleteOne,
    StatusUpdate,
    StatusUpdateOne,
    SettingUpdate,
    SettingsUpdate,
    RegistrantsQuestionsGet,
    RegistrantQuestionUpdate,
}

const OPS: [Op; 9] = [
    Op::Get,
    Op::Delete,
    Op::DeleteOne,
    Op::StatusUpdate,
    Op::StatusUpdateOne,
    Op::SettingUpdate,
    Op::SettingsUpdate,
    Op::RegistrantsQuestionsGet,
    Op::RegistrantQuestionUpdate,
];

impl Op {
    /// The method, what follows `/meetings/{segment}/recordings` (the recording id encoded once,
    /// whatever the meeting segment), and a documented answer.
    fn route(self) -> (&'static str, &'static str, ResponseTemplate) {
        let json = || ResponseTemplate::new(200).set_body_json(json!({}));
        let empty = || ResponseTemplate::new(204);
        match self {
            Op::Get => ("GET", "", json()),
            Op::Delete => ("DELETE", "", empty()),
            Op::DeleteOne => ("DELETE", "/abc%2Fdef", empty()),
            Op::StatusUpdate => ("PUT", "/status", empty()),
            Op::StatusUpdateOne => ("PUT", "/abc%2Fdef/status", empty()),
            Op::SettingUpdate => ("GET", "/settings", json()),
            Op::SettingsUpdate => ("PATCH", "/settings", empty()),
            Op::RegistrantsQuestionsGet => ("GET", "/registrants/questions", json()),
            Op::RegistrantQuestionUpdate => ("PATCH", "/registrants/questions", empty()),
        }
    }

    /// Sends the operation with `meeting` handed straight to its path setter.
    async fn call(self, client: &Client, meeting: &MeetingRef) -> Result<(), OperationError> {
        match self {
            Op::Get => client.recording_get().meeting_id(meeting).send().await.map(drop),
            Op::Delete => client
                .recording_delete()
                .meeting_id(meeting)
                .send()
                .await
                .map(drop),
            Op::DeleteOne => client
                .recording_delete_one()
                .meeting_id(meeting)
                .recording_id(RECORDING_ID)
                .send()
                .await
                .map(drop),
            Op::StatusUpdate => client
                .recording_status_update()
                .meeting_uuid(meeting)
                .send()
                .await
                .map(drop),
            Op::StatusUpdateOne => client
                .recording_status_update_one()
                .meeting_id(meeting)
                .recording_id(RECORDING_ID)
                .send()
                .await
                .map(drop),
            Op::SettingUpdate => client
                .recording_setting_update()
                .meeting_id(meeting)
                .send()
                .await
                .map(drop),
            Op::SettingsUpdate => client
                .recording_settings_update()
                .meeting_id(meeting)
                .send()
                .await
                .map(drop),
            Op::RegistrantsQuestionsGet => client
                .recording_registrants_questions_get()
                .meeting_id(meeting)
                .send()
                .await
                .map(drop),
            Op::RegistrantQuestionUpdate => client
                .recording_registrant_question_update()
                .meeting_id(meeting)
                .body(serde_json::from_value::<types::RecordingRegistrantQuestions>(json!({})).unwrap())
                .send()
                .await
                .map(drop),
        }
    }
}

/// Decodes `%XX` escapes once, as a server does with a path segment.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn expected_segments_decode_back_to_the_reference() {
    for &(input, segment) in CASES {
        let meeting: MeetingRef = input.parse().expect("parses");
        let mut decoded = percent_decode(segment);
        if meeting.needs_double_encoding() {
            assert_ne!(
                decoded, input,
                "{input}: a double-encoded segment must not decode in one pass"
            );
            decoded = percent_decode(&decoded);
        }
        assert_eq!(decoded, input, "{input}");
        assert_eq!(meeting.to_string(), input, "Display is the plain value");
    }
}

#[tokio::test]
async fn meeting_segment_follows_zooms_double_encoding_rule_on_every_operation() {
    for &(input, segment) in CASES {
        let meeting: MeetingRef = input.parse().expect("parses");
        for op in OPS {
            let (verb, suffix, response) = op.route();
            let path = format!("/meetings/{segment}/recordings{suffix}");
            let server = MockServer::start().await;
            Mock::given(method(verb))
                .and({
                    let path = path.clone();
                    move |request: &Request| request.url.path() == path
                })
                .and(sent_by_sdk)
                .respond_with(response)
                .named(format!("{op:?} {input:?} at {path}"))
                .expect(1)
                .mount(&server)
                .await;

            let result = op.call(&client(&server), &meeting).await;
            let seen: Vec<String> = server
                .received_requests()
                .await
                .unwrap_or_default()
                .iter()
                .map(|r| format!("{} {}", r.method, r.url.path()))
                .collect();
            assert!(
                result.is_ok(),
                "{op:?} with {input:?}: expected {verb} {path}, sent {seen:?}: {result:?}"
            );
            server.verify().await;
        }
    }
}

/// A recording id (or user id) that is empty, `.` or `..` would make the URL name the parent:
/// `DELETE /meetings/{id}/recordings/..` resolves to `DELETE /meetings/{id}/recordings`, every
/// file of the meeting. Such a request is refused before anything is sent.
#[tokio::test]
async fn a_dot_or_empty_path_parameter_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server);
    let meeting: MeetingRef = "85746065432".parse().expect("parses");
    for bad in ["", ".", ".."] {
        let delete_one = client
            .recording_delete_one()
            .meeting_id(&meeting)
            .recording_id(bad)
            .send()
            .await
            .map(drop);
        let status_one = client
            .recording_status_update_one()
            .meeting_id(&meeting)
            .recording_id(bad)
            .send()
            .await
            .map(drop);
        let listing = client.recordings_list().user_id(bad).send().await.map(drop);
        for (result, parameter) in [
            (delete_one, "recording_id"),
            (status_one, "recording_id"),
            (listing, "user_id"),
        ] {
            let error = zoom_cloud_recording::Error::from(result.expect_err("refused"));
            assert!(
                matches!(&error, zoom_cloud_recording::Error::InvalidRequest(why) if why.contains(&format!("`{parameter}`"))),
                "{bad:?}: {error}"
            );
        }
    }
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing may reach the server: {sent:?}");
}
