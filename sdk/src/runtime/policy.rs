//! How hard the client tries: [`RetryPolicy`] and [`Timeouts`].

use std::time::Duration;

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

    /// The wait for a `Retry-After` of `delay`, with a little jitter so
    /// clients told the same instant do not all come back at once.
    pub(crate) fn after_retry_after(&self, delay: Duration) -> Duration {
        if self.jitter {
            delay + Duration::from_millis(250).mul_f64(fastrand::f64())
        } else {
            delay
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
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
        assert_eq!(RetryPolicy::never().max_attempts, 1);
    }
}
