//! `GET /users/{userId}/recordings`: determinism, date windows, pagination, quirks.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::start;
use fake_zoom::Config;
use reqwest::StatusCode;
use serde_json::Value;

const YEAR: &str = "/users/me/recordings?from=2025-01-01&to=2026-11-27&page_size=300";

/// A listing with the server's own origin replaced (ports differ between fakes).
async fn listing(config: Config, path: &str) -> String {
    let api = start(config).await;
    let (status, body) = api.get(path).await;
    assert_eq!(status, StatusCode::OK);
    body.to_string().replace(&api.zoom.oauth_base_url(), "ORIGIN")
}

#[tokio::test]
async fn same_seed_same_json_other_seed_other_json() {
    let config = || Config::default().users(1).meetings(40);
    let a = listing(config().seed(7), YEAR).await;
    let b = listing(config().seed(7), YEAR).await;
    let c = listing(config().seed(8), YEAR).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let paged = "/users/me/recordings?from=2026-10-01&to=2026-11-27&page_size=2";
    assert_eq!(
        listing(config().seed(7), paged).await,
        listing(config().seed(7), paged).await
    );
}

#[tokio::test]
async fn dates_default_to_today_and_wide_ranges_are_clamped_to_a_month() {
    let api = start(Config::default()).await;
    let (_, body) = api.get("/users/me/recordings").await;
    assert_eq!(
        (body["from"].as_str(), body["to"].as_str()),
        (Some("2026-11-26"), Some("2026-11-27"))
    );

    let (_, body) = api
        .get("/users/me/recordings?from=2017-08-02&to=2026-11-20")
        .await;
    assert_eq!(
        (body["from"].as_str(), body["to"].as_str()),
        (Some("2026-10-20"), Some("2026-11-20"))
    );

    let (status, body) = api.get("/users/me/recordings?from=yesterday").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(300))
    );
    assert_eq!(body["errors"][0]["field"], "from");

    let (status, body) = api.get("/users/nobody@example.com/recordings").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(1001))
    );
}

#[tokio::test]
async fn page_size_is_capped_at_300() {
    let api = start(Config::default()).await;
    let (_, body) = api.get("/users/me/recordings?page_size=1000").await;
    assert_eq!(body["page_size"], 300);
    let (_, body) = api.get("/users/me/recordings").await;
    assert_eq!(body["page_size"], 30);
}

#[tokio::test]
async fn pages_chain_by_token_until_an_empty_one_and_tokens_expire() {
    let api = start(Config::default().users(1).meetings(30).history_days(25)).await;
    let first = "/users/me/recordings?from=2026-10-27&to=2026-11-27&page_size=7";
    let (_, page) = api.get(first).await;
    let total = page["total_records"].as_u64().unwrap() as usize;
    assert_eq!(total, 29, "every meeting but the trashed one");
    assert_eq!(page["page_count"], 5);

    let mut seen = HashSet::new();
    let mut page = page;
    let mut pages = 1;
    let mut old_token = String::new();
    loop {
        for m in page["meetings"].as_array().unwrap() {
            assert!(seen.insert(m["uuid"].as_str().unwrap().to_owned()));
        }
        let token = page["next_page_token"].as_str().unwrap().to_owned();
        if token.is_empty() {
            break;
        }
        old_token = token.clone();
        let (status, next) = api
            .get(&format!(
                "/users/me/recordings?page_size=7&next_page_token={token}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        page = next;
        pages += 1;
    }
    assert_eq!((pages, seen.len()), (5, total));

    api.zoom.expire_page_tokens();
    let (status, body) = api
        .get(&format!("/users/me/recordings?next_page_token={old_token}"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], 300);
    assert_eq!(body["message"], "The next page token is invalid or expired.");
}

#[tokio::test]
async fn page_tokens_expire_after_their_ttl() {
    let config = Config::default()
        .users(1)
        .meetings(10)
        .history_days(20)
        .page_token_ttl(Duration::from_millis(30));
    let api = start(config).await;
    let (_, page) = api
        .get("/users/me/recordings?from=2026-11-01&to=2026-11-27&page_size=2")
        .await;
    let token = page["next_page_token"].as_str().unwrap().to_owned();
    assert!(!token.is_empty());
    tokio::time::sleep(Duration::from_millis(60)).await;
    let (status, body) = api
        .get(&format!("/users/me/recordings?next_page_token={token}"))
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(300))
    );
}

fn files(body: &Value) -> Vec<&Value> {
    let meetings = body["meetings"].as_array().unwrap();
    meetings
        .iter()
        .flat_map(|m| m["recording_files"].as_array().unwrap())
        .collect()
}

#[tokio::test]
async fn listings_carry_zooms_quirks() {
    let api = start(Config::default().users(1).meetings(40).history_days(28)).await;
    let (_, body) = api
        .get("/users/me/recordings?from=2026-10-26&to=2026-11-27&page_size=300")
        .await;
    let meetings = body["meetings"].as_array().unwrap();
    assert_eq!(body["next_page_token"], "");
    let uuids: Vec<&str> = meetings.iter().map(|m| m["uuid"].as_str().unwrap()).collect();
    assert!(uuids.iter().any(|u| u.starts_with('/')));
    assert!(
        uuids
            .iter()
            .any(|u| u.contains("//") && u.contains('+') && u.ends_with('='))
    );
    assert!(
        meetings
            .iter()
            .any(|m| m["duration"].is_string() && m["id"].is_string())
    );
    assert!(meetings.iter().any(|m| m["total_size"].is_f64()));
    assert!(meetings.iter().any(
        |m| m["recording_count"].as_u64() != Some(m["recording_files"].as_array().unwrap().len() as u64)
    ));
    let files = files(&body);
    let processing = files.iter().find(|f| f["status"] == "processing").unwrap();
    assert_eq!(
        (
            processing["file_type"].as_str(),
            processing["download_url"].as_str()
        ),
        (Some(""), Some(""))
    );
    assert!(processing.get("file_size").is_none());
    let timeline = files
        .iter()
        .find(|f| f["file_type"] == "TIMELINE" && f.get("id").is_none())
        .unwrap();
    assert!(timeline.get("file_size").is_none() && timeline["download_url"].is_string());
    assert!(
        files
            .iter()
            .any(|f| f["file_type"] == "CC" && f.get("id").is_none())
    );
    for kind in ["MP4", "M4A", "TRANSCRIPT", "CHAT", "SUMMARY"] {
        assert!(files.iter().any(|f| f["file_type"] == kind), "{kind}");
    }
}

#[tokio::test]
async fn trash_listings_ignore_dates() {
    let api = start(Config::default().users(1).meetings(12)).await;
    let (_, body) = api
        .get("/users/me/recordings?trash=true&from=2001-01-01&to=2001-01-02")
        .await;
    assert_eq!(body["total_records"], 1);
    assert_eq!(body["from"], "2026-11-26");
    let deleted: Vec<_> = files(&body).iter().map(|f| f["deleted_time"].clone()).collect();
    assert!(deleted.iter().all(|d| d == "2026-11-24T12:00:00Z"), "{deleted:?}");
    assert!(
        files(&body)
            .iter()
            .any(|f| f.get("download_url").is_none() && f.get("file_type").is_none())
    );

    let (_, body) = api
        .get("/users/me/recordings?trash=true&trash_type=recording_file")
        .await;
    assert!(body.get("from").is_none());
    let trashed = files(&body);
    assert_eq!(trashed.len(), 1);
    assert_eq!(trashed[0]["deleted_time"], "2026-11-25T12:00:00Z");
}
