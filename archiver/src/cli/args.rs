//! The command line (clap, derive).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

/// Archives a Zoom account's cloud recordings, transcripts and summaries into
/// a folder or an object store, verified and incrementally.
///
/// With ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET set (a
/// Server-to-Server OAuth app) it works against Zoom; with none of them set
/// it starts a built-in fake Zoom (three users, one of them deactivated,
/// months of meetings) and works against that.
///
/// Exit codes: 0 everything done, 2 some items failed (each named with its
/// reason), 1 could not run.
#[derive(Debug, Parser)]
#[command(name = "zoom-archive", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// One JSON object per line for every event, then the report.
    #[arg(long, global = true)]
    pub json: bool,
    /// Only failures and the final report.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Built-in fake Zoom only: inject 429s, 5xx, resets and cut bodies into
    /// this share of its answers (0 to 1).
    #[arg(long, global = true, value_name = "RATE", default_value_t = 0.0)]
    pub fake_faults: f64,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Archive: list, fetch what is not archived yet, record it in the manifest.
    #[command(
        after_help = "Example:\n  zoom-archive archive --dest s3://recordings/zoom --users all --from 2026-01-01\n  zoom-archive archive --dest ./zoom-archive --types MP4,M4A --include transcripts"
    )]
    Archive(RunArgs),
    /// Dry run: what `archive` would fetch, per user and in total, and what is
    /// already there. Writes nothing anywhere.
    #[command(after_help = "Example:\n  zoom-archive plan --dest s3://recordings/zoom --users all")]
    Plan(RunArgs),
    /// Free Zoom's storage of what is already archived: the same listing and
    /// rules as `archive --then`, nothing fetched.
    #[command(
        after_help = "Example:\n  zoom-archive prune --dest s3://recordings/zoom --min-age 30 --dry-run\n  zoom-archive prune --dest ./zoom-archive --then delete --yes"
    )]
    Prune(PruneArgs),
    /// Take back from Zoom's trash what this tool trashed (by the audit log
    /// `retention.jsonl` in the destination), within Zoom's 30 days.
    #[command(after_help = "Example:\n  zoom-archive restore --dest s3://recordings/zoom --since 2026-11-01")]
    Restore(RestoreArgs),
    /// Re-read the destination and check every manifest entry (present, size,
    /// SHA-256); each problem is reported.
    #[command(after_help = "Example:\n  zoom-archive verify --dest s3://recordings/zoom")]
    Verify(VerifyArgs),
    /// Run as a service: receive Zoom's recording webhooks, queue each file
    /// durably, and archive it into DEST (the same layout and manifest as
    /// `archive`). Needs ZOOM_WEBHOOK_SECRET_TOKEN (the app's secret token).
    #[command(
        after_help = "Example:\n  zoom-archive serve --dest s3://recordings/zoom --listen 0.0.0.0:8080 --state /var/lib/zoom-archive\n  zoom-archive serve --dest s3://recordings/zoom --queue postgres://archiver@db/zoom   (several replicas)\n\nRoutes: POST /zoom/webhooks (point the app's event subscription here), GET /healthz, GET /metrics."
    )]
    Serve(ServeArgs),
}

/// `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where archived files go.
    #[command(flatten)]
    pub dest: DestArgs,
    /// The address to listen on (port 0 picks a free one, printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// The folder for the embedded queue (SQLite), when no --queue is given.
    #[arg(long, value_name = "DIR", default_value = "zoom-archive-state")]
    pub state: PathBuf,
    /// A PostgreSQL queue shared by several replicas (postgres://user@host/db);
    /// without it the queue is the embedded one under --state.
    #[arg(long, value_name = "URL", env = "ZOOM_ARCHIVE_QUEUE", hide_env_values = true)]
    pub queue: Option<String>,
    /// Files archived at once by this process.
    #[arg(long, default_value_t = 4)]
    pub workers: usize,
    /// Seconds a job stays this process's without a renewal; after a crash,
    /// its jobs go to another worker once this has passed.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub lease: u64,
    /// Milliseconds an idle worker waits before asking the queue again.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub poll_ms: u64,
    /// Milliseconds before the first retry of a failed job (doubled each time).
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub retry_base_ms: u64,
    /// Attempts before a job is given up as failed.
    #[arg(long, default_value_t = 10)]
    pub max_attempts: u32,
    /// Free Zoom's storage of each completed meeting once all of its files
    /// are archived and verified.
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// Where the archive is.
#[derive(Debug, Args)]
pub struct DestArgs {
    /// A folder (`./dir`, `file:///srv/zoom`) or an object store URL
    /// (`s3://bucket/prefix`, `gs://bucket/prefix`, `az://container/prefix`),
    /// configured from the store's standard environment variables (for S3:
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL,
    /// AWS_ALLOW_HTTP).
    #[arg(long, value_name = "DEST")]
    pub dest: String,
}

/// `archive` and `plan`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub dest: DestArgs,
    /// Whose recordings: me, all (every user, deactivated ones included),
    /// active, inactive, ID_OR_EMAIL,... or @FILE (one per line).
    #[arg(long, default_value = "all", value_name = "USERS")]
    pub users: String,
    /// First day (UTC, YYYY-MM-DD); default: a year before --to.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Last day (UTC, YYYY-MM-DD, included); default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// Only these file types (comma-separated, as Zoom names them: MP4, M4A,
    /// TRANSCRIPT, CHAT, CC, CSV, TIMELINE, SUMMARY, ...).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Option<Vec<String>>,
    /// Only these recording types (comma-separated: shared_screen_with_speaker_view,
    /// audio_only, ...).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub recording_types: Option<Vec<String>>,
    /// Extras per meeting: transcripts, summaries, metadata, participant-audio,
    /// all or none (comma-separated).
    #[arg(long, default_value = "all", value_name = "PARTS")]
    pub include: String,
    /// Transfers (and listing windows, and questions to Zoom) at once.
    #[arg(long, default_value_t = zoom_archiver::DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// What to do at Zoom with what is archived and verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Then {
    /// Move to Zoom's trash (recoverable for 30 days with `restore`).
    Trash,
    /// Delete for good (asks on a terminal; needs --yes otherwise).
    Delete,
}

/// How copies are checked before anything is removed at Zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyMode {
    /// Size and SHA-256 label (objects without one are read back; folders always re-read).
    Metadata,
    /// Every copy read back in full.
    Full,
}

/// Retention flags (`archive --then`, `prune`).
#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// After archiving, trash or delete at Zoom what is archived and verified
    /// (per meeting when all of it is, otherwise per file).
    #[arg(long, value_enum, value_name = "ACTION")]
    pub then: Option<Then>,
    /// Keep recordings that started less than DAYS days ago.
    #[arg(long, value_name = "DAYS")]
    pub min_age: Option<u32>,
    /// How copies are checked before their originals are removed.
    #[arg(long, value_enum, default_value = "metadata")]
    pub verify: VerifyMode,
    /// Confirms `--then delete` when not on a terminal.
    #[arg(long)]
    pub yes: bool,
}

/// `prune`.
#[derive(Debug, Args)]
pub struct PruneArgs {
    #[command(flatten)]
    pub run: RunArgs,
    /// List exactly what would be removed; change nothing at Zoom or in the destination.
    #[arg(long)]
    pub dry_run: bool,
}

/// `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub dest: DestArgs,
    /// Only what was trashed on or after this day (UTC, YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<NaiveDate>,
    /// List what would be recovered; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub dest: DestArgs,
    /// Objects re-read at once.
    #[arg(long, default_value_t = zoom_archiver::DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,
}

/// The users argument, with `@FILE` read.
pub fn users_text(users: &str) -> Result<String, String> {
    match users.strip_prefix('@') {
        Some(file) => std::fs::read_to_string(PathBuf::from(file))
            .map_err(|e| format!("--users @{file}: cannot read the file: {e}")),
        None => Ok(users.to_owned()),
    }
}
