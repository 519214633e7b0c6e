//! Checking that a webhook delivery comes from Zoom: the HMAC-SHA256 of
//! `v0:<timestamp>:<raw body>` under the app's secret token, compared in
//! constant time, with the timestamp inside a tolerance window.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use super::error::WebhookError;
use super::events::Event;
use crate::clock::{Clock, SystemClock};
use crate::secret::Secret;

/// The header with the signature (`v0=<hex>`).
pub const SIGNATURE_HEADER: &str = "x-zm-signature";
/// The header with the Unix time (seconds) the signature covers.
pub const TIMESTAMP_HEADER: &str = "x-zm-request-timestamp";

/// The only signature scheme Zoom uses.
const VERSION: &str = "v0";

/// How far a delivery's timestamp may be from now, by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

type HmacSha256 = Hmac<Sha256>;

/// Checks deliveries against the app's webhook secret token.
#[derive(Clone)]
pub struct Verifier {
    secret: Secret,
    tolerance: Duration,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &self.secret)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

/// The answer to `endpoint.url_validation`, to send back as JSON with status 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UrlValidation {
    /// The token Zoom sent.
    #[serde(rename = "plainToken")]
    pub plain_token: String,
    /// hex(HMAC-SHA256(secret token, plain token)).
    #[serde(rename = "encryptedToken")]
    pub encrypted_token: String,
}

impl Verifier {
    /// A verifier for the secret token of the app's event subscription.
    pub fn new(secret_token: impl Into<Secret>) -> Self {
        Self {
            secret: secret_token.into(),
            tolerance: DEFAULT_TOLERANCE,
            clock: Arc::new(SystemClock),
        }
    }

    /// How far the timestamp may be from now, either way (default 300 s).
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The clock the timestamp is judged by.
    #[must_use]
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Checks a delivery: the two header values as received and the exact body bytes.
    pub fn verify(
        &self,
        signature: Option<&str>,
        timestamp: Option<&str>,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        let signature = signature.ok_or(WebhookError::MissingSignature)?;
        let timestamp = timestamp.ok_or(WebhookError::MissingTimestamp)?;
        let (version, hex_digest) = signature
            .trim()
            .split_once('=')
            .ok_or(WebhookError::MalformedSignature)?;
        if version != VERSION {
            return Err(WebhookError::UnsupportedVersion(
                version.chars().take(16).collect(),
            ));
        }
        let digest = decode_hex(hex_digest).ok_or(WebhookError::MalformedSignature)?;
        let seconds: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::MalformedTimestamp)?;
        self.check_time(seconds)?;
        let mut mac = self.mac();
        mac.update(b"v0:");
        mac.update(timestamp.trim().as_bytes());
        mac.update(b":");
        mac.update(body);
        // `verify_slice` compares in constant time.
        mac.verify_slice(&digest)
            .map_err(|_| WebhookError::SignatureMismatch)
    }

    /// [`Verifier::verify`] with the headers of an HTTP request.
    pub fn verify_headers(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &http::HeaderValue| v.to_str().ok())
        };
        self.verify(text(SIGNATURE_HEADER), text(TIMESTAMP_HEADER), body)
    }

    /// Verifies a delivery, then decodes it.
    pub fn event(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
        self.verify_headers(headers, body)?;
        super::decode::decode(body)
    }

    /// The answer to an `endpoint.url_validation` challenge.
    pub fn url_validation(&self, plain_token: &str) -> UrlValidation {
        let mut mac = self.mac();
        mac.update(plain_token.as_bytes());
        UrlValidation {
            plain_token: plain_token.to_owned(),
            encrypted_token: crate::hex::lower(&mac.finalize().into_bytes()),
        }
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length; this cannot fail.
        HmacSha256::new_from_slice(self.secret.expose().as_bytes()).unwrap_or_else(|_| unreachable!())
    }

    fn check_time(&self, seconds: i64) -> Result<(), WebhookError> {
        let now = self.clock.now().timestamp();
        let difference = now.saturating_sub(seconds);
        let distance = Duration::from_secs(difference.unsigned_abs());
        if distance <= self.tolerance {
            Ok(())
        } else if difference > 0 {
            Err(WebhookError::StaleTimestamp { age: distance })
        } else {
            Err(WebhookError::FutureTimestamp { ahead: distance })
        }
    }
}

/// The `x-zm-signature` value Zoom would send for `body` at `timestamp`
/// (Unix seconds): for tests of your own handlers.
pub fn sign(secret_token: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret_token.as_bytes()).unwrap_or_else(|_| unreachable!());
    mac.update(format!("v0:{timestamp}:").as_bytes());
    mac.update(body);
    format!("{VERSION}={}", crate::hex::lower(&mac.finalize().into_bytes()))
}

/// The two headers of a signed delivery, for tests: `[(x-zm-signature, …), (x-zm-request-timestamp, …)]`.
pub fn signed_headers(secret_token: &str, timestamp: i64, body: &[u8]) -> [(&'static str, String); 2] {
    [
        (SIGNATURE_HEADER, sign(secret_token, timestamp, body)),
        (TIMESTAMP_HEADER, timestamp.to_string()),
    ]
}

/// 32 bytes from 64 hex digits (either case).
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{DateTime, Utc};

    use super::{sign, Verifier, WebhookError};
    use crate::clock::{Clock, Sleep};

    /// Known-answer vectors computed independently (Python's `hmac`).
    const SECRET: &str = "wsSecretToken-1234";
    const BODY: &[u8] =
        br#"{"event":"recording.completed","event_ts":1700000000123,"payload":{"account_id":"AcC0unT"}}"#;
    const TIMESTAMP: &str = "1700000000";
    const SIGNATURE: &str = "v0=d2bd2171867553e88a9e034dd58485a54e76fd5accf73225bafa6baa2b7983b8";
    const PLAIN_TOKEN: &str = "qgg8vlvZRS6UYooatFL8Aw";
    const ENCRYPTED_TOKEN: &str = "135f577b378be40babd69c85c9e2bdaba7ac215a0e8d92e446341c383789d879";

    #[derive(Debug)]
    struct At(i64);

    impl Clock for At {
        fn now(&self) -> DateTime<Utc> {
            DateTime::from_timestamp(self.0, 0).unwrap_or_default()
        }

        fn sleep(&self, _: Duration) -> Sleep {
            Box::pin(std::future::ready(()))
        }
    }

    fn verifier(now: i64) -> Verifier {
        Verifier::new(SECRET).clock(At(now))
    }

    #[test]
    fn known_answers() {
        assert_eq!(sign(SECRET, 1_700_000_000, BODY), SIGNATURE);
        verifier(1_700_000_000)
            .verify(Some(SIGNATURE), Some(TIMESTAMP), BODY)
            .expect("valid");
        let upper = format!("v0={}", SIGNATURE[3..].to_ascii_uppercase());
        verifier(1_700_000_000)
            .verify(Some(&upper), Some(TIMESTAMP), BODY)
            .expect("hex in either case");
        assert_eq!(
            verifier(0).url_validation(PLAIN_TOKEN).encrypted_token,
            ENCRYPTED_TOKEN
        );
    }

    #[test]
    fn one_changed_byte_or_another_secret_is_a_mismatch() {
        let mut body = BODY.to_vec();
        body[10] ^= 0x01;
        let changed = verifier(1_700_000_000).verify(Some(SIGNATURE), Some(TIMESTAMP), &body);
        assert!(
            matches!(changed, Err(WebhookError::SignatureMismatch)),
            "{changed:?}"
        );
        let other = Verifier::new("another-secret").clock(At(1_700_000_000)).verify(
            Some(SIGNATURE),
            Some(TIMESTAMP),
            BODY,
        );
        assert!(matches!(other, Err(WebhookError::SignatureMismatch)), "{other:?}");
        let other_time = verifier(1_700_000_000).verify(Some(SIGNATURE), Some("1700000001"), BODY);
        assert!(
            matches!(other_time, Err(WebhookError::SignatureMismatch)),
            "the timestamp is signed too"
        );
    }

    #[test]
    fn timestamps_outside_the_tolerance_are_refused_either_way() {
        let stale = verifier(1_700_000_301).verify(Some(SIGNATURE), Some(TIMESTAMP), BODY);
        assert!(
            matches!(stale, Err(WebhookError::StaleTimestamp { age }) if age == Duration::from_secs(301))
        );
        let future = verifier(1_699_999_699).verify(Some(SIGNATURE), Some(TIMESTAMP), BODY);
        assert!(
            matches!(future, Err(WebhookError::FutureTimestamp { ahead }) if ahead == Duration::from_secs(301))
        );
        verifier(1_700_000_300)
            .verify(Some(SIGNATURE), Some(TIMESTAMP), BODY)
            .expect("the edge is inside");
        let strict = verifier(1_700_000_010).tolerance(Duration::from_secs(5));
        assert!(matches!(
            strict.verify(Some(SIGNATURE), Some(TIMESTAMP), BODY),
            Err(WebhookError::StaleTimestamp { .. })
        ));
    }

    #[test]
    fn missing_and_malformed_headers_each_have_their_error() {
        let v = verifier(1_700_000_000);
        assert!(matches!(
            v.verify(None, Some(TIMESTAMP), BODY),
            Err(WebhookError::MissingSignature)
        ));
        assert!(matches!(
            v.verify(Some(SIGNATURE), None, BODY),
            Err(WebhookError::MissingTimestamp)
        ));
        assert!(matches!(
            v.verify(Some("d2bd21"), Some(TIMESTAMP), BODY),
            Err(WebhookError::MalformedSignature)
        ));
        assert!(matches!(
            v.verify(Some("v0=zz"), Some(TIMESTAMP), BODY),
            Err(WebhookError::MalformedSignature)
        ));
        let v1 = format!("v1={}", &SIGNATURE[3..]);
        assert!(
            matches!(v.verify(Some(&v1), Some(TIMESTAMP), BODY), Err(WebhookError::UnsupportedVersion(ref s)) if s == "v1")
        );
        assert!(matches!(
            v.verify(Some(SIGNATURE), Some("soon"), BODY),
            Err(WebhookError::MalformedTimestamp)
        ));
    }

    #[test]
    fn errors_and_debug_never_show_the_secret_or_the_expected_signature() {
        let v = verifier(1_700_000_000);
        assert!(!format!("{v:?}").contains(SECRET));
        let mut body = BODY.to_vec();
        body[0] = b' ';
        let error = v.verify(Some(SIGNATURE), Some(TIMESTAMP), &body).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains(SECRET) && !text.contains(&SIGNATURE[3..]),
            "{text}"
        );
    }
}
