//! Judging one attempt's outcome: answer it, retry it (and after how long),
//! or renew the token and replay it.

use std::time::Duration;

use bytes::Bytes;
use reqwest::{Response, StatusCode};

use super::rate_limit::RateLimitHeaders;
use super::{Attempt, Attempts, Next};
use crate::error::{carry, ApiError, Error, RateLimited, TimeoutError, TimeoutScope, ZoomCode};

impl Attempts<'_> {
    pub(super) async fn judge_answer(&self, response: Response, attempt: &Attempt) -> Next {
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
            let wait = policy.wait(limits.retry_after, now, attempt.number);
            if let Some(wait) = wait.filter(|wait| self.may_retry(attempt, *wait)) {
                crate::paginate::note_rate_limit_wait(now, wait);
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
        let after = RateLimitHeaders::parse(response.headers()).retry_after;
        self.runtime.retry.wait(after, self.runtime.clock.now(), number)
    }

    pub(super) fn judge_failure(&self, e: reqwest::Error, attempt: &Attempt) -> Next {
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
        crate::error::error_body_of(&self.body)
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
