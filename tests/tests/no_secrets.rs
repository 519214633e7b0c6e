//! No credential ever reaches a log line, a `Debug` of the builder or the
//! client, or the `Display`/`Debug` of an error — through every flow that
//! handles one: the Server-to-Server client secret, access tokens across a
//! 401/124 renewal and a rate-limit retry, token-endpoint failures, a body
//! that fails to decode while carrying a download token and passcodes (or a
//! user's host key), and transport failures on URLs that carry `access_token=`.
//!
//! Every test captures all tracing events (TRACE and up, `log` records of the
//! HTTP stack included) of its own thread: `#[tokio::test]` runs on one thread,
//! so the scoped subscriber sees all of the client's work.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::clock::TestClock;
use serde_json::json;
use tracing::subscriber::DefaultGuard;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_cloud_recording::{AuthError, Client, ClientBuilder, Error, RetryPolicy, Secret};

const CLIENT_ID: &str = "no-secrets-client";
const CLIENT_SECRET: &str = "CLIENT-SECRET-1234";
/// base64("no-secrets-client:CLIENT-SECRET-1234"): the secret as it travels.
const BASIC_CREDENTIALS: &str = "bm8tc2VjcmV0cy1jbGllbnQ6Q0xJRU5ULVNFQ1JFVC0xMjM0";
const TOKEN_A: &str = "ACCESS-TOKEN-AAAA";
const TOKEN_B: &str = "ACCESS-TOKEN-BBBB";
const DOWNLOAD_TOKEN: &str = "DL-TOKEN-5678";
const PASSCODE: &str = "PASSCODE-9";
const URL_TOKEN: &str = "URL-TOKEN-0000";
/// A user's host key (digits only, as Zoom's are).
const HOST_KEY: &str = "0071936504";

const SECRETS: [&str; 7] = [
    CLIENT_SECRET,
    BASIC_CREDENTIALS,
    TOKEN_A,
    TOKEN_B,
    DOWNLOAD_TOKEN,
    PASSCODE,
    URL_TOKEN,
];

const TOKEN_PATH: &str = "/oauth/token";
const SETTINGS_PATH: &str = "/meetings/85746065432/recordings/settings";

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows `{secret}`:\n{text}");
    }
}

/// `Display`, `Debug`, pretty `Debug` and every `source()` of `error`.
fn assert_error_clean(what: &str, error: &Error) {
    assert_clean(&format!("{what}: Display"), &format!("{error}"));
    assert_clean(&format!("{what}: Debug"), &format!("{error:?}"));
    assert_clean(&format!("{what}: pretty Debug"), &format!("{error:#?}"));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_clean(&format!("{what}: source"), &format!("{cause} / {cause:?}"));
        source = cause.source();
    }
}

/// Everything logged on this thread while it lives.
struct Logs {
    buffer: Arc<Mutex<Vec<u8>>>,
    _guard: DefaultGuard,
}

/// Appends to the shared buffer.
struct SharedWriter(Arc<Mutex<Vec<u8>>>);

impl Write for SharedWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn capture() -> Self {
        // `log` records (reqwest's) become tracing events; set once per process.
        let _ = tracing_log::LogTracer::builder()
            .with_max_level(tracing_log::log::LevelFilter::Trace)
            .init();
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || SharedWriter(Arc::clone(&sink)))
            .finish();
        Self {
            buffer,
            _guard: tracing::subscriber::set_default(subscriber),
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap()).into_owned()
    }

    /// The logs are not empty (a leak would have been seen) and hold no secret.
    fn assert_clean(&self, expected: &[&str]) {
        let text = self.text();
        assert!(!text.trim().is_empty(), "nothing was logged");
        for line in expected {
            assert!(text.contains(line), "the logs lack `{line}`:\n{text}");
        }
        assert_clean("the logs", &text);
    }
}

fn s2s(server: &MockServer, clock: &TestClock) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .oauth_base_url(server.uri())
        .server_to_server("no-secrets-account", CLIENT_ID, CLIENT_SECRET)
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().without_jitter())
}

fn token_ok(token: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": token, "token_type": "bearer", "expires_in": 3599,
        "scope": "cloud_recording:read:admin", "api_url": "https://api.zoom.us"
    }))
}

fn token_rejected() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"code": 124, "message": "Invalid access token."}))
}

fn settings_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"share_recording": "publicly", "viewer_download": true}))
}

fn api_with(token: &str) -> wiremock::MockBuilder {
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .and(header("authorization", format!("Bearer {token}").as_str()))
}

async fn get_settings(client: &Client) -> Result<(), Error> {
    client
        .recording_setting_update()
        .meeting_id("85746065432")
        .send()
        .await?;
    Ok(())
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn builders_and_clients_never_show_credentials() {
    #[derive(Debug)]
    struct Provider(Secret);
    impl zoom_cloud_recording::TokenProvider for Provider {
        fn fetch(&self) -> zoom_cloud_recording::TokenFuture<'_> {
            let token = self.0.clone();
            Box::pin(async move {
                Ok(zoom_cloud_recording::AccessToken {
                    token,
                    expires_at: None,
                })
            })
        }
    }

    let builders = [
        Client::builder().server_to_server("acct", CLIENT_ID, CLIENT_SECRET),
        Client::builder().access_token(TOKEN_A),
        Client::builder().token_provider(Provider(Secret::new(TOKEN_B))),
    ];
    for builder in builders {
        let debug = format!("{builder:?} {builder:#?}");
        assert_clean("a builder's Debug", &debug);
        let client = builder.build().unwrap();
        assert_clean("a client's Debug", &format!("{client:?} {client:#?}"));
    }
}

#[tokio::test]
async fn a_renewal_after_124_and_a_rate_limit_retry_log_no_token() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_ok(TOKEN_A))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_ok(TOKEN_B))
        .expect(1)
        .mount(&server)
        .await;
    api_with(TOKEN_A)
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with(TOKEN_B)
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-type", "QPS")
                .insert_header("retry-after", "1")
                .set_body_json(json!({"code": 429, "message": "Too many requests."})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    api_with(TOKEN_B)
        .respond_with(settings_ok())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let builder = s2s(&server, &clock);
    assert_clean("the builder's Debug", &format!("{builder:?}"));
    let client = builder.build().unwrap();

    get_settings(&client).await.expect("renewed, waited, succeeded");

    assert_eq!(clock.sleeps().len(), 1, "the rate limit was waited out");
    assert_clean(
        "the client's Debug (token B cached)",
        &format!("{client:?} {client:#?}"),
    );
    logs.assert_clean(&["sending", "renewing", "retrying"]);
}

#[tokio::test]
async fn a_token_rejected_after_renewal_is_reported_without_it() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_ok(TOKEN_A))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(token_ok(TOKEN_B))
        .expect(1)
        .mount(&server)
        .await;
    api_with(TOKEN_A)
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    api_with(TOKEN_B)
        .respond_with(token_rejected())
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();

    let error = get_settings(&client).await.expect_err("rejected twice");

    assert!(matches!(&error, Error::Auth(inner) if matches!(**inner, AuthError::TokenRejected(_))));
    assert_error_clean("TokenRejected", &error);
    assert_clean("the client's Debug", &format!("{client:?}"));
    logs.assert_clean(&["renewing"]);
}

#[tokio::test]
async fn token_endpoint_failures_are_reported_without_the_client_secret() {
    let logs = Logs::capture();
    let mut errors = Vec::new();

    // 503 (retried, and logged with its error), then a refusal.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream unavailable"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = s2s(&server, &clock).build().unwrap();
    errors.push(get_settings(&client).await.expect_err("refused"));
    assert_clean("the client's Debug", &format!("{client:?}"));

    // 200 bodies that are not a usable token, one of them carrying a token.
    for body in [
        format!(r#"{{"access_token":"{TOKEN_A}","expires_in":{{"seconds":3599}}}}"#),
        format!(r#"{{"access_token":"{TOKEN_A}""#),
        format!(r#"{{"access_token":["{TOKEN_A}"]}}"#),
        r#"{"code":4702,"message":"Invalid client"}"#.to_owned(),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
            .expect(1)
            .mount(&server)
            .await;
        let client = s2s(&server, &clock).build().unwrap();
        errors.push(get_settings(&client).await.expect_err(&body));
    }

    // The token endpoint cannot be reached.
    let client = s2s(&server, &clock)
        .oauth_base_url(format!("http://127.0.0.1:{}", closed_port()))
        .retry_policy(RetryPolicy::default().max_attempts(2).without_jitter())
        .build()
        .unwrap();
    errors.push(get_settings(&client).await.expect_err("unreachable"));

    for error in &errors {
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
        assert_error_clean("a token-endpoint failure", error);
    }
    logs.assert_clean(&["token request failed; retrying"]);
}

#[tokio::test]
async fn a_body_that_fails_to_decode_is_excerpted_without_its_secrets() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    // Secrets first, so they fall inside the excerpt; the wrong type last.
    let body = format!(
        concat!(
            r#"{{"download_access_token":"{dl}","password":"{pass}","recording_play_passcode":"{pass}","#,
            r#""share_url":"https://zoom.us/rec/share/x?pwd={pass}","#,
            r#""id":85746065432,"topic":"Quarterly","#,
            r#""recording_files":"not-a-list"}}"#
        ),
        dl = DOWNLOAD_TOKEN,
        pass = PASSCODE,
    );
    Mock::given(method("GET"))
        .and(path("/meetings/85746065432/recordings"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server, &TestClock::new()).build().unwrap();

    let error = Error::from(
        client
            .recording_get()
            .meeting_id("85746065432")
            .send()
            .await
            .expect_err("recording_files is not a list"),
    );

    let Error::Decode(failure) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert!(
        failure.excerpt.len() > 100,
        "the excerpt has the body's start: {}",
        failure.excerpt
    );
    assert!(
        failure
            .excerpt
            .contains(r#""download_access_token":"[redacted]""#),
        "{}",
        failure.excerpt
    );
    assert!(failure.excerpt.contains("Quarterly"), "{}", failure.excerpt);
    assert_clean("the excerpt", &failure.excerpt);
    assert_error_clean("Decode", &error);
    logs.assert_clean(&["sending"]);
}

/// A user's `host_key` (a `Secret` field whose name does not look like one) in
/// a users page that fails to decode: the excerpt, the error and the logs
/// must not show it.
#[tokio::test]
async fn a_users_page_that_fails_to_decode_is_excerpted_without_its_host_keys() {
    let logs = Logs::capture();
    let server = MockServer::start().await;
    // The host key first, so it falls inside the excerpt; the wrong type last.
    let body = format!(
        r#"{{"users":[{{"id":"Hs0Kq","host_key":"{HOST_KEY}","email":"hana.sato@example.com","pmi":[1]}}]}}"#
    );
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server, &TestClock::new()).build().unwrap();

    let raw = client.users().send().await.expect_err("pmi is not a number");
    let raw_texts = [
        ("the OperationError's Display", format!("{raw}")),
        ("the OperationError's Debug", format!("{raw:?}")),
    ];
    let error = Error::from(raw);

    let Error::Decode(failure) = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert!(
        failure.excerpt.contains("hana.sato@example.com"),
        "{}",
        failure.excerpt
    );
    for (what, text) in [
        ("the excerpt", failure.excerpt.clone()),
        ("Display", format!("{error}")),
        ("Debug", format!("{error:?}")),
        ("the logs", logs.text()),
    ]
    .into_iter()
    .chain(raw_texts)
    {
        assert!(!text.contains(HOST_KEY), "{what} shows the host key:\n{text}");
    }
    assert_error_clean("Decode", &error);
}

#[tokio::test]
async fn a_transport_failure_on_a_url_with_an_access_token_does_not_show_it() {
    let logs = Logs::capture();
    let clock = TestClock::new();
    let port = closed_port();
    let mut errors = Vec::new();

    // The API redirects to a (download-style) URL that carries the token, and
    // nothing listens there.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SETTINGS_PATH))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("http://127.0.0.1:{port}/rec/download/x?access_token={URL_TOKEN}").as_str(),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let client = common::builder(&server, &clock)
        .retry_policy(RetryPolicy::default().max_attempts(2).without_jitter())
        .build()
        .unwrap();
    errors.push(get_settings(&client).await.expect_err("nothing listens"));

    // A base URL that itself carries the token in its query.
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/v2?access_token={URL_TOKEN}"))
        .access_token(common::TOKEN)
        .clock(clock.clone())
        .retry_policy(RetryPolicy::default().max_attempts(2).without_jitter())
        .build()
        .unwrap();
    errors.push(get_settings(&client).await.expect_err("nothing listens"));

    for error in &errors {
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert!(
            error.to_string().contains("127.0.0.1"),
            "the host is still named: {error}"
        );
        assert_error_clean("Transport", error);
    }
    logs.assert_clean(&["retrying"]);
}

/// `send()` returns the generated `OperationError`; the documented usage
/// (`?` into `Box<dyn Error>`, `.unwrap()`, `{e}`) prints it without first
/// turning it into `Error`. For a body that failed to decode, progenitor's
/// `Display`/`Debug` print the whole raw body, secrets included.
#[tokio::test]
async fn the_raw_operation_error_of_a_decode_failure_does_not_show_secrets() {
    let server = MockServer::start().await;
    let body = format!(
        r#"{{"download_access_token":"{DOWNLOAD_TOKEN}","password":"{PASSCODE}","recording_files":"not-a-list"}}"#
    );
    Mock::given(method("GET"))
        .and(path("/meetings/85746065432/recordings"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server, &TestClock::new()).build().unwrap();

    let error = client
        .recording_get()
        .meeting_id("85746065432")
        .send()
        .await
        .expect_err("recording_files is not a list");

    assert_clean("OperationError Display", &format!("{error}"));
    assert_clean("OperationError Debug", &format!("{error:?}"));
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert_clean("Box<dyn Error> Display", &format!("{boxed}"));
}

#[test]
fn the_basic_credentials_constant_is_how_the_secret_travels() {
    /// Standard base64 with padding (RFC 4648 §4).
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
    assert_eq!(
        base64(format!("{CLIENT_ID}:{CLIENT_SECRET}").as_bytes()),
        BASIC_CREDENTIALS
    );
}
