//! `Client::builder()`: the one way to make a [`Client`], and the per-client
//! state every request hook reads.

use std::fmt;
use std::time::Duration;

use crate::secret::Secret;
use crate::Client;

/// Zoom's REST API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.zoom.us/v2";

/// How long to wait for a TCP + TLS connection before giving up.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The `User-Agent` sent unless the builder is given another.
const DEFAULT_USER_AGENT: &str = concat!("zoom-cloud-recording-rust/", env!("CARGO_PKG_VERSION"));

/// What every request made through a [`Client`] needs: credentials and the
/// user agent. Made only by [`ClientBuilder::build`].
#[derive(Clone)]
pub struct ClientState {
    pub(crate) access_token: Secret,
    pub(crate) user_agent: reqwest::header::HeaderValue,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("access_token", &self.access_token)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    access_token: Option<Secret>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No credentials were given.
    MissingCredentials,
    /// The base URL is not an absolute http(s) URL.
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The user agent is not a valid header value.
    InvalidUserAgent,
    /// The HTTP client could not be built (for example, TLS is unavailable).
    HttpClient(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredentials => {
                f.write_str("no credentials: call `.access_token(..)` on the client builder")
            }
            Self::InvalidBaseUrl { url, reason } => {
                write!(
                    f,
                    "invalid base URL `{url}`: {reason}; expected e.g. {DEFAULT_BASE_URL}"
                )
            }
            Self::InvalidUserAgent => {
                f.write_str("the user agent has characters not allowed in an HTTP header")
            }
            Self::HttpClient(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::HttpClient(e) => Some(e),
            _ => None,
        }
    }
}

impl Client {
    /// Starts building a client. The base URL defaults to [`DEFAULT_BASE_URL`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl ClientBuilder {
    /// The API base URL, e.g. a regional `api_url` from the token response or a
    /// test server. Defaults to [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A ready OAuth access token, sent as `Authorization: Bearer`.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// The `User-Agent` header; defaults to `zoom-cloud-recording-rust/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Connection timeout of the HTTP client the builder makes (default 10 s).
    /// Ignored when [`ClientBuilder::http_client`] supplies the client.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Uses a ready `reqwest::Client` (proxies, custom TLS roots, pooling).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// The HTTP client it makes has a connect timeout but no total request
    /// timeout: recording downloads can take far longer than any fixed limit.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl {
            url: base_url.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(BuildError::InvalidBaseUrl {
                url: base_url,
                reason: "the scheme must be http or https".into(),
            });
        }
        let access_token = self.access_token.ok_or(BuildError::MissingCredentials)?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            reqwest::header::HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        let state = ClientState {
            access_token,
            user_agent,
        };
        Ok(Client::new_with_client(
            base_url.trim_end_matches('/'),
            http,
            state,
        ))
    }
}
