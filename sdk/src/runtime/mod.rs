//! What happens to every request of every generated operation between
//! `send()` and the answer: an access token, per-attempt and per-operation
//! time limits, retries that follow Zoom's rate-limit rules, one token renewal
//! when Zoom rejects the token, and tracing.
//!
//! `hooks.rs` calls [`execute`] from progenitor's `ClientHooks::exec`, so no
//! operation can bypass it.

pub(crate) mod auth;
pub(crate) mod policy;
pub(crate) mod rate_limit;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{Method, Request, Response, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::clock::Clock;
use crate::error::{carry, ApiError, AuthError, Error, RateLimited, TimeoutError, TimeoutScope, ZoomCode};
use crate::secret::Secret;
use auth::TokenCache;
use policy::{RetryPolicy, Timeouts};
use rate_limit::RateLimitHeaders;

/// The per-client machinery [`execute`] uses.
#[derive(Debug)]
pub(crate) struct Runtime {
    pub(crate) tokens: TokenCache,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeouts: Timeouts,
    pub(crate) clock: Arc<dyn Clock>,
}

/// What to do after one attempt.
enum Next {
    /// Hand this to the generated code.
    Done(reqwest::Result<Response>),
    /// Try again after `wait`.
    Retry(Duration),
    /// Zoom rejected the token: renew it and replay the request once.
    RenewToken,
}

/// Sends `request` until it succeeds or the policy says stop.
pub(crate) async fn execute(
    http: &reqwest::Client,
    runtime: &Runtime,
    request: Request,
    operation: &'static str,
) -> reqwest::Result<Response> {
    let span = tracing::debug_span!("zoom", operation, method = %request.method());
    let attempts = Attempts {
        http,
        runtime,
        deadline: runtime.timeouts.operation.map(|limit| Instant::now() + limit),
        idempotent: matches!(
            *request.method(),
            Method::GET | Method::PUT | Method::PATCH | Method::DELETE | Method::HEAD | Method::OPTIONS
        ),
    };
    attempts.run(request).instrument(span).await
}

/// One operation's attempts.
struct Attempts<'a> {
    http: &'a reqwest::Client,
    runtime: &'a Runtime,
    deadline: Option<Instant>,
    /// 5xx answers and failures after sending may be retried.
    idempotent: bool,
}

/// Where one attempt stands.
struct Attempt {
    number: u32,
    /// Another copy of the request can be sent.
    repeatable: bool,
    /// The token was already renewed once in this operation.
    renewed: bool,
    /// This attempt's time limit.
    limit: Option<Duration>,
    /// The limit is the operation's remaining budget, not the per-attempt limit.
    limited_by_deadline: bool,
}

impl Attempts<'_> {
    async fn run(&self, request: Request) -> reqwest::Result<Response> {
        let mut template = Some(request);
        let mut number = 0u32;
        let mut renewed = false;
        let mut rejected: Option<Secret> = None;
        loop {
            number += 1;
            // `rejected` is cleared only once a replacement is in hand: a renewal
            // that fails transiently must renew again, not resend the rejected token.
            let token = match self.token(rejected.as_ref(), number).await {
                Ok(token) => {
                    rejected = None;
                    token
                }
                Err(NoToken::Retry(wait)) => {
                    if !self.wait(wait).await {
                        return Ok(self.operation_timeout());
                    }
                    continue;
                }
                Err(NoToken::Fail(answer)) => return Ok(answer),
            };
            let Some(mut request) = next_copy(&mut template) else {
                return Ok(carry(Error::InvalidRequest(
                    "the request body is a stream and cannot be sent again".into(),
                )));
            };
            let mut bearer = match HeaderValue::try_from(format!("Bearer {}", token.expose())) {
                Ok(value) => value,
                Err(_) => {
                    return Ok(carry(Error::Auth(Box::new(AuthError::MalformedTokenResponse(
                        "the access token has characters not allowed in an HTTP header".into(),
                    )))))
                }
            };
            bearer.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, bearer);
            let remaining = self.remaining();
            if remaining == Some(Duration::ZERO) {
                return Ok(self.operation_timeout());
            }
            let per_attempt = self.runtime.timeouts.attempt;
            let limit = match (per_attempt, remaining) {
                (Some(a), Some(r)) => Some(a.min(r)),
                (a, r) => a.or(r),
            };
            *request.timeout_mut() = limit;
            let attempt = Attempt {
                number,
                repeatable: template.is_some(),
                renewed,
                limit,
                limited_by_deadline: remaining.is_some() && limit == remaining,
            };
            tracing::debug!(attempt = number, "sending");
            let next = match self.http.execute(request).await {
                Ok(response) => self.judge_answer(response, &attempt).await,
                Err(e) => self.judge_failure(e, &attempt),
            };
            match next {
                Next::Done(result) => return result,
                Next::RenewToken => {
                    tracing::info!("access token rejected (code 124); renewing it and replaying once");
                    renewed = true;
                    rejected = Some(token);
                    number -= 1;
                }
                Next::Retry(wait) => {
                    tracing::warn!(attempt = number, wait_ms = wait.as_millis() as u64, "retrying");
                    if !self.wait(wait).await {
                        return Ok(self.operation_timeout());
                    }
                }
            }
        }
    }
}

/// Why no token is at hand for an attempt.
enum NoToken {
    /// Ask again after this wait.
    Retry(Duration),
    /// Give up with this (carried) answer.
    Fail(Response),
}

impl Attempts<'_> {
    /// The token for this attempt: the cached one, or a replacement for the
    /// one Zoom just rejected.
    async fn token(&self, rejected: Option<&Secret>, number: u32) -> Result<Secret, NoToken> {
        let tokens = &self.runtime.tokens;
        let fetch = async {
            match rejected {
                Some(rejected) => tokens.renew(rejected).await,
                None => tokens.token().await,
            }
        };
        let result = match self.remaining() {
            Some(remaining) => match tokio::time::timeout(remaining, fetch).await {
                Ok(result) => result,
                Err(_) => return Err(NoToken::Fail(self.operation_timeout())),
            },
            None => fetch.await,
        };
        match result {
            Ok(token) => Ok(token),
            Err(e) => {
                let wait = self.runtime.retry.backoff(number);
                if e.is_transient() && number < self.runtime.retry.max_attempts && self.fits(wait) {
                    tracing::warn!(error = %e, "token request failed; retrying");
                    Err(NoToken::Retry(wait))
                } else {
                    Err(NoToken::Fail(carry(Error::Auth(Box::new(e)))))
                }
            }
        }
    }

    async fn judge_answer(&self, response: Response, attempt: &Attempt) -> Next {
        match response.status().as_u16() {
            401 => self.judge_unauthorized(response, attempt).await,
            429 => self.judge_rate_limited(response, attempt).await,
            500..=599 if self.idempotent => {
                let wait = self.server_wait(&response, attempt.number);
                match wait.filter(|wait| self.may_retry(attempt, *wait)) {
                    Some(wait) => Next::Retry(wait),
                    None => Next::Done(Ok(response)),
                }
            }
            _ => Next::Done(Ok(response)),
        }
    }

    /// 401 with code 124 is an expired or revoked token: renew it once.
    async fn judge_unauthorized(&self, response: Response, attempt: &Attempt) -> Next {
        if attempt.renewed || !attempt.repeatable || !self.runtime.tokens.renewable() {
            return Next::Done(Ok(response));
        }
        let answer = match Buffered::read(response).await {
            Ok(answer) => answer,
            Err(e) => return Next::Done(Err(e)),
        };
        if answer.code() == Some(ZoomCode::InvalidAccessToken) {
            Next::RenewToken
        } else {
            Next::Done(Ok(answer.into_response()))
        }
    }

    /// A per-second limit is waited out; a daily one, or one that outlasts
    /// the policy, becomes [`Error::RateLimited`] at once.
    async fn judge_rate_limited(&self, response: Response, attempt: &Attempt) -> Next {
        let policy = &self.runtime.retry;
        let limits = RateLimitHeaders::parse(response.headers());
        let now = self.runtime.clock.now();
        if !limits.daily {
            let wait = match limits.retry_after {
                Some(after) => Some(after.delay_from(now))
                    .filter(|delay| *delay <= policy.max_retry_after)
                    .map(|delay| policy.after_retry_after(delay)),
                None => Some(policy.backoff(attempt.number)),
            };
            if let Some(wait) = wait.filter(|wait| self.may_retry(attempt, *wait)) {
                return Next::Retry(wait);
            }
        }
        let answer = match Buffered::read(response).await {
            Ok(answer) => answer,
            Err(e) => return Next::Done(Err(e)),
        };
        let api = ApiError::from_parts(answer.status.as_u16(), &answer.headers, answer.error_body());
        let limited = RateLimited::new(api, &answer.headers, now);
        Next::Done(Ok(carry(Error::RateLimited(Box::new(limited)))))
    }

    /// The wait before retrying a 5xx: its `Retry-After` or the backoff.
    /// `None` when Zoom asks for a longer wait than the policy allows.
    fn server_wait(&self, response: &Response, number: u32) -> Option<Duration> {
        let policy = &self.runtime.retry;
        match RateLimitHeaders::parse(response.headers()).retry_after {
            Some(after) => Some(after.delay_from(self.runtime.clock.now()))
                .filter(|delay| *delay <= policy.max_retry_after)
                .map(|delay| policy.after_retry_after(delay)),
            None => Some(policy.backoff(number)),
        }
    }

    fn judge_failure(&self, e: reqwest::Error, attempt: &Attempt) -> Next {
        // A failed connection sent nothing, so even a POST may go again.
        let retryable = self.idempotent || e.is_connect();
        let out_of_time = e.is_timeout() && attempt.limited_by_deadline;
        let wait = self.runtime.retry.backoff(attempt.number);
        if retryable && !out_of_time && self.may_retry(attempt, wait) {
            return Next::Retry(wait);
        }
        if e.is_timeout() {
            let (scope, limit) = if attempt.limited_by_deadline {
                (TimeoutScope::Operation, self.runtime.timeouts.operation)
            } else {
                (TimeoutScope::Attempt, attempt.limit)
            };
            return Next::Done(Ok(carry(Error::Timeout(TimeoutError { scope, limit }))));
        }
        Next::Done(Err(e))
    }

    fn may_retry(&self, attempt: &Attempt, wait: Duration) -> bool {
        attempt.repeatable && attempt.number < self.runtime.retry.max_attempts && self.fits(wait)
    }

    /// What is left of the operation's time budget (`None`: no budget).
    fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|deadline| deadline.saturating_duration_since(Instant::now()))
    }

    /// Whether waiting `wait` leaves time for another attempt.
    fn fits(&self, wait: Duration) -> bool {
        self.remaining().is_none_or(|remaining| wait < remaining)
    }

    async fn wait(&self, wait: Duration) -> bool {
        if !self.fits(wait) {
            return false;
        }
        self.runtime.clock.sleep(wait).await;
        true
    }

    fn operation_timeout(&self) -> Response {
        carry(Error::Timeout(TimeoutError {
            scope: TimeoutScope::Operation,
            limit: self.runtime.timeouts.operation,
        }))
    }
}

/// The next copy of the request to send: a clone while one can be made (the
/// template stays for later attempts), else the template itself.
fn next_copy(template: &mut Option<Request>) -> Option<Request> {
    let copy = template.as_ref().and_then(Request::try_clone);
    match copy {
        Some(copy) => Some(copy),
        None => template.take(),
    }
}

/// An answer whose (small, error) body was read to decide what to do.
struct Buffered {
    status: StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
}

impl Buffered {
    async fn read(response: Response) -> reqwest::Result<Self> {
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(Self {
            status,
            version,
            headers,
            body,
        })
    }

    fn error_body(&self) -> crate::types::ErrorResponse {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| crate::error::empty_error_body())
    }

    fn code(&self) -> Option<ZoomCode> {
        self.error_body().code.map(|code| ZoomCode::from_number(*code))
    }

    /// The same answer, for the generated code to decode.
    fn into_response(self) -> Response {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.version_mut() = self.version;
        *response.headers_mut() = self.headers;
        Response::from(response)
    }
}
