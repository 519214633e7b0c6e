//! Access tokens over loopback HTTP: the Server-to-Server token request's exact
//! shape, caching and renewal judged by the injected clock, a single token
//! request for many concurrent calls, one renewal and one replay after 401/124,
//! typed token-endpoint failures, and user-supplied token providers.
//!
//! One mock server plays both Zoom's OAuth host (`POST /oauth/token`) and the API.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::clock::TestClock;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_cloud_recording::{
    AccessToken, AuthError, Client, ClientBuilder, Error, RetryPolicy, Secret, TokenFuture, TokenProvider,
    ZoomCode,
};

const ACCOUNT_ID: &str = "acct-Zx9_Q";
const CLIENT_ID: &str = "AbCdClientId";
const CLIENT_SECRET: &str = "s3cr3t-Client-Secret";
/// `Basic base64("AbCdClientId:s3cr3t-Client-Secret")`, computed with Python's
/// `base64.b64encode` and checked again by [`base64`] below.
const BASIC: &str = "Basic QWJDZENsaWVudElkOnMzY3IzdC1DbGllbnQtU2VjcmV0";

const TOKEN_PATH: &str = "/oauth/token";
const SETTINGS_PATH: &str = "/meetings/85746065432/recordings/settings";

/// Standard base64 with padding (RFC 4648 §4), for checking [`BASIC`].
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A Server-to-Server client whose API and OAuth host are both `server`, on
/// the test clock, with retries that wait exactly the computed backoff.
fn s2s(server: &MockServer, clock: &TestClock) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .oauth_base_url(server.uri())
        .server_to_server(ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET)
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().without_jitter())
}

/// The token endpoint's documented success answer.
fn token_ok(token: &str, expires_in: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "cloud_recording:read:list_user_recordings:admin",
        "api_url": "https://api.zoom.us"
    }))
}

/// Mounts a token-endpoint answer used at most `times` times (then the next
/// mock mounted answers) and expected exactly `expect` times.
async fn mount_token(server: &MockServer, answer: ResponseTemplate, times: Option<u64>, expect: u64) {
    let mock = Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(answer);
    let mock = match times {
        Some(n) => mock.up_to_n_times(n),
        None => mock,
    };
    mock.expect(expect).mount(server).await;
}

/// The settings GET when it carries `Bearer <token>`.
fn api_with(token: &str) -> wiremock::MockBuilder {
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .and(header("authorization", format!("Bearer {token}").as_str()))
}

fn settings_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"share_recording": "publicly", "viewer_download": true}))
}

fn token_rejected() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"code": 124, "message": "Invalid access token."}))
}

async fn get_settings(client: &Client) -> Result<(), Error> {
    client
        .recording_setting_update()
        .meeting_id("85746065432")
        .send()
        .await?;
    Ok(())
}

/// Requests the server received on `request_path`.
async fn received(server: &MockServer, request_path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|r| r.url.path() == request_path)
        .collect()
}

/// The `application/x-www-form-urlencoded` pairs of a body, decoded.
fn form_pairs(request: &Request) -> Vec<(String, String)> {
    let body = std::str::from_utf8(&request.body).expect("a form body is text");
    let mut url = request.url.clone();
    url.set_query(Some(body));
    let mut pairs: Vec<_> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn auth_error(error: &Error) -> &AuthError {
    match error {
        Error::Auth(inner) => inner,
        other => panic!("expected Error::Auth, got {other:?}"),
    }
}

#[test]
fn the_expected_basic_header_is_base64_of_id_colon_secret() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(
        format!(
            "Basic {}",
            base64(format!("{CLIENT_ID}:{CLIENT_SECRET}").as_bytes())
        ),
        BASIC
    );
}

#[tokio::test]
async fn the_token_request_has_the_documented_shape_and_the_token_is_reused() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(3)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    for _ in 0..3 {
        get_settings(&client).await.expect("the call succeeds");
    }

    let tokens = received(&server, TOKEN_PATH).await;
    assert_eq!(tokens.len(), 1, "one token request for three calls");
    let request = &tokens[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/oauth/token");
    assert_eq!(
        request.url.query(),
        None,
        "the credentials travel in the body, not the URL"
    );
    assert_eq!(header_value(request, "authorization"), Some(BASIC));
    assert_eq!(
        header_value(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form_pairs(request),
        [
            ("account_id".to_owned(), ACCOUNT_ID.to_owned()),
            ("grant_type".to_owned(), "account_credentials".to_owned()),
        ],
        "exactly the two documented pairs"
    );
    let calls = received(&server, SETTINGS_PATH).await;
    assert_eq!(calls.len(), 3);
    for call in &calls {
        assert_eq!(header_value(call, "authorization"), Some("Bearer tok-A"));
    }
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn the_token_is_renewed_when_less_than_the_skew_of_its_lifetime_remains() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3600), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3600), None, 1).await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(2)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    get_settings(&client).await.expect("first call");
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1);

    // 3539 s in: 61 s of lifetime left, more than the 60 s skew.
    clock.advance(Duration::from_secs(3539));
    get_settings(&client).await.expect("second call");
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1, "still cached");

    // 3541 s in: 59 s left, less than the skew.
    clock.advance(Duration::from_secs(2));
    get_settings(&client).await.expect("third call");
    assert_eq!(
        received(&server, TOKEN_PATH).await.len(),
        2,
        "renewed before expiry"
    );
    let calls = received(&server, SETTINGS_PATH).await;
    assert_eq!(
        header_value(&calls[2], "authorization"),
        Some("Bearer tok-B"),
        "the renewed token is used"
    );
}

#[tokio::test]
async fn a_custom_skew_moves_the_renewal() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3600), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3600), None, 1).await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(2)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock)
        .token_expiry_skew(Duration::from_secs(600))
        .build()
        .unwrap();

    get_settings(&client).await.unwrap();
    clock.advance(Duration::from_secs(2999)); // 601 s left
    get_settings(&client).await.unwrap();
    clock.advance(Duration::from_secs(2)); // 599 s left
    get_settings(&client).await.unwrap();
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 2);
}

/// Runs `n` settings calls at once on clones of `client`, each on its own task.
async fn concurrent_calls(client: &Client, n: usize) {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get_settings(&client).await })
        })
        .collect();
    for result in futures::future::join_all(tasks).await {
        result
            .expect("the task did not panic")
            .expect("the call succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_with_a_stale_token_make_one_token_request() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3600), Some(1), 1).await;
    // Slow, so the 50 calls really wait for it together.
    mount_token(
        &server,
        token_ok("tok-B", 3600).set_delay(Duration::from_millis(200)),
        None,
        1,
    )
    .await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(50)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    get_settings(&client).await.expect("warm-up call");
    clock.advance(Duration::from_secs(3600)); // expired
    concurrent_calls(&client, 50).await;

    assert_eq!(
        received(&server, TOKEN_PATH).await.len(),
        2,
        "one renewal for 50 calls"
    );
    assert_eq!(received(&server, SETTINGS_PATH).await.len(), 51);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_first_calls_make_one_token_request() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        token_ok("tok-A", 3600).set_delay(Duration::from_millis(200)),
        None,
        1,
    )
    .await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(50)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    concurrent_calls(&client, 50).await;

    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1);
    assert_eq!(received(&server, SETTINGS_PATH).await.len(), 50);
}

#[tokio::test]
async fn a_401_124_renews_the_token_once_and_replays_the_request_once() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    get_settings(&client)
        .await
        .expect("the replay with the new token succeeds");

    assert_eq!(received(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(received(&server, SETTINGS_PATH).await.len(), 2);
    assert!(clock.sleeps().is_empty(), "a renewal is not a backoff");
}

#[tokio::test]
async fn concurrent_401_124s_share_one_renewal() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(token_rejected())
        .expect(1..)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(20)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    // Token A is cached first, then revoked: all 20 calls see 124 (or find B already there).
    client_token_warm_up(&server, &client).await;
    concurrent_calls(&client, 20).await;

    assert_eq!(
        received(&server, TOKEN_PATH).await.len(),
        2,
        "one renewal for all"
    );
}

/// Caches token A without calling the settings API.
async fn client_token_warm_up(server: &MockServer, client: &Client) {
    Mock::given(method("GET"))
        .and(path("/meetings/1/recordings/settings"))
        .respond_with(settings_ok())
        .expect(1)
        .mount(server)
        .await;
    client
        .recording_setting_update()
        .meeting_id("1")
        .send()
        .await
        .expect("warm-up call");
}

#[tokio::test]
async fn a_second_401_124_after_the_renewal_is_a_typed_auth_error() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    let error = get_settings(&client)
        .await
        .expect_err("the new token is refused too");

    let AuthError::TokenRejected(api) = auth_error(&error) else {
        panic!("expected TokenRejected, got {error:?}")
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.code, Some(ZoomCode::InvalidAccessToken));
    assert_eq!(error.code(), Some(ZoomCode::InvalidAccessToken));
    assert_eq!(
        received(&server, TOKEN_PATH).await.len(),
        2,
        "exactly one renewal"
    );
    assert_eq!(
        received(&server, SETTINGS_PATH).await.len(),
        2,
        "exactly one replay"
    );
}

#[tokio::test]
async fn missing_scopes_are_not_renewed() {
    // Zoom answers missing scopes with HTTP 400 (and some gateways with 401)
    // and code 4711: a new token would have the same scopes.
    for status in [400, 401] {
        let server = MockServer::start().await;
        mount_token(&server, token_ok("tok-A", 3599), None, 1).await;
        api_with("tok-A")
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(common::fixture("errors/400_4711_missing_scopes.json")),
            )
            .expect(1)
            .mount(&server)
            .await;
        let clock = TestClock::new();
        let client = s2s(&server, &clock).build().unwrap();

        let error = get_settings(&client).await.expect_err("missing scopes");

        let AuthError::TokenRejected(api) = auth_error(&error) else {
            panic!("HTTP {status}: expected TokenRejected, got {error:?}")
        };
        assert_eq!((api.status, api.code), (status, Some(ZoomCode::MissingScopes)));
        assert!(error.to_string().contains("scopes"), "{error}");
        assert_eq!(
            received(&server, TOKEN_PATH).await.len(),
            1,
            "HTTP {status}: no renewal"
        );
        assert!(clock.sleeps().is_empty());
    }
}

#[tokio::test]
async fn a_401_with_another_code_is_not_renewed() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"code": 200, "message": "No permission."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    let error = get_settings(&client).await.expect_err("401");

    let Error::Api(api) = &error else {
        panic!("a code that is not about the token stays an API error, got {error:?}")
    };
    assert_eq!(
        (api.status, api.code),
        (401, Some(ZoomCode::NotAvailableForAccount))
    );
    assert!(
        !api.code.is_some_and(ZoomCode::is_auth),
        "200 is not a token problem"
    );
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test]
async fn a_static_token_rejected_with_124_is_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_ok("never", 3599))
        .expect(0)
        .mount(&server)
        .await;
    api_with(common::TOKEN)
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = common::builder(&server, &clock)
        .oauth_base_url(server.uri())
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("nothing to renew");

    let AuthError::TokenRejected(api) = auth_error(&error) else {
        panic!("expected TokenRejected, got {error:?}")
    };
    assert_eq!((api.status, api.code), (401, Some(ZoomCode::InvalidAccessToken)));
    assert_eq!(received(&server, SETTINGS_PATH).await.len(), 1);
    assert!(clock.sleeps().is_empty());
}

/// Runs one settings call against a token endpoint answering `answer`, with
/// an API mock that must never be hit, and returns the auth error.
async fn token_endpoint_failure(answer: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    mount_token(&server, answer, None, 1).await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .expect(0)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    let error = get_settings(&client).await.expect_err("no token");
    assert!(clock.sleeps().is_empty(), "a refusal is not retried");
    assert!(received(&server, SETTINGS_PATH).await.is_empty());
    error
}

#[tokio::test]
async fn a_reason_error_refusal_is_typed() {
    for status in [400, 401] {
        let error = token_endpoint_failure(
            ResponseTemplate::new(status)
                .insert_header("x-zm-trackingid", "v=2.0;rid=OAUTH")
                .set_body_json(
                    json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
                ),
        )
        .await;

        let AuthError::TokenEndpoint {
            status: got,
            code,
            error: oauth_error,
            message,
            tracking_id,
            ..
        } = auth_error(&error)
        else {
            panic!("expected TokenEndpoint, got {error:?}")
        };
        assert_eq!(*got, status);
        assert_eq!(*code, None);
        assert_eq!(oauth_error.as_deref(), Some("invalid_client"));
        assert_eq!(message, "Invalid client_id or client_secret");
        assert_eq!(tracking_id.as_deref(), Some("v=2.0;rid=OAUTH"));
        assert_eq!(error.status(), Some(status));
        assert!(!error.is_transient());
        let text = error.to_string();
        assert!(
            text.contains("invalid_client") && text.contains("CLIENT_SECRET"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn a_code_message_refusal_is_typed() {
    let error = token_endpoint_failure(
        ResponseTemplate::new(400).set_body_json(json!({"code": 4702, "message": "Invalid client"})),
    )
    .await;

    let AuthError::TokenEndpoint {
        status,
        code,
        error: oauth_error,
        message,
        ..
    } = auth_error(&error)
    else {
        panic!("expected TokenEndpoint, got {error:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(*code, Some(ZoomCode::InvalidClient(4702)));
    assert_eq!(*oauth_error, None);
    assert_eq!(message, "Invalid client");
    assert_eq!(error.code(), Some(ZoomCode::InvalidClient(4702)));
}

#[tokio::test]
async fn a_200_without_a_token_is_a_malformed_token_response() {
    for body in [
        json!({"token_type": "bearer", "expires_in": 3599}),
        json!({"access_token": "", "expires_in": 3599}),
    ] {
        let error = token_endpoint_failure(ResponseTemplate::new(200).set_body_json(&body)).await;
        assert!(
            matches!(auth_error(&error), AuthError::MalformedTokenResponse(_)),
            "{body}: {error:?}"
        );
    }
    let error =
        token_endpoint_failure(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>")).await;
    assert!(
        matches!(auth_error(&error), AuthError::MalformedTokenResponse(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_token_endpoint_503_is_retried_after_a_wait() {
    let server = MockServer::start().await;
    mount_token(
        &server,
        ResponseTemplate::new(503).set_body_string("Service Unavailable"),
        Some(1),
        1,
    )
    .await;
    mount_token(&server, token_ok("tok-A", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    get_settings(&client)
        .await
        .expect("the second token request succeeds");

    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500)],
        "the first backoff of the default policy"
    );
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_token_endpoint_that_keeps_failing_ends_with_its_last_error() {
    let server = MockServer::start().await;
    mount_token(&server, ResponseTemplate::new(503), None, 3).await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .expect(0)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock)
        .retry_policy(RetryPolicy::default().max_attempts(3).without_jitter())
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("always 503");

    assert!(
        matches!(auth_error(&error), AuthError::TokenEndpoint { status: 503, .. }),
        "{error:?}"
    );
    assert!(error.is_transient());
    assert_eq!(
        clock.sleeps(),
        [Duration::from_millis(500), Duration::from_millis(1000)]
    );
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_retried_then_typed() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .expect(0)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock)
        .oauth_base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::default().max_attempts(2).without_jitter())
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("nothing listens");

    assert!(
        matches!(auth_error(&error), AuthError::TokenEndpointUnreachable(_)),
        "{error:?}"
    );
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

/// Zoom rejects token A with 124; the renewal first meets a 503, then would
/// get token B. The renewal should be retried (it is transient) and the
/// request replayed with B.
#[tokio::test]
async fn a_renewal_that_meets_a_503_is_retried_and_the_request_replayed_with_the_new_token() {
    let server = MockServer::start().await;
    mount_token(&server, token_ok("tok-A", 3599), Some(1), 1).await;
    mount_token(&server, ResponseTemplate::new(503), Some(1), 1).await;
    mount_token(&server, token_ok("tok-B", 3599), None, 1).await;
    api_with("tok-A")
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with("tok-B")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    let result = get_settings(&client).await;

    let calls = received(&server, SETTINGS_PATH).await;
    let sent: Vec<_> = calls.iter().map(|r| header_value(r, "authorization")).collect();
    assert_eq!(sent, [Some("Bearer tok-A"), Some("Bearer tok-B")], "{result:?}");
    result.expect("the replay with token B succeeds");
    assert_eq!(received(&server, TOKEN_PATH).await.len(), 3);
    assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
}

/// A provider that counts its calls, hands out `provided-<n>`, and records
/// whether two fetches ever overlapped.
#[derive(Clone, Debug, Default)]
struct CountingProvider {
    calls: Arc<AtomicUsize>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

impl TokenProvider for CountingProvider {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok(AccessToken {
                token: Secret::new(format!("provided-{n}")),
                expires_at: None,
            })
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_token_provider_is_called_once_for_many_calls_and_again_after_124() {
    let server = MockServer::start().await;
    api_with("provided-1")
        .respond_with(settings_ok())
        .up_to_n_times(25)
        .expect(25)
        .mount(&server)
        .await;
    api_with("provided-1")
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with("provided-2")
        .respond_with(settings_ok())
        .expect(2)
        .mount(&server)
        .await;
    let provider = CountingProvider::default();
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(provider.clone())
        .clock(TestClock::new())
        .build()
        .unwrap();

    concurrent_calls(&client, 20).await;
    for _ in 0..5 {
        get_settings(&client).await.expect("sequential call");
    }
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1, "one fetch for 25 calls");
    assert_eq!(
        provider.max_in_flight.load(Ordering::SeqCst),
        1,
        "never two fetches at once"
    );

    get_settings(&client).await.expect("renewed and replayed");
    assert_eq!(
        provider.calls.load(Ordering::SeqCst),
        2,
        "fetched again after 124"
    );
    get_settings(&client).await.expect("the new token is cached");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_provider_token_is_renewed_by_its_expiry_time() {
    #[derive(Debug)]
    struct Expiring {
        clock: TestClock,
        calls: Arc<AtomicUsize>,
    }
    impl TokenProvider for Expiring {
        fn fetch(&self) -> TokenFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                Ok(AccessToken {
                    token: Secret::new(format!("expiring-{n}")),
                    expires_at: Some(
                        zoom_cloud_recording::Clock::now(&self.clock) + chrono::Duration::seconds(120),
                    ),
                })
            })
        }
    }
    let server = MockServer::start().await;
    api_with("expiring-1")
        .respond_with(settings_ok())
        .expect(2)
        .mount(&server)
        .await;
    api_with("expiring-2")
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(Expiring {
            clock: clock.clone(),
            calls: Arc::clone(&calls),
        })
        .clock(clock.clone())
        .build()
        .unwrap();

    get_settings(&client).await.unwrap();
    clock.advance(Duration::from_secs(59)); // 61 s left
    get_settings(&client).await.unwrap();
    clock.advance(Duration::from_secs(2)); // 59 s left
    get_settings(&client).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_provider_is_a_typed_auth_error() {
    #[derive(Debug)]
    struct Failing;
    impl TokenProvider for Failing {
        fn fetch(&self) -> TokenFuture<'_> {
            Box::pin(async {
                Err(AuthError::Provider(Box::new(std::io::Error::other(
                    "vault is sealed",
                ))))
            })
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(settings_ok())
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_provider(Failing)
        .clock(TestClock::new())
        .build()
        .unwrap();

    let error = get_settings(&client).await.expect_err("no token");

    assert!(matches!(auth_error(&error), AuthError::Provider(_)), "{error:?}");
    assert!(error.to_string().contains("vault is sealed"), "{error}");
}
