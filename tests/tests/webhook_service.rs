//! The example webhook service (examples/webhook-service) over real HTTP on
//! 127.0.0.1: the fake Zoom delivers signed events, the service verifies them,
//! answers at once and downloads the files with the event's download token.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use fake_zoom::{Config, FakeZoom, Fault, FileInfo, Matcher, MeetingInfo, Rule};
use sha2::{Digest, Sha256};
use webhook_service::{AppState, FileRecord, FileStatus, Server};
use zoom_cloud_recording::Client;
use zoom_cloud_recording::webhook::{self, Verifier};

const SECRET: &str = "svc-webhook-secret";
const WAIT: Duration = Duration::from_secs(30);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC-SHA256 (RFC 2104) written out over `sha2`, independent of the SDK's `hmac`.
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    hex(&Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize())
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

struct Setup {
    zoom: FakeZoom,
    state: AppState,
    server: Server,
    out: tempfile::TempDir,
}

/// The fake, and the service on 127.0.0.1:0 writing into a temp folder. The
/// client's own token is refused by the fake: only download tokens work.
async fn setup() -> Setup {
    let zoom = FakeZoom::start(Config::default().seed(11).meetings(30))
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .access_token("not-a-token-the-fake-knows")
        .build()
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let state = AppState::new(client, Verifier::new(SECRET), out.path());
    let server = Server::start(state.clone(), "127.0.0.1:0").await.unwrap();
    Setup {
        zoom,
        state,
        server,
        out,
    }
}

fn finished(zoom: &FakeZoom, pick: impl Fn(&MeetingInfo) -> bool) -> MeetingInfo {
    let meetings = zoom.meetings().into_iter();
    let mut finished = meetings.filter(|m| !m.in_progress && !m.trashed);
    finished.find(pick).expect("the seed has such a meeting")
}

fn downloadable(meeting: &MeetingInfo) -> Vec<FileInfo> {
    meeting
        .files
        .iter()
        .filter(|f| !f.trashed && !f.processing)
        .cloned()
        .collect()
}

/// The service's record of each file, by its `download_url`.
fn records(state: &AppState) -> HashMap<String, FileRecord> {
    state
        .files()
        .into_iter()
        .map(|r| (r.download_url.clone(), r))
        .collect()
}

/// Has the fake deliver `recording.completed` of one meeting to the service.
async fn deliver(s: &Setup, meeting_uuid: &str) -> u16 {
    let url = s.server.webhook_url();
    let delivery = s.zoom.deliver_recording_completed(&url, SECRET, meeting_uuid);
    delivery.await.unwrap()
}

async fn settled(state: &AppState, n: usize) {
    tokio::time::timeout(WAIT, state.settled(n))
        .await
        .expect("downloads settle in time");
}

/// Every file of `meeting` is on disk once, with the bytes the fake serves.
fn assert_downloaded(s: &Setup, meeting: &MeetingInfo) {
    let records = records(&s.state);
    for file in downloadable(meeting) {
        let record = &records[file.download_url.as_deref().unwrap()];
        let expected = s.zoom.expected_file(&file.id).unwrap();
        match &record.status {
            FileStatus::Done { bytes, sha256 } => {
                assert_eq!(
                    (*bytes, sha256.as_str()),
                    (expected.size, expected.sha256_hex.as_str())
                );
            }
            other => panic!("{} not downloaded: {other:?}", file.id),
        }
        let on_disk = std::fs::read(&record.path).unwrap();
        assert_eq!(
            hex(&Sha256::digest(&on_disk)),
            expected.sha256_hex,
            "{:?}",
            record.path
        );
        assert!(record.path.starts_with(s.out.path()), "{:?}", record.path);
        assert_eq!(record.meeting_uuid, meeting.uuid);
        assert_eq!(record.file_id.is_some(), file.id_in_listing, "{record:?}");
    }
}

#[tokio::test]
async fn completed_files_are_downloaded_once_even_when_the_event_comes_twice() {
    let s = setup().await;
    // A classic meeting: old-style TIMELINE and CC entries come without an id.
    let meeting = finished(&s.zoom, |m| m.files.iter().any(|f| !f.id_in_listing));
    let files = downloadable(&meeting);

    let status = deliver(&s, &meeting.uuid).await;
    assert_eq!(status, 200);
    settled(&s.state, files.len()).await;
    assert_eq!(s.state.files().len(), files.len());
    assert_downloaded(&s, &meeting);
    let served: Vec<u64> = files.iter().map(|f| s.zoom.bytes_served(&f.id)).collect();
    assert!(served.iter().zip(&files).all(|(n, f)| Some(*n) == f.size));

    // Zoom's duplicate: the very same bytes, signed again.
    let again = deliver(&s, &meeting.uuid).await;
    assert_eq!(again, 200);
    tokio::time::timeout(WAIT, s.state.idle()).await.unwrap();
    let after: Vec<u64> = files.iter().map(|f| s.zoom.bytes_served(&f.id)).collect();
    assert_eq!(after, served, "nothing downloaded twice");
    assert!(
        s.state
            .files()
            .iter()
            .all(|r| r.downloads == 1 && r.duplicates == 1)
    );
    let stats = s.state.stats();
    assert_eq!(
        (stats.completed_events, stats.duplicate_files),
        (2, files.len() as u64)
    );
}

#[tokio::test]
async fn participant_audio_is_archived_and_processing_files_are_skipped() {
    let s = setup().await;
    let companion = finished(&s.zoom, |m| m.files.iter().any(|f| f.participant_audio));
    assert_eq!(deliver(&s, &companion.uuid).await, 200);
    settled(&s.state, downloadable(&companion).len()).await;
    assert_downloaded(&s, &companion);
    let names: Vec<String> = s
        .state
        .files()
        .iter()
        .map(|r| r.path.display().to_string())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with(".m4a") && n.contains("Audio only - ")),
        "{names:?}"
    );

    let live = s
        .zoom
        .meetings()
        .into_iter()
        .find(|m| m.in_progress && !m.trashed)
        .unwrap();
    assert_eq!(deliver(&s, &live.uuid).await, 200);
    assert_eq!(s.state.stats().not_ready_files, live.files.len() as u64);
    assert_eq!(
        s.state.files().len(),
        downloadable(&companion).len(),
        "nothing queued"
    );
}

#[tokio::test]
async fn the_answer_comes_before_slow_downloads_finish() {
    let s = setup().await;
    let meeting = finished(&s.zoom, |m| !m.files.is_empty());
    // Slower than Zoom's 3 s: a service that waited would time the delivery out.
    s.zoom.faults().add(Rule::times(
        Matcher::FileHost,
        1,
        Fault::Delay(Duration::from_millis(3500)),
    ));
    let started = Instant::now();
    let status = s
        .zoom
        .deliver_recording_completed(&s.server.webhook_url(), SECRET, &meeting.uuid)
        .await;
    assert_eq!(status.unwrap(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        s.state
            .files()
            .iter()
            .any(|r| !matches!(r.status, FileStatus::Done { .. }))
    );
    settled(&s.state, downloadable(&meeting).len()).await;
    assert_downloaded(&s, &meeting);
}

#[tokio::test]
async fn a_failed_download_is_retried_by_the_next_delivery() {
    let s = setup().await;
    let meeting = finished(&s.zoom, |m| m.files.len() >= 2);
    let n = downloadable(&meeting).len();
    s.zoom
        .faults()
        .add(Rule::once(Matcher::FileHost, Fault::HtmlInsteadOfFile));
    assert_eq!(deliver(&s, &meeting.uuid).await, 200);
    settled(&s.state, n).await;
    let failed: Vec<_> = s
        .state
        .files()
        .into_iter()
        .filter(|r| matches!(r.status, FileStatus::Failed { .. }))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(!failed[0].path.exists(), "an HTML page never becomes the file");

    assert_eq!(deliver(&s, &meeting.uuid).await, 200);
    tokio::time::timeout(WAIT, s.state.idle()).await.unwrap();
    assert_downloaded(&s, &meeting);
    let retried = records(&s.state).remove(&failed[0].download_url).unwrap();
    assert_eq!(retried.downloads, 2);
    assert_eq!(s.state.stats().duplicate_files, n as u64 - 1);
}

#[tokio::test]
async fn the_url_validation_challenge_is_answered_with_the_hmac_of_the_token() {
    assert_eq!(
        hmac_sha256_hex(b"wsSecretToken-1234", b"qgg8vlvZRS6UYooatFL8Aw"),
        "135f577b378be40babd69c85c9e2bdaba7ac215a0e8d92e446341c383789d879",
        "the test's own HMAC matches a known answer"
    );
    let s = setup().await;
    let plain = "4Xc2JqZ0R1WqJ9cT_lbBfA";
    let answer = s
        .zoom
        .validate_endpoint(&s.server.webhook_url(), SECRET, plain)
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.plain_token.as_deref(), Some(plain));
    let expected = hmac_sha256_hex(SECRET.as_bytes(), plain.as_bytes());
    assert_eq!(answer.encrypted_token.as_deref(), Some(expected.as_str()));
    assert!(answer.valid);
    assert_eq!(s.state.stats().url_validations, 1);
}

#[tokio::test]
async fn tampered_stale_or_unsigned_deliveries_get_401_and_download_nothing() {
    let s = setup().await;
    let url = s.server.webhook_url();
    let meeting = finished(&s.zoom, |m| !m.files.is_empty());
    let body = s.zoom.recording_completed_body(&meeting.uuid).unwrap();
    let now = unix_now();
    let signature = webhook::sign(SECRET, now, &body);
    let ts = now.to_string();

    // One changed byte (still valid JSON: a letter of the topic).
    let mut tampered = body.clone();
    let at = find(&tampered, br#""topic":""#) + br#""topic":""#.len();
    tampered[at] = if tampered[at] == b'X' { b'Y' } else { b'X' };
    assert!(serde_json::from_slice::<serde_json::Value>(&tampered).is_ok());
    let deliveries = [
        s.zoom
            .deliver_with_headers(&url, tampered, Some(&signature), Some(&ts))
            .await,
        s.zoom.deliver_raw_at(&url, SECRET, body.clone(), now - 600).await,
        s.zoom.deliver_raw_at(&url, SECRET, body.clone(), now + 600).await,
        s.zoom.deliver_raw(&url, "another-secret", body.clone()).await,
        s.zoom
            .deliver_with_headers(&url, body.clone(), None, Some(&ts))
            .await,
        s.zoom
            .deliver_with_headers(&url, body.clone(), Some(&signature), None)
            .await,
    ];
    let statuses: Vec<u16> = deliveries.into_iter().map(Result::unwrap).collect();
    assert_eq!(statuses, [401; 6]);
    assert_eq!(s.state.stats().rejected, 6);
    assert!(s.state.files().is_empty());
    assert_eq!(s.zoom.bytes_served_total(), 0);
    assert_eq!(std::fs::read_dir(s.out.path()).unwrap().count(), 0);
    // The untouched body with its signature is accepted.
    let ok = s
        .zoom
        .deliver_with_headers(&url, body, Some(&signature), Some(&ts))
        .await
        .unwrap();
    assert_eq!(ok, 200);
}

#[tokio::test]
async fn verified_bodies_that_are_not_events_get_400_and_other_events_200() {
    let s = setup().await;
    let url = s.server.webhook_url();
    let bad: [&[u8]; 3] = [
        b"not json",
        br#"{"payload":{}}"#,
        br#"{"event":"recording.completed","payload":{"object":"a string"}}"#,
    ];
    for body in bad {
        assert_eq!(
            s.zoom.deliver_raw(&url, SECRET, body.to_vec()).await.unwrap(),
            400
        );
    }
    let other =
        br#"{"event":"recording.renamed","event_ts":1,"payload":{"object":{"uuid":"u","topic":"t"}}}"#;
    assert_eq!(
        s.zoom.deliver_raw(&url, SECRET, other.to_vec()).await.unwrap(),
        200
    );
    let unknown = br#"{"event":"meeting.started","payload":{}}"#;
    assert_eq!(
        s.zoom.deliver_raw(&url, SECRET, unknown.to_vec()).await.unwrap(),
        200
    );
    let stats = s.state.stats();
    assert_eq!((stats.invalid, stats.other_events, stats.rejected), (3, 2, 0));
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}
