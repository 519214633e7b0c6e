//! The payloads of the [`Error`](super::Error) variants.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use super::code::ZoomCode;
use super::Error;
use crate::runtime::rate_limit::{RateLimitHeaders, RetryAfter};
use crate::types::{ErrorResponse, FieldError};

/// The response header Zoom support asks for.
pub(crate) const TRACKING_ID_HEADER: &str = "x-zm-trackingid";

/// An error answer from Zoom.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Zoom's error code, when the body had one.
    pub code: Option<ZoomCode>,
    /// Zoom's message (empty when the body had none). For people, not for
    /// decisions: Zoom rewords messages.
    pub message: String,
    /// Per-field problems (validation errors, code 300).
    pub field_errors: Vec<FieldError>,
    /// The `x-zm-trackingid` response header.
    pub tracking_id: Option<String>,
}

impl ApiError {
    pub(crate) fn from_parts(status: u16, headers: &HeaderMap, body: ErrorResponse) -> Self {
        Self {
            status,
            code: body.code.map(|c| ZoomCode::from_number(*c)),
            message: body.message.unwrap_or_default(),
            field_errors: body.errors,
            tracking_id: headers
                .get(TRACKING_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }

    /// Chooses the [`Error`] variant this answer belongs to.
    pub(crate) fn classify(self, headers: &HeaderMap) -> Error {
        if self.status == 429 {
            return Error::RateLimited(Box::new(RateLimited::new(self, headers, Utc::now())));
        }
        let auth_status = matches!(self.status, 400 | 401 | 403);
        if auth_status && self.code.is_some_and(ZoomCode::is_auth) {
            return Error::Auth(Box::new(AuthError::TokenRejected(self)));
        }
        Error::Api(Box::new(self))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zoom answered HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, " with code {code}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        for field in &self.field_errors {
            let name = field.field.as_deref().unwrap_or("?");
            let why = field.message.as_deref().unwrap_or("invalid");
            write!(f, "; field `{name}`: {why}")?;
        }
        if let Some(advice) = self.code.and_then(ZoomCode::advice) {
            write!(f, " ({advice})")?;
        } else if self.status >= 500 {
            f.write_str(" (a Zoom-side failure; retry later)")?;
        }
        if let Some(id) = &self.tracking_id {
            write!(f, " [tracking id {id}]")?;
        }
        Ok(())
    }
}

/// Which of Zoom's rate limits was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitKind {
    /// The per-second limit (`X-RateLimit-Type: QPS`, or no type given).
    PerSecond,
    /// The daily limit (`X-RateLimit-Type: Daily-limit`); it resets at 00:00 UTC.
    Daily,
}

/// A rate-limit answer (HTTP 429).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RateLimited {
    /// Per-second or daily.
    pub kind: RateLimitKind,
    /// When Zoom will accept requests again: its `Retry-After`, or for a daily
    /// limit without one, the next 00:00 UTC.
    pub retry_at: Option<DateTime<Utc>>,
    /// `X-RateLimit-Category` (Light, Medium, Heavy, Resource-intensive).
    pub category: Option<String>,
    /// `X-RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// The answer itself.
    pub api: ApiError,
}

impl RateLimited {
    pub(crate) fn new(api: ApiError, headers: &HeaderMap, now: DateTime<Utc>) -> Self {
        let parsed = RateLimitHeaders::parse(headers);
        let kind = if parsed.daily {
            RateLimitKind::Daily
        } else {
            RateLimitKind::PerSecond
        };
        let retry_at = match parsed.retry_after {
            Some(RetryAfter::At(at)) => Some(at),
            Some(RetryAfter::Delay(delay)) => chrono::Duration::from_std(delay).ok().map(|d| now + d),
            None if kind == RateLimitKind::Daily => Some(next_utc_midnight(now)),
            None => None,
        };
        Self {
            kind,
            retry_at,
            category: parsed.category,
            limit: parsed.limit,
            remaining: parsed.remaining,
            api,
        }
    }
}

/// The first 00:00 UTC strictly after `now`: when Zoom's daily limits reset.
pub(crate) fn next_utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    tomorrow.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc())
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RateLimitKind::Daily => f.write_str("Zoom's daily rate limit for this API is used up")?,
            RateLimitKind::PerSecond => {
                f.write_str("Zoom's per-second rate limit kept refusing the request after the retries")?
            }
        }
        if let Some(category) = &self.category {
            write!(f, " (category {category})")?;
        }
        match self.retry_at {
            Some(at) => write!(f, "; retry after {}", at.to_rfc3339())?,
            None => f.write_str("; slow down and retry later")?,
        }
        f.write_str(", or spread the work over more time")?;
        if let Some(id) = &self.api.tracking_id {
            write!(f, " [tracking id {id}]")?;
        }
        Ok(())
    }
}

/// Why no usable access token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// The OAuth token endpoint refused the request (wrong account id, client
    /// id or secret; codes 4700-4706, or the `{reason, error}` body shape).
    TokenEndpoint {
        /// The HTTP status of the token endpoint's answer.
        status: u16,
        /// Zoom's code, when the body had one.
        code: Option<ZoomCode>,
        /// The OAuth `error` field (e.g. `invalid_client`), when the body had one.
        error: Option<String>,
        /// Zoom's `reason` or `message`.
        message: String,
        /// The `x-zm-trackingid` header.
        tracking_id: Option<String>,
    },
    /// The token endpoint answered 2xx with a body that is not a token.
    MalformedTokenResponse(String),
    /// The token endpoint could not be reached.
    TokenEndpointUnreachable(reqwest::Error),
    /// Zoom rejected the access token (code 124 after one renewal, a static
    /// token that expired, or missing scopes).
    TokenRejected(ApiError),
    /// A user-supplied token provider failed.
    Provider(Box<dyn std::error::Error + Send + Sync>),
}

impl AuthError {
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Self::TokenEndpoint { status, .. } => Some(*status),
            Self::TokenRejected(api) => Some(api.status),
            Self::TokenEndpointUnreachable(e) => e.status().map(|s| s.as_u16()),
            Self::MalformedTokenResponse(_) | Self::Provider(_) => None,
        }
    }

    pub(crate) fn code(&self) -> Option<ZoomCode> {
        match self {
            Self::TokenEndpoint { code, .. } => *code,
            Self::TokenRejected(api) => api.code,
            _ => None,
        }
    }

    pub(crate) fn tracking_id(&self) -> Option<&str> {
        match self {
            Self::TokenEndpoint { tracking_id, .. } => tracking_id.as_deref(),
            Self::TokenRejected(api) => api.tracking_id.as_deref(),
            _ => None,
        }
    }

    /// Whether asking the token endpoint again later may work (it was
    /// unreachable, rate limited or failing on its side).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::TokenEndpointUnreachable(_) => true,
            Self::TokenEndpoint { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    pub(crate) fn source_error(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::TokenEndpointUnreachable(e) => Some(e),
            Self::Provider(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TokenEndpoint {
                status,
                code,
                error,
                message,
                tracking_id,
            } => {
                write!(
                    f,
                    "Zoom's OAuth token endpoint refused the credentials (HTTP {status}"
                )?;
                if let Some(code) = code {
                    write!(f, ", code {code}")?;
                }
                if let Some(error) = error {
                    write!(f, ", {error}")?;
                }
                f.write_str(")")?;
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                match code.and_then(|c| c.advice()) {
                    Some(advice) => write!(f, " ({advice})")?,
                    None => f.write_str(
                        " (check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET of the Server-to-Server OAuth app)",
                    )?,
                }
                if let Some(id) = tracking_id {
                    write!(f, " [tracking id {id}]")?;
                }
                Ok(())
            }
            Self::MalformedTokenResponse(why) => {
                write!(
                    f,
                    "Zoom's OAuth token endpoint answered without a usable token: {why}"
                )
            }
            Self::TokenEndpointUnreachable(e) => write!(
                f,
                "could not reach Zoom's OAuth token endpoint: {}; check the network and the OAuth base URL",
                transport_reason(e)
            ),
            Self::TokenRejected(api) => write!(f, "Zoom rejected the access token: {api}"),
            Self::Provider(e) => write!(f, "the token provider failed: {e}"),
        }
    }
}

/// Whether an attempt or the whole operation ran out of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutScope {
    /// One attempt (one HTTP exchange) took longer than the per-attempt timeout.
    Attempt,
    /// The operation, retries and waits included, took longer than its budget.
    Operation,
}

/// A timeout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutError {
    /// What timed out.
    pub scope: TimeoutScope,
    /// The limit that was exceeded, when known.
    pub limit: Option<Duration>,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.scope {
            TimeoutScope::Attempt => "a request to Zoom took longer than the per-attempt timeout",
            TimeoutScope::Operation => "the operation (retries included) took longer than its timeout",
        };
        f.write_str(what)?;
        if let Some(limit) = self.limit {
            write!(f, " of {limit:?}")?;
        }
        f.write_str("; retry later or raise the timeout on the client builder")
    }
}

/// A response that did not have the shape the API describes.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeFailure {
    /// The operation (snake_case operationId), when known.
    pub operation: Option<&'static str>,
    /// The HTTP status of the response, when known.
    pub status: Option<u16>,
    /// The start of the body, secrets redacted.
    pub excerpt: String,
    /// Where in the body decoding failed (`meetings[0].recording_files`), when known.
    pub path: Option<String>,
    /// The serde error (line, column and what was expected).
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Zoom's response")?;
        if let Some(operation) = self.operation {
            write!(f, " to {operation}")?;
        }
        f.write_str(" did not have the documented shape")?;
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(
            f,
            ": {}; body starts: {} (please report this with the excerpt)",
            self.source, self.excerpt
        )
    }
}

/// A reqwest error and its causes on one line.
pub(crate) fn transport_reason(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Drops the query of the URL a reqwest error names: download URLs can carry
/// `access_token=` there.
pub(crate) fn without_query(mut e: reqwest::Error) -> reqwest::Error {
    if let Some(url) = e.url_mut() {
        url.set_query(None);
        url.set_fragment(None);
    }
    e
}
