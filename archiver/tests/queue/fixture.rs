//! A queue under test and how to get at it again: a SQLite file in a temporary directory, or a
//! fresh database on the shared PostgreSQL test server.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;
use zoom_archiver::serve::queue::{NewJob, PostgresQueue, Queue, SqliteQueue};
use zoom_cloud_recording::Secret;

use crate::support::postgres::Postgres;

/// Where the queue lives.
enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(String),
}

/// One queue for one test.
pub struct Fixture {
    place: Place,
    queue: Option<Arc<dyn Queue>>,
}

impl Fixture {
    /// A new SQLite queue in a temporary directory.
    pub fn sqlite() -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let queue = SqliteQueue::open(dir.path()).expect("the SQLite queue opens");
        Fixture {
            place: Place::Sqlite(dir),
            queue: Some(Arc::new(queue)),
        }
    }

    /// A new PostgreSQL queue in a database of its own on the shared test server.
    pub async fn postgres() -> Fixture {
        let url = tokio::task::spawn_blocking(|| Postgres::shared().fresh_database())
            .await
            .expect("the test database is created");
        let queue = PostgresQueue::connect(&url)
            .await
            .expect("the PostgreSQL queue connects");
        Fixture {
            place: Place::Postgres(url),
            queue: Some(Arc::new(queue)),
        }
    }

    /// Which queue this is, for messages.
    pub fn name(&self) -> &'static str {
        match self.place {
            Place::Sqlite(_) => "sqlite",
            Place::Postgres(_) => "postgres",
        }
    }

    /// The queue.
    pub fn queue(&self) -> &dyn Queue {
        self.queue.as_deref().expect("the queue is open")
    }

    /// `n` handles on the same queue, as `n` workers (SQLite: one process, so one queue shared)
    /// or `n` replicas (PostgreSQL: a connection pool each) would hold them.
    pub async fn handles(&self, n: usize) -> Vec<Arc<dyn Queue>> {
        let first = Arc::clone(self.queue.as_ref().expect("the queue is open"));
        let mut handles = vec![first];
        for _ in 1..n {
            match &self.place {
                Place::Sqlite(_) => handles.push(Arc::clone(&handles[0])),
                Place::Postgres(url) => handles.push(Arc::new(
                    PostgresQueue::connect(url).await.expect("a replica connects"),
                )),
            }
        }
        handles
    }

    /// Drops the queue (closing the file, or the pool) and opens it again, as a restarted
    /// process would.
    pub async fn reopen(&mut self) {
        let queue = self.queue.take().expect("the queue is open");
        assert_eq!(Arc::strong_count(&queue), 1, "nothing else holds the queue");
        drop(queue);
        let reopened: Arc<dyn Queue> = match &self.place {
            Place::Sqlite(dir) => Arc::new(SqliteQueue::open(dir.path()).expect("the SQLite queue reopens")),
            Place::Postgres(url) => Arc::new(
                PostgresQueue::connect(url)
                    .await
                    .expect("the PostgreSQL queue reconnects"),
            ),
        };
        self.queue = Some(reopened);
    }
}

/// The tests' clock: `seconds` after a fixed instant.
pub fn at(seconds: i64) -> DateTime<Utc> {
    start() + chrono::Duration::seconds(seconds)
}

/// `micros` microseconds after the fixed instant.
pub fn at_micros(micros: i64) -> DateTime<Utc> {
    start() + chrono::Duration::microseconds(micros)
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A lease of `seconds`.
pub fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// A job whose payload names its key, without a token.
pub fn job(key: &str) -> NewJob {
    NewJob {
        key: key.to_owned(),
        payload: json!({ "file": key }),
        download_token: None,
    }
}

/// A job with a download token.
pub fn job_with_token(key: &str, token: &str) -> NewJob {
    NewJob {
        download_token: Some(Secret::new(token)),
        ..job(key)
    }
}

/// The keys of claimed jobs, in order.
pub fn keys(claimed: &[zoom_archiver::serve::queue::Claimed]) -> Vec<&str> {
    claimed.iter().map(|c| c.key.as_str()).collect()
}
