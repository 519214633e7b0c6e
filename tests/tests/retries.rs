//! Retries and rate limits over loopback HTTP: what is retried, how long the
//! client waits (observed through the test clock, never slept), and what is not.

mod common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::clock::TestClock;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{Error, RateLimitKind, RetryPolicy, ZoomCode};

const SETTINGS_PATH: &str = "/meetings/85746065432/recordings/settings";

fn settings_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"share_recording": "publicly", "viewer_download": true}))
}

fn rate_limited(kind: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("x-ratelimit-type", kind)
        .insert_header("x-ratelimit-category", "Light")
        .insert_header("x-zm-trackingid", "v=2.0;clid=us06;rid=WEB_429")
        .set_body_json(
            json!({"code": 429, "message": "You have reached the maximum rate limit for this API."}),
        )
}

async fn get_settings(client: &zoom_cloud_recording::Client) -> Result<(), Error> {
    client
        .recording_setting_update()
        .meeting_id("85746065432")
        .send()
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_per_second_429_is_waited_out_for_exactly_its_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(rate_limited("QPS").insert_header("retry-after", "2"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    get_settings(&client).await.expect("the retry succeeds");
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_429_without_type_or_retry_after_is_retried_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(ResponseTemplate::new(429).set_body_json(json!({"code": 429, "message": "Too many"})))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(300))
        .without_jitter();
    let client = common::builder(&server, &clock)
        .retry_policy(policy)
        .build()
        .unwrap();

    get_settings(&client).await.expect("the third attempt succeeds");
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(300), Duration::from_millis(600)]
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_or_iso_time_is_honoured() {
    for retry_after in ["Tue, 10 Mar 2026 12:00:05 GMT", "2026-03-10T12:00:05Z"] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(SETTINGS_PATH))
            .respond_with(rate_limited("QPS").insert_header("retry-after", retry_after))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(SETTINGS_PATH))
            .respond_with(settings_ok())
            .mount(&server)
            .await;
        let clock = TestClock::new(); // 2026-03-10T12:00:00Z
        let client = common::builder(&server, &clock).build().unwrap();

        get_settings(&client).await.expect("the retry succeeds");
        assert_eq!(
            clock.sleeps(),
            [Duration::from_secs(5)],
            "Retry-After: {retry_after}"
        );
    }
}

#[tokio::test]
async fn a_daily_429_is_not_retried_and_names_the_next_utc_midnight() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(rate_limited("Daily-limit"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::at(Utc.with_ymd_and_hms(2026, 3, 10, 17, 45, 0).unwrap());
    let client = common::builder(&server, &clock).build().unwrap();

    let error = get_settings(&client)
        .await
        .expect_err("a daily limit fails at once");
    let Error::RateLimited(limited) = &error else {
        panic!("expected RateLimited, got {error:?}")
    };
    assert_eq!(limited.kind, RateLimitKind::Daily);
    assert_eq!(
        limited.retry_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 11, 0, 0, 0).unwrap())
    );
    assert_eq!(limited.category.as_deref(), Some("Light"));
    assert_eq!(limited.api.code, Some(ZoomCode::RateLimited));
    assert_eq!(error.tracking_id(), Some("v=2.0;clid=us06;rid=WEB_429"));
    assert!(clock.sleeps().is_empty(), "no wait for a daily limit");
    assert!(error.to_string().contains("2026-03-11T00:00:00+00:00"), "{error}");
}

#[tokio::test]
async fn a_daily_429_keeps_zooms_own_reset_time() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(rate_limited("Daily-limit").insert_header("retry-after", "2026-03-11T00:00:00Z"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    let Err(Error::RateLimited(limited)) = get_settings(&client).await else {
        panic!("expected RateLimited")
    };
    assert_eq!(
        limited.retry_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 11, 0, 0, 0).unwrap())
    );
}

#[tokio::test]
async fn a_per_second_limit_that_outlasts_the_attempts_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(rate_limited("QPS").insert_header("retry-after", "1"))
        .expect(3)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let policy = RetryPolicy::default().max_attempts(3).without_jitter();
    let client = common::builder(&server, &clock)
        .retry_policy(policy)
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("still limited");
    let Error::RateLimited(limited) = error else {
        panic!("expected RateLimited")
    };
    assert_eq!(limited.kind, RateLimitKind::PerSecond);
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(rate_limited("QPS").insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    let Err(Error::RateLimited(limited)) = get_settings(&client).await else {
        panic!("expected RateLimited")
    };
    assert_eq!(
        limited.retry_at,
        Some(Utc.with_ymd_and_hms(2026, 3, 10, 13, 0, 0).unwrap())
    );
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_get_survives_503_503_200() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream unavailable"))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    get_settings(&client).await.expect("the third attempt succeeds");
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_millis(1000)]
    );
}

#[tokio::test]
async fn a_post_is_not_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/meetings/85746065432/recordings/registrants"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"code": 503, "message": "busy"})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();
    let body: zoom_cloud_recording::types::RecordingRegistrantCreate =
        serde_json::from_value(json!({"email": "jchill@example.com", "first_name": "Jill"})).unwrap();

    let error = client
        .meeting_recording_registrant_create()
        .meeting_id(85746065432_i64)
        .body(body)
        .send()
        .await
        .map_err(Error::from)
        .expect_err("503 is returned");
    assert_eq!(error.status(), Some(503));
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_connection_failure_is_retried_then_reported_as_transport() {
    // A port nothing listens on: bind, read the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let clock = TestClock::new();
    let client = zoom_cloud_recording::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token(common::TOKEN)
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().max_attempts(3).without_jitter())
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(clock.sleeps().len(), 2, "connection failures are retried");
    assert!(error.to_string().starts_with("could not reach Zoom"), "{error}");
}

#[tokio::test]
async fn other_4xx_are_not_retried_and_keep_zooms_details() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-zm-trackingid", "v=2.0;rid=404")
                .set_body_json(json!({"code": 3301, "message": "There is no recording for this meeting."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock).build().unwrap();

    let error = get_settings(&client).await.expect_err("404");
    let Error::Api(api) = &error else {
        panic!("expected Api, got {error:?}")
    };
    assert_eq!((api.status, api.code), (404, Some(ZoomCode::RecordingNotFound)));
    assert_eq!(api.tracking_id.as_deref(), Some("v=2.0;rid=404"));
    let text = error.to_string();
    assert!(text.contains("3301") && text.contains("instance UUID"), "{text}");
    assert!(clock.sleeps().is_empty());
}
