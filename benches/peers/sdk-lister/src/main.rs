//! `peers-sdk-lister FROM TO UUIDS_OUT` (or `--idle`): lists every recording of
//! user `me` from `FROM` to `TO` (inclusive `yyyy-mm-dd` dates) with
//! `client.recordings("me").between(from, to).meetings()`, which walks calendar
//! months and follows `next_page_token`, writes the meeting UUIDs to `UUIDS_OUT`
//! (one a line) and prints one JSON line: `{"client", "meetings", "list_seconds",
//! "peak_rss_kib"}` (the process's `VmHWM`). `--idle` only builds the client and
//! prints `{"client", "meetings": 0, "peak_rss_kib"}`: the memory of the runtime at rest.
//!
//! The client comes from `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`,
//! `ZOOM_API_BASE_URL` and `ZOOM_OAUTH_BASE_URL` (Server-to-Server OAuth against
//! the fake's token endpoint). The timed part is building the client and listing.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use futures::TryStreamExt;
use zoom_cloud_recording::Client;

/// This process's peak resident set (`VmHWM` of `/proc/self/status`, KiB), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn date(name: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("{name}: not a yyyy-mm-dd date: {value:?}"))
}

async fn run(args: &[String]) -> Result<(), String> {
    if args == ["--idle"] {
        let _client = Client::from_env().map_err(|e| e.to_string())?;
        let line = serde_json::json!({ "client": "sdk", "meetings": 0, "peak_rss_kib": peak_rss_kib() });
        println!("{line}");
        return Ok(());
    }
    let [from, to, out] = args else {
        return Err("usage: peers-sdk-lister FROM TO UUIDS_OUT | --idle".into());
    };
    let (from, to) = (date("FROM", from)?, date("TO", to)?);

    let start = Instant::now();
    let client = Client::from_env().map_err(|e| e.to_string())?;
    let mut meetings = client.recordings("me").between(from, to).meetings();
    let mut uuids = Vec::new();
    while let Some(meeting) = meetings.try_next().await.map_err(|e| e.to_string())? {
        uuids.push(meeting.uuid.unwrap_or_default());
    }
    let seconds = start.elapsed().as_secs_f64();

    let mut file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let text: String = uuids.iter().map(|u| format!("{u}\n")).collect();
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{out}: {e}"))?;
    let line = serde_json::json!({
        "client": "sdk",
        "meetings": uuids.len(),
        "list_seconds": seconds,
        "peak_rss_kib": peak_rss_kib(),
    });
    println!("{line}");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peers-sdk-lister: {e}");
            ExitCode::FAILURE
        }
    }
}
