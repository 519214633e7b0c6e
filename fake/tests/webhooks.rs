//! Signed webhook deliveries: a tiny receiver checks the signature the way a
//! service must (HMAC-SHA256 over `v0:<ts>:<raw body>`), and the event's
//! `download_token` downloads the files from the fake.

mod common;

use common::hooks::{SECRET, check_signature, hex, hmac_hex, receiver};
use fake_zoom::{Config, DeliveryError, FakeZoom, MeetingInfo};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn completed_meeting(zoom: &FakeZoom) -> MeetingInfo {
    zoom.meetings()
        .into_iter()
        .find(|m| !m.in_progress && !m.trashed && m.files.iter().any(|f| !f.id_in_listing))
        .expect("a finished classic meeting (with id-less files)")
}

#[tokio::test]
async fn recording_completed_is_signed_realistic_and_its_token_downloads_the_files() {
    let zoom = FakeZoom::start(Config::default().seed(7)).await.unwrap();
    let (url, inbox) = receiver().await;
    let meeting = completed_meeting(&zoom);

    let status = zoom
        .deliver_recording_completed(&url, SECRET, &meeting.uuid)
        .await
        .unwrap();
    assert_eq!(status, 204);
    let received = inbox.lock().unwrap()[0].clone();
    check_signature(&received);

    let event: Value = serde_json::from_slice(&received.body).unwrap();
    assert_eq!(event["event"], "recording.completed");
    assert!(event["event_ts"].is_i64(), "event_ts in ms, a number");
    let object = &event["payload"]["object"];
    assert_eq!(object["uuid"], meeting.uuid.as_str());
    for key in ["id", "type", "duration", "total_size", "recording_count"] {
        assert!(object[key].is_u64(), "{key} is a number: {}", object[key]);
    }
    assert_eq!(object["id"], meeting.id);
    assert_eq!(object["host_email"], meeting.host_email.as_str());
    for key in [
        "host_id",
        "topic",
        "start_time",
        "timezone",
        "password",
        "share_url",
        "account_id",
    ] {
        assert!(object[key].is_string(), "{key}");
    }
    let files = object["recording_files"].as_array().unwrap();
    let live: Vec<_> = meeting
        .files
        .iter()
        .filter(|f| !f.participant_audio && !f.trashed)
        .collect();
    assert_eq!(files.len(), live.len());
    assert!(
        files.iter().any(|f| f.get("id").is_none()),
        "old-style entries keep their quirk"
    );

    // The download token downloads every file (through the file host's redirect).
    let token = event["download_token"].as_str().unwrap();
    let http = reqwest::Client::new();
    for (file, info) in files.iter().zip(&live) {
        assert_eq!(file["meeting_id"], meeting.uuid.as_str());
        assert_eq!(file["status"].as_str().unwrap_or("completed"), "completed");
        let url = file["download_url"].as_str().unwrap();
        assert_eq!(Some(url), info.download_url.as_deref());
        let resp = http.get(url).bearer_auth(token).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{url}");
        let bytes = resp.bytes().await.unwrap();
        let expected = zoom.expected_file(&info.id).unwrap();
        assert_eq!(hex(&Sha256::digest(&bytes)), expected.sha256_hex);
        if let Some(size) = file.get("file_size") {
            assert_eq!(size.as_u64(), Some(expected.size));
        }
    }
    // Without the token: refused.
    let first = files[0]["download_url"].as_str().unwrap();
    assert_eq!(http.get(first).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_second_delivery_is_a_byte_identical_duplicate() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let (url, inbox) = receiver().await;
    let meeting = completed_meeting(&zoom);
    for _ in 0..2 {
        let status = zoom
            .deliver_recording_completed(&url, SECRET, &meeting.uuid)
            .await
            .unwrap();
        assert_eq!(status, 204);
    }
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].body, got[1].body);
    got.iter().for_each(check_signature);
    assert_eq!(
        zoom.recording_completed_body(&meeting.uuid),
        Some(got[0].body.clone())
    );
}

#[tokio::test]
async fn raw_stale_and_hand_signed_deliveries_arrive_as_given() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let (url, inbox) = receiver().await;
    let body = br#"{"event":"recording.started","payload":{}}"#;
    assert_eq!(zoom.deliver_raw(&url, SECRET, body.to_vec()).await.unwrap(), 204);
    assert_eq!(
        zoom.deliver_raw_at(&url, SECRET, body.to_vec(), 1_000)
            .await
            .unwrap(),
        204
    );
    let status = zoom
        .deliver_with_headers(&url, body.to_vec(), Some("v0=abc"), None)
        .await
        .unwrap();
    assert_eq!(status, 204);
    let got = inbox.lock().unwrap().clone();
    check_signature(&got[0]);
    assert_eq!(got[1].timestamp, "1000");
    let mut message = b"v0:1000:".to_vec();
    message.extend_from_slice(body);
    assert_eq!(got[1].signature, format!("v0={}", hmac_hex(SECRET, &message)));
    assert_eq!(
        (got[2].signature.as_str(), got[2].timestamp.as_str()),
        ("v0=abc", "")
    );
    assert!(got.iter().all(|r| r.body == body));
}

#[tokio::test]
async fn url_validation_is_checked_like_zoom_and_failures_are_errors() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let (url, _) = receiver().await;
    let answer = zoom
        .validate_endpoint(&url, SECRET, "qgg8vlvZRS6UYooatFL8Aw")
        .await
        .unwrap();
    assert!(answer.valid, "{answer:?}");
    assert_eq!(answer.plain_token.as_deref(), Some("qgg8vlvZRS6UYooatFL8Aw"));
    let wrong = zoom
        .validate_endpoint(&url, "another-secret", "abc")
        .await
        .unwrap();
    assert!(!wrong.valid, "hashed with the receiver's secret, not this one");

    let unknown = zoom
        .deliver_recording_completed(&url, SECRET, "no-such-meeting")
        .await;
    assert!(
        matches!(unknown, Err(DeliveryError::UnknownMeeting(_))),
        "{unknown:?}"
    );
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let refused = zoom.deliver_raw(&closed, SECRET, b"{}".to_vec()).await;
    assert!(matches!(refused, Err(DeliveryError::Http(_))), "{refused:?}");
}
