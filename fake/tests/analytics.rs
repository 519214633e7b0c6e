//! `analytics_details` and `analytics_summary`: the seeded views and downloads,
//! paged and counted, within one month.

mod common;

use chrono::{Months, NaiveDate};
use common::{Api, enc, start};
use fake_zoom::{AnalyticsEvent, AnalyticsKind, Config, MeetingInfo};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A finished meeting with several views in the month after it, that month,
/// and its events in it.
fn busy(api: &Api) -> (MeetingInfo, NaiveDate, NaiveDate, Vec<AnalyticsEvent>) {
    for m in api.zoom.meetings() {
        if m.in_progress || m.trashed {
            continue;
        }
        let from = m.start_time.date_naive();
        let to = from.checked_add_months(Months::new(1)).unwrap();
        let events: Vec<_> = api
            .zoom
            .recording_analytics(&m.uuid)
            .into_iter()
            .filter(|e| (from..=to).contains(&e.date_time.date_naive()))
            .collect();
        let views = events.iter().filter(|e| e.kind == AnalyticsKind::View).count();
        let downloads = events.len() - views;
        if views >= 5 && downloads >= 1 {
            return (m, from, to, events);
        }
    }
    panic!("the seed has a watched recording");
}

fn row(e: &AnalyticsEvent) -> Value {
    json!({
        "date_time": e.date_time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "name": e.name,
        "email": e.email,
        "duration": e.duration,
    })
}

#[tokio::test]
async fn details_page_the_views_or_the_downloads() {
    let api = start(Config::default()).await;
    let (m, from, to, events) = busy(&api);
    let base = format!(
        "/meetings/{}/recordings/analytics_details?from={from}&to={to}",
        enc(&enc(&m.uuid))
    );
    let views: Vec<Value> = events
        .iter()
        .filter(|e| e.kind == AnalyticsKind::View)
        .map(row)
        .collect();

    let (status, mut page) = api.get(&format!("{base}&page_size=2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (page["from"].as_str(), page["to"].as_str()),
        (Some(&*from.to_string()), Some(&*to.to_string()))
    );
    assert_eq!(page["total_records"], views.len());
    let mut rows = page["analytics_details"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    while let Some(token) = page["next_page_token"].as_str().filter(|t| !t.is_empty()) {
        page = api
            .get(&format!("{base}&page_size=2&next_page_token={token}"))
            .await
            .1;
        rows.extend(page["analytics_details"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(rows, views);
    assert!(rows.iter().all(|r| r["duration"].as_u64().unwrap() > 0));

    let (_, body) = api.get(&format!("{base}&type=by_download&page_size=300")).await;
    let downloads: Vec<Value> = events
        .iter()
        .filter(|e| e.kind == AnalyticsKind::Download)
        .map(row)
        .collect();
    assert_eq!(body["analytics_details"].as_array().unwrap(), &downloads);
    assert!(!downloads.is_empty());

    // By numeric id when this is the latest instance; same rows.
    if api.zoom.meetings().iter().find(|x| x.id == m.id).map(|x| &x.uuid) == Some(&m.uuid) {
        let by_id = format!(
            "/meetings/{}/recordings/analytics_details?from={from}&to={to}&page_size=300",
            m.id
        );
        assert_eq!(
            api.get(&by_id).await.1["analytics_details"].as_array().unwrap(),
            &views
        );
    }
}

#[tokio::test]
async fn bad_parameters_are_validation_errors() {
    let api = start(Config::default()).await;
    let (m, from, _, _) = busy(&api);
    let base = format!("/meetings/{}/recordings/analytics_details", enc(&enc(&m.uuid)));
    let too_far = from
        .checked_add_months(Months::new(1))
        .unwrap()
        .succ_opt()
        .unwrap();
    for (query, field) in [
        (format!("from={from}&to={too_far}"), "to"),
        (format!("from={too_far}&to={from}"), "from"),
        ("from=2026-13-01".into(), "from"),
        ("type=by_click".into(), "type"),
        ("page_size=301".into(), "page_size"),
    ] {
        let (status, body) = api.get(&format!("{base}?{query}")).await;
        assert_eq!(
            (status, body["code"].as_u64(), body["errors"][0]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(300), Some(field)),
            "{query}"
        );
    }
    let summary = format!(
        "/meetings/{}/recordings/analytics_summary?from={from}&to={too_far}",
        m.id
    );
    assert_eq!(api.get(&summary).await.0, StatusCode::BAD_REQUEST);

    // Dates default to today.
    let (_, body) = api.get(&base).await;
    assert_eq!(
        (body["from"].as_str(), body["to"].as_str()),
        (Some("2026-11-26"), Some("2026-11-26"))
    );
}

#[tokio::test]
async fn the_summary_counts_every_day_of_the_range() {
    let api = start(Config::default()).await;
    let (m, from, to, events) = busy(&api);
    let path = format!(
        "/meetings/{}/recordings/analytics_summary?from={from}&to={to}",
        enc(&enc(&m.uuid))
    );
    let (status, body) = api.get(&path).await;
    assert_eq!(status, StatusCode::OK);
    let rows = body["analytics_summary"].as_array().unwrap();
    assert_eq!(rows.len() as i64, (to - from).num_days() + 1);
    assert_eq!(rows[0]["date"], from.to_string().as_str());
    for r in rows {
        let day = NaiveDate::parse_from_str(r["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let count = |kind| {
            events
                .iter()
                .filter(|e| e.kind == kind && e.date_time.date_naive() == day)
                .count()
        };
        assert_eq!(r["views_total_count"], count(AnalyticsKind::View), "{day}");
        assert_eq!(
            r["downloads_total_count"],
            count(AnalyticsKind::Download),
            "{day}"
        );
    }
    let total: u64 = rows
        .iter()
        .map(|r| r["views_total_count"].as_u64().unwrap())
        .sum();
    assert!(total >= 5);
}

#[tokio::test]
async fn meetings_without_finished_recordings_are_3301() {
    let api = start(Config::default()).await;
    let meetings = api.zoom.meetings();
    let in_progress = meetings.iter().find(|m| m.in_progress).unwrap();
    let trashed = meetings.iter().find(|m| m.trashed).unwrap();
    assert!(api.zoom.recording_analytics(&in_progress.uuid).is_empty());
    for uuid in [in_progress.uuid.as_str(), trashed.uuid.as_str(), "nobody+here=="] {
        for op in ["analytics_details", "analytics_summary"] {
            let (status, body) = api
                .get(&format!("/meetings/{}/recordings/{op}", enc(&enc(uuid))))
                .await;
            assert_eq!(
                (status, body["code"].as_u64()),
                (StatusCode::NOT_FOUND, Some(3301)),
                "{op} {uuid}"
            );
        }
    }
}
