//! Zoom's rate-limit headers, all optional: Zoom sends some, all or none of them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// When to try again, as Zoom's `Retry-After` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryAfter {
    /// A number of seconds.
    Delay(Duration),
    /// An instant: an HTTP date (`Sun, 31 May 2020 00:00:00 GMT`) or an
    /// ISO-8601 time (`2020-05-31T00:00:00Z`), both seen from Zoom.
    At(DateTime<Utc>),
}

impl RetryAfter {
    /// Parses a `Retry-After` value; `None` when it is none of the three forms.
    pub(crate) fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Self::Delay(Duration::from_secs(seconds)));
        }
        if let Ok(seconds) = value.parse::<f64>() {
            if seconds.is_finite() && seconds >= 0.0 {
                return Some(Self::Delay(Duration::from_secs_f64(seconds.min(1e9))));
            }
        }
        DateTime::parse_from_rfc3339(value)
            .or_else(|_| DateTime::parse_from_rfc2822(value))
            .ok()
            .map(|at| Self::At(at.with_timezone(&Utc)))
    }

    /// How long to wait from `now` (zero for an instant already past).
    pub(crate) fn delay_from(self, now: DateTime<Utc>) -> Duration {
        match self {
            Self::Delay(delay) => delay,
            Self::At(at) => (at - now).to_std().unwrap_or(Duration::ZERO),
        }
    }
}

/// What a 429 (or any answer) says about the rate limits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RateLimitHeaders {
    /// `X-RateLimit-Type` names the daily limit.
    pub(crate) daily: bool,
    pub(crate) retry_after: Option<RetryAfter>,
    pub(crate) category: Option<String>,
    pub(crate) limit: Option<u64>,
    pub(crate) remaining: Option<u64>,
}

impl RateLimitHeaders {
    pub(crate) fn parse(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let number = |name: &str| text(name).and_then(|v| v.parse().ok());
        Self {
            // Zoom documents `QPS` and `Daily-limit`; anything naming "daily" counts.
            daily: text("x-ratelimit-type").is_some_and(|t| t.to_ascii_lowercase().contains("daily")),
            retry_after: headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(RetryAfter::parse),
            category: text("x-ratelimit-category").map(str::to_owned),
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{TimeZone, Utc};
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::{RateLimitHeaders, RetryAfter};

    #[test]
    fn retry_after_takes_seconds_http_dates_and_iso_times() {
        let now = Utc.with_ymd_and_hms(2020, 5, 30, 23, 59, 0).unwrap();
        let midnight = Utc.with_ymd_and_hms(2020, 5, 31, 0, 0, 0).unwrap();
        assert_eq!(
            RetryAfter::parse("3"),
            Some(RetryAfter::Delay(Duration::from_secs(3)))
        );
        assert_eq!(
            RetryAfter::parse("Sun, 31 May 2020 00:00:00 GMT"),
            Some(RetryAfter::At(midnight))
        );
        assert_eq!(
            RetryAfter::parse("2020-05-31T00:00:00Z"),
            Some(RetryAfter::At(midnight))
        );
        assert_eq!(
            RetryAfter::parse("2020-05-31T02:00:00+02:00"),
            Some(RetryAfter::At(midnight))
        );
        assert_eq!(RetryAfter::parse("soon"), None);
        assert_eq!(RetryAfter::parse("-1"), None);
        assert_eq!(RetryAfter::At(midnight).delay_from(now), Duration::from_secs(60));
        assert_eq!(RetryAfter::At(now).delay_from(midnight), Duration::ZERO);
    }

    #[test]
    fn headers_are_all_optional() {
        assert_eq!(
            RateLimitHeaders::parse(&HeaderMap::new()),
            RateLimitHeaders::default()
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-type", HeaderValue::from_static("Daily-limit"));
        headers.insert("x-ratelimit-category", HeaderValue::from_static("Medium"));
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("6000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        let parsed = RateLimitHeaders::parse(&headers);
        assert!(parsed.daily);
        assert_eq!(parsed.category.as_deref(), Some("Medium"));
        assert_eq!((parsed.limit, parsed.remaining), (Some(6000), Some(0)));
        headers.insert("x-ratelimit-type", HeaderValue::from_static("QPS"));
        assert!(!RateLimitHeaders::parse(&headers).daily);
    }
}
