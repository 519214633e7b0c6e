//! Downloads over loopback HTTP: redirects with credentials only for Zoom,
//! error pages refused, resumes with `Range`, never a partial or wrong file.

mod common;

use std::path::Path;

use common::clock::TestClock;
use sha2::{Digest, Sha256};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_cloud_recording::{DownloadError, DownloadRequest, Error, ExpectedContent, RetryPolicy};

fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn no_part_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .unwrap()
        .all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".part"))
}

#[tokio::test]
async fn a_redirect_is_followed_and_the_token_goes_only_to_zoom() {
    let api = MockServer::start().await;
    let file_host = MockServer::start().await;
    let bytes = content(200_000);
    Mock::given(method("GET"))
        .and(path("/rec/download/f1"))
        .and(header(
            "authorization",
            format!("Bearer {}", common::TOKEN).as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/files/f1?sig=abc", file_host.uri())),
        )
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/f1"))
        .and(|request: &Request| !request.headers.contains_key("authorization"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "video/mp4")
                .set_body_bytes(bytes.clone()),
        )
        .expect(1)
        .mount(&file_host)
        .await;
    let client = common::client(&api);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.mp4");

    let request = DownloadRequest::new(format!("{}/rec/download/f1", api.uri()))
        .expected_size(bytes.len() as u64)
        .expect(ExpectedContent::Media);
    let done = client
        .download(request)
        .to_path(&target)
        .await
        .expect("downloaded");
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    assert_eq!(
        (done.bytes, done.sha256.as_str()),
        (bytes.len() as u64, sha256(&bytes).as_str())
    );
    assert!(no_part_files(dir.path()));
}

#[tokio::test]
async fn an_html_page_with_status_200_is_an_error_and_no_file() {
    for content_type in ["text/html; charset=utf-8", "text/plain"] {
        html_is_refused(content_type).await;
    }
}

async fn html_is_refused(content_type: &str) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html><body>Sign in to Zoom</body></html>",
            content_type,
        ))
        .mount(&server)
        .await;
    let client = common::client(&server);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.mp4");

    let error = client
        .download(DownloadRequest::new(format!("{}/rec/download/f1", server.uri())))
        .to_path(&target)
        .await
        .expect_err("an HTML page is not a recording");
    assert!(
        matches!(&error, Error::Download(e) if matches!(**e, DownloadError::UnexpectedContent { .. })),
        "{error:?}"
    );
    assert!(!target.exists());
    assert!(no_part_files(dir.path()));
}

#[tokio::test]
async fn a_json_error_body_where_media_was_expected_is_refused_even_without_a_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"code":124,"message":"Invalid access token."}"#, ""),
        )
        .mount(&server)
        .await;
    let client = common::client(&server);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("audio.m4a");
    let request =
        DownloadRequest::new(format!("{}/rec/download/a1", server.uri())).expect(ExpectedContent::Media);
    let error = client
        .download(request)
        .to_path(&target)
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("instead of the recording"), "{error}");
    assert!(!target.exists() && no_part_files(dir.path()));
}

#[tokio::test]
async fn a_part_file_is_resumed_with_range() {
    let server = MockServer::start().await;
    let bytes = content(100_000);
    let half = 40_000;
    Mock::given(method("GET"))
        .and(header("range", format!("bytes={half}-").as_str()))
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header(
                    "content-range",
                    format!("bytes {half}-{}/{}", bytes.len() - 1, bytes.len()).as_str(),
                )
                .set_body_bytes(bytes[half..].to_vec()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.mp4");
    std::fs::write(zoom_cloud_recording::download::part_path(&target), &bytes[..half]).unwrap();

    let request = DownloadRequest::new(format!("{}/f", server.uri())).expected_size(bytes.len() as u64);
    let done = client.download(request).to_path(&target).await.expect("resumed");
    assert_eq!(done.resumed_from, half as u64);
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    assert_eq!(
        done.sha256,
        sha256(&bytes),
        "the hash covers the resumed part too"
    );
}

#[tokio::test]
async fn a_server_that_ignores_range_still_yields_the_right_file() {
    let server = MockServer::start().await;
    let bytes = content(50_000);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.mp4");
    // A stale part whose bytes do not even match: it must be thrown away, not appended to.
    std::fs::write(
        zoom_cloud_recording::download::part_path(&target),
        vec![0xEE; 20_000],
    )
    .unwrap();

    let request = DownloadRequest::new(format!("{}/f", server.uri())).expected_size(bytes.len() as u64);
    client
        .download(request)
        .to_path(&target)
        .await
        .expect("started over");
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
}

#[tokio::test]
async fn a_download_streams_into_any_writer() {
    let server = MockServer::start().await;
    let bytes = content(70_000);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server);
    let mut sink: Vec<u8> = Vec::new();
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let observed = std::sync::Arc::clone(&seen);
    let done = client
        .download(DownloadRequest::new(format!("{}/f", server.uri())))
        .on_progress(move |p| observed.store(p.downloaded, std::sync::atomic::Ordering::SeqCst))
        .to_writer(&mut sink)
        .await
        .expect("streamed");
    assert_eq!(sink, bytes);
    assert_eq!(done.path, None);
    assert_eq!(
        seen.load(std::sync::atomic::Ordering::SeqCst),
        bytes.len() as u64,
        "progress reached the end"
    );
}

#[tokio::test]
async fn a_short_file_is_retried_then_reported_and_never_renamed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("range", "bytes=1000-"))
        .respond_with(ResponseTemplate::new(416).insert_header("content-range", "bytes */1000"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(content(1_000)))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock)
        .retry_policy(RetryPolicy::default().max_attempts(3))
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("meeting.mp4");

    let request = DownloadRequest::new(format!("{}/f", server.uri())).expected_size(5_000);
    let error = client
        .download(request)
        .to_path(&target)
        .await
        .expect_err("Zoom listed 5000 bytes");
    assert!(
        matches!(&error, Error::Download(e) if matches!(**e, DownloadError::SizeMismatch { expected: 5_000, received: 1_000 })),
        "{error:?}"
    );
    assert!(!target.exists(), "an incomplete file never takes the final name");
    assert_eq!(
        std::fs::metadata(zoom_cloud_recording::download::part_path(&target))
            .unwrap()
            .len(),
        1_000
    );
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_file_still_processing_is_not_downloaded() {
    let file: zoom_cloud_recording::types::RecordingFile = serde_json::from_value(serde_json::json!({
        "id": "f-processing", "status": "processing", "file_type": "", "file_extension": "", "download_url": ""
    }))
    .unwrap();
    let error = DownloadRequest::for_file(&file).expect_err("not ready");
    assert!(
        matches!(&error, Error::Download(e) if matches!(**e, DownloadError::NotReady { .. })),
        "{error:?}"
    );
    assert!(error.to_string().contains("f-processing"), "{error}");

    let ready: zoom_cloud_recording::types::RecordingFile = serde_json::from_value(serde_json::json!({
        "id": "f1", "status": "completed", "file_type": "MP4", "file_extension": "MP4",
        "download_url": "https://zoom.us/rec/download/abc", "file_size": "2048"
    }))
    .unwrap();
    let request = DownloadRequest::for_file(&ready).expect("ready");
    assert_eq!(request.url(), "https://zoom.us/rec/download/abc");
}
