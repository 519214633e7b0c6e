//! `Verifier::event` with arbitrary headers, timestamps and bodies, and
//! `parse_unverified_event`: no panic; nothing unsigned is accepted; a
//! delivery signed with the secret inside the tolerance is accepted and
//! decodes as `parse_unverified_event` decodes it; a decoded event's Debug
//! never shows its download token.
//!
//! Input: a flags byte, the signature line, the timestamp line, then the body.
//! Flags: 1 = sign the body with the secret at the timestamp (replacing the
//! signature line), 2 = no signature header, 4 = no timestamp header.
#![no_main]

use std::time::Duration;

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use zoom_cloud_recording::webhook::{self, Verifier, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use zoom_cloud_recording::{Clock, Sleep};

const SECRET: &str = "fuzz-secret-token";
/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

#[derive(Debug)]
struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn sleep(&self, _: Duration) -> Sleep {
        Box::pin(std::future::ready(()))
    }
}

/// The download token of a body, when it has one long enough to look for.
fn download_token(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let token = value
        .get("download_token")
        .or_else(|| value.get("payload")?.get("download_token"))?
        .as_str()?;
    (token.len() >= 8).then(|| token.to_owned())
}

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (lines, body) = zoom_fuzz::lines(rest, 2);
    let (mut signature, timestamp) = (lines[0].clone(), lines[1].clone());
    let signed_at = timestamp.trim().parse::<i64>().ok();
    let signed = flags & 1 != 0 && signed_at.is_some();
    if signed {
        signature = webhook::sign(SECRET, signed_at.unwrap_or_default(), body);
    }
    let mut headers = HeaderMap::new();
    if flags & 2 == 0 {
        if let Ok(value) = HeaderValue::from_str(&signature) {
            headers.insert(SIGNATURE_HEADER, value);
        }
    }
    if flags & 4 == 0 {
        if let Ok(value) = HeaderValue::from_str(&timestamp) {
            headers.insert(TIMESTAMP_HEADER, value);
        }
    }
    let now = DateTime::from_timestamp(NOW, 0).unwrap_or_default();
    let verifier = Verifier::new(SECRET).clock(Fixed(now));

    let verified = verifier.event(&headers, body);
    let unverified = webhook::parse_unverified_event(body);

    let complete = headers.contains_key(SIGNATURE_HEADER) && headers.contains_key(TIMESTAMP_HEADER);
    let in_time = signed_at.is_some_and(|t| t.abs_diff(NOW) <= webhook::DEFAULT_TOLERANCE.as_secs());
    // `sign` writes the timestamp canonically; the verifier (as Zoom does)
    // signs the header's text, so `01767225600` or `+1767225600` must not match.
    let canonical = signed_at.is_some_and(|t| timestamp.trim() == t.to_string());
    if verified.is_ok() {
        assert!(
            signed && complete,
            "accepted a delivery not signed with the secret"
        );
    }
    if signed && complete && in_time && canonical {
        assert!(
            verifier.verify_headers(&headers, body).is_ok(),
            "refused a delivery signed with the secret at {timestamp:?}"
        );
        assert_eq!(
            format!("{verified:?}"),
            format!("{unverified:?}"),
            "a verified delivery decodes as parse_unverified_event does"
        );
    }

    if let Ok(event) = &unverified {
        let shown = format!("{event:?}");
        let _ = event.name();
        if let Some(token) = download_token(body) {
            // Only when the token is nowhere else in the body (a topic may repeat it).
            if occurrences(body, token.as_bytes()) == 1 {
                assert!(
                    !shown.contains(&token),
                    "the download token shows in Debug: {shown}"
                );
            }
        }
    }
    if let Err(e) = &unverified {
        let _ = e.to_string();
    }
});
