//! Why a delivery was refused: [`WebhookError`], and [`PayloadError`] for a
//! verified body that does not decode, naming the field that failed.

use std::fmt;
use std::time::Duration;

use super::verify::{SIGNATURE_HEADER, TIMESTAMP_HEADER};

/// Why a delivery was refused. Each cause is its own variant so a service can
/// count them apart; none of them shows the secret or the expected signature.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `x-zm-signature` header.
    MissingSignature,
    /// No `x-zm-request-timestamp` header.
    MissingTimestamp,
    /// The signature is not `v0=` followed by 64 hex digits.
    MalformedSignature,
    /// A signature scheme other than `v0`.
    UnsupportedVersion(String),
    /// The timestamp is not a whole number of seconds.
    MalformedTimestamp,
    /// The timestamp is older than the tolerance allows (a replay, or a
    /// delivery Zoom retried long after signing).
    StaleTimestamp {
        /// How old it is.
        age: Duration,
    },
    /// The timestamp is further in the future than the tolerance allows.
    FutureTimestamp {
        /// How far ahead it is.
        ahead: Duration,
    },
    /// The signature does not match the body: another secret, or a changed body.
    SignatureMismatch,
    /// The body is not a Zoom event, or a field of a known event has the
    /// wrong shape; [`PayloadError::path`] names the field.
    InvalidPayload(PayloadError),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSignature => write!(f, "the `{SIGNATURE_HEADER}` header is missing"),
            Self::MissingTimestamp => write!(f, "the `{TIMESTAMP_HEADER}` header is missing"),
            Self::MalformedSignature => write!(f, "`{SIGNATURE_HEADER}` is not `v0=` and 64 hex digits"),
            Self::UnsupportedVersion(version) => {
                write!(f, "signature scheme `{version}` is not supported (only v0)")
            }
            Self::MalformedTimestamp => write!(f, "`{TIMESTAMP_HEADER}` is not a Unix time in seconds"),
            Self::StaleTimestamp { age } => write!(
                f,
                "the delivery was signed {}s ago, beyond the tolerance",
                age.as_secs()
            ),
            Self::FutureTimestamp { ahead } => {
                write!(
                    f,
                    "the delivery is signed {}s in the future, beyond the tolerance",
                    ahead.as_secs()
                )
            }
            Self::SignatureMismatch => {
                f.write_str("the signature does not match the body; check the app's secret token")
            }
            Self::InvalidPayload(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidPayload(e) => Some(e),
            _ => None,
        }
    }
}

/// A delivery body that does not decode, with the path of the field that
/// failed, counted from the body's root: `payload.object.meeting_id`,
/// `payload.object.recording_files[2].file_size`, `event_ts`; `.` for the
/// body itself (not JSON, or not an object).
///
/// Neither `Display` nor `Debug` shows the value of a field whose name marks
/// a credential (`download_token`, `password`, …): for those the serde
/// message, which may quote the value, is replaced.
#[derive(Debug)]
pub struct PayloadError {
    event: Option<String>,
    path: String,
    source: serde_json::Error,
}

impl PayloadError {
    pub(crate) fn new(event: Option<&str>, path: String, source: serde_json::Error) -> Self {
        Self {
            event: event.map(str::to_owned),
            path,
            source,
        }
    }

    /// The failing field, from the body's root (`.` for the body itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The event name, when the body had a readable one.
    pub fn event(&self) -> Option<&str> {
        self.event.as_deref()
    }

    /// The underlying serde error (already stripped of any credential value).
    pub fn serde_error(&self) -> &serde_json::Error {
        &self.source
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.event {
            Some(event) => write!(f, "the `{event}` delivery does not decode")?,
            None => f.write_str("the body is not a Zoom event")?,
        }
        if self.path != "." {
            write!(f, ": field `{}`", self.path)?;
        }
        write!(f, ": {}", self.source)
    }
}

impl std::error::Error for PayloadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
