//! How hard the client tries: [`RetryPolicy`] and [`Timeouts`].

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::rate_limit::RetryAfter;

/// When and how often a failed request is tried again.
///
/// Retried: 429 per-second limits (every method: Zoom did not process the
/// request), 5xx answers and transport failures for GET, PUT, PATCH and
/// DELETE, and connection failures for any method (nothing was sent). Never
/// retried: POST after it may have reached Zoom, daily limits, other 4xx.
///
/// The wait before retry *n* (1-based) is Zoom's `Retry-After` when it gives
/// one, otherwise `initial_backoff * 2^(n-1)` capped at `max_backoff`, with
/// jitter that keeps it within the upper half of that value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) jitter: bool,
}

impl Default for RetryPolicy {
    /// Five attempts, 500 ms doubling to at most 10 s, and a `Retry-After` of
    /// up to 60 s honoured.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry.
    #[must_use]
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest computed wait between attempts.
    #[must_use]
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the
    /// operation with [`Error::RateLimited`](crate::Error::RateLimited).
    #[must_use]
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Waits exactly the computed backoff (for tests that assert waits).
    #[must_use]
    pub fn without_jitter(mut self) -> Self {
        self.jitter = false;
        self
    }

    /// The wait before retry number `retry` (1-based) when Zoom gave no `Retry-After`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        if self.jitter {
            let half = full / 2;
            half + full.saturating_sub(half).mul_f64(fastrand::f64())
        } else {
            full
        }
    }

    /// The wait Zoom's `Retry-After` asks for (from `now`), with a little
    /// jitter so clients told the same instant do not all come back at once;
    /// `None` when it is longer than the policy waits.
    pub(crate) fn honour(&self, after: RetryAfter, now: DateTime<Utc>) -> Option<Duration> {
        let delay = after.delay_from(now);
        if delay > self.max_retry_after {
            return None;
        }
        Some(if self.jitter {
            delay.saturating_add(Duration::from_millis(250).mul_f64(fastrand::f64()))
        } else {
            delay
        })
    }

    /// The wait before retry number `retry`: Zoom's `Retry-After` when it
    /// gave one (`None` when too long to wait), else the backoff.
    pub(crate) fn wait(&self, after: Option<RetryAfter>, now: DateTime<Utc>, retry: u32) -> Option<Duration> {
        match after {
            Some(after) => self.honour(after, now),
            None => Some(self.backoff(retry)),
        }
    }
}

/// Time limits of API calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP + TLS connection setup (only for the HTTP client the builder makes).
    pub connect: Duration,
    /// One attempt: from sending the request to the last byte of the answer.
    pub attempt: Option<Duration>,
    /// The whole operation: every attempt, the token request and the waits
    /// between attempts.
    pub operation: Option<Duration>,
}

impl Default for Timeouts {
    /// Connect 10 s, attempt 60 s, operation 5 min.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Some(Duration::from_secs(60)),
            operation: Some(Duration::from_secs(300)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::RetryPolicy;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .without_jitter();
        let waits: Vec<_> = (1..=4).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
    }

    #[test]
    fn jitter_stays_in_the_upper_half() {
        let policy = RetryPolicy::default().initial_backoff(Duration::from_millis(400));
        for _ in 0..200 {
            let wait = policy.backoff(2);
            assert!(
                wait >= Duration::from_millis(400) && wait <= Duration::from_millis(800),
                "{wait:?}"
            );
        }
    }

    #[test]
    fn a_retry_after_is_honoured_up_to_the_policy_limit() {
        use super::RetryAfter;
        let now = chrono::Utc::now();
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        let wait = policy
            .honour(RetryAfter::Delay(Duration::from_secs(4)), now)
            .expect("within the limit");
        assert!(
            wait >= Duration::from_secs(4) && wait <= Duration::from_millis(4250),
            "{wait:?}"
        );
        assert_eq!(
            policy.honour(RetryAfter::Delay(Duration::from_secs(11)), now),
            None
        );
        let exact = policy.clone().without_jitter();
        assert_eq!(
            exact.wait(None, now, 2),
            Some(Duration::from_secs(1)),
            "no Retry-After: the backoff"
        );
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
        assert_eq!(RetryPolicy::never().max_attempts, 1);
    }
}
