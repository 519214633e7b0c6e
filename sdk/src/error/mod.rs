//! [`Error`]: the one error type of the SDK, and how every failure of a
//! generated operation becomes one.

mod auth;
mod carrier;
mod code;
mod excerpt;
mod kinds;
mod rate_limited;

use std::fmt;

pub use auth::AuthError;
pub use code::ZoomCode;
pub use kinds::{ApiError, DecodeFailure, TimeoutError, TimeoutScope};
pub use rate_limited::{RateLimitKind, RateLimited};

pub(crate) use carrier::{carry, CarriedError};
pub(crate) use excerpt::{excerpt, redact_jwts, redact_query_values, EXCERPT_CHARS, SECRET_KEYS};
pub(crate) use kinds::{without_query, TRACKING_ID_HEADER};

use crate::OperationError;

/// Everything that can go wrong talking to Zoom.
///
/// Match on the variant (and on [`ZoomCode`] inside [`ApiError`]) to decide
/// what to do; `Display` says what happened and what to do about it. New
/// variants may be added, so keep a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Zoom answered with an error status and (usually) a `{code, message}` body.
    Api(Box<ApiError>),
    /// Zoom's rate limit stopped the request: a daily limit (not retried) or a
    /// per-second limit that outlasted the retry policy.
    RateLimited(Box<RateLimited>),
    /// No usable access token: the token endpoint refused the credentials, or
    /// Zoom rejected the token even after it was renewed.
    Auth(Box<AuthError>),
    /// An attempt or the whole operation took longer than its timeout.
    Timeout(TimeoutError),
    /// The request could not be sent or the response not received
    /// (DNS, connection refused or reset, TLS).
    Transport(reqwest::Error),
    /// The response did not have the shape the API describes.
    Decode(Box<DecodeFailure>),
    /// A recording download did not produce a complete, verified file.
    Download(Box<crate::download::DownloadError>),
    /// The request was refused before it was sent (for example, a required
    /// parameter is missing or not valid).
    InvalidRequest(String),
}

impl Error {
    /// The HTTP status Zoom answered with, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::RateLimited(e) => Some(e.api.status),
            Self::Auth(e) => e.status(),
            Self::Decode(e) => e.status,
            Self::Transport(e) => e.status().map(|s| s.as_u16()),
            Self::Timeout(_) | Self::InvalidRequest(_) | Self::Download(_) => None,
        }
    }

    /// The Zoom error code, when the answer carried one.
    pub fn code(&self) -> Option<ZoomCode> {
        match self {
            Self::Api(e) => e.code,
            Self::RateLimited(e) => e.api.code,
            Self::Auth(e) => e.code(),
            _ => None,
        }
    }

    /// The `x-zm-trackingid` of the answer, to quote to Zoom support.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.tracking_id.as_deref(),
            Self::RateLimited(e) => e.api.tracking_id.as_deref(),
            Self::Auth(e) => e.tracking_id(),
            _ => None,
        }
    }

    /// Whether sending the same request later may succeed (rate limits,
    /// timeouts, transport failures, 5xx answers).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited(_) | Self::Timeout(_) | Self::Transport(_) => true,
            Self::Api(e) => e.status >= 500,
            Self::Auth(e) => e.is_transient(),
            Self::Download(e) => matches!(**e, crate::download::DownloadError::SizeMismatch { .. }),
            Self::Decode(_) | Self::InvalidRequest(_) => false,
        }
    }

    pub(crate) fn decode(
        operation: Option<&'static str>,
        status: Option<u16>,
        body: &[u8],
        source: serde_json::Error,
        path: Option<String>,
    ) -> Self {
        Self::Decode(Box::new(DecodeFailure {
            operation,
            status,
            excerpt: excerpt(body, EXCERPT_CHARS),
            path,
            source,
        }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::RateLimited(e) => e.fmt(f),
            Self::Auth(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Transport(e) => write!(
                f,
                "could not reach Zoom: {}; check the network, proxy and base URL, then retry",
                kinds::transport_reason(e)
            ),
            Self::Decode(e) => e.fmt(f),
            Self::Download(e) => e.fmt(f),
            Self::InvalidRequest(reason) => write!(f, "request not sent: {reason}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            Self::Decode(e) => Some(&e.source),
            Self::Auth(e) => e.source_error(),
            Self::Download(e) => match e.as_ref() {
                crate::download::DownloadError::Io(io) => Some(io),
                _ => None,
            },
            _ => None,
        }
    }
}

impl From<OperationError> for Error {
    /// Classifies a failure of a generated operation.
    fn from(error: OperationError) -> Self {
        use progenitor_client::Error as E;
        match error {
            E::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                ApiError::from_parts(status, &headers, response.into_inner()).classify(&headers)
            }
            E::UnexpectedResponse(mut response) => match response.extensions_mut().remove::<CarriedError>() {
                Some(carried) => carried.take(),
                None => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    ApiError::from_parts(status, &headers, empty_error_body()).classify(&headers)
                }
            },
            E::InvalidResponsePayload(body, source) => Self::decode(None, None, &body, source, None),
            E::CommunicationError(e) | E::ResponseBodyError(e) | E::InvalidUpgrade(e) => Self::from(e),
            E::InvalidRequest(reason) => Self::InvalidRequest(reason),
            E::Custom(reason) => Self::InvalidRequest(reason),
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout(TimeoutError {
                scope: TimeoutScope::Attempt,
                limit: None,
            })
        } else {
            Self::Transport(kinds::without_query(e))
        }
    }
}

/// Zoom's `{code, message, errors}` from an error answer's body, or an empty
/// one when the body is not that shape (a gateway's HTML page).
pub(crate) fn error_body_of(body: &[u8]) -> crate::types::ErrorResponse {
    serde_json::from_slice(body).unwrap_or_else(|_| empty_error_body())
}

/// An error body with nothing in it, for answers that had none.
pub(crate) fn empty_error_body() -> crate::types::ErrorResponse {
    crate::types::ErrorResponse {
        code: None,
        errors: Vec::new(),
        message: None,
        extra: serde_json::Map::new(),
    }
}
