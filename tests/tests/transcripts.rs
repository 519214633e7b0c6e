//! `Client::transcript` over loopback: one typed outcome per answer Zoom
//! gives, the request path Zoom expects (double-encoded UUIDs), every other
//! failure still an error, and a ready transcript downloaded through the same
//! machinery as recording files.

mod common;

use std::path::Path;

use common::clock::TestClock;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_cloud_recording::quirks::TranscriptRestriction;
use zoom_cloud_recording::{
    DownloadError, Error, ExpectedContent, MeetingRef, RateLimitKind, RetryPolicy, Transcript, ZoomCode,
};

const VTT: &str = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.200\nAda: Shall we start with the roadmap?\n\n\
                   2\n00:00:04.900 --> 00:00:07.000\nGrace: Yes, slide one.\n";

const DOWNLOAD_PATH: &str = "/rec/meeting/transcript/download/Ewo5T3a9L-yMiv5jX0VN31BeVqf4tHs";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn no_part_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".part"))
}

/// Zoom's answer to `GET {raw}` is `response`; the SDK must send exactly that path, once.
async fn mount(server: &MockServer, raw: &'static str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(common::raw_path(raw))
        .and(common::sent_by_sdk)
        .and(common::no_body)
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The outcome of asking for `meeting`'s transcript when Zoom answers `status` with `body` at `raw`.
async fn outcome(
    meeting: MeetingRef,
    raw: &'static str,
    status: u16,
    body: Value,
) -> Result<Transcript, Error> {
    let server = MockServer::start().await;
    mount(&server, raw, ResponseTemplate::new(status).set_body_json(body)).await;
    let outcome = common::client(&server).transcript(&meeting).await;
    assert_no_token(&outcome);
    outcome
}

fn assert_no_token(outcome: &Result<Transcript, Error>) {
    for shown in [format!("{outcome:?}"), format!("{outcome:#?}")] {
        assert!(!shown.contains(common::TOKEN), "{shown}");
    }
    if let Err(error) = outcome {
        assert!(!error.to_string().contains(common::TOKEN), "{error}");
    }
}

/// The ready fixture, its `download_url` moved to `host`.
fn ready_body(host: &MockServer) -> Value {
    let mut body = common::fixture("get_meeting_transcript/ready_with_download_url.json");
    body["download_url"] = json!(format!("{}{DOWNLOAD_PATH}", host.uri()));
    body
}

#[tokio::test]
async fn a_ready_transcript_downloads_as_verified_webvtt_with_the_account_token() {
    let server = MockServer::start().await;
    mount(
        &server,
        "/meetings/qT7mB2+yZkW9nV4sX0cLdg==/transcript",
        ResponseTemplate::new(200).set_body_json(ready_body(&server)),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(DOWNLOAD_PATH))
        .and(header(
            "authorization",
            format!("Bearer {}", common::TOKEN).as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(VTT, "text/vtt; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);

    let outcome = client
        .transcript(MeetingRef::uuid("qT7mB2+yZkW9nV4sX0cLdg=="))
        .await;
    assert_no_token(&outcome);
    let Ok(Transcript::Ready { transcript, request }) = outcome else {
        panic!("not ready: {outcome:?}")
    };
    assert_eq!(
        transcript.meeting_topic.as_deref(),
        Some("Quarterly planning sync")
    );
    assert_eq!(transcript.auto_delete, Some(true));
    assert_eq!(request.url(), format!("{}{DOWNLOAD_PATH}", server.uri()));
    assert_eq!(request.expected_content(), ExpectedContent::Text);

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.vtt");
    let done = client
        .download(request)
        .to_path(&target)
        .await
        .expect("downloaded");
    assert_eq!(std::fs::read(&target).unwrap(), VTT.as_bytes());
    assert_eq!(done.bytes, VTT.len() as u64);
    assert_eq!(done.sha256, sha256(VTT.as_bytes()));
    assert_eq!(done.path.as_deref(), Some(target.as_path()));
    assert!(no_part_files(dir.path()));
}

#[tokio::test]
async fn an_error_page_where_the_transcript_was_expected_is_refused_and_no_file_is_written() {
    let cases = [
        (
            "<!DOCTYPE html><html><body>Sign in to Zoom</body></html>",
            "text/html; charset=utf-8",
        ),
        // The right type for a transcript, but the body is a page.
        ("\n  <html><head><title>Error</title></head></html>", "text/vtt"),
        (
            r#"{"code":124,"message":"Invalid access token."}"#,
            "application/json",
        ),
        // No type at all: judged by the first bytes.
        (r#"{"code":124,"message":"Invalid access token."}"#, ""),
    ];
    for (body, content_type) in cases {
        let server = MockServer::start().await;
        mount(
            &server,
            "/meetings/qT7mB2+yZkW9nV4sX0cLdg==/transcript",
            ResponseTemplate::new(200).set_body_json(ready_body(&server)),
        )
        .await;
        Mock::given(method("GET"))
            .and(path(DOWNLOAD_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
            .mount(&server)
            .await;
        let client = common::client(&server);
        let outcome = client
            .transcript(MeetingRef::uuid("qT7mB2+yZkW9nV4sX0cLdg=="))
            .await;
        let Ok(Transcript::Ready { request, .. }) = outcome else {
            panic!("not ready: {outcome:?}")
        };
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("meeting.vtt");

        let error = client
            .download(request)
            .to_path(&target)
            .await
            .expect_err("an error page is not a transcript");
        assert!(
            matches!(&error, Error::Download(e) if matches!(**e, DownloadError::UnexpectedContent { .. })),
            "{content_type}: {error:?}"
        );
        assert!(!error.to_string().contains(common::TOKEN), "{error}");
        assert!(!target.exists(), "{content_type}");
        assert!(no_part_files(dir.path()), "{content_type}");
    }
}

#[tokio::test]
async fn the_account_token_does_not_follow_a_transcript_url_to_another_host() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    mount(
        &api,
        "/meetings/qT7mB2+yZkW9nV4sX0cLdg==/transcript",
        ResponseTemplate::new(200).set_body_json(ready_body(&elsewhere)),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(DOWNLOAD_PATH))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(VTT, "text/vtt"))
        .expect(1)
        .mount(&elsewhere)
        .await;
    let client = common::client(&api);
    let Ok(Transcript::Ready { request, .. }) = client
        .transcript(MeetingRef::uuid("qT7mB2+yZkW9nV4sX0cLdg=="))
        .await
    else {
        panic!("not ready")
    };

    let mut sink = Vec::new();
    let done = client
        .download(request)
        .to_writer(&mut sink)
        .await
        .expect("downloaded");
    assert_eq!(sink, VTT.as_bytes());
    assert_eq!(done.sha256, sha256(VTT.as_bytes()));
}

#[tokio::test]
async fn not_ready_is_its_own_outcome() {
    let outcome = outcome(
        MeetingRef::uuid("Fh3Rk8+Lw0Pq5Zs2Nc9VyA=="),
        "/meetings/Fh3Rk8+Lw0Pq5Zs2Nc9VyA==/transcript",
        200,
        common::fixture("get_meeting_transcript/not_ready_null_download_url.json"),
    )
    .await
    .expect("an outcome");
    let Transcript::NotReady { transcript } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        transcript.meeting_topic.as_deref(),
        Some("Design review (running late)")
    );
    assert!(outcome.download_request().is_none());
}

#[tokio::test]
async fn deleted_or_trashed_is_restricted_and_a_double_slash_uuid_is_double_encoded() {
    let outcome = outcome(
        MeetingRef::uuid("Jx5Tn0W//Qb8Rm2Lk7Yp+w=="),
        "/meetings/Jx5Tn0W%252F%252FQb8Rm2Lk7Yp%252Bw%253D%253D/transcript",
        200,
        common::fixture("get_meeting_transcript/deleted_or_trashed_double_slash_uuid.json"),
    )
    .await
    .expect("an outcome");
    let Transcript::Restricted { reason, transcript } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(*reason, TranscriptRestriction::DeletedOrTrashed);
    assert_eq!(transcript.meeting_id.as_deref(), Some("Jx5Tn0W//Qb8Rm2Lk7Yp+w=="));
}

#[tokio::test]
async fn no_transcript_data_is_restricted_and_a_leading_slash_uuid_is_double_encoded() {
    let outcome = outcome(
        MeetingRef::uuid("/Vd2Hs6Kq9Mx1Wr4Tz8BnQ=="),
        "/meetings/%252FVd2Hs6Kq9Mx1Wr4Tz8BnQ%253D%253D/transcript",
        200,
        common::fixture("get_meeting_transcript/no_transcript_data_leading_slash_uuid.json"),
    )
    .await
    .expect("an outcome");
    assert!(
        matches!(
            &outcome,
            Transcript::Restricted {
                reason: TranscriptRestriction::NoTranscriptData,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn unsupported_for_a_webinar_id_is_restricted() {
    let outcome = outcome(
        "98765432109".parse().unwrap(),
        "/meetings/98765432109/transcript",
        200,
        common::fixture("get_meeting_transcript/unsupported_webinar_numeric_id.json"),
    )
    .await
    .expect("an outcome");
    assert!(
        matches!(
            &outcome,
            Transcript::Restricted {
                reason: TranscriptRestriction::Unsupported,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn an_unknown_reason_is_restricted_verbatim_and_unknown_fields_are_kept() {
    let outcome = outcome(
        MeetingRef::uuid("Ne4Gc7+Ua1Yk6Hq3Ro0Jmw=="),
        "/meetings/Ne4Gc7+Ua1Yk6Hq3Ro0Jmw==/transcript",
        200,
        common::fixture("get_meeting_transcript/unknown_reason_and_fields.json"),
    )
    .await
    .expect("an outcome");
    let Transcript::Restricted { reason, transcript } = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(*reason, TranscriptRestriction::Unknown("LEGAL_HOLD".into()));
    assert_eq!(reason.to_string(), "LEGAL_HOLD");
    assert_eq!(transcript.extra.get("transcript_language"), Some(&json!("de-DE")));
}

#[tokio::test]
async fn code_3322_is_the_absent_outcome_not_an_error() {
    let outcome = outcome(
        MeetingRef::uuid("/ajXp112QmuoKj4854875=="),
        "/meetings/%252FajXp112QmuoKj4854875%253D%253D/transcript",
        404,
        common::fixture("errors/404_3322_transcript_does_not_exist.json"),
    )
    .await
    .expect("an outcome");
    assert!(matches!(outcome, Transcript::Absent), "{outcome:?}");
    assert!(outcome.metadata().is_none());
}

#[tokio::test]
async fn contradictory_bodies_are_decode_errors_naming_the_field_never_ready() {
    let cases = [
        (json!({"can_download": true}), "download_url"),
        (
            json!({"can_download": true, "download_url": null}),
            "download_url",
        ),
        (json!({"can_download": true, "download_url": ""}), "download_url"),
        (json!({"can_download": false}), "download_restriction_reason"),
        (
            json!({"can_download": false, "download_restriction_reason": null}),
            "download_restriction_reason",
        ),
        (
            json!({"can_download": true, "download_url": "https://zoom.us/rec/x", "download_restriction_reason": "NOT_READY"}),
            "download_restriction_reason",
        ),
        (json!({"download_url": "https://zoom.us/rec/x"}), "can_download"),
    ];
    for (fields, field) in cases {
        let mut body = json!({"meeting_id": "Kp2Wq8+Zr5Tn1Hs4Ld7Vxg==", "meeting_topic": "Standup"});
        body.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        let shown = body.to_string();
        let outcome = outcome(
            MeetingRef::uuid("Kp2Wq8+Zr5Tn1Hs4Ld7Vxg=="),
            "/meetings/Kp2Wq8+Zr5Tn1Hs4Ld7Vxg==/transcript",
            200,
            body,
        )
        .await;
        match outcome {
            Err(Error::Decode(failure)) => {
                assert_eq!(failure.path.as_deref(), Some(field), "{shown}");
                assert_eq!(failure.operation, Some("get_meeting_transcript"), "{shown}");
                assert_eq!(failure.status, Some(200), "{shown}");
                let text = failure.to_string();
                assert!(text.contains(&format!("`{field}`")), "{text}");
            }
            other => panic!("{shown}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn code_3301_stays_an_api_error() {
    let error = outcome(
        MeetingRef::id(85_746_065_432),
        "/meetings/85746065432/transcript",
        404,
        common::fixture("errors/404_3301_no_recording.json"),
    )
    .await
    .expect_err("3301 is not a transcript outcome");
    assert!(
        matches!(&error, Error::Api(api) if api.status == 404),
        "{error:?}"
    );
    assert_eq!(error.code(), Some(ZoomCode::RecordingNotFound));
}

#[tokio::test]
async fn a_rejected_token_stays_an_auth_error() {
    let error = outcome(
        MeetingRef::id(85_746_065_432),
        "/meetings/85746065432/transcript",
        401,
        common::fixture("errors/401_124_invalid_token.json"),
    )
    .await
    .expect_err("401 is not a transcript outcome");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
}

#[tokio::test]
async fn a_429_that_outlasts_the_retries_stays_a_rate_limit_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(common::raw_path("/meetings/85746065432/transcript"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-type", "QPS")
                .set_body_json(common::fixture("errors/429_429_qps.json")),
        )
        .expect(3)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock)
        .retry_policy(RetryPolicy::default().without_jitter().max_attempts(3))
        .build()
        .unwrap();

    let error = client
        .transcript(MeetingRef::id(85_746_065_432))
        .await
        .expect_err("rate limited");
    match &error {
        Error::RateLimited(limited) => assert_eq!(limited.kind, RateLimitKind::PerSecond),
        other => panic!("{other:?}"),
    }
    assert_eq!(clock.sleeps().len(), 2, "waited between the three attempts");
}
