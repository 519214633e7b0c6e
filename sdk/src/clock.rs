//! Time as the client sees it: the wall clock (token expiry, rate-limit reset
//! times, `Retry-After` dates) and waiting (backoff between attempts).
//!
//! Both go through one injectable [`Clock`] so tests can run retries and token
//! expiry without sleeping and without depending on timing luck.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// A future returned by [`Clock::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The wall clock and the timer the client uses.
///
/// The default, [`SystemClock`], reads the system time and sleeps with tokio.
/// Tests supply their own to observe and skip waits.
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current time in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Waits for `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The system clock and tokio's timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}
