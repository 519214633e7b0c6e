//! The queue in an embedded SQLite database: `queue.sqlite3` under the state
//! directory (`--state DIR`), for one `zoom-archive serve` process.
//!
//! - **Durable.** The database runs in WAL mode with `synchronous=FULL`, so a
//!   transaction that returned has reached the disk (a SIGKILL or a power cut
//!   after [`Queue::enqueue`] returned loses nothing). Every change is one
//!   transaction; writes start `IMMEDIATE`, so they never fail half-way on a
//!   lock upgrade.
//! - **One process.** [`SqliteQueue::open`] takes an exclusive OS lock on
//!   `queue.lock` beside the database and holds it until the queue is
//!   dropped; a second open of the same directory, from another process or
//!   this one, fails at once with a [`QueueError`] saying the queue is in use
//!   (the lock goes with its holder, so a crashed process never leaves the
//!   directory locked). Replicas that share work use the PostgreSQL queue.
//! - **Private.** The database file is created readable by its owner only
//!   (SQLite gives its `-wal` and `-shm` files the same mode): download tokens
//!   are stored in it until their job is done or has failed, and then cleared.
//! - **Async.** The connection is synchronous; every call runs it on tokio's
//!   blocking pool behind a mutex, so calls are serialized and never block the
//!   async workers.
//!
//! Jobs are claimed in the order they became claimable (`not_before` of a
//! queued job, the end of an expired lease), ties by the order they were
//! first enqueued. Times are stored as microseconds since the Unix epoch.

use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use zoom_cloud_recording::Secret;

use super::common::{self, Flattened, Invalid, SCHEMA_VERSION, State};
use super::{Claimed, Enqueued, JobRow, NewJob, Outcome, Queue, QueueError, QueueStats};

/// The database's file name inside the state directory.
pub const DATABASE_FILE: &str = "queue.sqlite3";

/// The file whose exclusive lock marks the state directory as in use.
pub const LOCK_FILE: &str = "queue.lock";

/// How long a statement waits for SQLite's own file lock before failing
/// (only a process that ignored [`LOCK_FILE`] could hold it).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The tables, created when missing (`user_version` records the version).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    download_token TEXT,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL,
    lease INTEGER,
    worker TEXT,
    claimable_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_claimable ON jobs (claimable_at, id)
    WHERE state IN ('queued', 'running');
CREATE TABLE IF NOT EXISTS leases (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT OR IGNORE INTO leases (id, last) VALUES (1, 0);
";

/// The durable queue in `DIR/queue.sqlite3` (see the module docs).
pub struct SqliteQueue {
    path: PathBuf,
    inner: Arc<Inner>,
}

/// What the blocking calls share. Fields drop in order: the connection
/// closes before the directory's lock is released.
struct Inner {
    conn: Mutex<Connection>,
    _lock: File,
}

impl fmt::Debug for SqliteQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteQueue").field("path", &self.path).finish()
    }
}

impl SqliteQueue {
    /// Opens (creating when missing) the queue in `dir/queue.sqlite3`,
    /// creating `dir` too. Fails if another [`SqliteQueue`] has the directory
    /// open, if the file is not a queue database, or if a newer version of
    /// this program wrote it.
    pub fn open(dir: &Path) -> Result<Self, QueueError> {
        let fail = |error: Flattened| QueueError::new("open", error);
        fs::create_dir_all(dir).map_err(|e| {
            fail(Flattened::at(
                format_args!("cannot create the state directory {}", dir.display()),
                &e,
            ))
        })?;
        let lock = lock_directory(dir)?;
        let path = dir.join(DATABASE_FILE);
        create_private(&path).map_err(|e| {
            fail(Flattened::at(
                format_args!("cannot create {}", path.display()),
                &e,
            ))
        })?;
        let conn = connect(&path).map_err(|e| fail(Flattened::at(path.display(), &*e)))?;
        Ok(Self {
            path,
            inner: Arc::new(Inner {
                conn: Mutex::new(conn),
                _lock: lock,
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the connection on tokio's blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&mut Connection) -> Result<T, Failure> + Send + 'static,
    ) -> Result<T, QueueError> {
        let inner = Arc::clone(&self.inner);
        let result = tokio::task::spawn_blocking(move || {
            let mut conn = inner.conn.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut conn)
        })
        .await;
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(Failure::Sql(e))) => Err(QueueError::new(operation, Flattened::new(&e))),
            Ok(Err(Failure::Invalid(e))) => Err(e.during(operation)),
            Err(e) => Err(QueueError::new(operation, Flattened::new(&e))),
        }
    }
}

/// Why a blocking call failed.
enum Failure {
    /// SQLite said no.
    Sql(rusqlite::Error),
    /// Something stored or passed in made no sense.
    Invalid(Invalid),
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        Failure::Sql(error)
    }
}

impl From<Invalid> for Failure {
    fn from(error: Invalid) -> Self {
        Failure::Invalid(error)
    }
}

/// Takes the directory's exclusive lock, or says who has it.
fn lock_directory(dir: &Path) -> Result<File, QueueError> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            QueueError::new(
                "open",
                Flattened::at(format_args!("cannot open {}", path.display()), &e),
            )
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(Invalid(format!(
            "the queue in {} is in use by another zoom-archive process (it holds {}); \
             one process per state directory: several replicas share a PostgreSQL queue instead",
            dir.display(),
            path.display()
        ))
        .during("open")),
        Err(TryLockError::Error(e)) => Err(QueueError::new(
            "open",
            Flattened::at(format_args!("cannot lock {}", path.display()), &e),
        )),
    }
}

/// Creates `path` empty and readable by its owner only, unless it exists.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Opens the database, sets it up for durability and creates the tables.
fn connect(path: &Path) -> Result<Connection, Box<dyn std::error::Error + Send + Sync>> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Invalid(format!(
            "SQLite would not use WAL mode here (journal_mode is {mode:?})"
        ))
        .into());
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Invalid(format!(
            "the queue was written by a newer zoom-archive (schema version {version}; this one knows {SCHEMA_VERSION})"
        ))
        .into());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(conn)
}

/// One claimable row, as read before it is taken.
struct Candidate {
    id: i64,
    key: String,
    payload: String,
    download_token: Option<String>,
    attempts: i64,
}

fn enqueue_in(conn: &mut Connection, jobs: &[NewJob], now: i64) -> Result<Enqueued, Failure> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done = Enqueued::default();
    {
        let mut find = tx.prepare_cached("SELECT state FROM jobs WHERE key = ?1")?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO jobs (key, payload, download_token, state, attempts, claimable_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'queued', 0, ?4, ?4, ?4)",
        )?;
        let mut requeue = tx.prepare_cached(
            "UPDATE jobs SET state = 'queued', payload = ?2, download_token = ?3, claimable_at = ?4, updated_at = ?4
             WHERE key = ?1",
        )?;
        for job in jobs {
            let token = job.download_token.as_ref().map(Secret::expose);
            let payload = common::payload_text(job);
            let state: Option<String> = find.query_row([&job.key], |row| row.get(0)).optional()?;
            match state.as_deref().map(State::parse).transpose()? {
                None => {
                    insert.execute(params![job.key, payload, token, now])?;
                    done.added += 1;
                }
                Some(State::Failed) => {
                    requeue.execute(params![job.key, payload, token, now])?;
                    done.requeued += 1;
                }
                Some(State::Queued | State::Running | State::Done) => done.duplicates += 1,
            }
        }
    }
    tx.commit()?;
    Ok(done)
}

fn claim_in(
    conn: &mut Connection,
    worker: &str,
    max: i64,
    now: i64,
    until: i64,
) -> Result<Vec<Claimed>, Failure> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let candidates = {
        let mut select = tx.prepare_cached(
            "SELECT id, key, payload, download_token, attempts FROM jobs
             WHERE state IN ('queued', 'running') AND claimable_at <= ?1
             ORDER BY claimable_at, id LIMIT ?2",
        )?;
        select
            .query_map(params![now, max], |row| {
                Ok(Candidate {
                    id: row.get(0)?,
                    key: row.get(1)?,
                    payload: row.get(2)?,
                    download_token: row.get(3)?,
                    attempts: row.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?
    };
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let taken = i64::try_from(candidates.len()).unwrap_or(i64::MAX);
    let last: i64 = tx.query_row(
        "UPDATE leases SET last = last + ?1 WHERE id = 1 RETURNING last",
        [taken],
        |row| row.get(0),
    )?;
    let mut claimed = Vec::with_capacity(candidates.len());
    {
        let mut take = tx.prepare_cached(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease = ?2, worker = ?3,
                 claimable_at = ?4, updated_at = ?5
             WHERE id = ?1",
        )?;
        for (lease, row) in (last - taken + 1..).zip(candidates) {
            take.execute(params![row.id, lease, worker, until, now])?;
            claimed.push(Claimed {
                id: row.id,
                payload: common::parse_payload(&row.key, &row.payload)?,
                key: row.key,
                download_token: row.download_token.map(Secret::new),
                attempts: common::attempts(row.attempts + 1)?,
                lease,
            });
        }
    }
    tx.commit()?;
    Ok(claimed)
}

fn finish_in(conn: &Connection, id: i64, lease: i64, outcome: &Outcome, now: i64) -> Result<bool, Failure> {
    let fence = "WHERE id = ?1 AND lease = ?2 AND state = 'running'";
    let changed = match outcome {
        Outcome::Done => conn.execute(
            &format!("UPDATE jobs SET state = 'done', download_token = NULL, updated_at = ?3 {fence}"),
            params![id, lease, now],
        )?,
        Outcome::Retry { not_before, reason } => conn.execute(
            &format!(
                "UPDATE jobs SET state = 'queued', claimable_at = ?4, last_error = ?5, updated_at = ?3 {fence}"
            ),
            params![id, lease, now, common::micros(*not_before), reason],
        )?,
        Outcome::Failed { reason } => conn.execute(
            &format!(
                "UPDATE jobs SET state = 'failed', download_token = NULL, last_error = ?4, updated_at = ?3 {fence}"
            ),
            params![id, lease, now, reason],
        )?,
    };
    Ok(changed == 1)
}

fn stats_in(conn: &Connection) -> Result<QueueStats, Failure> {
    let mut stats = QueueStats::default();
    let mut select = conn.prepare_cached("SELECT state, COUNT(*) FROM jobs GROUP BY state")?;
    let rows = select.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, count) = row?;
        let count = u64::try_from(count).unwrap_or(0);
        match State::parse(&state)? {
            State::Queued => stats.queued = count,
            State::Running => stats.running = count,
            State::Done => stats.done = count,
            State::Failed => stats.failed = count,
        }
    }
    Ok(stats)
}

fn jobs_in(conn: &Connection) -> Result<Vec<JobRow>, Failure> {
    let mut select = conn.prepare_cached("SELECT key, state, attempts, last_error FROM jobs ORDER BY key")?;
    let rows = select.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut jobs = Vec::new();
    for row in rows {
        let (key, state, attempts, last_error) = row?;
        jobs.push(JobRow {
            key,
            state: State::parse(&state)?.as_str().to_owned(),
            attempts: common::attempts(attempts)?,
            last_error,
        });
    }
    Ok(jobs)
}

#[async_trait]
impl Queue for SqliteQueue {
    async fn enqueue(&self, jobs: Vec<NewJob>, now: DateTime<Utc>) -> Result<Enqueued, QueueError> {
        common::check_jobs(&jobs).map_err(|e| e.during("enqueue"))?;
        let now = common::micros(now);
        self.run("enqueue", move |conn| enqueue_in(conn, &jobs, now))
            .await
    }

    async fn claim(
        &self,
        worker: &str,
        max: usize,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Vec<Claimed>, QueueError> {
        let until = common::lease_end(now, lease).map_err(|e| e.during("claim"))?;
        if max == 0 {
            return Ok(Vec::new());
        }
        let worker = worker.to_owned();
        let (max, now) = (common::limit(max), common::micros(now));
        self.run("claim", move |conn| claim_in(conn, &worker, max, now, until))
            .await
    }

    async fn renew(&self, job: &Claimed, now: DateTime<Utc>, lease: Duration) -> Result<bool, QueueError> {
        let until = common::lease_end(now, lease).map_err(|e| e.during("renew"))?;
        let (id, fence, now) = (job.id, job.lease, common::micros(now));
        self.run("renew", move |conn| {
            let changed = conn.execute(
                "UPDATE jobs SET claimable_at = ?3, updated_at = ?4
                 WHERE id = ?1 AND lease = ?2 AND state = 'running'",
                params![id, fence, until, now],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    async fn finish(&self, job: &Claimed, outcome: Outcome, now: DateTime<Utc>) -> Result<bool, QueueError> {
        let (id, lease, now) = (job.id, job.lease, common::micros(now));
        self.run("finish", move |conn| finish_in(conn, id, lease, &outcome, now))
            .await
    }

    async fn stats(&self) -> Result<QueueStats, QueueError> {
        self.run("stats", |conn| stats_in(conn)).await
    }

    async fn jobs(&self) -> Result<Vec<JobRow>, QueueError> {
        self.run("jobs", |conn| jobs_in(conn)).await
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }
}
