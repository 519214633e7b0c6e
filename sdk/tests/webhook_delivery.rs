//! The SDK's webhook verifier against real deliveries over HTTP: the fake Zoom
//! signs and POSTs them to an axum receiver that checks each with `Verifier`,
//! and a `recording.completed` event's `download_token` downloads its files
//! through the SDK. (Formerly covered by `examples/webhook-service`.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use fake_zoom::{Config, FakeZoom, MeetingInfo};
use zoom_cloud_recording::webhook::{self, Event, Verifier, WebhookError};
use zoom_cloud_recording::{Client, DownloadAuth, DownloadRequest};

const SECRET: &str = "delivery-test-secret";

/// What the receiver made of each delivery, in order.
type Inbox = Arc<Mutex<Vec<Result<Event, WebhookError>>>>;

async fn receive(
    State((verifier, inbox)): State<(Verifier, Inbox)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = verifier.event(&headers, &body);
    let answer = match &outcome {
        Ok(Event::UrlValidation { plain_token, .. }) => {
            Json(verifier.url_validation(plain_token)).into_response()
        }
        Ok(_) => StatusCode::OK.into_response(),
        Err(WebhookError::InvalidPayload(_)) => StatusCode::BAD_REQUEST.into_response(),
        Err(_) => StatusCode::UNAUTHORIZED.into_response(),
    };
    inbox.lock().unwrap().push(outcome);
    answer
}

/// The fake, and a receiver on 127.0.0.1: its URL and what it got.
async fn setup() -> (FakeZoom, String, Inbox) {
    let zoom = FakeZoom::start(Config::default().seed(11).meetings(30))
        .await
        .unwrap();
    let inbox = Inbox::default();
    let app = Router::new()
        .route("/zoom/webhooks", post(receive))
        .with_state((Verifier::new(SECRET), inbox.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/zoom/webhooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (zoom, url, inbox)
}

/// A finished meeting with old-style entries (TIMELINE, CC) that have no id.
fn classic_meeting(zoom: &FakeZoom) -> MeetingInfo {
    let mut finished = zoom
        .meetings()
        .into_iter()
        .filter(|m| !m.in_progress && !m.trashed);
    finished
        .find(|m| m.files.iter().any(|f| !f.id_in_listing))
        .expect("the seed has one")
}

#[tokio::test]
async fn a_delivered_recording_completed_verifies_and_its_token_downloads_every_file() {
    let (zoom, url, inbox) = setup().await;
    let meeting = classic_meeting(&zoom);
    assert_eq!(
        zoom.deliver_recording_completed(&url, SECRET, &meeting.uuid)
            .await
            .unwrap(),
        200
    );
    let Some(Ok(Event::RecordingCompleted(done))) = inbox.lock().unwrap().pop() else {
        panic!("not a verified recording.completed")
    };
    assert_eq!(done.object.uuid.as_deref(), Some(meeting.uuid.as_str()));
    let token = done.download_token.expect("a download token");

    // The account token is one the fake refuses: only the event's token can work.
    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .access_token("not-a-token-the-fake-knows")
        .build()
        .unwrap();
    let by_url: HashMap<String, String> = meeting
        .files
        .iter()
        .filter_map(|f| Some((f.download_url.clone()?, f.id.clone())))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut downloaded = 0;
    for (i, file) in done.object.recording_files.iter().enumerate() {
        let request = DownloadRequest::for_file(file).expect("a finished file");
        let file_id = &by_url[request.url()];
        let request = request.auth(DownloadAuth::DownloadToken(token.clone()));
        let got = client
            .download(request)
            .to_path(dir.path().join(i.to_string()))
            .await
            .unwrap();
        let expected = zoom.expected_file(file_id).unwrap();
        assert_eq!(
            (got.bytes, got.sha256),
            (expected.size, expected.sha256_hex),
            "{file_id}"
        );
        downloaded += 1;
    }
    let live = meeting
        .files
        .iter()
        .filter(|f| !f.participant_audio && !f.trashed)
        .count();
    assert_eq!(downloaded, live);
    assert!(
        done.object.recording_files.iter().any(|f| f.id.is_none()),
        "id-less files too"
    );
}

#[tokio::test]
async fn forged_stale_and_unsigned_deliveries_are_refused_each_with_its_reason() {
    let (zoom, url, inbox) = setup().await;
    let body = zoom
        .recording_completed_body(&classic_meeting(&zoom).uuid)
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let (signature, ts) = (webhook::sign(SECRET, now, &body), now.to_string());
    let mut tampered = body.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x01;

    let statuses = [
        zoom.deliver_with_headers(&url, tampered, Some(&signature), Some(&ts))
            .await,
        zoom.deliver_raw(&url, "another-secret", body.clone()).await,
        zoom.deliver_raw_at(&url, SECRET, body.clone(), now - 600).await,
        zoom.deliver_raw_at(&url, SECRET, body.clone(), now + 600).await,
        zoom.deliver_with_headers(&url, body.clone(), None, Some(&ts))
            .await,
        zoom.deliver_with_headers(&url, body.clone(), Some(&signature), None)
            .await,
        zoom.deliver_with_headers(&url, body, Some(&signature), Some(&ts))
            .await,
    ];
    let statuses: Vec<u16> = statuses.into_iter().map(Result::unwrap).collect();
    assert_eq!(statuses, [401, 401, 401, 401, 401, 401, 200]);
    let outcomes = std::mem::take(&mut *inbox.lock().unwrap());
    let reasons: Vec<String> = outcomes
        .iter()
        .map(|o| match o {
            Ok(event) => event.name().to_owned(),
            Err(WebhookError::StaleTimestamp { .. }) => "stale".into(),
            Err(WebhookError::FutureTimestamp { .. }) => "future".into(),
            Err(e) => format!("{e:?}"),
        })
        .collect();
    let expected = [
        "SignatureMismatch",
        "SignatureMismatch",
        "stale",
        "future",
        "MissingSignature",
        "MissingTimestamp",
        "recording.completed",
    ];
    assert_eq!(reasons, expected);
}

#[tokio::test]
async fn the_verifiers_url_validation_answer_is_one_zoom_accepts() {
    let (zoom, url, _inbox) = setup().await;
    let answer = zoom
        .validate_endpoint(&url, SECRET, "4Xc2JqZ0R1WqJ9cT_lbBfA")
        .await
        .unwrap();
    assert_eq!((answer.status, answer.valid), (200, true), "{answer:?}");
    // The same challenge answered under another secret is refused by Zoom.
    let wrong = zoom
        .validate_endpoint(&url, "another-secret", "4Xc2JqZ0R1WqJ9cT_lbBfA")
        .await
        .unwrap();
    assert_eq!((wrong.status, wrong.valid), (401, false), "{wrong:?}");
}
