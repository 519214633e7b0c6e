//! Time limits over loopback HTTP, in real time: the per-attempt limit (and
//! its retries), the whole-operation budget (which also bounds the waits
//! between attempts and the token request), and the defaults.
//!
//! Every slow answer is delayed 10 s against limits of a few hundred
//! milliseconds, so no test depends on timing luck; each bound on the elapsed
//! time is generous (under 5 s).

mod common;

use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{
    AuthError, Client, ClientBuilder, Error, RetryPolicy, TimeoutError, TimeoutScope, Timeouts,
};

const SETTINGS_PATH: &str = "/meetings/85746065432/recordings/settings";
/// Far longer than any limit below.
const SLOW: Duration = Duration::from_secs(10);
/// A generous bound for "returned long before the slow answer".
const QUICK: Duration = Duration::from_secs(5);

fn settings_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"share_recording": "publicly", "viewer_download": true}))
}

/// A static-token client on the real system clock.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(common::TOKEN)
}

async fn get_settings(client: &Client) -> Result<(), Error> {
    client
        .recording_setting_update()
        .meeting_id("85746065432")
        .send()
        .await?;
    Ok(())
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .len()
}

#[tokio::test]
async fn an_attempt_that_outlasts_its_limit_is_retried_then_a_typed_attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok().set_delay(SLOW))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(2)
                .initial_backoff(Duration::from_millis(10))
                .without_jitter(),
        )
        .build()
        .unwrap();
    let started = Instant::now();

    let error = get_settings(&client).await.expect_err("too slow");

    assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
    let Error::Timeout(TimeoutError {
        scope: TimeoutScope::Attempt,
        limit,
        ..
    }) = error
    else {
        panic!("expected an attempt timeout, got {error:?}")
    };
    assert_eq!(limit, Some(Duration::from_millis(100)));
    assert!(error.is_transient());
    assert_eq!(requests(&server).await, 2, "a timed-out GET is retried once");
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(SLOW))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .attempt_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(10)))
        .build()
        .unwrap();
    let body: zoom_cloud_recording::types::RecordingRegistrantCreate =
        serde_json::from_value(json!({"email": "jchill@example.com", "first_name": "Jill"})).unwrap();

    let error = client
        .meeting_recording_registrant_create()
        .meeting_id(85746065432_i64)
        .body(body)
        .send()
        .await
        .map_err(Error::from)
        .expect_err("too slow");

    assert!(
        matches!(
            error,
            Error::Timeout(TimeoutError {
                scope: TimeoutScope::Attempt,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 1, "the POST may have reached Zoom");
}

/// A 10 s answer under an operation budget of 300 ms and this attempt limit.
async fn operation_budget_ends_a_slow_attempt(attempt: Option<Duration>) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok().set_delay(SLOW))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .attempt_timeout(attempt)
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();

    let error = get_settings(&client).await.expect_err("too slow");

    let elapsed = started.elapsed();
    assert!(elapsed < QUICK, "attempt limit {attempt:?}: took {elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(300),
        "not before the budget: {elapsed:?}"
    );
    let Error::Timeout(TimeoutError {
        scope: TimeoutScope::Operation,
        limit,
        ..
    }) = error
    else {
        panic!("attempt limit {attempt:?}: expected an operation timeout, got {error:?}")
    };
    assert_eq!(limit, Some(Duration::from_millis(300)));
    assert_eq!(requests(&server).await, 1, "no attempt is left for a retry");
}

#[tokio::test]
async fn the_operation_budget_ends_an_attempt_with_a_longer_limit() {
    operation_budget_ends_a_slow_attempt(Some(SLOW)).await;
}

#[tokio::test]
async fn the_operation_budget_ends_an_attempt_without_a_limit() {
    operation_budget_ends_a_slow_attempt(None).await;
}

#[tokio::test]
async fn the_operation_budget_covers_the_waits_between_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(json!({"code": 503, "message": "Service unavailable"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The real clock: a wait that were started would really be slept.
    let client = builder(&server)
        .operation_timeout(Duration::from_millis(500))
        .retry_policy(RetryPolicy::default().initial_backoff(SLOW).max_backoff(SLOW))
        .build()
        .unwrap();
    let started = Instant::now();

    let error = get_settings(&client).await.expect_err("always 503");

    assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
    // A wait that cannot fit the budget is not started: the 503 itself is the answer.
    let Error::Api(api) = &error else {
        panic!("expected the 503 as an API error, got {error:?}")
    };
    assert_eq!(api.status, 503);
    assert_eq!(api.message, "Service unavailable");
    assert!(error.is_transient());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_retry_after_that_cannot_fit_the_budget_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "10")
                .set_body_json(json!({"code": 429, "message": "Too many requests"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .operation_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();

    let error = get_settings(&client).await.expect_err("limited");

    assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
}

#[tokio::test]
async fn the_operation_budget_covers_a_slow_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok", "token_type": "bearer", "expires_in": 3599}))
                .set_delay(SLOW),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .oauth_base_url(server.uri())
        .server_to_server("acct", "id", "secret")
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();

    let error = get_settings(&client).await.expect_err("the token never comes");

    assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
    assert!(
        matches!(
            error,
            Error::Timeout(TimeoutError {
                scope: TimeoutScope::Operation,
                ..
            })
        ),
        "{error:?}"
    );
}

/// The per-attempt limit documents "one attempt, from sending the request to
/// the last byte of the answer"; a token request is a request the operation
/// waits on, and with no operation budget a hung token endpoint would hold the
/// operation (and every other caller waiting on the token lock) indefinitely.
#[tokio::test]
async fn the_attempt_limit_bounds_a_slow_token_request_without_an_operation_budget() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok", "token_type": "bearer", "expires_in": 3599}))
                .set_delay(SLOW),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .oauth_base_url(server.uri())
        .server_to_server("acct", "id", "secret")
        .attempt_timeout(Duration::from_millis(100))
        .operation_timeout(None)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = Instant::now();

    let result = get_settings(&client).await;

    assert!(
        started.elapsed() < QUICK,
        "took {:?}: {result:?}",
        started.elapsed()
    );
    let error = result.expect_err("the token request timed out");
    let typed = match &error {
        Error::Timeout(_) => true,
        Error::Auth(inner) => matches!(**inner, AuthError::TokenEndpointUnreachable(_)),
        _ => false,
    };
    assert!(typed && error.is_transient(), "{error:?}");
}

#[test]
fn the_default_limits_are_an_attempt_minute_and_a_five_minute_operation() {
    let defaults = Timeouts::default();
    assert_eq!(defaults.connect, Duration::from_secs(10));
    assert_eq!(defaults.attempt, Some(Duration::from_secs(60)));
    assert_eq!(defaults.operation, Some(Duration::from_secs(300)));
}

/// Whether a settings call answered after 1.5 s succeeds with these limits.
async fn awaits_a_slow_answer(limits: Timeouts) -> Result<(), Error> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(settings_ok().set_delay(Duration::from_millis(1500)))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).timeouts(limits).build().unwrap();
    get_settings(&client).await
}

#[tokio::test]
async fn no_limit_and_the_default_limits_await_a_slow_answer() {
    let unlimited = Client::builder()
        .access_token("t")
        .attempt_timeout(None)
        .operation_timeout(None);
    let unlimited_timeouts = Timeouts {
        attempt: None,
        operation: None,
        ..Timeouts::default()
    };
    assert_eq!(
        format!("{unlimited:?}"),
        format!(
            "{:?}",
            Client::builder().access_token("t").timeouts(unlimited_timeouts)
        ),
        "attempt_timeout(None).operation_timeout(None) lifts both limits"
    );

    // Both at once, so the file stays fast.
    let (without, with_defaults) = futures::join!(
        awaits_a_slow_answer(unlimited_timeouts),
        awaits_a_slow_answer(Timeouts::default())
    );
    without.expect("without limits a 1.5 s answer is awaited");
    with_defaults.expect("the default limits await a 1.5 s answer");
}

/// Gateways in front of Zoom answer 503 with an HTML page; when no retry fits
/// the budget that answer is the result, and it must still be a transient
/// `Error::Api` with status 503, not a decode failure without a status.
#[tokio::test]
async fn a_503_with_an_html_body_that_cannot_be_retried_is_still_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .operation_timeout(Duration::from_millis(500))
        .retry_policy(RetryPolicy::default().initial_backoff(SLOW).max_backoff(SLOW))
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("503");

    assert!(
        matches!(&error, Error::Api(api) if api.status == 503),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(503));
    assert!(error.is_transient(), "{error:?}");
}
