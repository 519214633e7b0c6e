//! Signed webhook deliveries, the way Zoom sends them: a `recording.completed`
//! event built from the fake's data, signed with `x-zm-signature`
//! (`v0=hex(HMAC-SHA256(secret, "v0:<ts>:<body>"))`) and POSTed to a URL.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::api::render::download_url;
use crate::content::hex;
use crate::handle::FakeZoom;
use crate::model::{Meeting, RecFile, iso};
use crate::state::App;

/// How long Zoom waits for an answer before it counts a delivery as failed.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(3);

/// How long an event's `download_token` works.
const TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);

/// Why a delivery could not be made (an answer with any status is not an error).
#[derive(Debug)]
#[non_exhaustive]
pub enum DeliveryError {
    /// No meeting with this UUID (or it was deleted for good).
    UnknownMeeting(String),
    /// The meeting has no AI Companion summary (never had one).
    NoSummary(String),
    /// The meeting has no ready transcript (none, not ready, or deleted).
    NoTranscript(String),
    /// No answer within [`DELIVERY_TIMEOUT`]: Zoom would retry later.
    Timeout,
    /// The request failed (connection refused, reset, …).
    Http(reqwest::Error),
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownMeeting(uuid) => write!(f, "no meeting with UUID `{uuid}`"),
            Self::NoSummary(uuid) => write!(f, "meeting `{uuid}` has no AI Companion summary"),
            Self::NoTranscript(uuid) => write!(f, "meeting `{uuid}` has no ready transcript"),
            Self::Timeout => write!(f, "no answer within {}s", DELIVERY_TIMEOUT.as_secs()),
            Self::Http(e) => write!(f, "the delivery failed: {e}"),
        }
    }
}

impl std::error::Error for DeliveryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(e) => Some(e),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for DeliveryError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else {
            Self::Http(e)
        }
    }
}

/// What an endpoint answered to an `endpoint.url_validation` challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlValidationAnswer {
    /// The HTTP status.
    pub status: u16,
    /// `plainToken` of the JSON answer, if any.
    pub plain_token: Option<String>,
    /// `encryptedToken` of the JSON answer, if any.
    pub encrypted_token: Option<String>,
    /// Whether Zoom would accept it: 200, the same `plainToken`, and
    /// `encryptedToken` = hex(HMAC-SHA256(secret token, plainToken)).
    pub valid: bool,
}

/// The fake's webhook sender: an HTTP client and the bodies built so far.
pub(crate) struct Webhooks {
    http: reqwest::Client,
    /// Meeting UUID → its `recording.completed` body, so a second delivery is
    /// byte for byte the same event (a real duplicate).
    completed: Mutex<HashMap<String, Vec<u8>>>,
}

impl Webhooks {
    pub(crate) fn new() -> Self {
        let http = delivery_client();
        Self {
            http,
            completed: Mutex::new(HashMap::new()),
        }
    }
}

/// The client that posts deliveries.
///
/// reqwest is built here, as the SDK builds it, with rustls but no crypto
/// provider (`rustls-no-provider`), and then panics when a client is built
/// unless one was installed process-wide. So the client is handed a rustls
/// configuration of its own: ring, no trusted roots (deliveries go to
/// plain-http receivers), nothing installed for the rest of the process.
fn delivery_client() -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(DELIVERY_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none());
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder =
        match rustls::ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions() {
            Ok(config) => builder.tls_backend_preconfigured(
                config
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth(),
            ),
            // ring supports TLS 1.2 and 1.3, so this is not reached; reqwest's own set-up is left.
            Err(_) => builder,
        };
    builder.build().unwrap_or_default()
}

/// `v0=hex(HMAC-SHA256(secret, "v0:<timestamp>:<body>"))`.
fn signature(secret_token: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = mac(secret_token);
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    format!("v0={}", hex(&mac.finalize().into_bytes()))
}

fn mac(secret_token: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length.
    Hmac::<Sha256>::new_from_slice(secret_token.as_bytes()).unwrap_or_else(|_| unreachable!())
}

fn unix_now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

/// One file as a webhook lists it: numbers as numbers; old-style entries
/// (TIMELINE, CC) keep their missing `id`, size and extension.
fn file_json(app: &App, m: &Meeting, f: &RecFile) -> Value {
    let url = |path: &str| format!("{}/rec/{path}/{}", app.api_origin, f.id);
    let mut out = json!({
        "id": f.expose_id.then_some(&f.id),
        "meeting_id": m.uuid,
        "recording_start": iso(f.start),
        "recording_end": if f.processing { String::new() } else { iso(f.end) },
        "file_name": f.file_name,
        "file_type": f.file_type,
        "file_extension": f.file_extension,
        "file_size": f.show_size.then_some(f.size),
        "play_url": f.play_url.then(|| url("play")),
        "download_url": if f.processing { String::new() } else { download_url(app, &f.id) },
        "status": f.status,
        "recording_type": f.recording_type,
    });
    if let Value::Object(map) = &mut out {
        map.retain(|_, v| !v.is_null());
    }
    out
}

/// The `recording.completed` body for meeting `m`, with `download_token`.
fn completed_body(app: &App, m: &Meeting, event_ts: i64, download_token: &str) -> Value {
    let user = &app.users[m.host];
    let list = |files: &[RecFile]| -> Vec<Value> {
        let live = files.iter().filter(|f| f.live());
        live.map(|f| file_json(app, m, f)).collect()
    };
    let (files, audio) = (list(&m.files), list(&m.participant_audio));
    let mut object = json!({
        "id": m.id,
        "uuid": m.uuid,
        "host_id": user.id,
        "host_email": user.email,
        "account_id": app.account_id,
        "topic": m.topic,
        "type": m.kind,
        "start_time": iso(m.start),
        "timezone": m.timezone,
        "password": m.password,
        "recording_play_passcode": m.play_passcode,
        "duration": m.duration,
        "share_url": format!("{}/rec/share/{}", app.api_origin, m.share_token),
        "total_size": m.total_size,
        "recording_count": m.recording_count,
        "recording_files": files,
    });
    if !audio.is_empty() {
        object["participant_audio_files"] = Value::Array(audio);
    }
    json!({
        "event": "recording.completed",
        "event_ts": event_ts,
        "payload": { "account_id": app.account_id, "object": object },
        "download_token": download_token,
    })
}

impl FakeZoom {
    /// The `recording.completed` event of one meeting, as Zoom would send it:
    /// numbers as numbers, the meeting's live files (processing ones with
    /// `status: "processing"` and an empty `download_url`), `event_ts` from
    /// the fake's clock, and a `download_token` (like
    /// [`FakeZoom::mint_download_token`]) that downloads the files for 24 hours.
    /// Built once per meeting: later calls return the same bytes.
    pub fn recording_completed_body(&self, meeting_uuid: &str) -> Option<Vec<u8>> {
        let mut cache = self.webhooks.completed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(body) = cache.get(meeting_uuid) {
            return Some(body.clone());
        }
        let app = &self.app;
        let known = |m: &Meeting| m.uuid == meeting_uuid && !m.purged;
        if !app.store().meetings.iter().any(known) {
            return None;
        }
        // Like `mint_download_token`, but for in-progress meetings too.
        let token = app.tokens().issue_grant(meeting_uuid, TOKEN_TTL);
        let value = {
            let store = app.store();
            let m = store.meetings.iter().find(|m| known(m))?;
            completed_body(app, m, app.clock.now().timestamp_millis(), &token)
        };
        let body = serde_json::to_vec(&value).ok()?;
        cache.insert(meeting_uuid.to_owned(), body.clone());
        Some(body)
    }

    /// Delivers `recording.completed` for one meeting to `url`, signed with
    /// `secret_token` at the current time, and returns the answer's status.
    /// Calling it again delivers the very same bytes: a duplicate, as Zoom sends.
    pub async fn deliver_recording_completed(
        &self,
        url: &str,
        secret_token: &str,
        meeting_uuid: &str,
    ) -> Result<u16, DeliveryError> {
        let body = self
            .recording_completed_body(meeting_uuid)
            .ok_or_else(|| DeliveryError::UnknownMeeting(meeting_uuid.to_owned()))?;
        self.deliver_raw(url, secret_token, body).await
    }

    /// POSTs `body` as it is, signed with `secret_token` at the current time.
    pub async fn deliver_raw(
        &self,
        url: &str,
        secret_token: &str,
        body: impl Into<Vec<u8>>,
    ) -> Result<u16, DeliveryError> {
        self.deliver_raw_at(url, secret_token, body, unix_now()).await
    }

    /// POSTs `body` signed for `timestamp` (Unix seconds): an old one makes a
    /// stale (or replayed) delivery.
    pub async fn deliver_raw_at(
        &self,
        url: &str,
        secret_token: &str,
        body: impl Into<Vec<u8>>,
        timestamp: i64,
    ) -> Result<u16, DeliveryError> {
        let response = self.post(url, secret_token, body.into(), timestamp).await?;
        Ok(response.status().as_u16())
    }

    /// Sends an `endpoint.url_validation` challenge for `plain_token`, signed
    /// like any event, and checks the answer the way Zoom does.
    pub async fn validate_endpoint(
        &self,
        url: &str,
        secret_token: &str,
        plain_token: &str,
    ) -> Result<UrlValidationAnswer, DeliveryError> {
        let event_ts = self.app.clock.now().timestamp_millis();
        let body = json!({
            "event": "endpoint.url_validation",
            "payload": { "plainToken": plain_token },
            "event_ts": event_ts,
        });
        let body = serde_json::to_vec(&body).unwrap_or_default();
        let response = self.post(url, secret_token, body, unix_now()).await?;
        let status = response.status().as_u16();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        let text = |key: &str| answer.get(key).and_then(Value::as_str).map(str::to_owned);
        let (plain, encrypted) = (text("plainToken"), text("encryptedToken"));
        let mut expected = mac(secret_token);
        expected.update(plain_token.as_bytes());
        let expected = hex(&expected.finalize().into_bytes());
        let valid = status == 200
            && plain.as_deref() == Some(plain_token)
            && encrypted.as_deref() == Some(expected.as_str());
        Ok(UrlValidationAnswer {
            status,
            plain_token: plain,
            encrypted_token: encrypted,
            valid,
        })
    }

    /// POSTs `body` with these `x-zm-signature` and `x-zm-request-timestamp`
    /// values as given (`None` leaves the header out): a tampered body, a
    /// signature made with another secret, a missing header.
    pub async fn deliver_with_headers(
        &self,
        url: &str,
        body: impl Into<Vec<u8>>,
        signature: Option<&str>,
        timestamp: Option<&str>,
    ) -> Result<u16, DeliveryError> {
        let response = self.send(url, body.into(), signature, timestamp).await?;
        Ok(response.status().as_u16())
    }

    pub(crate) async fn post(
        &self,
        url: &str,
        secret_token: &str,
        body: Vec<u8>,
        timestamp: i64,
    ) -> Result<reqwest::Response, DeliveryError> {
        let signature = signature(secret_token, timestamp, &body);
        let timestamp = timestamp.to_string();
        self.send(url, body, Some(&signature), Some(&timestamp)).await
    }

    async fn send(
        &self,
        url: &str,
        body: Vec<u8>,
        signature: Option<&str>,
        timestamp: Option<&str>,
    ) -> Result<reqwest::Response, DeliveryError> {
        let mut request = self
            .webhooks
            .http
            .post(url)
            .header("content-type", "application/json; charset=utf-8")
            .header("user-agent", "Zoom Marketplace/1.0a");
        if let Some(signature) = signature {
            request = request.header("x-zm-signature", signature);
        }
        if let Some(timestamp) = timestamp {
            request = request.header("x-zm-request-timestamp", timestamp);
        }
        Ok(request.body(body).send().await?)
    }
}
