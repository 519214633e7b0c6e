//! `download_url` → 302 → file host: tokens, redirects, ranges, checksums.

mod common;

use common::{Api, enc, start};
use fake_zoom::{Config, FileInfo, Operation};
use reqwest::{StatusCode, header};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn mp4(api: &Api) -> FileInfo {
    let files = api.zoom.files();
    files
        .into_iter()
        .find(|f| f.file_type == "MP4" && !f.trashed && !f.archive && f.size.unwrap() > 100)
        .unwrap()
}

/// The 302's `Location` for a download with this bearer token.
async fn redirect(api: &Api, url: &str, token: &str) -> String {
    let resp = api.http.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    resp.headers()[header::LOCATION].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn download_redirects_to_the_file_host_and_bytes_match() {
    let api = start(Config::default()).await;
    let file = mp4(&api);
    let url = file.download_url.clone().unwrap();

    let resp = api.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], 124);

    let location = redirect(&api, &url, &api.token).await;
    assert!(location.starts_with(&api.zoom.file_host_url()), "{location}");
    let resp = api.http.get(&location).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "video/mp4");
    let expected = api.zoom.expected_file(&file.id).unwrap();
    assert_eq!(resp.content_length(), Some(expected.size));
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, expected.size);
    assert_eq!(&bytes[4..8], b"ftyp");
    assert_eq!(hex(&Sha256::digest(&bytes)), expected.sha256_hex);
    assert_eq!(Some(expected.size), file.size);

    let resp = api
        .http
        .get(&location)
        .header(header::RANGE, "bytes=100-")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    let size = expected.size;
    assert_eq!(
        resp.headers()[header::CONTENT_RANGE],
        format!("bytes 100-{}/{size}", size - 1).as_str()
    );
    assert_eq!(resp.bytes().await.unwrap(), bytes.slice(100..));
    let resp = api
        .http
        .get(&location)
        .header(header::RANGE, "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(resp.bytes().await.unwrap(), bytes.slice(10..20));
    let resp = api
        .http
        .get(&location)
        .header(header::RANGE, format!("bytes={size}-"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    assert_eq!(api.zoom.bytes_served(&file.id), 2 * size - 100 + 10);
    assert_eq!(api.zoom.requests(Operation::Download), 2);
    assert_eq!(api.zoom.requests(Operation::FileHost), 4);

    let tampered = location.replace("sig=", "sig=0");
    assert_eq!(
        api.http.get(&tampered).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn download_tokens_are_per_meeting() {
    let api = start(Config::default()).await;
    let file = mp4(&api);
    let url = file.download_url.clone().unwrap();
    let other = api
        .zoom
        .meetings()
        .into_iter()
        .find(|m| m.uuid != file.meeting_uuid && !m.in_progress)
        .unwrap();

    let get = format!(
        "/meetings/{}/recordings?include_fields=download_access_token&ttl=60",
        enc(&enc(&file.meeting_uuid))
    );
    let (status, body) = api.get(&get).await;
    assert_eq!(status, StatusCode::OK);
    let token = body["download_access_token"].as_str().unwrap().to_owned();
    redirect(&api, &url, &token).await;

    let webhook = api.zoom.mint_download_token(&file.meeting_uuid).unwrap();
    redirect(&api, &url, &webhook).await;
    let legacy = api
        .http
        .get(format!("{url}?access_token={webhook}"))
        .send()
        .await
        .unwrap();
    assert_eq!(legacy.status(), StatusCode::FOUND);

    let elsewhere = api.zoom.mint_download_token(&other.uuid).unwrap();
    let resp = api.http.get(&url).bearer_auth(elsewhere).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    api.zoom.expire_all_tokens();
    let resp = api.http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn trashed_files_do_not_download() {
    let api = start(Config::default()).await;
    let file = mp4(&api);
    let path = format!(
        "/meetings/{}/recordings/{}",
        enc(&enc(&file.meeting_uuid)),
        file.id
    );
    assert_eq!(
        api.call(reqwest::Method::DELETE, &path, None).await.0,
        StatusCode::NO_CONTENT
    );
    let resp = api
        .http
        .get(file.download_url.unwrap())
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn same_seed_same_bytes() {
    let a = fake_zoom::FakeZoom::start(Config::default().seed(5))
        .await
        .unwrap();
    let b = fake_zoom::FakeZoom::start(Config::default().seed(5))
        .await
        .unwrap();
    let ids: Vec<_> = a
        .files()
        .into_iter()
        .filter(|f| f.size.is_some())
        .map(|f| f.id)
        .collect();
    assert_eq!(
        ids,
        b.files()
            .into_iter()
            .filter(|f| f.size.is_some())
            .map(|f| f.id)
            .collect::<Vec<_>>()
    );
    for id in ids.iter().take(5) {
        assert_eq!(a.expected_file(id), b.expected_file(id));
    }
}
