//! One download: follow redirects (credentials only to Zoom), check that the
//! answer is the file, stream it into the sink, resume with `Range` after an
//! interruption, retry what is transient, renew an expired account token once.
//! The receive loop only hands chunks to the sink; hashing and writing a
//! file happen on the sink's own thread.

use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, LOCATION, RANGE};
use reqwest::{Response, StatusCode, Url};

use super::error::DownloadError;
use super::sink::Sink;
use super::{DownloadAuth, DownloadRequest, ExpectedContent, Progress, ProgressFn};
use crate::client::ClientState;
use crate::error::{excerpt, ApiError, AuthError, Error, RateLimited, ZoomCode, EXCERPT_CHARS};
use crate::runtime::rate_limit::RateLimitHeaders;
use crate::secret::Secret;

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// How one pass over the network ended, when it did not complete the file.
enum Stop {
    /// Try again (resuming) after the wait, or the backoff when `None`.
    Retry { wait: Option<Duration>, error: Error },
    /// Zoom rejected the account token: renew it once.
    TokenRejected { token: Secret, error: Error },
    /// Give up.
    Fatal(Error),
}

fn download_error(e: DownloadError) -> Error {
    Error::Download(Box::new(e))
}

fn transient(error: Error) -> Stop {
    Stop::Retry { wait: None, error }
}

pub(crate) struct Transfer<'a> {
    pub(crate) state: &'a ClientState,
    pub(crate) request: &'a DownloadRequest,
    pub(crate) progress: Option<&'a ProgressFn>,
}

impl Transfer<'_> {
    /// Runs passes until the sink holds the whole, verified file.
    pub(crate) async fn run(&self, sink: &mut Sink<'_>) -> Result<(), Error> {
        let runtime = &self.state.runtime;
        let policy = &runtime.retry;
        let mut attempt = 0u32;
        let mut renewed = false;
        let mut rejected: Option<Secret> = None;
        loop {
            attempt += 1;
            let stop = match self.pass(sink, rejected.take()).await {
                // Verified: sync the file (the writer thread hashes it too).
                Ok(()) => {
                    return sink
                        .complete()
                        .await
                        .map_err(|e| download_error(DownloadError::Io(e)))
                }
                Err(stop) => stop,
            };
            match stop {
                Stop::Fatal(error) => return Err(error),
                Stop::TokenRejected { token, error } => {
                    if renewed
                        || !matches!(self.request.auth, DownloadAuth::Account)
                        || !runtime.tokens.renewable()
                    {
                        return Err(error);
                    }
                    tracing::info!("download token rejected (code 124); renewing it and resuming");
                    renewed = true;
                    rejected = Some(token);
                    attempt -= 1;
                }
                Stop::Retry { wait, error } => {
                    if attempt >= policy.max_attempts {
                        return Err(error);
                    }
                    let wait = wait.unwrap_or_else(|| policy.backoff(attempt));
                    tracing::warn!(attempt, written = sink.written(), error = %error, "download interrupted; resuming");
                    runtime.clock.sleep(wait).await;
                }
            }
        }
    }

    /// One request (plus redirects) and as much of the body as arrives.
    async fn pass(&self, sink: &mut Sink<'_>, rejected: Option<Secret>) -> Result<(), Stop> {
        let token = self.token(rejected).await?;
        let offset = sink.written();
        let response = self.follow(offset, token.as_ref()).await?;
        let status = response.status();
        let announced_total = match status {
            StatusCode::PARTIAL_CONTENT => match parse_content_range(&response) {
                Some((start, total)) if start == offset => total,
                _ => {
                    let content_range = header(&response, CONTENT_RANGE.as_str());
                    sink.restart()
                        .await
                        .map_err(|e| Stop::Fatal(download_error(DownloadError::Io(e))))?;
                    return Err(transient(download_error(DownloadError::BadContentRange {
                        content_range,
                    })));
                }
            },
            StatusCode::RANGE_NOT_SATISFIABLE => {
                // Nothing after `offset`: complete if the server says the file ends there.
                if parse_unsatisfied_total(&response) == Some(offset) {
                    return self.verify(sink, Some(offset));
                }
                sink.restart()
                    .await
                    .map_err(|e| Stop::Fatal(download_error(DownloadError::Io(e))))?;
                return Err(transient(download_error(DownloadError::BadContentRange {
                    content_range: header(&response, CONTENT_RANGE.as_str()),
                })));
            }
            s if s.is_success() => response.content_length(),
            _ => return Err(self.refusal(response, token).await),
        };
        let mut skip = 0u64;
        if status == StatusCode::OK && offset > 0 {
            // The server ignored `Range`: start over, or skip what the writer already has.
            if sink.can_restart() {
                sink.restart()
                    .await
                    .map_err(|e| Stop::Fatal(download_error(DownloadError::Io(e))))?;
            } else {
                skip = offset;
            }
        }
        self.check_content_type(&response)?;
        let total = announced_total.or(self.request.expected_size);
        self.stream(response, sink, skip, total).await?;
        self.verify(sink, total)
    }

    async fn token(&self, rejected: Option<Secret>) -> Result<Option<Secret>, Stop> {
        let tokens = &self.state.runtime.tokens;
        let fetched = match (&self.request.auth, rejected) {
            (DownloadAuth::AccessToken(token) | DownloadAuth::DownloadToken(token), _) => {
                return Ok(Some(token.clone()))
            }
            (DownloadAuth::Account, Some(rejected)) => tokens.renew(&rejected).await,
            (DownloadAuth::Account, None) => tokens.token().await,
        };
        match fetched {
            Ok(token) => Ok(Some(token)),
            Err(e) if e.is_transient() => Err(transient(Error::Auth(Box::new(e)))),
            Err(e) => Err(Stop::Fatal(Error::Auth(Box::new(e)))),
        }
    }

    /// Sends the request and follows redirects by hand, so the bearer token
    /// goes only to Zoom's hosts (a signed file-host URL needs none).
    async fn follow(&self, offset: u64, token: Option<&Secret>) -> Result<Response, Stop> {
        let mut url = Url::parse(&self.request.url)
            .map_err(|e| Stop::Fatal(Error::InvalidRequest(format!("not a download URL: {e}"))))?;
        for _ in 0..=MAX_REDIRECTS {
            let mut request = self.state.downloads.get(url.clone());
            if offset > 0 {
                request = request.header(RANGE, format!("bytes={offset}-"));
            }
            if let Some(token) = token.filter(|_| self.state.is_zoom(&url)) {
                let mut bearer =
                    HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
                        Stop::Fatal(Error::Auth(Box::new(AuthError::MalformedTokenResponse(
                            "the token has characters not allowed in an HTTP header".into(),
                        ))))
                    })?;
                bearer.set_sensitive(true);
                request = request.header(AUTHORIZATION, bearer);
            }
            let response = request.send().await.map_err(|e| transient(Error::from(e)))?;
            if !response.status().is_redirection() {
                return Ok(response);
            }
            let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok());
            url = location.and_then(|l| url.join(l).ok()).ok_or_else(|| {
                Stop::Fatal(download_error(DownloadError::Redirects(
                    "a redirect without a usable Location".into(),
                )))
            })?;
        }
        Err(Stop::Fatal(download_error(DownloadError::Redirects(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))))
    }

    /// An answer that is not the file: classify it.
    async fn refusal(&self, response: Response, token: Option<Secret>) -> Stop {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body,
            Err(e) => return transient(Error::from(e)),
        };
        let api = ApiError::from_parts(status, &headers, crate::error::error_body_of(&body));
        match status {
            401 if api.code == Some(ZoomCode::InvalidAccessToken) || api.code.is_none() => match token {
                Some(token) => Stop::TokenRejected {
                    token,
                    error: Error::Auth(Box::new(AuthError::TokenRejected(api))),
                },
                None => Stop::Fatal(Error::Auth(Box::new(AuthError::TokenRejected(api)))),
            },
            429 => {
                let limits = RateLimitHeaders::parse(&headers);
                let now = self.state.runtime.clock.now();
                let limited = Error::RateLimited(Box::new(RateLimited::new(api, &headers, now)));
                match (limits.daily, limits.retry_after) {
                    (true, _) => Stop::Fatal(limited),
                    (false, None) => Stop::Retry {
                        wait: None,
                        error: limited,
                    },
                    (false, Some(after)) => match self.state.runtime.retry.honour(after, now) {
                        Some(wait) => Stop::Retry {
                            wait: Some(wait),
                            error: limited,
                        },
                        None => Stop::Fatal(limited),
                    },
                }
            }
            500..=599 => transient(Error::Api(Box::new(api))),
            _ => Stop::Fatal(api.classify(&headers)),
        }
    }

    fn check_content_type(&self, response: &Response) -> Result<(), Stop> {
        let content_type = header(response, CONTENT_TYPE.as_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let essence = content_type.split(';').next().unwrap_or("").trim();
        let refused = match self.request.expected {
            ExpectedContent::Media => matches!(essence, "text/html" | "application/json" | "text/plain"),
            ExpectedContent::Text => matches!(essence, "text/html" | "application/json"),
            ExpectedContent::Json | ExpectedContent::Any => essence == "text/html",
        };
        if refused {
            return Err(Stop::Fatal(download_error(DownloadError::UnexpectedContent {
                content_type,
                excerpt: String::new(),
            })));
        }
        Ok(())
    }

    async fn stream(
        &self,
        mut response: Response,
        sink: &mut Sink<'_>,
        mut skip: u64,
        total: Option<u64>,
    ) -> Result<(), Stop> {
        let mut first = sink.written() == 0 && skip == 0;
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => return Ok(()),
                Err(e) => return Err(transient(Error::from(e))),
            };
            if first {
                first = false;
                if looks_like_a_page(self.request.expected, &chunk) {
                    return Err(Stop::Fatal(download_error(DownloadError::UnexpectedContent {
                        content_type: header(&response, CONTENT_TYPE.as_str()).unwrap_or_default(),
                        excerpt: excerpt(&chunk, EXCERPT_CHARS),
                    })));
                }
            }
            let mut data: &[u8] = &chunk;
            if skip > 0 {
                let dropped = skip.min(data.len() as u64);
                data = &data[dropped as usize..];
                skip -= dropped;
            }
            if !data.is_empty() {
                sink.write(data)
                    .await
                    .map_err(|e| Stop::Fatal(download_error(DownloadError::Io(e))))?;
                if let Some(progress) = self.progress {
                    progress(Progress {
                        downloaded: sink.written(),
                        total,
                    });
                }
            }
        }
    }

    /// Complete when the sink has exactly the expected bytes; short is resumable.
    fn verify(&self, sink: &Sink<'_>, announced: Option<u64>) -> Result<(), Stop> {
        let received = sink.written();
        let expected = self.request.expected_size.or(announced);
        match expected {
            Some(expected) if received < expected => {
                Err(transient(download_error(DownloadError::SizeMismatch {
                    expected,
                    received,
                })))
            }
            Some(expected) if received > expected => {
                Err(Stop::Fatal(download_error(DownloadError::SizeMismatch {
                    expected,
                    received,
                })))
            }
            _ => Ok(()),
        }
    }
}

/// An HTML page (never a recording file of any kind), or a JSON error object
/// where media or text was expected, judged by the first bytes.
fn looks_like_a_page(expected: ExpectedContent, first: &[u8]) -> bool {
    let start: Vec<u8> = first
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .take(15)
        .collect();
    let lower = start.to_ascii_lowercase();
    let html = lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html");
    let zoom_error = lower.starts_with(b"{\"code\"");
    html || (zoom_error && matches!(expected, ExpectedContent::Media | ExpectedContent::Text))
}

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `Content-Range: bytes START-END/TOTAL` → (START, TOTAL if known).
fn parse_content_range(response: &Response) -> Option<(u64, Option<u64>)> {
    content_range(&header(response, CONTENT_RANGE.as_str())?)
}

/// `Content-Range: bytes */TOTAL` on a 416.
fn parse_unsatisfied_total(response: &Response) -> Option<u64> {
    unsatisfied_total(&header(response, CONTENT_RANGE.as_str())?)
}

/// A `Content-Range` value `bytes START-END/TOTAL` → (START, TOTAL if known).
pub(crate) fn content_range(value: &str) -> Option<(u64, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, _end) = range.split_once('-')?;
    Some((start.trim().parse().ok()?, total.trim().parse().ok()))
}

/// A `Content-Range` value `bytes */TOTAL` → TOTAL.
pub(crate) fn unsatisfied_total(value: &str) -> Option<u64> {
    value.trim().strip_prefix("bytes */")?.trim().parse().ok()
}
