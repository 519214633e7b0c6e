//! Archives every recording of a user over a date range into a folder.
//!
//! ```sh
//! cargo run --release --example archive -- [--out DIR] [--user ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//!                                          [--concurrency N] [--fake-faults RATE]
//! ```
//!
//! With `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET` set it
//! archives from Zoom (default: the last 12 months). With none of them set it
//! starts the fake Zoom in-process (seeded, the same every run) and archives
//! from it, optionally with faults injected at a random rate. Running it again
//! downloads nothing new.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use chrono::{Months, NaiveDate, Utc};
use fake_zoom::{Config, FakeZoom};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use zoom_cloud_recording::{ArchiveEvent, ArchiveSummary, Client};

/// Command-line options.
struct Options {
    out: PathBuf,
    user: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    concurrency: usize,
    fake_faults: f64,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        out: PathBuf::from("zoom-archive"),
        user: "me".into(),
        from: None,
        to: None,
        concurrency: 4,
        fake_faults: 0.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let date =
            |text: String| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| format!("{text}: {e}"));
        match flag.as_str() {
            "--out" => options.out = PathBuf::from(value()?),
            "--user" => options.user = value()?,
            "--from" => options.from = Some(date(value()?)?),
            "--to" => options.to = Some(date(value()?)?),
            "--concurrency" => options.concurrency = value()?.parse().map_err(|e| format!("--concurrency: {e}"))?,
            "--fake-faults" => options.fake_faults = value()?.parse().map_err(|e| format!("--fake-faults: {e}"))?,
            "--help" | "-h" => return Err("usage: archive [--out DIR] [--user ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--concurrency N] [--fake-faults RATE]".into()),
            other => return Err(format!("unknown option {other} (try --help)")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(summary) if summary.failed.is_empty() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(2),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ArchiveSummary, String> {
    let options = parse_options()?;
    // Real Zoom when any credential is set (a half-done setup is reported), the fake otherwise.
    let (client, today, _fake) = if Client::env_configured() {
        let client = Client::from_env().map_err(|e| e.to_string())?;
        (client, Utc::now().date_naive(), None)
    } else {
        let config = Config::default()
            .meetings(90)
            .random_faults(options.fake_faults, 7);
        let zoom = FakeZoom::start(config)
            .await
            .map_err(|e| format!("cannot start the fake Zoom: {e}"))?;
        println!(
            "No ZOOM_* variables set: archiving from the built-in fake Zoom at {}",
            zoom.api_base_url()
        );
        let client = Client::builder()
            .base_url(zoom.api_base_url())
            .oauth_base_url(zoom.oauth_base_url())
            .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
            .build()
            .map_err(|e| e.to_string())?;
        (client, zoom.now().date_naive(), Some(zoom))
    };
    let to = options.to.unwrap_or(today);
    let from = options
        .from
        .unwrap_or_else(|| to.checked_sub_months(Months::new(12)).unwrap_or(to));
    println!(
        "Archiving the recordings of `{}` from {from} to {to} into {}",
        options.user,
        options.out.display()
    );

    let display = Display::new();
    let events = display.clone();
    let summary = client
        .archive(options.user.clone(), options.out.clone())
        .between(from, to)
        .concurrency(options.concurrency)
        .on_event(move |event| events.show(event))
        .run()
        .await
        .map_err(|e| e.to_string())?;
    display.finish();
    print_summary(&summary);
    Ok(summary)
}

fn print_summary(summary: &ArchiveSummary) {
    println!(
        "{} meetings listed; {} files downloaded ({:.1} MiB); {} already archived; {} still processing at Zoom; {} failed",
        summary.meetings,
        summary.downloaded,
        summary.bytes as f64 / (1024.0 * 1024.0),
        summary.already_archived,
        summary.not_ready,
        summary.failed.len()
    );
    println!(
        "transcripts: {} not archived ({} meetings have none)",
        summary.transcripts_unavailable.len(),
        summary.transcripts_absent
    );
    for (folder, state) in &summary.transcripts_unavailable {
        println!("  {folder}: {state}");
    }
    for (path, error) in &summary.failed {
        println!("  failed: {path}: {error}");
    }
}

/// Two progress bars: files and bytes.
#[derive(Clone)]
struct Display {
    files: ProgressBar,
    bytes: ProgressBar,
    seen: Arc<Mutex<HashMap<String, u64>>>,
}

impl Display {
    fn new() -> Self {
        let bars = MultiProgress::new();
        let files = bars.add(ProgressBar::new(0));
        files.set_style(
            ProgressStyle::with_template("files {bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let bytes = bars.add(ProgressBar::new(0));
        bytes.set_style(
            ProgressStyle::with_template("bytes {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self {
            files,
            bytes,
            seen: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn show(&self, event: &ArchiveEvent) {
        match event {
            ArchiveEvent::Planned {
                to_download,
                bytes,
                already_archived,
                not_ready,
                ..
            } => {
                self.files.set_length(*to_download as u64);
                self.bytes.set_length(*bytes);
                self.files.set_message(format!(
                    "({already_archived} already archived, {not_ready} still processing)"
                ));
            }
            ArchiveEvent::Progress { path, downloaded, .. } => {
                let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                let before = seen.insert(path.clone(), *downloaded).unwrap_or(0);
                // A restarted download goes back to 0; count only forward progress.
                self.bytes.inc(downloaded.saturating_sub(before));
            }
            ArchiveEvent::Archived(_) => self.files.inc(1),
            ArchiveEvent::Failed { path, error } => self.files.println(format!("failed: {path}: {error}")),
            ArchiveEvent::TranscriptUnavailable { folder, state } => {
                self.files.println(format!("{folder}: {state}"));
            }
            _ => {}
        }
    }

    fn finish(&self) {
        self.files.finish();
        self.bytes.finish();
    }
}
