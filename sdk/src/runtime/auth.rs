//! Access tokens: where they come from ([`Credentials`]), and the cache that
//! renews them before they expire with exactly one request at a time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::clock::Clock;
use crate::error::{AuthError, ZoomCode};
use crate::quirks::ZoomInt;
use crate::secret::Secret;

/// Zoom's OAuth host.
pub const DEFAULT_OAUTH_BASE_URL: &str = "https://zoom.us";

/// Renew a token this long before Zoom says it expires.
pub(crate) const DEFAULT_EXPIRY_SKEW: Duration = Duration::from_secs(60);

/// An access token and when it stops working.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// The bearer token.
    pub token: Secret,
    /// When Zoom stops accepting it; `None` when unknown (then it is renewed
    /// only after Zoom rejects it with code 124).
    pub expires_at: Option<DateTime<Utc>>,
}

/// A future returned by [`TokenProvider::fetch`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, AuthError>> + Send + 'a>>;

/// A source of access tokens the client does not know how to get itself
/// (another OAuth flow, a secrets manager, a token shared between services).
///
/// The client caches what `fetch` returns, calls it again shortly before the
/// token expires or after Zoom rejects it, and never calls it from two tasks
/// at once.
pub trait TokenProvider: fmt::Debug + Send + Sync + 'static {
    /// Gets a new token.
    fn fetch(&self) -> TokenFuture<'_>;
}

/// How the client authenticates.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// A Server-to-Server OAuth app: tokens are requested from
    /// `POST {oauth}/oauth/token` with `grant_type=account_credentials`.
    ServerToServer {
        /// The account id of the app.
        account_id: String,
        /// The client id of the app.
        client_id: String,
        /// The client secret of the app.
        client_secret: Secret,
    },
    /// A ready access token, used as it is and never renewed.
    AccessToken(Secret),
    /// Tokens from your own code.
    Provider(Arc<dyn TokenProvider>),
}

impl Credentials {
    /// Server-to-Server OAuth credentials.
    pub fn server_to_server(
        account_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Self::ServerToServer {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }
}

/// Where a cached token comes from.
#[derive(Debug)]
enum Source {
    Static(Secret),
    Fetch(Arc<dyn TokenProvider>),
}

/// The token every request uses, renewed when it is about to expire or was
/// rejected.
#[derive(Debug)]
pub(crate) struct TokenCache {
    source: Source,
    current: Mutex<Option<AccessToken>>,
    skew: Duration,
    clock: Arc<dyn Clock>,
}

impl TokenCache {
    /// `request_timeout` bounds each token request (the per-attempt limit).
    pub(crate) fn new(
        credentials: Credentials,
        oauth_base_url: &str,
        http: reqwest::Client,
        request_timeout: Option<Duration>,
        skew: Duration,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let source = match credentials {
            Credentials::AccessToken(token) => Source::Static(token),
            Credentials::Provider(provider) => Source::Fetch(provider),
            Credentials::ServerToServer {
                account_id,
                client_id,
                client_secret,
            } => Source::Fetch(Arc::new(ServerToServer {
                token_url: format!("{}/oauth/token", oauth_base_url.trim_end_matches('/')),
                account_id,
                client_id,
                client_secret,
                http,
                request_timeout,
                clock: Arc::clone(&clock),
            })),
        };
        Self {
            source,
            current: Mutex::new(None),
            skew,
            clock,
        }
    }

    /// Whether a rejected token can be replaced by a new one.
    pub(crate) fn renewable(&self) -> bool {
        matches!(self.source, Source::Fetch(_))
    }

    /// The token to send now: the cached one while it is fresh, else a new one.
    /// Concurrent callers wait for a single fetch.
    pub(crate) async fn token(&self) -> Result<Secret, AuthError> {
        let provider = match &self.source {
            Source::Static(token) => return Ok(token.clone()),
            Source::Fetch(provider) => provider,
        };
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|t| self.is_fresh(t)) {
            return Ok(token.token.clone());
        }
        let fetched = provider.fetch().await?;
        let token = fetched.token.clone();
        *current = Some(fetched);
        Ok(token)
    }

    /// A token to replace `rejected`: a new one, unless another task already
    /// replaced it, in which case that one.
    pub(crate) async fn renew(&self, rejected: &Secret) -> Result<Secret, AuthError> {
        let provider = match &self.source {
            Source::Static(token) => return Ok(token.clone()),
            Source::Fetch(provider) => provider,
        };
        let mut current = self.current.lock().await;
        if let Some(token) = current
            .as_ref()
            .filter(|t| t.token.expose() != rejected.expose() && self.is_fresh(t))
        {
            return Ok(token.token.clone());
        }
        let fetched = provider.fetch().await?;
        let token = fetched.token.clone();
        *current = Some(fetched);
        Ok(token)
    }

    fn is_fresh(&self, token: &AccessToken) -> bool {
        let Some(expires_at) = token.expires_at else {
            return true;
        };
        let skew = chrono::Duration::from_std(self.skew).unwrap_or(chrono::Duration::MAX);
        self.clock
            .now()
            .checked_add_signed(skew)
            .is_some_and(|t| t < expires_at)
    }
}

/// Server-to-Server OAuth: one token request per renewal.
struct ServerToServer {
    token_url: String,
    account_id: String,
    client_id: String,
    client_secret: Secret,
    http: reqwest::Client,
    request_timeout: Option<Duration>,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for ServerToServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerToServer")
            .field("token_url", &self.token_url)
            .field("account_id", &self.account_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

/// The token endpoint's success body.
#[derive(Deserialize)]
struct TokenBody {
    access_token: Option<String>,
    expires_in: Option<ZoomInt>,
}

/// The token endpoint's error bodies: `{code, message}` or `{reason, error}`.
#[derive(Deserialize, Default)]
struct TokenErrorBody {
    code: Option<ZoomInt>,
    message: Option<String>,
    reason: Option<String>,
    error: Option<String>,
}

impl TokenProvider for ServerToServer {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let requested_at = self.clock.now();
            let mut request = self
                .http
                .post(&self.token_url)
                .basic_auth(&self.client_id, Some(self.client_secret.expose()))
                .form(&[
                    ("grant_type", "account_credentials"),
                    ("account_id", self.account_id.as_str()),
                ]);
            if let Some(limit) = self.request_timeout {
                request = request.timeout(limit);
            }
            let response = request
                .send()
                .await
                .map_err(|e| AuthError::TokenEndpointUnreachable(crate::error::without_query(e)))?;
            let status = response.status().as_u16();
            let tracking_id = response
                .headers()
                .get(crate::error::TRACKING_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response
                .bytes()
                .await
                .map_err(|e| AuthError::TokenEndpointUnreachable(crate::error::without_query(e)))?;
            if !(200..300).contains(&status) {
                let parsed: TokenErrorBody = serde_json::from_slice(&body).unwrap_or_default();
                return Err(AuthError::TokenEndpoint {
                    status,
                    code: parsed.code.map(|c| ZoomCode::from_number(*c)),
                    error: parsed.error,
                    message: parsed.reason.or(parsed.message).unwrap_or_default(),
                    tracking_id,
                });
            }
            let parsed: TokenBody = serde_json::from_slice(&body).map_err(|e| {
                AuthError::MalformedTokenResponse(format!("the body is not the documented JSON ({e})"))
            })?;
            let token = parsed.access_token.filter(|t| !t.is_empty()).ok_or_else(|| {
                AuthError::MalformedTokenResponse("`access_token` is missing or empty".into())
            })?;
            let expires_at = parsed
                .expires_in
                .and_then(|secs| chrono::Duration::try_seconds((*secs).max(0)))
                .and_then(|lifetime| requested_at.checked_add_signed(lifetime));
            Ok(AccessToken {
                token: Secret::new(token),
                expires_at,
            })
        })
    }
}
