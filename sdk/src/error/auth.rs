//! [`AuthError`]: why no usable access token could be had.

use std::fmt;

use super::code::ZoomCode;
use super::kinds::{transport_reason, ApiError};

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
