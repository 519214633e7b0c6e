//! The queue in PostgreSQL (`--queue postgres://…`), shared by several
//! `zoom-archive serve` replicas.
//!
//! - **Tables.** `zoom_archive_jobs` (one row per key), the sequence
//!   `zoom_archive_leases` (fencing numbers) and `zoom_archive_schema` (the
//!   schema's version), in the connection's default schema. [`PostgresQueue::connect`]
//!   creates them when missing under a transaction-scoped advisory lock, so
//!   replicas starting at once neither race nor fail; a database written by a
//!   newer version of this program is refused.
//! - **Claims.** One statement picks the oldest claimable rows with
//!   `FOR UPDATE SKIP LOCKED` and turns them into `running` with a new lease
//!   number from the sequence each: replicas claiming at the same moment take
//!   different rows and never wait on one another.
//! - **Enqueue.** Each batch is one transaction. Batches are serialized by a
//!   second advisory lock (held only until the commit), so two replicas
//!   handed overlapping batches (a redelivery, or two events naming the same
//!   files) can neither deadlock nor both count a key as added.
//! - **Durable** as the server is configured: with PostgreSQL's default
//!   `synchronous_commit=on`, a call that returned has been flushed.
//! - **Connections.** A small pool ([`POOL_SIZE`]) over plain TCP (or a Unix
//!   socket). TLS is not supported yet: a URL asking for it
//!   (`sslmode=require`) is refused at connect rather than silently sent in
//!   the clear; run the database on the same host or a trusted network.
//! - **Secrets.** [`Queue::describe`] and every error leave the URL's
//!   password out. Download tokens are stored in the row until the job is
//!   done or has failed, and then cleared.
//!
//! Times are the callers' `now` (never the database's clock), stored as
//! microseconds since the Unix epoch; replicas should keep their clocks in
//! step (NTP), as the leases assume.

use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod, Runtime};
use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{Config, NoTls};
use zoom_cloud_recording::Secret;

use super::common::{self, Flattened, Invalid, SCHEMA_VERSION, State};
use super::{Claimed, Enqueued, JobRow, NewJob, Outcome, Queue, QueueError, QueueStats};

/// Connections each [`PostgresQueue`] keeps at most.
pub const POOL_SIZE: usize = 4;

/// How long a call waits for a free connection, or for a new one to open.
const POOL_TIMEOUT: Duration = Duration::from_secs(30);

/// How long opening a connection may take when the URL does not say.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Advisory lock keys (`pg_advisory_xact_lock`), per database.
const SCHEMA_LOCK: i64 = 0x7a6f_6f6d_0001;
const ENQUEUE_LOCK: i64 = 0x7a6f_6f6d_0002;

/// The tables, created when missing (under [`SCHEMA_LOCK`]).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS zoom_archive_schema (version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS zoom_archive_jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    download_token TEXT,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts BIGINT NOT NULL,
    lease BIGINT,
    worker TEXT,
    claimable_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS zoom_archive_jobs_claimable ON zoom_archive_jobs (claimable_at, id)
    WHERE state IN ('queued', 'running');
CREATE SEQUENCE IF NOT EXISTS zoom_archive_leases;
";

/// Takes the oldest claimable rows that no other transaction holds and
/// leases them. `$1` now, `$2` how many, `$3` the worker, `$4` the lease's end.
const CLAIM: &str = "
WITH picked AS (
    SELECT id, claimable_at FROM zoom_archive_jobs
    WHERE state IN ('queued', 'running') AND claimable_at <= $1
    ORDER BY claimable_at, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE zoom_archive_jobs AS j
SET state = 'running', attempts = j.attempts + 1, lease = nextval('zoom_archive_leases'),
    worker = $3, claimable_at = $4, updated_at = $1
FROM picked
WHERE j.id = picked.id
RETURNING j.id, j.key, j.payload, j.download_token, j.attempts, j.lease, picked.claimable_at
";

/// The durable queue in a PostgreSQL database (see the module docs).
pub struct PostgresQueue {
    pool: Pool,
    shown: String,
}

impl fmt::Debug for PostgresQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresQueue")
            .field("database", &self.shown)
            .finish()
    }
}

impl PostgresQueue {
    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/database`,
    /// or libpq's `key=value` form) and creates the queue's tables when
    /// missing. Fails if the URL is malformed or asks for TLS, if the server
    /// cannot be reached, or if a newer version of this program set up the
    /// tables.
    pub async fn connect(url: &str) -> Result<Self, QueueError> {
        let mut config = parse(url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let shown = describe(&config);
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_TIMEOUT))
            .create_timeout(Some(POOL_TIMEOUT))
            .recycle_timeout(Some(POOL_TIMEOUT))
            .build()
            .map_err(|e| QueueError::new("connect", Flattened::new(&e)))?;
        let queue = Self { pool, shown };
        queue.create_tables().await?;
        Ok(queue)
    }

    /// A pooled connection, for `operation`.
    async fn client(&self, operation: &'static str) -> Result<Object, QueueError> {
        self.pool.get().await.map_err(|e| {
            QueueError::new(
                operation,
                Flattened::at(format_args!("cannot reach {}", self.shown), &e),
            )
        })
    }

    async fn create_tables(&self) -> Result<(), QueueError> {
        let db = |e: tokio_postgres::Error| QueueError::new("connect", Flattened::new(&e));
        let mut client = self.client("connect").await?;
        let tx = client.transaction().await.map_err(db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .await
            .map_err(db)?;
        tx.batch_execute(SCHEMA).await.map_err(db)?;
        let newest: Option<i64> = tx
            .query_one("SELECT max(version) FROM zoom_archive_schema", &[])
            .await
            .map_err(db)?
            .get(0);
        match newest {
            None => {
                tx.execute(
                    "INSERT INTO zoom_archive_schema (version) VALUES ($1)",
                    &[&SCHEMA_VERSION],
                )
                .await
                .map_err(db)?;
            }
            Some(version) if version > SCHEMA_VERSION => {
                return Err(Invalid(format!(
                    "the queue in {} was set up by a newer zoom-archive (schema version {version}; \
                     this one knows {SCHEMA_VERSION})",
                    self.shown
                ))
                .during("connect"));
            }
            Some(_) => {}
        }
        tx.commit().await.map_err(db)
    }
}

/// Parses `url`, refusing TLS; the error never repeats the password.
fn parse(url: &str) -> Result<Config, QueueError> {
    let config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
        Invalid(format!(
            "the PostgreSQL URL is not valid: {} (expected postgres://user[:password]@host[:port]/database)",
            redact(&Flattened::new(&e).to_string(), url)
        ))
        .during("connect")
    })?;
    match config.get_ssl_mode() {
        SslMode::Disable | SslMode::Prefer => Ok(config),
        _ => Err(Invalid(format!(
            "{} asks for TLS (sslmode), which this queue does not support yet; \
             connect over a trusted network without it",
            describe(&config)
        ))
        .during("connect")),
    }
}

/// A parser message with anything that may quote the URL's password taken
/// out: the password as written or decoded, and the character a syntax error
/// quotes.
fn redact(message: &str, url: &str) -> String {
    let mut message = match message.find(" but got ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    };
    if let Some(password) = url::Url::parse(url)
        .ok()
        .and_then(|u| u.password().map(str::to_owned))
    {
        let decoded = percent_encoding::percent_decode_str(&password)
            .decode_utf8()
            .ok()
            .map(|value| value.into_owned());
        for secret in [Some(password), decoded].into_iter().flatten() {
            if !secret.is_empty() {
                message = message.replace(&secret, "<redacted>");
            }
        }
    }
    message
}

/// `postgres://user@host:port/database`, without the password.
fn describe(config: &Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let port = ports.get(index).or(ports.first()).copied().unwrap_or(5432);
            match host {
                Host::Tcp(name) => format!("{name}:{port}"),
                #[cfg(unix)]
                Host::Unix(dir) => format!("{}:{port}", dir.display()),
            }
        })
        .collect();
    let user = config
        .get_user()
        .map(|user| format!("{user}@"))
        .unwrap_or_default();
    let database = config.get_dbname().unwrap_or_default();
    format!("postgres://{user}{}/{database}", hosts.join(","))
}

/// The error of `operation` for a database error.
fn failed(operation: &'static str) -> impl Fn(tokio_postgres::Error) -> QueueError {
    move |e| QueueError::new(operation, Flattened::new(&e))
}

/// What `Invalid` becomes during `operation`.
fn invalid(operation: &'static str) -> impl Fn(Invalid) -> QueueError {
    move |e| e.during(operation)
}

#[async_trait]
impl Queue for PostgresQueue {
    async fn enqueue(&self, jobs: Vec<NewJob>, now: DateTime<Utc>) -> Result<Enqueued, QueueError> {
        let db = failed("enqueue");
        common::check_jobs(&jobs).map_err(invalid("enqueue"))?;
        let now = common::micros(now);
        let mut client = self.client("enqueue").await?;
        let tx = client.transaction().await.map_err(&db)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ENQUEUE_LOCK])
            .await
            .map_err(&db)?;
        let insert = tx
            .prepare_cached(
                "INSERT INTO zoom_archive_jobs
                     (key, payload, download_token, state, attempts, claimable_at, created_at, updated_at)
                 VALUES ($1, $2, $3, 'queued', 0, $4, $4, $4)
                 ON CONFLICT (key) DO NOTHING",
            )
            .await
            .map_err(&db)?;
        let requeue = tx
            .prepare_cached(
                "UPDATE zoom_archive_jobs
                 SET state = 'queued', payload = $2, download_token = $3, claimable_at = $4, updated_at = $4
                 WHERE key = $1 AND state = 'failed'",
            )
            .await
            .map_err(&db)?;
        let mut done = Enqueued::default();
        for job in &jobs {
            let token = job.download_token.as_ref().map(Secret::expose);
            let payload = common::payload_text(job);
            let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] = [&job.key, &payload, &token, &now];
            if tx.execute(&insert, &params).await.map_err(&db)? == 1 {
                done.added += 1;
            } else if tx.execute(&requeue, &params).await.map_err(&db)? == 1 {
                done.requeued += 1;
            } else {
                done.duplicates += 1;
            }
        }
        tx.commit().await.map_err(&db)?;
        Ok(done)
    }

    async fn claim(
        &self,
        worker: &str,
        max: usize,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Vec<Claimed>, QueueError> {
        let db = failed("claim");
        let until = common::lease_end(now, lease).map_err(invalid("claim"))?;
        if max == 0 {
            return Ok(Vec::new());
        }
        let (max, now) = (common::limit(max), common::micros(now));
        let client = self.client("claim").await?;
        let claim = client.prepare_cached(CLAIM).await.map_err(&db)?;
        let rows = client
            .query(&claim, &[&now, &max, &worker, &until])
            .await
            .map_err(&db)?;
        // RETURNING follows no order: put the claims back in the order they were picked.
        let mut picked = Vec::with_capacity(rows.len());
        for row in rows {
            let key: String = row.try_get(1).map_err(&db)?;
            let payload: String = row.try_get(2).map_err(&db)?;
            let token: Option<String> = row.try_get(3).map_err(&db)?;
            let claimed = Claimed {
                id: row.try_get(0).map_err(&db)?,
                payload: common::parse_payload(&key, &payload).map_err(invalid("claim"))?,
                key,
                download_token: token.map(Secret::new),
                attempts: common::attempts(row.try_get(4).map_err(&db)?).map_err(invalid("claim"))?,
                lease: row.try_get(5).map_err(&db)?,
            };
            let since: i64 = row.try_get(6).map_err(&db)?;
            picked.push((since, claimed));
        }
        picked.sort_by_key(|(since, claimed)| (*since, claimed.id));
        Ok(picked.into_iter().map(|(_, claimed)| claimed).collect())
    }

    async fn renew(&self, job: &Claimed, now: DateTime<Utc>, lease: Duration) -> Result<bool, QueueError> {
        let db = failed("renew");
        let until = common::lease_end(now, lease).map_err(invalid("renew"))?;
        let now = common::micros(now);
        let client = self.client("renew").await?;
        let changed = client
            .execute(
                "UPDATE zoom_archive_jobs SET claimable_at = $3, updated_at = $4
                 WHERE id = $1 AND lease = $2 AND state = 'running'",
                &[&job.id, &job.lease, &until, &now],
            )
            .await
            .map_err(&db)?;
        Ok(changed == 1)
    }

    async fn finish(&self, job: &Claimed, outcome: Outcome, now: DateTime<Utc>) -> Result<bool, QueueError> {
        let db = failed("finish");
        let now = common::micros(now);
        let client = self.client("finish").await?;
        let fence = "WHERE id = $1 AND lease = $2 AND state = 'running'";
        let changed = match &outcome {
            Outcome::Done => {
                client
                    .execute(
                        &format!(
                            "UPDATE zoom_archive_jobs SET state = 'done', download_token = NULL, updated_at = $3 {fence}"
                        ),
                        &[&job.id, &job.lease, &now],
                    )
                    .await
            }
            Outcome::Retry { not_before, reason } => {
                client
                    .execute(
                        &format!(
                            "UPDATE zoom_archive_jobs
                             SET state = 'queued', claimable_at = $4, last_error = $5, updated_at = $3 {fence}"
                        ),
                        &[&job.id, &job.lease, &now, &common::micros(*not_before), reason],
                    )
                    .await
            }
            Outcome::Failed { reason } => {
                client
                    .execute(
                        &format!(
                            "UPDATE zoom_archive_jobs
                             SET state = 'failed', download_token = NULL, last_error = $4, updated_at = $3 {fence}"
                        ),
                        &[&job.id, &job.lease, &now, reason],
                    )
                    .await
            }
        }
        .map_err(&db)?;
        Ok(changed == 1)
    }

    async fn stats(&self) -> Result<QueueStats, QueueError> {
        let db = failed("stats");
        let client = self.client("stats").await?;
        let rows = client
            .query(
                "SELECT state, count(*) FROM zoom_archive_jobs GROUP BY state",
                &[],
            )
            .await
            .map_err(&db)?;
        let mut stats = QueueStats::default();
        for row in rows {
            let state: String = row.try_get(0).map_err(&db)?;
            let count: i64 = row.try_get(1).map_err(&db)?;
            let count = u64::try_from(count).unwrap_or(0);
            match State::parse(&state).map_err(invalid("stats"))? {
                State::Queued => stats.queued = count,
                State::Running => stats.running = count,
                State::Done => stats.done = count,
                State::Failed => stats.failed = count,
            }
        }
        Ok(stats)
    }

    async fn jobs(&self) -> Result<Vec<JobRow>, QueueError> {
        let db = failed("jobs");
        let client = self.client("jobs").await?;
        // "C" orders by bytes, as SQLite and Rust's `str` do, whatever the database's collation.
        let rows = client
            .query(
                "SELECT key, state, attempts, last_error FROM zoom_archive_jobs ORDER BY key COLLATE \"C\"",
                &[],
            )
            .await
            .map_err(&db)?;
        let mut jobs = Vec::with_capacity(rows.len());
        for row in rows {
            let state: String = row.try_get(1).map_err(&db)?;
            jobs.push(JobRow {
                key: row.try_get(0).map_err(&db)?,
                state: State::parse(&state).map_err(invalid("jobs"))?.as_str().to_owned(),
                attempts: common::attempts(row.try_get(2).map_err(&db)?).map_err(invalid("jobs"))?,
                last_error: row.try_get(3).map_err(&db)?,
            });
        }
        Ok(jobs)
    }

    fn describe(&self) -> String {
        self.shown.clone()
    }
}
