//! Starting, stopping, and what unknown routes answer.

mod common;

use common::{client, start};
use fake_zoom::{Config, FakeZoom};
use reqwest::StatusCode;

#[tokio::test]
async fn shutdown_and_drop_stop_both_servers() {
    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let (api, files) = (zoom.oauth_base_url(), zoom.file_host_url());
    assert_eq!(
        client()
            .get(format!("{api}/nowhere"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    zoom.shutdown().await;
    assert!(client().get(format!("{api}/nowhere")).send().await.is_err());
    assert!(client().get(format!("{files}/x")).send().await.is_err());

    let zoom = FakeZoom::start(Config::default()).await.unwrap();
    let api = zoom.oauth_base_url();
    drop(zoom);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(client().get(format!("{api}/nowhere")).send().await.is_err());
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let api = start(Config::default()).await;
    let (status, headers, body) = api.call(reqwest::Method::GET, "/meetings", None).await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::NOT_FOUND, Some(404))
    );
    assert!(headers.contains_key("x-zm-trackingid"));
    let (status, _, body) = api
        .call(reqwest::Method::POST, "/users/me/recordings", None)
        .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (StatusCode::METHOD_NOT_ALLOWED, Some(405))
    );
    assert_eq!(api.zoom.users().iter().filter(|u| u.is_me).count(), 1);
    assert!(api.zoom.requests_total() >= 3);
}
