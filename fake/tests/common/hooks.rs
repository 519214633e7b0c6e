//! A webhook receiver on 127.0.0.1 that records what it gets and checks
//! signatures the way a service must (HMAC-SHA256 over `v0:<ts>:<raw body>`).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

pub const SECRET: &str = "whsec-test-secret";

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hmac_hex(key: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

/// One received request: its two signature headers and its raw body.
#[derive(Clone, Debug)]
pub struct Received {
    pub signature: String,
    pub timestamp: String,
    pub body: Vec<u8>,
}

pub type Inbox = Arc<Mutex<Vec<Received>>>;

/// Records every POST and answers 204, or the URL validation when asked.
async fn receive(State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    inbox.lock().unwrap().push(Received {
        signature: text("x-zm-signature"),
        timestamp: text("x-zm-request-timestamp"),
        body: body.to_vec(),
    });
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if event["event"] == "endpoint.url_validation" {
        let plain = event["payload"]["plainToken"].as_str().unwrap_or("").to_owned();
        let encrypted = hmac_hex(SECRET, plain.as_bytes());
        return axum::Json(json!({"plainToken": plain, "encryptedToken": encrypted})).into_response();
    }
    StatusCode::NO_CONTENT.into_response()
}

/// A receiver on 127.0.0.1: its URL and what it got.
pub async fn receiver() -> (String, Inbox) {
    let inbox = Inbox::default();
    let app = Router::new()
        .route("/hook", post(receive))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, inbox)
}

/// Checks that `r` was signed with [`SECRET`] at about the current time.
pub fn check_signature(r: &Received) {
    let mut message = format!("v0:{}:", r.timestamp).into_bytes();
    message.extend_from_slice(&r.body);
    assert_eq!(r.signature, format!("v0={}", hmac_hex(SECRET, &message)));
    let ts: i64 = r.timestamp.parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (now - ts).abs() <= 5,
        "signed with the current time, in seconds: {ts} vs {now}"
    );
}
