//! A small fake Zoom and an SDK client for it whose retry waits take no time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use fake_zoom::{Config, FakeZoom};
use zoom_archiver::{Scope, Users};
use zoom_cloud_recording::{Client, Clock, RetryPolicy, Sleep};

/// Days of history the small fakes spread their meetings over.
pub const HISTORY_DAYS: u32 = 300;

/// A clock that never waits: a retry's sleep moves its time forward and
/// returns at once, so backoffs cost nothing and depend on no timing.
#[derive(Clone, Debug, Default)]
pub struct SkipClock {
    skipped: Arc<Mutex<Duration>>,
}

impl SkipClock {
    /// Every wait asked for so far, added up.
    pub fn skipped(&self) -> Duration {
        *self.skipped.lock().unwrap()
    }
}

impl Clock for SkipClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::from_std(self.skipped()).unwrap()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        *self.skipped.lock().unwrap() += duration;
        Box::pin(std::future::ready(()))
    }
}

/// A small account: 3 users (the last deactivated, plus a pending one), `meetings`
/// meetings over [`HISTORY_DAYS`] days, media files of 1–16 KiB. With 8 or more
/// meetings the seed includes a meeting in the trash and a meeting with one
/// file in the trash.
pub fn small(seed: u64, meetings: usize) -> Config {
    Config::default()
        .seed(seed)
        .meetings(meetings)
        .history_days(HISTORY_DAYS)
        .file_sizes(1024, 16 * 1024)
}

/// Starts `config`.
pub async fn start(config: Config) -> FakeZoom {
    FakeZoom::start(config).await.expect("the fake Zoom starts")
}

/// A client of `zoom` (Server-to-Server OAuth) that retries at once, a few times.
pub fn client(zoom: &FakeZoom) -> Client {
    Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .clock(SkipClock::default())
        .retry_policy(RetryPolicy::default().max_attempts(3).without_jitter())
        .build()
        .expect("the client builds")
}

/// The first and last day of every small fake's history.
pub fn days(zoom: &FakeZoom) -> (NaiveDate, NaiveDate) {
    let today = zoom.now().date_naive();
    let from = today - chrono::Days::new(u64::from(HISTORY_DAYS) + 2);
    (from, today)
}

/// `users` over the whole history of the fake, every file, every extra.
pub fn scope(zoom: &FakeZoom, users: Users) -> Scope {
    let (from, to) = days(zoom);
    Scope::new(users, from, to)
}

/// The folder at `root` as an archive destination.
pub fn folder(root: &std::path::Path) -> Arc<dyn zoom_archiver::Store> {
    Arc::new(zoom_archiver::store::FolderStore::new(root))
}

/// Archives `scope` of `zoom` into the folder `root`, 3 transfers at a time.
pub async fn archive(zoom: &FakeZoom, root: &std::path::Path, scope: Scope) -> zoom_archiver::Report {
    zoom_archiver::Archiver::new(client(zoom), folder(root), scope)
        .concurrency(3)
        .archive()
        .await
        .expect("the run can run")
}

/// Plans `scope` of `zoom` against the folder `root`.
pub async fn plan(zoom: &FakeZoom, root: &std::path::Path, scope: Scope) -> zoom_archiver::Report {
    zoom_archiver::Archiver::new(client(zoom), folder(root), scope)
        .concurrency(3)
        .plan()
        .await
        .expect("the plan can run")
}
