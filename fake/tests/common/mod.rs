//! Helpers shared by the fake's tests: a started fake, a token, JSON calls.
#![allow(dead_code)]

pub mod hooks;

use fake_zoom::{Config, FakeZoom};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::Value;

/// A started fake with an HTTP client and a fresh access token.
pub struct Api {
    pub zoom: FakeZoom,
    pub http: reqwest::Client,
    pub token: String,
}

/// An HTTP client that follows no redirects and keeps no idle connections
/// (so that a dropped connection never gets a request retried).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

/// Asks `/oauth/token` for an access token.
pub async fn token(zoom: &FakeZoom, http: &reqwest::Client) -> String {
    let resp = http
        .post(format!("{}/oauth/token", zoom.oauth_base_url()))
        .basic_auth(zoom.client_id(), Some(zoom.client_secret()))
        .form(&[
            ("grant_type", "account_credentials"),
            ("account_id", zoom.account_id()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// Starts a fake and gets a token.
pub async fn start(config: Config) -> Api {
    let zoom = FakeZoom::start(config).await.unwrap();
    let http = client();
    let token = token(&zoom, &http).await;
    Api { zoom, http, token }
}

/// What JavaScript's `encodeURIComponent` does.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Api {
    /// A call under `/v2` with the token; the body is JSON (or `Null`).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.zoom.api_base_url()))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let (status, headers) = (resp.status(), resp.headers().clone());
        let bytes = resp.bytes().await.unwrap();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        (status, headers, json)
    }

    /// `GET` under `/v2`.
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::GET, path, None).await;
        (status, body)
    }
}
