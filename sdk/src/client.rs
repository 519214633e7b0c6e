//! `Client::builder()` and `Client::from_env()`: the ways to make a
//! [`Client`], and the per-client state every request hook reads.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::runtime::auth::{
    Credentials, TokenCache, TokenProvider, DEFAULT_EXPIRY_SKEW, DEFAULT_OAUTH_BASE_URL,
};
use crate::runtime::policy::{RetryPolicy, Timeouts};
use crate::runtime::Runtime;
use crate::secret::Secret;
use crate::tls::HttpTls;
use crate::Client;

/// Zoom's REST API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.zoom.us/v2";

/// A download that receives nothing for this long is interrupted (and resumed).
const DOWNLOAD_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// The `User-Agent` sent unless the builder is given another.
const DEFAULT_USER_AGENT: &str = concat!("zoom-cloud-recording-rust/", env!("CARGO_PKG_VERSION"));

/// What every request made through a [`Client`] needs: tokens, retry and
/// timeout rules, the clock, the user agent. Made only by the builder.
#[derive(Clone)]
pub struct ClientState {
    pub(crate) runtime: Arc<Runtime>,
    pub(crate) user_agent: reqwest::header::HeaderValue,
    /// The HTTP client of downloads: no redirects (they are followed by hand,
    /// so credentials go only to Zoom), a read timeout instead of a total one.
    pub(crate) downloads: reqwest::Client,
    /// Origins besides Zoom's own domains that may receive the token: the
    /// configured API and OAuth base URLs.
    pub(crate) trusted_origins: Vec<reqwest::Url>,
}

impl ClientState {
    /// Whether `url` may receive the access token: `https` on `zoom.us`,
    /// `zoom.com` or a subdomain, or the origin of a configured base URL.
    pub(crate) fn is_zoom(&self, url: &reqwest::Url) -> bool {
        let zoom_domain = url.scheme() == "https"
            && url.host_str().is_some_and(|host| {
                ["zoom.us", "zoom.com"]
                    .iter()
                    .any(|d| host == *d || host.ends_with(&format!(".{d}")))
            });
        zoom_domain
            || self
                .trusted_origins
                .iter()
                .any(|trusted| trusted.origin() == url.origin())
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("runtime", &self.runtime)
            .field("user_agent", &self.user_agent)
            .field("trusted_origins", &self.trusted_origins)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    oauth_base_url: Option<String>,
    credentials: Option<Credentials>,
    user_agent: Option<String>,
    timeouts: Timeouts,
    retry: RetryPolicy,
    expiry_skew: Option<Duration>,
    clock: Option<Arc<dyn Clock>>,
    http_client: Option<reqwest::Client>,
    download_http_client: Option<reqwest::Client>,
}

/// Why a client could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No credentials were given.
    MissingCredentials,
    /// [`Client::from_env`] needs these variables and they are unset or empty.
    MissingEnv(Vec<&'static str>),
    /// A base URL is not an absolute http(s) URL.
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
    /// TLS could not be set up (for example, no root certificates were found
    /// on the system).
    Tls(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredentials => f.write_str(
                "no credentials: call `.server_to_server(..)`, `.access_token(..)` or `.token_provider(..)` on the client builder",
            ),
            Self::MissingEnv(names) => write!(
                f,
                "missing environment variable{} {}: set the Server-to-Server OAuth app's account id, client id and client secret",
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
            Self::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}; expected e.g. {DEFAULT_BASE_URL}")
            }
            Self::InvalidUserAgent => f.write_str("the user agent has characters not allowed in an HTTP header"),
            Self::HttpClient(e) => write!(f, "cannot build the HTTP client: {e}"),
            Self::Tls(e) => write!(f, "cannot set up TLS for the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::HttpClient(e) => Some(e),
            Self::Tls(e) => Some(&**e),
            _ => None,
        }
    }
}

impl Client {
    /// Starts building a client. The base URL defaults to [`DEFAULT_BASE_URL`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Now, by the client's clock (the one given to [`ClientBuilder::clock`],
    /// or the system's): what its retries, token expiry and rate-limit resets
    /// are measured with, and what code built on the client should use too.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        crate::ClientInfo::inner(self).runtime.clock.now()
    }
}

impl ClientBuilder {
    /// The API base URL (a regional `api_url` + `/v2`, or a test server).
    /// Defaults to [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The OAuth base URL tokens are requested from; defaults to `https://zoom.us`.
    pub fn oauth_base_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_base_url = Some(url.into());
        self
    }

    /// Authenticates as a Server-to-Server OAuth app: tokens are requested,
    /// cached and renewed by the client.
    pub fn server_to_server(
        self,
        account_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials(Credentials::server_to_server(
            account_id,
            client_id,
            client_secret,
        ))
    }

    /// A ready OAuth access token, sent as `Authorization: Bearer` and never renewed.
    pub fn access_token(self, token: impl Into<Secret>) -> Self {
        self.credentials(Credentials::AccessToken(token.into()))
    }

    /// Tokens from your own [`TokenProvider`], cached and renewed like
    /// Server-to-Server tokens.
    pub fn token_provider(self, provider: impl TokenProvider) -> Self {
        self.credentials(Credentials::Provider(Arc::new(provider)))
    }

    /// Any [`Credentials`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Renew a token this long before it expires (default 60 s).
    pub fn token_expiry_skew(mut self, skew: Duration) -> Self {
        self.expiry_skew = Some(skew);
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
        self.timeouts.connect = timeout;
        self
    }

    /// The limit of one attempt, from sending to the last byte of the answer
    /// (default 60 s); `None` for no limit.
    pub fn attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeouts.attempt = timeout.into();
        self
    }

    /// The limit of a whole operation, retries, waits and token requests
    /// included (default 5 min); `None` for no limit.
    pub fn operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeouts.operation = timeout.into();
        self
    }

    /// All time limits at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// When and how often to retry (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The clock for token expiry, rate-limit reset times and waits between
    /// attempts (default: the system clock and tokio's timer).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Uses a ready `reqwest::Client` for API calls (proxies, custom TLS
    /// roots, pooling). Downloads use their own client; see
    /// [`ClientBuilder::download_http_client`].
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Uses a ready `reqwest::Client` for recording downloads. Build it with
    /// `redirect(reqwest::redirect::Policy::none())`: the SDK follows
    /// redirects itself so the token reaches only Zoom's hosts. By default the
    /// builder makes one with the connect timeout and a 60 s read timeout.
    pub fn download_http_client(mut self, client: reqwest::Client) -> Self {
        self.download_http_client = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// The HTTP client it makes has a connect timeout but no total timeout;
    /// each operation's limits come from [`Timeouts`].
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = checked_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let oauth_base_url = checked_url(self.oauth_base_url.as_deref().unwrap_or(DEFAULT_OAUTH_BASE_URL))?;
        let credentials = self.credentials.ok_or(BuildError::MissingCredentials)?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            reqwest::header::HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let mut tls = HttpTls::default();
        let http = match self.http_client {
            Some(client) => client,
            None => tls
                .client_builder()?
                .connect_timeout(self.timeouts.connect)
                .user_agent(user_agent.clone())
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        let downloads = match self.download_http_client {
            Some(client) => client,
            None => tls
                .client_builder()?
                .connect_timeout(self.timeouts.connect)
                .read_timeout(DOWNLOAD_READ_TIMEOUT)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(user_agent.clone())
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        let trusted_origins = [&base_url, &oauth_base_url]
            .iter()
            .filter_map(|u| reqwest::Url::parse(u).ok())
            .collect();
        let clock: Arc<dyn Clock> = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let tokens = TokenCache::new(
            credentials,
            &oauth_base_url,
            http.clone(),
            self.timeouts.attempt,
            self.expiry_skew.unwrap_or(DEFAULT_EXPIRY_SKEW),
            Arc::clone(&clock),
        );
        let runtime = Runtime {
            tokens,
            retry: self.retry,
            timeouts: self.timeouts,
            clock,
        };
        let state = ClientState {
            runtime: Arc::new(runtime),
            user_agent,
            downloads,
            trusted_origins,
        };
        Ok(Client::new_with_client(&base_url, http, state))
    }
}

/// `url` without a trailing `/`, if it is an absolute http(s) URL.
fn checked_url(url: &str) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidBaseUrl {
        url: url.to_owned(),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https".into()));
    }
    Ok(url.trim_end_matches('/').to_owned())
}
