//! Archiving beyond the listing: one instance's files, statistics, the
//! auto-delete tag, deletion, attachments and group filters.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{Api, enc, start};
use fake_zoom::{ArchiveMeetingInfo, Config};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

fn config() -> Config {
    Config::default().meetings(40).history_days(60)
}

fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn one(api: &Api, pick: impl Fn(&ArchiveMeetingInfo) -> bool) -> ArchiveMeetingInfo {
    api.zoom
        .archive_meetings()
        .into_iter()
        .find(pick)
        .expect("the seed has such an archived meeting")
}

fn path(uuid: &str) -> String {
    format!("/past_meetings/{}/archive_files", enc(&enc(uuid)))
}

/// `GET /archive_files` over a window, every page.
async fn listed(api: &Api, from: DateTime<Utc>, to: DateTime<Utc>, extra: &str) -> Vec<Value> {
    let (status, body) = api
        .get(&format!(
            "/archive_files?from={}&to={}&page_size=300{extra}",
            instant(from),
            instant(to)
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["meetings"].as_array().unwrap().clone()
}

#[tokio::test]
async fn one_instance_shows_ai_companion_files_attachments_and_breakouts() {
    let api = start(config()).await;
    let m = one(&api, |m| m.files.iter().any(|f| f.file_type == "AIC_COVERSATION"));
    let (status, body) = api.get(&path(&m.uuid)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["uuid"], m.uuid.as_str());
    assert_eq!(body["is_breakout_room"], false);
    assert_eq!(body["status"], m.status.as_str());
    let files = body["archive_files"].as_array().unwrap();
    assert_eq!(files.len(), m.files.len());
    assert_eq!(body["recording_count"], m.files.len());
    let aic = files
        .iter()
        .find(|f| f["file_type"] == "AIC_COVERSATION")
        .unwrap();
    assert_eq!(aic["recording_type"], "aic_conversation");
    for f in files {
        assert!(
            f["auto_delete"].is_boolean() && f["storage_location"].is_string(),
            "{f}"
        );
    }

    // The most recent AI Companion file is still processing: not downloadable.
    let processing = one(&api, |m| m.status == "processing");
    let file = processing
        .files
        .iter()
        .find(|f| f.status == "processing")
        .unwrap();
    assert!(!file.downloadable);
    let resp = api
        .http
        .get(&file.download_url)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    let breakout = one(&api, |m| m.is_breakout_room);
    let (_, body) = api.get(&path(&breakout.uuid)).await;
    assert_eq!(body["is_breakout_room"], true);
    assert_eq!(
        body["parent_meeting_id"].as_str(),
        breakout.parent_meeting_uuid.as_deref()
    );

    let attached = one(&api, |m| !m.physical_files.is_empty());
    let (_, body) = api.get(&path(&attached.uuid)).await;
    let physical = &body["physical_files"][0];
    let expected = &attached.physical_files[0];
    assert_eq!(physical["file_id"], expected.id.as_str());
    assert_eq!(physical["file_name"].as_str(), expected.file_name.as_deref());
    assert_eq!(physical["file_size"], expected.size);
    assert_eq!(physical["download_url"], expected.download_url.as_str());
    let resp = api
        .http
        .get(&expected.download_url)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let location = resp.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let bytes = api
        .http
        .get(location)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len() as u64, expected.size);
    assert!(bytes.starts_with(b"\x89PNG"));

    for p in [
        path("nobody+here=="),
        "/past_meetings/85746065432/archive_files".into(),
    ] {
        let (status, body) = api.get(&p).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3001)),
            "{p}"
        );
    }
}

#[tokio::test]
async fn auto_delete_is_set_per_file_and_shows_everywhere() {
    let api = start(config()).await;
    let m = one(&api, |m| !m.is_breakout_room && m.status == "completed");
    let file = &m.files[0];
    let patch = format!("/archive_files/{}", file.id);
    let body = Some(json!({ "auto_delete": !file.auto_delete }));
    assert_eq!(
        api.call(Method::PATCH, &patch, body).await.0,
        StatusCode::NO_CONTENT
    );

    let now = api
        .zoom
        .archive_meetings()
        .into_iter()
        .find(|x| x.uuid == m.uuid)
        .unwrap();
    assert_eq!(now.files[0].auto_delete, !file.auto_delete);
    let (_, one) = api.get(&path(&m.uuid)).await;
    let shown = |v: &Value| {
        v["archive_files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == file.id.as_str())
            .unwrap()["auto_delete"]
            .clone()
    };
    assert_eq!(shown(&one), !file.auto_delete);
    let list = listed(
        &api,
        m.start_time - Duration::hours(1),
        m.start_time + Duration::hours(1),
        "",
    )
    .await;
    let item = list.iter().find(|x| x["uuid"] == m.uuid.as_str()).unwrap();
    assert_eq!(shown(item), !file.auto_delete);

    for (body, status) in [
        (Some(json!({})), StatusCode::BAD_REQUEST),
        (Some(json!({ "auto_delete": "yes" })), StatusCode::BAD_REQUEST),
        (None, StatusCode::BAD_REQUEST),
        (Some(json!([true])), StatusCode::BAD_REQUEST),
    ] {
        let (got, _, answer) = api.call(Method::PATCH, &patch, body.clone()).await;
        assert_eq!(got, status, "{body:?}");
        assert_eq!(answer["code"], 300, "{body:?}");
    }
    let (status, _, _) = api
        .call(
            Method::PATCH,
            "/archive_files/no-such-file",
            Some(json!({ "auto_delete": true })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn statistics_count_the_window_and_a_delete_removes_the_instance() {
    let api = start(config()).await;
    let m = one(&api, |m| {
        !m.is_breakout_room && m.files.iter().any(|f| f.file_type == "CHAT")
    });
    let (from, to) = (m.start_time - Duration::days(3), m.start_time + Duration::days(3));
    let stats = format!(
        "/archive_files/statistics?from={}&to={}",
        instant(from),
        instant(to)
    );
    let expected = |meetings: &[ArchiveMeetingInfo]| {
        let within: Vec<_> = meetings
            .iter()
            .filter(|x| from <= x.start_time && x.start_time <= to)
            .collect();
        let files: Vec<_> = within.iter().flat_map(|x| &x.files).collect();
        let ext = |e: &str| files.iter().filter(|f| f.file_extension == e).count();
        let status = |s: &str| files.iter().filter(|f| f.status == s).count();
        json!({
            "from": instant(from),
            "to": instant(to),
            "total_records": within.len(),
            "statistic_by_file_extension": {
                "mp4_file_count": ext("MP4"), "m4a_file_count": ext("M4A"), "txt_file_count": ext("TXT"),
                "json_file_count": ext("JSON"), "vtt_file_count": ext("VTT"),
            },
            "statistic_by_file_status": {
                "processing_file_count": status("processing"), "completed_file_count": status("completed"),
                "failed_file_count": status("failed"),
            },
        })
    };
    let (status, before) = api.get(&stats).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(before, expected(&api.zoom.archive_meetings()));
    assert!(
        before["statistic_by_file_extension"]["txt_file_count"]
            .as_u64()
            .unwrap()
            >= 1
    );

    let (status, body) = api
        .get("/archive_files/statistics?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z")
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(300))
    );

    assert_eq!(
        api.call(Method::DELETE, &path(&m.uuid), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get(&path(&m.uuid)).await.0, StatusCode::NOT_FOUND);
    let (status, _, body) = api.call(Method::DELETE, &path(&m.uuid), None).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(3001))
    );
    assert!(api.zoom.archive_meetings().iter().all(|x| x.uuid != m.uuid));
    let list = listed(&api, from, to, "").await;
    assert!(list.iter().all(|x| x["uuid"] != m.uuid.as_str()));
    let (_, after) = api.get(&stats).await;
    assert_eq!(after, expected(&api.zoom.archive_meetings()));
    assert_eq!(
        after["total_records"].as_u64().unwrap() + 1,
        before["total_records"].as_u64().unwrap()
    );
    let resp = api
        .http
        .get(&m.files[0].download_url)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_listing_filters_by_group() {
    let api = start(config()).await;
    let users = api.zoom.users();
    let group = users[0].group_ids[0].clone();
    let in_group: Vec<&str> = users
        .iter()
        .filter(|u| u.group_ids.contains(&group))
        .map(|u| u.id.as_str())
        .collect();
    let mut found = 0;
    let mut outside = 0;
    for week in 0..9 {
        let from = api.zoom.now() - Duration::days(7 * (week + 1));
        let to = from + Duration::days(7);
        let all = listed(&api, from, to, "").await;
        let filtered = listed(&api, from, to, &format!("&group_ids={group}")).await;
        let expected: Vec<&Value> = all
            .iter()
            .filter(|m| in_group.contains(&m["host_id"].as_str().unwrap()))
            .collect();
        assert_eq!(filtered.iter().collect::<Vec<_>>(), expected);
        assert!(
            filtered
                .iter()
                .all(|m| m["group_id"].as_str().unwrap().contains(&group))
        );
        found += filtered.len();
        outside += all.len() - filtered.len();
    }
    assert!(found > 0 && outside > 0, "{found} {outside}");
    let eight = ["g"; 8].join(",");
    let (status, body) = api.get(&format!("/archive_files?group_ids={eight}")).await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("group_ids"))
    );
}
