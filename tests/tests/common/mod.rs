//! Shared helpers: a client pointed at a loopback mock server, and matchers that
//! check what went over the wire exactly.

#![allow(dead_code)]

pub mod clock;
pub mod fake;

use std::path::PathBuf;

use wiremock::{MockServer, Request};
use zoom_cloud_recording::Client;

/// The access token every test client sends.
pub const TOKEN: &str = "test-access-token";

/// A client for `server` with a static access token.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .build()
        .expect("client builds")
}

/// A builder for `server` with a static token, the test clock and retries
/// that wait exactly the computed backoff (which the test clock skips).
pub fn builder(server: &MockServer, clock: &clock::TestClock) -> zoom_cloud_recording::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .clock(clock.clone())
        .retry_policy(zoom_cloud_recording::RetryPolicy::default().without_jitter())
}

/// Matches when the request's query has exactly these pairs (in any order) and no others.
pub fn exact_query(expected: &[(&str, &str)]) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    expected.sort();
    move |request: &Request| {
        let mut actual: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        actual.sort();
        actual == expected
    }
}

/// Matches when the raw (still percent-encoded) path is exactly `path`.
pub fn raw_path(path: &'static str) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |request: &Request| request.url.path() == path
}

/// Matches requests that carry the bearer token and no progenitor `api-version` header.
pub fn sent_by_sdk(request: &Request) -> bool {
    let bearer = request.headers.get("authorization").and_then(|v| v.to_str().ok());
    bearer == Some(&format!("Bearer {TOKEN}")[..])
        && !request.headers.contains_key("api-version")
        && request
            .headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ua.starts_with("zoom-cloud-recording-rust/"))
}

/// Matches requests without a body.
pub fn no_body(request: &Request) -> bool {
    request.body.is_empty()
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
