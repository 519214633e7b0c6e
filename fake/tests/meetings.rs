//! `/meetings/{meetingId}/recordings…`: ids and UUIDs, trash and recovery,
//! settings, registrants, questions; plus the account and archive listings.

mod common;

use common::{Api, enc, start};
use fake_zoom::{Config, MeetingInfo};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn completed(api: &Api) -> Vec<MeetingInfo> {
    api.zoom
        .meetings()
        .into_iter()
        .filter(|m| !m.in_progress && !m.trashed)
        .collect()
}

#[tokio::test]
async fn uuids_with_slashes_need_double_encoding() {
    let api = start(Config::default()).await;
    let slashed: Vec<_> = api
        .zoom
        .meetings()
        .into_iter()
        .filter(|m| m.needs_double_encoding)
        .collect();
    assert!(slashed.len() >= 2);
    for m in slashed {
        let (status, body) = api
            .get(&format!("/meetings/{}/recordings", enc(&enc(&m.uuid))))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", m.uuid);
        assert_eq!(body["uuid"], m.uuid.as_str());
        let (status, body) = api.get(&format!("/meetings/{}/recordings", enc(&m.uuid))).await;
        assert_eq!(
            (status, body["code"].as_u64()),
            (StatusCode::NOT_FOUND, Some(3301)),
            "{}",
            m.uuid
        );
    }
    // Other UUIDs work encoded once or twice.
    let plain = completed(&api)
        .into_iter()
        .find(|m| !m.needs_double_encoding)
        .unwrap();
    for path in [enc(&plain.uuid), enc(&enc(&plain.uuid))] {
        let (status, body) = api.get(&format!("/meetings/{path}/recordings")).await;
        assert_eq!(
            (status, body["uuid"].as_str()),
            (StatusCode::OK, Some(plain.uuid.as_str()))
        );
    }
}

#[tokio::test]
async fn a_numeric_id_answers_with_the_latest_instance() {
    let api = start(Config::default().meetings(60)).await;
    let meetings = completed(&api);
    let latest = &meetings[0];
    let (status, body) = api.get(&format!("/meetings/{}/recordings", latest.id)).await;
    assert_eq!(status, StatusCode::OK);
    let newest_with_id = api
        .zoom
        .meetings()
        .into_iter()
        .find(|m| m.id == latest.id && !m.trashed)
        .unwrap();
    assert_eq!(body["uuid"], newest_with_id.uuid.as_str());
    assert!(body["password"].is_string() && body["recording_play_passcode"].is_string());
    assert!(body.get("download_access_token").is_none());
    let (status, body) = api.get("/meetings/12345678901/recordings").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(3301))
    );
}

#[tokio::test]
async fn trash_recover_delete() {
    let api = start(Config::default()).await;
    let m = completed(&api)
        .into_iter()
        .find(|m| !m.needs_double_encoding)
        .unwrap();
    let path = format!("/meetings/{}/recordings", enc(&m.uuid));
    let recover = Some(json!({ "action": "recover" }));

    let (status, _, _) = api.call(Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(api.zoom.meeting(&m.uuid).unwrap().trashed);
    assert_eq!(api.get(&path).await.0, StatusCode::NOT_FOUND);
    let (_, trash) = api.get("/users/me/recordings?trash=true").await;
    let in_trash = trash["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["uuid"] == m.uuid.as_str());
    assert_eq!(in_trash, m.host_id == api.zoom.users()[0].id);

    let (status, _, _) = api
        .call(Method::PUT, &format!("{path}/status"), recover.clone())
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get(&path).await.0, StatusCode::OK);
    let (status, _, body) = api
        .call(Method::PUT, &format!("{path}/status"), recover.clone())
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(3301))
    );

    // One file: trash, recover, delete for good.
    let file = m
        .files
        .iter()
        .find(|f| f.id_in_listing && !f.participant_audio)
        .unwrap();
    let file_path = format!("{path}/{}", file.id);
    assert_eq!(
        api.call(Method::DELETE, &file_path, None).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, body) = api.get(&path).await;
    assert!(
        !body["recording_files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == file.id.as_str())
    );
    let (status, _, _) = api
        .call(Method::PUT, &format!("{file_path}/status"), recover.clone())
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, body) = api.get(&path).await;
    assert!(
        body["recording_files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == file.id.as_str())
    );
    assert_eq!(
        api.call(Method::DELETE, &format!("{file_path}?action=delete"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (status, _, _) = api
        .call(Method::PUT, &format!("{file_path}/status"), recover.clone())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The meeting: trash, then delete from the trash for good.
    assert_eq!(
        api.call(Method::DELETE, &path, None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.call(Method::DELETE, &format!("{path}?action=delete"), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert!(api.zoom.meeting(&m.uuid).is_none());
    let (status, _, body) = api.call(Method::PUT, &format!("{path}/status"), recover).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(3301))
    );
    let (status, _, body) = api
        .call(Method::DELETE, &format!("{path}?action=shred"), None)
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(300))
    );
}

#[tokio::test]
async fn settings_registrants_and_questions() {
    let api = start(Config::default()).await;
    let m = completed(&api).remove(0);
    let settings = format!("/meetings/{}/recordings/settings", m.id);
    let (status, body) = api.get(&settings).await;
    assert_eq!(
        (status, body["share_recording"].as_str()),
        (StatusCode::OK, Some("publicly"))
    );
    let patch = Some(json!({ "share_recording": "internally", "approval_type": 1, "auto_delete": true }));
    assert_eq!(
        api.call(Method::PATCH, &settings, patch).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, body) = api.get(&settings).await;
    assert_eq!(
        (body["share_recording"].as_str(), body["approval_type"].as_u64()),
        (Some("internally"), Some(1))
    );
    assert_eq!(body["auto_delete_date"], "2026-12-26");
    let bad = Some(json!({ "share_recording": "everyone" }));
    assert_eq!(
        api.call(Method::PATCH, &settings, bad).await.0,
        StatusCode::BAD_REQUEST
    );

    let registrants = format!("/meetings/{}/recordings/registrants", m.id);
    let new = Some(json!({ "email": "pat.example@example.com", "first_name": "Pat", "city": "Lyon" }));
    let (status, _, created) = api.call(Method::POST, &registrants, new).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["id"], m.id);
    assert!(created["share_url"].as_str().unwrap().contains("?tk="));
    let (_, pending) = api.get(&format!("{registrants}?status=pending")).await;
    let mine = pending["registrants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == created["registrant_id"]);
    assert_eq!(mine.unwrap()["city"], "Lyon");
    let approve = Some(json!({ "action": "approve", "registrants": [{ "id": created["registrant_id"] }] }));
    assert_eq!(
        api.call(Method::PUT, &format!("{registrants}/status"), approve)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (_, approved) = api.get(&format!("{registrants}?page_size=1")).await;
    let total = approved["total_records"].as_u64().unwrap();
    assert_eq!(
        approved["next_page_token"].as_str().unwrap().is_empty(),
        total == 1
    );
    let missing = Some(json!({ "first_name": "NoEmail" }));
    assert_eq!(
        api.call(Method::POST, &registrants, missing).await.0,
        StatusCode::BAD_REQUEST
    );

    let questions = format!("{registrants}/questions");
    let (_, body) = api.get(&questions).await;
    assert!(body["questions"].is_array());
    let update = json!({ "questions": [{ "field_name": "city", "required": true }], "custom_questions": [] });
    assert_eq!(
        api.call(Method::PATCH, &questions, Some(update.clone())).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.get(&questions).await.1, update);
}

#[tokio::test]
async fn account_and_archive_listings() {
    let api = start(Config::default().meetings(40).history_days(60)).await;
    let account = format!(
        "/accounts/{}/recordings?from=2026-10-27&to=2026-11-27",
        api.zoom.account_id()
    );
    let (status, body) = api.get(&account).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.get("page_count").is_none());
    assert_eq!(body["from"], "2026-10-27");
    let first = &body["meetings"][0];
    assert!(first["id"].is_string() && first["host_email"].is_string());
    let (status, body) = api.get("/accounts/someone-else/recordings").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(2001))
    );

    let (status, body) = api
        .get("/archive_files?from=2026-11-01T00:00:00Z&to=2026-11-10T00:00:00Z")
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(300))
    );
    let mut found = 0;
    for week in 0..9 {
        let from = chrono::NaiveDate::from_ymd_opt(2026, 9, 25).unwrap() + chrono::Duration::days(7 * week);
        let to = from + chrono::Duration::days(6);
        let (status, body) = api
            .get(&format!("/archive_files?from={from}&to={to}&page_size=300"))
            .await;
        assert_eq!(status, StatusCode::OK);
        for m in body["meetings"].as_array().unwrap() {
            found += 1;
            assert!(
                m["archive_files"][0]["encryption_fingerprint"]
                    .as_str()
                    .unwrap()
                    .len()
                    == 64
            );
            assert!(m["meeting_type"] == "internal" || m["meeting_type"] == "external");
        }
    }
    assert!(found > 0);
}
