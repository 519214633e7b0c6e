//! A clock that never sleeps: `sleep` records the wait and moves time forward.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use zoom_cloud_recording::{Clock, Sleep};

/// Shared by the test and the client it is given to.
#[derive(Clone, Debug)]
pub struct TestClock {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    now: DateTime<Utc>,
    sleeps: Vec<Duration>,
}

impl TestClock {
    /// Starts at 2026-03-10 12:00:00 UTC.
    pub fn new() -> Self {
        Self::at(Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap())
    }

    pub fn at(now: DateTime<Utc>) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                now,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves time forward without a recorded sleep.
    pub fn advance(&self, by: Duration) {
        let mut state = self.state.lock().unwrap();
        state.now += chrono::Duration::from_std(by).unwrap();
    }

    /// Every wait the client asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().unwrap().sleeps.clone()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        self.state.lock().unwrap().now
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let mut state = self.state.lock().unwrap();
        state.sleeps.push(duration);
        state.now += chrono::Duration::from_std(duration).unwrap();
        Box::pin(std::future::ready(()))
    }
}
