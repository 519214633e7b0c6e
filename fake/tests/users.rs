//! `GET /users` (Zoom's Users API): statuses, paging, roles, extra fields; and
//! every user's recordings by id, e-mail and `me`.

mod common;

use std::collections::BTreeSet;

use chrono::Duration;
use common::{enc, start};
use fake_zoom::{Config, UserStatus};
use reqwest::StatusCode;
use serde_json::Value;

fn ids(body: &Value) -> Vec<String> {
    body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_account_has_active_deactivated_and_pending_users() {
    let api = start(Config::default()).await;
    let users = api.zoom.users();
    let of = |status| users.iter().filter(move |u| u.status == status);
    assert!(users[0].is_me && users[0].status == UserStatus::Active);
    assert_eq!(of(UserStatus::Inactive).count(), 1);
    assert_eq!(of(UserStatus::Pending).count(), 1);
    let inactive = of(UserStatus::Inactive).next().unwrap();
    assert!(inactive.meetings > 0, "a deactivated user keeps recordings");
    assert_eq!(of(UserStatus::Pending).next().unwrap().meetings, 0);
    // Another active user, with meetings over several months.
    let other = of(UserStatus::Active).find(|u| !u.is_me).unwrap();
    let months: BTreeSet<_> = api
        .zoom
        .meetings()
        .iter()
        .filter(|m| m.host_id == other.id)
        .map(|m| m.start_time.format("%Y-%m").to_string())
        .collect();
    assert!(months.len() >= 3, "{months:?}");

    let (status, body) = api.get("/users").await;
    assert_eq!(status, StatusCode::OK);
    let active: Vec<String> = of(UserStatus::Active).map(|u| u.id.clone()).collect();
    assert_eq!(ids(&body), active);
    assert_eq!(body["total_records"], active.len());
    assert_eq!(
        (&body["page_size"], &body["page_number"], &body["page_count"]),
        (&Value::from(30), &Value::from(1), &Value::from(1))
    );
    assert_eq!(body["next_page_token"], "");
    let me = &body["users"][0];
    for field in [
        "id",
        "first_name",
        "last_name",
        "display_name",
        "email",
        "timezone",
        "dept",
        "created_at",
        "user_created_at",
        "last_login_time",
        "last_client_version",
        "language",
        "phone_number",
        "role_id",
    ] {
        assert!(me[field].is_string(), "{field}: {me}");
    }
    for field in ["type", "pmi", "verified"] {
        assert!(me[field].is_u64(), "{field}: {me}");
    }
    assert_eq!(me["status"], "active");
    assert_eq!(me["email"], users[0].email.as_str());
    assert_eq!(me["pmi"], users[0].pmi);
    assert_eq!(
        me["display_name"],
        format!("{} {}", users[0].first_name, users[0].last_name).as_str()
    );
    assert_eq!(me["group_ids"], serde_json::json!(users[0].group_ids));
    assert!(me.get("host_key").is_none() && me.get("custom_attributes").is_none());

    let (_, body) = api.get("/users?status=inactive").await;
    assert_eq!(ids(&body), vec![inactive.id.clone()]);
    assert_eq!(body["users"][0]["status"], "inactive");
    let (_, body) = api.get("/users?status=pending").await;
    let pending = &body["users"][0];
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["verified"], 0);
    assert!(pending.get("last_login_time").is_none());

    let (status, body) = api.get("/users?status=deleted").await;
    assert_eq!(
        (status, body["code"].as_u64(), body["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some(300), Some("status"))
    );
}

#[tokio::test]
async fn pages_roles_and_included_fields() {
    let api = start(Config::default().users(9)).await;
    let active: Vec<String> = api
        .zoom
        .users()
        .into_iter()
        .filter(|u| u.status == UserStatus::Active)
        .map(|u| u.id)
        .collect();
    assert_eq!(active.len(), 8);

    let (_, mut page) = api.get("/users?page_size=3").await;
    let mut seen = ids(&page);
    let mut numbers = vec![page["page_number"].as_u64().unwrap()];
    assert_eq!(page["page_count"], 3);
    while let Some(token) = page["next_page_token"].as_str().filter(|t| !t.is_empty()) {
        page = api
            .get(&format!("/users?page_size=3&next_page_token={token}"))
            .await
            .1;
        seen.extend(ids(&page));
        numbers.push(page["page_number"].as_u64().unwrap());
    }
    assert_eq!(seen, active);
    assert_eq!(numbers, vec![1, 2, 3]);
    let (_, second) = api.get("/users?page_size=3&page_number=2").await;
    assert_eq!(ids(&second), active[3..6].to_vec());

    let (status, body) = api.get("/users?page_size=301").await;
    assert_eq!(
        (status, body["code"].as_u64(), body["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some(300), Some("page_size"))
    );
    assert_eq!(api.get("/users?page_size=300").await.1["page_size"], 300);

    let members: Vec<String> = api
        .zoom
        .users()
        .into_iter()
        .filter(|u| u.status == UserStatus::Active && u.role_id == "2")
        .map(|u| u.id)
        .collect();
    assert!(!members.is_empty() && members.len() < active.len());
    let (_, body) = api.get("/users?role_id=2").await;
    assert_eq!(ids(&body), members);

    let (_, body) = api.get("/users?include_fields=host_key,custom_attributes").await;
    for user in body["users"].as_array().unwrap() {
        let id = user["id"].as_str().unwrap();
        let key = api.zoom.host_key(id).unwrap();
        assert_eq!(user["host_key"], key.as_str());
        assert_eq!(key.len(), 6);
        let attribute = &user["custom_attributes"][0];
        assert!(
            attribute["key"].is_string() && attribute["name"].is_string() && attribute["value"].is_string()
        );
    }
    let (_, body) = api.get("/users?include_fields=custom_attributes").await;
    assert!(body["users"][0].get("host_key").is_none());
    let (status, body) = api.get("/users?include_fields=password").await;
    assert_eq!(
        (status, body["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("include_fields"))
    );

    // Host keys are credentials: the info API's Debug never shows them.
    let debug = format!("{:?}", api.zoom.users());
    assert!(!debug.contains(&api.zoom.host_key("me").unwrap()), "{debug}");
}

#[tokio::test]
async fn every_users_recordings_answer_by_id_email_and_me() {
    let api = start(Config::default()).await;
    let meetings = api.zoom.meetings();
    for user in api.zoom.users() {
        let mut keys = vec![user.id.clone(), enc(&user.email)];
        if user.is_me {
            keys.push("me".into());
        }
        let latest = meetings.iter().find(|m| m.host_id == user.id && !m.trashed);
        for key in keys {
            let day = latest.map_or(api.zoom.now(), |m| m.start_time);
            let (from, to) = (
                (day - Duration::days(1)).date_naive(),
                (day + Duration::days(1)).date_naive(),
            );
            let path = format!("/users/{key}/recordings?from={from}&to={to}");
            let (status, body) = api.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let listed = body["meetings"].as_array().unwrap();
            assert!(listed.iter().all(|m| m["host_id"] == user.id.as_str()), "{path}");
            match latest {
                Some(m) => assert!(listed.iter().any(|l| l["uuid"] == m.uuid.as_str()), "{path}"),
                None => assert!(listed.is_empty(), "{path}"),
            }
        }
    }
}

#[tokio::test]
async fn small_accounts_have_no_deactivated_or_pending_user() {
    for (n, statuses) in [
        (1, vec![UserStatus::Active]),
        (2, vec![UserStatus::Active, UserStatus::Active]),
        (
            3,
            vec![
                UserStatus::Active,
                UserStatus::Active,
                UserStatus::Inactive,
                UserStatus::Pending,
            ],
        ),
    ] {
        let api = start(Config::default().users(n)).await;
        let got: Vec<UserStatus> = api.zoom.users().iter().map(|u| u.status).collect();
        assert_eq!(got, statuses, "users({n})");
        let (_, body) = api.get("/users?page_size=300").await;
        let active = statuses.iter().filter(|s| **s == UserStatus::Active).count();
        assert_eq!(body["total_records"], active, "users({n})");
    }
}
