//! What happens to every request of every generated operation between
//! `send()` and the answer: an access token, per-attempt and per-operation
//! time limits, retries that follow Zoom's rate-limit rules, one token renewal
//! when Zoom rejects the token, and tracing.
//!
//! `hooks.rs` calls [`execute`] from progenitor's `ClientHooks::exec`, so no
//! operation can bypass it.

pub(crate) mod auth;
mod judge;
pub(crate) mod policy;
pub(crate) mod rate_limit;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{Method, Request, Response};
use tokio::time::Instant;
use tracing::Instrument;

use crate::clock::Clock;
use crate::error::{carry, AuthError, Error, TimeoutError, TimeoutScope};
use crate::secret::Secret;
use auth::TokenCache;
use policy::{RetryPolicy, Timeouts};

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
