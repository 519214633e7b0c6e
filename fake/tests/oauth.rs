//! `POST /oauth/token` and the Bearer check on `/v2`.

mod common;

use std::time::Duration;

use common::{client, start, token};
use fake_zoom::{Config, FakeZoom, Operation};
use reqwest::StatusCode;
use serde_json::Value;

async fn post_token(
    zoom: &FakeZoom,
    id: &str,
    secret: &str,
    grant: &str,
    account: &str,
) -> (StatusCode, Value) {
    let resp = client()
        .post(format!("{}/oauth/token", zoom.oauth_base_url()))
        .basic_auth(id, Some(secret))
        .form(&[("grant_type", grant), ("account_id", account)])
        .send()
        .await
        .unwrap();
    (resp.status(), resp.json().await.unwrap())
}

#[tokio::test]
async fn good_credentials_get_a_bearer_token() {
    let zoom = FakeZoom::start(Config::default().token_lifetime(Duration::from_secs(1234)))
        .await
        .unwrap();
    let (status, body) = post_token(
        &zoom,
        zoom.client_id(),
        zoom.client_secret(),
        "account_credentials",
        zoom.account_id(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 1234);
    assert!(body["access_token"].as_str().unwrap().starts_with("eyJ"));
    assert!(
        body["scope"]
            .as_str()
            .unwrap()
            .contains("cloud_recording:read:list_user_recordings")
    );
    assert_eq!(body["api_url"], zoom.oauth_base_url());
    assert_eq!(zoom.token_requests(), 1);
}

#[tokio::test]
async fn bad_credentials_grant_or_account_are_refused() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let (id, secret, account) = (zoom.client_id(), zoom.client_secret(), zoom.account_id());

    let (status, body) = post_token(&zoom, id, "wrong", "account_credentials", account).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    assert_eq!(body["reason"], "Invalid client_id or client_secret");

    let (status, body) = post_token(&zoom, "nobody", secret, "account_credentials", account).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );

    let (status, body) = post_token(&zoom, id, secret, "client_credentials", account).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(4705))
    );

    let (status, body) = post_token(&zoom, id, secret, "account_credentials", "someone-else").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );

    let no_auth = client()
        .post(format!("{}/oauth/token", zoom.oauth_base_url()))
        .form(&[("grant_type", "account_credentials"), ("account_id", account)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_auth.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(zoom.token_requests(), 5);
}

#[tokio::test]
async fn api_answers_401_124_without_a_live_token() {
    let api = start(Config::default()).await;
    let url = format!("{}/users/me/recordings", api.zoom.api_base_url());

    let resp = api.http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("x-zm-trackingid"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "code": 124, "message": "Invalid access token." })
    );

    let resp = api
        .http
        .get(&url)
        .bearer_auth("eyJ.made.up")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    let (status, _) = api.get("/users/me/recordings").await;
    assert_eq!(status, StatusCode::OK);
    api.zoom.expire_all_tokens();
    let (status, body) = api.get("/users/me/recordings").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(124))
    );
    assert_eq!(body["message"], "Access token is expired.");

    // A fresh token works again; the failed calls did not fetch one.
    let fresh = token(&api.zoom, &api.http).await;
    let resp = api.http.get(&url).bearer_auth(fresh).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(api.zoom.token_requests(), 2);
    assert_eq!(api.zoom.requests(Operation::RecordingsList), 5);
}

#[tokio::test]
async fn token_lifetime_is_judged_on_the_fakes_clock() {
    let api = start(Config::default().token_lifetime(Duration::ZERO)).await;
    let (status, body) = api.get("/users/me/recordings").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::UNAUTHORIZED, Some(124))
    );
}
