//! Fields and parameters Zoom added to operations the fake already served:
//! `recordingGet`'s storage fields, `auto_delete` and the play passcode in
//! listings, `authentication_name`, `summary_smart_chapters` files, and
//! `recordingsList`'s `recording_source_type`, `mc` and `meeting_id`.

mod common;

use common::{Api, enc, start};
use fake_zoom::{Config, MeetingInfo};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const MONTH: &str = "from=2026-10-27&to=2026-11-27&page_size=300";

fn finished(api: &Api) -> Vec<MeetingInfo> {
    let all = api.zoom.meetings().into_iter();
    all.filter(|m| !m.in_progress && !m.trashed).collect()
}

/// A number Zoom may send as `5`, `"5"` or `5.0`.
fn number(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_f64().map(|f| f as u64))
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap()
}

#[tokio::test]
async fn recording_get_has_the_storage_fields_of_2026() {
    let api = start(Config::default()).await;
    let mut filled = 0;
    let mut empty = 0;
    for m in finished(&api) {
        let (status, body) = api
            .get(&format!("/meetings/{}/recordings", enc(&enc(&m.uuid))))
            .await;
        assert_eq!(status, StatusCode::OK);
        for field in ["external_storage_addr", "service_name", "rc_zone", "instance_id"] {
            assert!(body[field].is_string(), "{field}: {body}");
        }
        match body["external_storage_addr"].as_str() {
            Some("") => empty += 1,
            Some(_) => {
                filled += 1;
                assert!(!body["instance_id"].as_str().unwrap().is_empty());
            }
            None => unreachable!(),
        }
        assert!(body["auto_delete"].is_boolean());
        assert!(body.get("auto_delete_date").is_none());
    }
    assert!(filled >= 1 && empty >= 1, "{filled} {empty}");
    // The listings do not carry them.
    let (_, list) = api.get(&format!("/users/me/recordings?{MONTH}")).await;
    assert!(list["meetings"][0].get("external_storage_addr").is_none());
}

#[tokio::test]
async fn listings_carry_auto_delete_and_the_play_passcode() {
    let api = start(Config::default().users(1).meetings(20).history_days(25)).await;
    let (_, list) = api.get(&format!("/users/me/recordings?{MONTH}")).await;
    let item = list["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["recording_files"][0]["status"] == "completed")
        .unwrap()
        .clone();
    let uuid = item["uuid"].as_str().unwrap();
    let get = format!("/meetings/{}/recordings", enc(&enc(uuid)));
    let (_, one) = api.get(&get).await;
    assert_eq!(item["recording_play_passcode"], one["recording_play_passcode"]);
    assert!(item["recording_play_passcode"].as_str().unwrap().len() >= 16);
    assert_eq!(item["auto_delete"], false);
    assert!(item.get("password").is_none());

    let settings = format!("{get}/settings");
    let (_, body) = api.get(&settings).await;
    assert_eq!(body["authentication_name"], "");
    let patch = Some(json!({ "auto_delete": true, "authentication_name": "ignored: read-only" }));
    assert_eq!(
        api.call(Method::PATCH, &settings, patch).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get(&settings).await.1["authentication_name"], "");
    let (_, one) = api.get(&get).await;
    assert_eq!(
        (&one["auto_delete"], &one["auto_delete_date"]),
        (&json!(true), &json!("2026-12-26"))
    );
    let (_, list) = api.get(&format!("/users/me/recordings?{MONTH}")).await;
    let item = list["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["uuid"] == uuid)
        .unwrap();
    assert_eq!(item["auto_delete_date"], "2026-12-26");
}

#[tokio::test]
async fn smart_chapters_sit_next_to_summaries() {
    let api = start(Config::default().meetings(60)).await;
    let mut with = 0;
    for m in finished(&api) {
        let chapters: Vec<_> = m
            .files
            .iter()
            .filter(|f| f.recording_type.as_deref() == Some("summary_smart_chapters"))
            .collect();
        assert_eq!(
            chapters.len(),
            usize::from(api.zoom.summary(&m.uuid).is_some()),
            "{}",
            m.uuid
        );
        let Some(file) = chapters.first() else {
            continue;
        };
        with += 1;
        assert_eq!(file.file_type, "SUMMARY");
        let expected = api.zoom.expected_file(&file.id).unwrap();
        assert_eq!(expected.content_type, "application/json");
        let (_, body) = api
            .get(&format!("/meetings/{}/recordings", enc(&enc(&m.uuid))))
            .await;
        let files = body["recording_files"].as_array().unwrap();
        let listed = files.iter().find(|f| f["id"] == file.id.as_str()).unwrap();
        assert_eq!(
            (&listed["file_extension"], &listed["file_type"]),
            (&json!("JSON"), &json!("SUMMARY"))
        );
        // Zoom's counters leave SUMMARY files out.
        if m.files.iter().all(|f| !f.trashed) {
            let counted = files.iter().filter(|f| f["file_type"] != "SUMMARY").count() as u64;
            assert_eq!(number(&body["recording_count"]), counted);
        }
    }
    assert!(with >= 3, "{with}");
}

#[tokio::test]
async fn the_listing_honours_recording_source_type_mc_and_meeting_id() {
    let api = start(Config::default().users(1).meetings(60).history_days(25)).await;
    let api = &api;
    let list = |query: String| async move {
        let path = format!("/users/me/recordings?{MONTH}&{query}");
        let (status, body) = api.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        body["meetings"].as_array().unwrap().clone()
    };
    let all = list(String::new()).await;
    let webinars = list("recording_source_type=webinar".into()).await;
    let meetings = list("recording_source_type=meeting".into()).await;
    assert!(!webinars.is_empty() && !meetings.is_empty());
    assert_eq!(webinars.len() + meetings.len(), all.len());
    assert!(webinars.iter().all(|m| [5, 6, 9].contains(&number(&m["type"]))));
    assert!(meetings.iter().all(|m| ![5, 6, 9].contains(&number(&m["type"]))));
    assert_eq!(list("mc=true".into()).await, all);

    let id = number(&all[0]["id"]);
    let same = list(format!("meeting_id={id}")).await;
    assert!(!same.is_empty() && same.iter().all(|m| number(&m["id"]) == id));

    for (query, field) in [
        ("recording_source_type=phone", "recording_source_type"),
        ("mc=maybe", "mc"),
        ("meeting_id=abc", "meeting_id"),
    ] {
        let (status, body) = api.get(&format!("/users/me/recordings?{query}")).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{query}"
        );
    }
}
