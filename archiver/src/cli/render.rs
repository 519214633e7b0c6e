//! Showing a run: progress bars on a terminal, plain lines otherwise, one
//! JSON object per line with `--json`, only failures with `--quiet`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use zoom_archiver::retention::{RestoreReport, RetentionReport};
use zoom_archiver::{Event, Report, VerifyReport};

/// How events are shown.
#[derive(Clone)]
pub enum Render {
    /// `--json`.
    Json,
    /// `--quiet`: failures only.
    Quiet,
    /// Not a terminal: a line per archived, failed or unavailable item.
    Plain,
    /// A terminal: bars for files and bytes.
    Bars(Bars),
}

impl Render {
    /// The renderer the flags and the terminal call for.
    pub fn choose(json: bool, quiet: bool) -> Self {
        use std::io::IsTerminal;
        if json {
            Self::Json
        } else if quiet {
            Self::Quiet
        } else if std::io::stderr().is_terminal() {
            Self::Bars(Bars::new())
        } else {
            Self::Plain
        }
    }

    /// A line of text (not in JSON mode).
    pub fn note(&self, text: &str) {
        match self {
            Self::Json | Self::Quiet => {}
            Self::Plain => println!("{text}"),
            Self::Bars(bars) => bars.files.println(text),
        }
    }

    /// Shows one event.
    pub fn event(&self, event: &Event) {
        match self {
            Self::Json => emit(&event_json(event)),
            Self::Quiet => {
                if let Event::Failed(failure) = event {
                    eprintln!("failed: {failure}");
                }
            }
            Self::Plain => match event {
                Event::Listed {
                    user,
                    meetings,
                    complete,
                } => println!("{}", listed_line(user, *meetings, *complete)),
                Event::Planned(counts) => println!(
                    "plan: {} files to fetch ({}), {} already archived, {} not ready at Zoom",
                    counts.to_fetch,
                    size(counts.bytes_to_fetch),
                    counts.already_archived,
                    counts.not_ready
                ),
                Event::Archived(entry) => println!("archived {} ({})", entry.path, size(entry.size)),
                Event::Failed(failure) => println!("failed: {failure}"),
                Event::Unavailable(item) => println!("not archived: {}: {}", item.path, item.reason),
                _ => {}
            },
            Self::Bars(bars) => bars.event(event),
        }
    }

    /// Ends the bars.
    pub fn finish(&self) {
        if let Self::Bars(bars) = self {
            bars.files.finish_and_clear();
            bars.bytes.finish_and_clear();
        }
    }

    /// The final report of `archive` or `plan`.
    pub fn report(&self, report: &Report) {
        if let Self::Json = self {
            let mut value = tagged(report, "report");
            value["totals"] = serde_json::to_value(report.totals()).unwrap_or_default();
            value["exit_code"] = json!(report.exit_code());
            emit(&value);
            return;
        }
        let totals = report.totals();
        let verb = if report.dry_run { "would fetch" } else { "fetched" };
        println!(
            "{:<40} {:>8} {:>8} {:>10} {:>8} {:>10} {:>7}",
            "user", "meetings", verb, "bytes", "present", "bytes", "failed"
        );
        for user in &report.users {
            let c = &user.counts;
            let (n, bytes) = if report.dry_run {
                (c.to_fetch, c.bytes_to_fetch)
            } else {
                (c.archived, c.bytes_archived)
            };
            let name = if user.inactive {
                format!("{} (deactivated)", user.user)
            } else {
                user.user.clone()
            };
            println!(
                "{:<40} {:>8} {:>8} {:>10} {:>8} {:>10} {:>7}",
                name,
                c.meetings,
                n,
                size(bytes),
                c.already_archived,
                size(c.bytes_already_archived),
                c.failed
            );
        }
        let (n, bytes) = if report.dry_run {
            (totals.to_fetch, totals.bytes_to_fetch)
        } else {
            (totals.archived, totals.bytes_archived)
        };
        println!(
            "{:<40} {:>8} {:>8} {:>10} {:>8} {:>10} {:>7}",
            "total",
            totals.meetings,
            n,
            size(bytes),
            totals.already_archived,
            size(totals.bytes_already_archived),
            totals.failed
        );
        println!(
            "{} not ready at Zoom (a later run fetches them); {} meetings without a transcript; {} without a summary",
            totals.not_ready, report.transcripts_absent, report.summaries_absent
        );
        for item in &report.unavailable {
            println!("  not archived: {}: {}", item.path, item.reason);
        }
        for damaged in &report.manifest_damaged {
            println!("  manifest damaged at {damaged}; its files were checked again");
        }
        for failure in &report.failures {
            println!("  FAILED {failure}");
        }
        if report.dry_run {
            println!("dry run: nothing was written to {}", report.destination);
        }
    }

    /// What retention removed at Zoom (or would), and what it kept and why.
    pub fn retention_report(&self, report: &RetentionReport) {
        if let Self::Json = self {
            let mut value = tagged(report, "retention");
            value["files_removed"] = json!(report.files_removed());
            value["bytes_freed"] = json!(report.bytes_freed());
            emit(&value);
            return;
        }
        let verb = match (report.dry_run, report.delete) {
            (true, false) => "would trash",
            (true, true) => "would delete",
            (false, false) => "trashed",
            (false, true) => "deleted",
        };
        if !matches!(self, Self::Quiet) || report.dry_run {
            for removal in &report.removed {
                let what = match &removal.file_id {
                    Some(id) => format!("file {id}"),
                    None => format!("meeting ({} files)", removal.copies.len()),
                };
                let gone = if removal.already_gone {
                    " (already gone at Zoom)"
                } else {
                    ""
                };
                let path = removal.copies.first().map_or("", |c| c.path.as_str());
                println!("{verb} {what} of {}: {path}{gone}", removal.meeting_uuid);
            }
        }
        let mut reasons: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for kept in &report.kept {
            let reason = kept.reason.split(':').next().unwrap_or(&kept.reason);
            *reasons.entry(reason).or_default() += 1;
        }
        println!(
            "retention: {verb} {} files ({}) at Zoom; kept {}",
            report.files_removed(),
            size(report.bytes_freed()),
            report.kept.len()
        );
        for (reason, n) in reasons {
            println!("  kept {n}: {reason}");
        }
        for failure in &report.failures {
            println!("  FAILED {failure}");
        }
        for damaged in &report.audit_damaged {
            println!(
                "  audit log damaged at {damaged}; every piece is kept and the log is not folded until it is repaired"
            );
        }
    }

    /// What `restore` recovered.
    pub fn restore_report(&self, report: &RestoreReport) {
        if let Self::Json = self {
            emit(&tagged(report, "restore"));
            return;
        }
        let verb = if report.dry_run {
            "would recover"
        } else {
            "recovered"
        };
        for (meeting, file) in &report.recovered {
            match file {
                Some(id) => println!("{verb} file {id} of {meeting}"),
                None => println!("{verb} meeting {meeting}"),
            }
        }
        for (meeting, file) in &report.gone {
            println!(
                "no longer in Zoom's trash: {meeting} {}",
                file.as_deref().unwrap_or("(meeting)")
            );
        }
        for failure in &report.failures {
            println!("FAILED {failure}");
        }
        for damaged in &report.audit_damaged {
            println!(
                "FAILED audit log damaged at {damaged}: what that record trashed is not restored; repair it, or recover by hand in Zoom's trash (30 days)"
            );
        }
        println!(
            "restore: {verb} {}; {} no longer in the trash; {} failed",
            report.recovered.len(),
            report.gone.len(),
            report.failures.len()
        );
    }

    /// The report of `verify`.
    pub fn verify_report(&self, report: &VerifyReport) {
        if let Self::Json = self {
            let mut value = tagged(report, "verify");
            value["exit_code"] = json!(report.exit_code());
            emit(&value);
            return;
        }
        for problem in &report.problems {
            println!("PROBLEM {problem}");
        }
        for damaged in &report.manifest_damaged {
            println!("PROBLEM manifest damaged at {damaged}");
        }
        println!(
            "verified {} of {} entries intact ({} re-read) in {}; {} problems",
            report.intact,
            report.checked,
            size(report.bytes),
            report.destination,
            report.problems.len() + report.manifest_damaged.len()
        );
    }
}

/// `value` as a JSON object with `"event": event` added.
fn tagged(value: &impl serde::Serialize, event: &str) -> serde_json::Value {
    let mut value = serde_json::to_value(value).unwrap_or_default();
    value["event"] = json!(event);
    value
}

fn emit(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
}

fn event_json(event: &Event) -> serde_json::Value {
    match event {
        Event::Listed {
            user,
            meetings,
            complete,
        } => {
            json!({"event": "listed", "user": user, "meetings": meetings, "complete": complete})
        }
        Event::Planned(counts) => json!({"event": "planned", "totals": counts}),
        Event::Progress { path, done, total } => {
            json!({"event": "progress", "path": path, "done": done, "total": total})
        }
        Event::Archived(entry) => json!({"event": "archived", "entry": entry}),
        Event::Unavailable(item) => json!({"event": "unavailable", "path": item.path, "reason": item.reason}),
        Event::Failed(failure) => json!({"event": "failed", "failure": failure}),
        _ => json!({"event": "other"}),
    }
}

/// `listed alex@example.com: 28 meetings`, marked when the listing is incomplete.
fn listed_line(user: &str, meetings: usize, complete: bool) -> String {
    let tail = if complete { "" } else { " (listing incomplete)" };
    format!("listed {user}: {meetings} meetings{tail}")
}

/// Bytes for people.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Two bars: files and bytes.
#[derive(Clone)]
pub struct Bars {
    files: ProgressBar,
    bytes: ProgressBar,
    seen: Arc<Mutex<HashMap<String, u64>>>,
}

impl Bars {
    fn new() -> Self {
        let bars = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = |template| {
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
        };
        let files = bars.add(ProgressBar::new(0));
        files.set_style(style("files {bar:30} {pos}/{len} {msg}"));
        let bytes = bars.add(ProgressBar::new(0));
        bytes.set_style(style(
            "bytes {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ));
        Self {
            files,
            bytes,
            seen: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn event(&self, event: &Event) {
        match event {
            Event::Listed {
                user,
                meetings,
                complete,
            } => self.files.set_message(listed_line(user, *meetings, *complete)),
            Event::Planned(counts) => {
                self.files.set_length(counts.to_fetch as u64);
                self.bytes.set_length(counts.bytes_to_fetch);
                self.files.set_message(format!(
                    "({} already archived, {} not ready)",
                    counts.already_archived, counts.not_ready
                ));
            }
            Event::Progress { path, done, .. } => {
                let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                let before = seen.insert(path.clone(), *done).unwrap_or(0);
                // A restarted download goes back to 0: count only forward progress.
                self.bytes.inc(done.saturating_sub(before));
            }
            Event::Archived(_) => self.files.inc(1),
            Event::Failed(failure) => self.files.println(format!("failed: {failure}")),
            Event::Unavailable(item) => self
                .files
                .println(format!("not archived: {}: {}", item.path, item.reason)),
            _ => {}
        }
    }
}
