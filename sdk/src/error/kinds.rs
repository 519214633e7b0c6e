//! The payloads of the [`Error`](super::Error) variants.

use std::fmt;
use std::time::Duration;

use chrono::Utc;
use reqwest::header::HeaderMap;

use super::auth::AuthError;
use super::code::ZoomCode;
use super::rate_limited::RateLimited;
use super::Error;
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
