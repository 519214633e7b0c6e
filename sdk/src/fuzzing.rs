//! Entry points for the fuzz targets in the repository's `fuzz/` folder: the
//! header parsers the client uses internally, reachable without an HTTP
//! exchange. Not part of the API: hidden from the docs, and free to change.

use std::time::Duration;

use chrono::{DateTime, Utc};
use http::HeaderMap;

use crate::runtime::policy::RetryPolicy;
use crate::runtime::rate_limit::RetryAfter;
use crate::RateLimited;

/// How long a `Retry-After` value asks to wait from `now`; `None` when it is
/// none of the three forms (seconds, an HTTP date, an ISO-8601 time).
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    RetryAfter::parse(value).map(|after| after.delay_from(now))
}

/// The wait before retry number `retry` under a policy that honours
/// `Retry-After` up to `max_retry_after` (jitter on): `None` when Zoom asks
/// for longer.
pub fn retry_wait(
    value: Option<&str>,
    now: DateTime<Utc>,
    max_retry_after: Duration,
    retry: u32,
) -> Option<Duration> {
    let policy = RetryPolicy::default().max_retry_after(max_retry_after);
    policy.wait(value.and_then(RetryAfter::parse), now, retry)
}

/// What a 429 with `headers` becomes (`X-RateLimit-*` and `Retry-After` read
/// as the client reads them), seen at `now`.
pub fn rate_limited(headers: &HeaderMap, now: DateTime<Utc>) -> RateLimited {
    let api = crate::ApiError::from_parts(429, headers, crate::error::empty_error_body());
    RateLimited::new(api, headers, now)
}

/// A 206's `Content-Range` value (`bytes START-END/TOTAL`) as the downloader
/// reads it: the start, and the total when known.
pub fn content_range(value: &str) -> Option<(u64, Option<u64>)> {
    crate::download::content_range(value)
}

/// A 416's `Content-Range` value (`bytes */TOTAL`) as the downloader reads it.
pub fn unsatisfied_total(value: &str) -> Option<u64> {
    crate::download::unsatisfied_total(value)
}
