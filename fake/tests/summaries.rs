//! AI Companion meeting summaries: the listing, one summary, trash and delete.

mod common;

use chrono::Duration;
use common::{enc, start};
use fake_zoom::Config;
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn uuids(body: &Value) -> Vec<String> {
    body["summaries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["meeting_uuid"].as_str().unwrap().to_owned())
        .collect()
}

fn path(uuid: &str) -> String {
    format!("/meetings/{}/meeting_summary", enc(&enc(uuid)))
}

#[tokio::test]
async fn the_listing_pages_every_summary_and_filters_by_creation_time() {
    let api = start(Config::default().meetings(60)).await;
    let all = api.zoom.summaries();
    assert!(all.len() >= 5, "{}", all.len());
    let expected: Vec<String> = all.iter().map(|s| s.meeting_uuid.clone()).collect();

    let (status, mut page) = api.get("/meetings/meeting_summaries?page_size=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.get("from").is_none() && page.get("to").is_none());
    let mut seen = uuids(&page);
    while let Some(token) = page["next_page_token"].as_str().filter(|t| !t.is_empty()) {
        page = api
            .get(&format!(
                "/meetings/meeting_summaries?page_size=2&next_page_token={token}"
            ))
            .await
            .1;
        assert_eq!(page["page_size"], 2);
        seen.extend(uuids(&page));
    }
    assert_eq!(seen, expected);

    let item = &api.get("/meetings/meeting_summaries").await.1["summaries"][0];
    let first = &all[0];
    let meeting = api.zoom.meeting(&first.meeting_uuid).unwrap();
    assert_eq!(item["meeting_id"], meeting.id);
    assert_eq!(item["meeting_host_id"], meeting.host_id.as_str());
    assert_eq!(item["meeting_host_email"], meeting.host_email.as_str());
    assert_eq!(item["meeting_topic"], meeting.topic.as_str());
    for field in [
        "meeting_start_time",
        "meeting_end_time",
        "summary_start_time",
        "summary_end_time",
        "summary_created_time",
        "summary_last_modified_time",
    ] {
        assert!(item[field].as_str().unwrap().ends_with('Z'), "{field}");
    }

    // `from`/`to` select on summary_created_time and are echoed.
    let pivot = &all[all.len() / 2];
    let from = (pivot.created_time - Duration::seconds(1)).format("%Y-%m-%dT%H:%M:%SZ");
    let (_, body) = api
        .get(&format!("/meetings/meeting_summaries?from={from}&page_size=300"))
        .await;
    let newer: Vec<String> = all
        .iter()
        .filter(|s| s.created_time >= pivot.created_time)
        .map(|s| s.meeting_uuid.clone())
        .collect();
    assert_eq!(uuids(&body), newer);
    assert_eq!(body["from"], from.to_string().as_str());
    assert!(newer.len() < all.len());

    for query in [
        "from=2026-11-20T00:00:00Z&to=2026-11-01T00:00:00Z",
        "page_size=500",
        "to=soon",
    ] {
        let (status, body) = api.get(&format!("/meetings/meeting_summaries?{query}")).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::BAD_REQUEST, Some(300)),
            "{query}"
        );
    }
}

#[tokio::test]
async fn one_summary_has_every_documented_field() {
    let api = start(Config::default().meetings(60)).await;
    let s = api.zoom.summaries().remove(0);
    let (status, body) = api.get(&path(&s.meeting_uuid)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["meeting_uuid"], s.meeting_uuid.as_str());
    assert_eq!(body["summary_title"], s.title.as_str());
    assert_eq!(body["summary_doc_url"], s.doc_url.as_str());
    for field in [
        "meeting_host_id",
        "meeting_host_email",
        "meeting_topic",
        "summary_last_modified_user_id",
        "summary_last_modified_user_email",
        "summary_overview",
        "summary_content",
    ] {
        assert!(!body[field].as_str().unwrap().is_empty(), "{field}");
    }
    let details = body["summary_details"].as_array().unwrap();
    assert!(!details.is_empty());
    assert!(
        details
            .iter()
            .all(|d| d["label"].is_string() && d["summary"].is_string())
    );
    assert!(!body["next_steps"].as_array().unwrap().is_empty());
    assert!(body["summary_content"].as_str().unwrap().starts_with("## "));

    // Some summaries were edited by their host.
    let mut edited = 0;
    for s in api.zoom.summaries() {
        let (_, body) = api.get(&path(&s.meeting_uuid)).await;
        if let Some(e) = body.get("edited_summary") {
            edited += 1;
            assert!(e["summary_overview"].is_string() && e["next_steps"].is_array());
            assert_ne!(body["summary_created_time"], body["summary_last_modified_time"]);
        }
    }
    let total = api.zoom.summaries().len();
    assert!(0 < edited && edited < total, "{edited} of {total}");

    // A meeting without a summary, and an unknown one.
    let without = api
        .zoom
        .meetings()
        .into_iter()
        .find(|m| api.zoom.summary(&m.uuid).is_none())
        .unwrap();
    for p in [path(&without.uuid), path("nobody+here==")] {
        let (status, body) = api.get(&p).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3001)),
            "{p}"
        );
    }
}

#[tokio::test]
async fn trash_recover_and_delete() {
    let api = start(Config::default()).await;
    let s = api.zoom.summaries().remove(0);
    let p = path(&s.meeting_uuid);

    assert!(api.zoom.trash_summary(&s.meeting_uuid));
    assert!(!api.zoom.trash_summary(&s.meeting_uuid), "already in the trash");
    for method in [Method::GET, Method::DELETE] {
        let (status, _, body) = api.call(method, &p, None).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::FORBIDDEN, Some(2305))
        );
    }
    let (_, body) = api.get("/meetings/meeting_summaries?page_size=300").await;
    assert!(!uuids(&body).contains(&s.meeting_uuid));
    assert!(api.zoom.summary(&s.meeting_uuid).unwrap().trashed);
    assert!(api.zoom.recover_summary(&s.meeting_uuid));
    assert_eq!(api.get(&p).await.0, StatusCode::OK);

    assert_eq!(api.call(Method::DELETE, &p, None).await.0, StatusCode::NO_CONTENT);
    for method in [Method::GET, Method::DELETE] {
        let (status, _, body) = api.call(method, &p, None).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3001))
        );
    }
    assert!(api.zoom.summary(&s.meeting_uuid).is_none());
    let (_, body) = api.get("/meetings/meeting_summaries?page_size=300").await;
    assert!(!uuids(&body).contains(&s.meeting_uuid));
    assert!(!api.zoom.recover_summary(&s.meeting_uuid));
}
