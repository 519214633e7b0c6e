//! Backing off together: when one window of a concurrent listing is told to
//! slow down (a per-second 429), the other windows of that listing wait too,
//! instead of spending their own requests on answers that will be 429s.
//!
//! Each listing has one [`Gate`]; each of its windows walks with a [`Walker`]
//! of that gate. Before every page request a walker waits until the gate is
//! open ([`paced`]). The request itself runs *inside* its walker's scope, so
//! when the client's retry loop (the runtime) decides to wait after a QPS 429,
//! [`note_rate_limit_wait`] closes the gate for the wait the client's
//! [`RetryPolicy`](crate::RetryPolicy) chose, measured on the client's
//! [`Clock`]. Nothing here picks a wait of its own.
//!
//! The scope is a thread-local set only while the scoped future is being
//! polled (the runtime runs inside that poll), so no task-local runtime
//! support is needed and nothing leaks into unrelated requests.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;

use crate::clock::Clock;

/// Closed until an instant after a per-second 429; shared by a listing's windows.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    closed_until: Mutex<Option<DateTime<Utc>>>,
}

impl Gate {
    fn closed_until(&self) -> Option<DateTime<Utc>> {
        *lock(&self.closed_until)
    }

    /// Keeps the gate closed until at least `until` (never shortens a closure).
    fn close_until(&self, until: DateTime<Utc>) {
        let mut closed = lock(&self.closed_until);
        if closed.is_none_or(|current| current < until) {
            *closed = Some(until);
        }
    }
}

/// One window's view of its listing's [`Gate`].
#[derive(Debug)]
pub(crate) struct Walker {
    gate: Arc<Gate>,
    /// The latest closure this walker has already waited out (itself, or in
    /// the client's retry loop); with a clock that does not move on its own,
    /// this keeps a walker from waiting for the same closure twice.
    waited_until: Mutex<Option<DateTime<Utc>>>,
}

impl Walker {
    pub(crate) fn new(gate: &Arc<Gate>) -> Arc<Self> {
        Arc::new(Self {
            gate: Arc::clone(gate),
            waited_until: Mutex::new(None),
        })
    }

    /// Waits until the gate is open, on `clock`; returns at once when it is.
    pub(crate) async fn wait_open(&self, clock: &dyn Clock) {
        loop {
            let Some(until) = self.gate.closed_until() else {
                return;
            };
            let waited = *lock(&self.waited_until);
            let from = waited.map_or(clock.now(), |waited| waited.max(clock.now()));
            let Some(wait) = (until - from).to_std().ok().filter(|w| !w.is_zero()) else {
                return;
            };
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                "another window of this listing was rate limited; waiting with it"
            );
            clock.sleep(wait).await;
            // Waited out `until`; a later closure (another 429 meanwhile) loops.
            self.waited(until);
        }
    }

    /// The gate closes until `until`; this walker waits that long itself.
    fn close_and_wait(&self, until: DateTime<Utc>) {
        self.gate.close_until(until);
        self.waited(until);
    }

    fn waited(&self, until: DateTime<Utc>) {
        let mut waited = lock(&self.waited_until);
        if waited.is_none_or(|current| current < until) {
            *waited = Some(until);
        }
    }
}

/// Hook for the client's retry loop: a request is about to be retried after
/// `wait` because of a per-second 429, decided at `now` (the client's clock).
/// Inside a listing's window this closes the listing's gate until `now + wait`;
/// elsewhere it does nothing.
pub(crate) fn note_rate_limit_wait(now: DateTime<Utc>, wait: Duration) {
    let Ok(wait) = chrono::Duration::from_std(wait) else {
        return;
    };
    let Some(until) = now.checked_add_signed(wait) else {
        return;
    };
    CURRENT.with(|current| {
        if let Some(walker) = current.borrow().as_ref() {
            walker.close_and_wait(until);
        }
    });
}

/// `request`, sent once the gate is open, and run in `walker`'s scope.
pub(crate) fn paced<'a, T: Send + 'a>(
    walker: Arc<Walker>,
    clock: Arc<dyn Clock>,
    request: BoxFuture<'a, T>,
) -> BoxFuture<'a, T> {
    Box::pin(async move {
        walker.wait_open(&*clock).await;
        Scoped {
            walker,
            inner: request,
        }
        .await
    })
}

thread_local! {
    /// The walker whose request is being polled on this thread, if any.
    static CURRENT: RefCell<Option<Arc<Walker>>> = const { RefCell::new(None) };
}

/// A future polled with its walker as [`CURRENT`].
struct Scoped<'a, T> {
    walker: Arc<Walker>,
    inner: BoxFuture<'a, T>,
}

impl<T> Future for Scoped<'_, T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        let previous = CURRENT.with(|current| current.replace(Some(Arc::clone(&this.walker))));
        let _restore = Restore(previous);
        this.inner.as_mut().poll(cx)
    }
}

/// Puts the previous walker back, also when the inner poll panics.
struct Restore(Option<Arc<Walker>>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        // `try_with`: the thread-local may already be gone at thread exit.
        let _ = CURRENT.try_with(|current| *current.borrow_mut() = previous);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use chrono::{DateTime, TimeZone, Utc};

    use super::{note_rate_limit_wait, paced, Gate, Walker};
    use crate::clock::{Clock, Sleep};

    /// Time stands still; sleeps are recorded and end at once.
    #[derive(Debug, Default)]
    struct Frozen {
        sleeps: Mutex<Vec<Duration>>,
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
    }

    impl Clock for Frozen {
        fn now(&self) -> DateTime<Utc> {
            t0()
        }

        fn sleep(&self, duration: Duration) -> Sleep {
            self.sleeps.lock().unwrap().push(duration);
            Box::pin(std::future::ready(()))
        }
    }

    fn sleeps(clock: &Frozen) -> Vec<u64> {
        clock
            .sleeps
            .lock()
            .unwrap()
            .iter()
            .map(|d| d.as_millis() as u64)
            .collect()
    }

    #[tokio::test]
    async fn a_rate_limit_in_one_walker_closes_the_gate_for_the_others_only() {
        let clock = Arc::new(Frozen::default());
        let gate = Arc::new(Gate::default());
        let (limited, other) = (Walker::new(&gate), Walker::new(&gate));
        // What the runtime does inside `limited`'s request: note the wait it chose.
        let request = Box::pin(async { note_rate_limit_wait(t0(), Duration::from_millis(1500)) });
        paced(Arc::clone(&limited), clock.clone(), request).await;
        assert!(sleeps(&clock).is_empty(), "the gate was open before the 429");

        other.wait_open(&*clock).await;
        assert_eq!(sleeps(&clock), [1500], "the other window waits the chosen wait");
        other.wait_open(&*clock).await;
        limited.wait_open(&*clock).await;
        assert_eq!(
            sleeps(&clock),
            [1500],
            "nobody waits for the same closure twice (the limited one waited in its retry)"
        );

        // A later, longer closure: only the difference is waited.
        gate.close_until(t0() + chrono::Duration::seconds(3));
        other.wait_open(&*clock).await;
        assert_eq!(sleeps(&clock), [1500, 1500]);
    }

    #[tokio::test]
    async fn outside_a_listing_the_hook_does_nothing_and_the_scope_ends_with_the_poll() {
        let clock = Frozen::default();
        let gate = Arc::new(Gate::default());
        note_rate_limit_wait(t0(), Duration::from_secs(5));
        let walker = Walker::new(&gate);
        let request = Box::pin(async {});
        paced(Arc::clone(&walker), Arc::new(Frozen::default()), request).await;
        // After the scoped request, the hook is outside any walker again.
        note_rate_limit_wait(t0(), Duration::from_secs(5));
        walker.wait_open(&clock).await;
        assert!(sleeps(&clock).is_empty(), "{:?}", sleeps(&clock));
        assert_eq!(gate.closed_until(), None);
    }

    #[test]
    fn a_closure_is_never_shortened() {
        let gate = Gate::default();
        gate.close_until(t0() + chrono::Duration::seconds(4));
        gate.close_until(t0() + chrono::Duration::seconds(1));
        assert_eq!(gate.closed_until(), Some(t0() + chrono::Duration::seconds(4)));
    }
}
