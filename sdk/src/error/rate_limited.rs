//! [`RateLimited`]: a 429, per-second or daily, with when to come back.

use std::fmt;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use super::kinds::ApiError;
use crate::runtime::rate_limit::{RateLimitHeaders, RetryAfter};

/// Which of Zoom's rate limits was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitKind {
    /// The per-second limit (`X-RateLimit-Type: QPS`, or no type given).
    PerSecond,
    /// The daily limit (`X-RateLimit-Type: Daily-limit`); it resets at 00:00 UTC.
    Daily,
}

/// A rate-limit answer (HTTP 429).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RateLimited {
    /// Per-second or daily.
    pub kind: RateLimitKind,
    /// When Zoom will accept requests again: its `Retry-After`, or for a daily
    /// limit without one, the next 00:00 UTC.
    pub retry_at: Option<DateTime<Utc>>,
    /// `X-RateLimit-Category` (Light, Medium, Heavy, Resource-intensive).
    pub category: Option<String>,
    /// `X-RateLimit-Limit`.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// The answer itself.
    pub api: ApiError,
}

impl RateLimited {
    pub(crate) fn new(api: ApiError, headers: &HeaderMap, now: DateTime<Utc>) -> Self {
        let parsed = RateLimitHeaders::parse(headers);
        let kind = if parsed.daily {
            RateLimitKind::Daily
        } else {
            RateLimitKind::PerSecond
        };
        let retry_at = match parsed.retry_after {
            Some(RetryAfter::At(at)) => Some(at),
            // A delay past the calendar's end (a hostile or broken header) is no instant.
            Some(RetryAfter::Delay(delay)) => chrono::Duration::from_std(delay)
                .ok()
                .and_then(|d| now.checked_add_signed(d)),
            None if kind == RateLimitKind::Daily => Some(next_utc_midnight(now)),
            None => None,
        };
        Self {
            kind,
            retry_at,
            category: parsed.category,
            limit: parsed.limit,
            remaining: parsed.remaining,
            api,
        }
    }
}

/// The first 00:00 UTC strictly after `now`: when Zoom's daily limits reset.
fn next_utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    tomorrow.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc())
}

impl fmt::Display for RateLimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RateLimitKind::Daily => f.write_str("Zoom's daily rate limit for this API is used up")?,
            RateLimitKind::PerSecond => {
                f.write_str("Zoom's per-second rate limit kept refusing the request after the retries")?
            }
        }
        if let Some(category) = &self.category {
            write!(f, " (category {category})")?;
        }
        match self.retry_at {
            Some(at) => write!(f, "; retry after {}", at.to_rfc3339())?,
            None => f.write_str("; slow down and retry later")?,
        }
        f.write_str(", or spread the work over more time")?;
        if let Some(id) = &self.api.tracking_id {
            write!(f, " [tracking id {id}]")?;
        }
        Ok(())
    }
}
