//! Listing a year of recordings (about 10,000 meetings of user `me`): the SDK's
//! stream `client.recordings("me").between(from, to).meetings()` against a plain
//! reqwest + `serde_json::Value` loop over the same calendar-month windows
//! (`page_size=300`, following `next_page_token` until `""`), in the same run,
//! on the same in-process fake Zoom.
//!
//! Run: `cargo bench -p zoom-cloud-recording --bench listing`
//! Both must see the same meetings (same count, same set of UUIDs, and what the
//! fake says it holds). After one warm-up of each, each runs 5 times,
//! alternating which goes first; prints the median time, meetings per second and
//! the ratio SDK / baseline of the times (below 1.0 means the SDK is faster).
//!
//! Then the same listing as Zoom serves it, about as slow to answer: every
//! listing request is held 150 ms by the fake (a `Fault::Delay` rule). The
//! baseline still walks the months one request after the other, as every
//! client does; the SDK's stream fetches several months at once (its default
//! concurrency) and yields the same meetings in the same order. For
//! reference, the SDK with `.concurrency(1)` runs alongside. Each runs 3
//! times, rotating which goes first; prints the medians and the speedup
//! baseline / SDK (the SDK is to list the year at least 3x faster).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use fake_zoom::{Config, FakeZoom, Fault, Matcher, Operation, Rule};
use futures::TryStreamExt;
use serde_json::Value;
use zoom_cloud_recording::Client;

const RUNS: usize = 5;
const PAGE_SIZE: &str = "300";
/// Runs of each contender once every listing request is delayed.
const DELAYED_RUNS: usize = 3;
/// How long the fake holds every listing request in the delayed runs.
const LATENCY: Duration = Duration::from_millis(150);

/// Inclusive windows, each within one calendar month, covering `from..=to`.
fn calendar_months(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut windows = Vec::new();
    let mut start = from;
    while start <= to {
        let (year, month) = if start.month() == 12 {
            (start.year() + 1, 1)
        } else {
            (start.year(), start.month() + 1)
        };
        let last = NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.pred_opt())
            .expect("a valid month");
        let end = last.min(to);
        windows.push((start, end));
        start = end.succ_opt().expect("a valid day");
    }
    windows
}

/// The SDK's stream over the whole range; the meeting UUIDs when `collect`.
async fn sdk(client: &Client, from: NaiveDate, to: NaiveDate, collect: bool) -> (usize, Vec<String>) {
    sdk_with(client, from, to, None, collect).await
}

/// [`sdk`] with `concurrency` set (`None`: the SDK's default).
async fn sdk_with(
    client: &Client,
    from: NaiveDate,
    to: NaiveDate,
    concurrency: Option<usize>,
    collect: bool,
) -> (usize, Vec<String>) {
    let mut listing = client.recordings("me").between(from, to);
    if let Some(concurrency) = concurrency {
        listing = listing.concurrency(concurrency);
    }
    let mut stream = listing.meetings();
    let (mut count, mut uuids) = (0, Vec::new());
    while let Some(meeting) = stream.try_next().await.expect("SDK listing") {
        count += 1;
        if collect {
            uuids.push(meeting.uuid.expect("a uuid"));
        }
    }
    (count, uuids)
}

/// The baseline: one plain GET per page, decoded as `serde_json::Value`.
async fn baseline(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    windows: &[(NaiveDate, NaiveDate)],
    collect: bool,
) -> (usize, usize, Vec<String>) {
    let (mut count, mut pages, mut uuids) = (0, 0, Vec::new());
    for (from, to) in windows {
        let (from, to) = (from.to_string(), to.to_string());
        let mut next = String::new();
        loop {
            let mut query = vec![
                ("from", from.as_str()),
                ("to", to.as_str()),
                ("page_size", PAGE_SIZE),
            ];
            if !next.is_empty() {
                query.push(("next_page_token", next.as_str()));
            }
            let response = http
                .get(url)
                .bearer_auth(token)
                .query(&query)
                .send()
                .await
                .expect("baseline request");
            assert!(response.status().is_success(), "baseline: {}", response.status());
            let page: Value = response.json().await.expect("baseline decode");
            pages += 1;
            let meetings = page["meetings"].as_array().expect("meetings");
            count += meetings.len();
            if collect {
                uuids.extend(
                    meetings
                        .iter()
                        .map(|m| m["uuid"].as_str().expect("uuid").to_owned()),
                );
            }
            next = page["next_page_token"].as_str().unwrap_or("").to_owned();
            if next.is_empty() {
                break;
            }
        }
    }
    (count, pages, uuids)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    // One user, so every meeting is `me`'s; spread over 365 days before "now",
    // so all of them (bar the fake's trashed one) fall in the year listed.
    let config = Config::default()
        .seed(7)
        .users(1)
        .meetings(10_000)
        .history_days(365);
    let zoom = FakeZoom::start(config).await.expect("fake starts");
    let to = zoom.now().date_naive();
    let from = to - chrono::Duration::days(365);
    let windows = calendar_months(from, to);

    // What the listing must show: not trashed, at least one live file (or none at all).
    let expected: HashSet<String> = zoom
        .meetings()
        .into_iter()
        .filter(|m| !m.trashed && (from..=to).contains(&m.start_time.date_naive()))
        .filter(|m| {
            let files: Vec<_> = m.files.iter().filter(|f| !f.participant_audio).collect();
            files.is_empty() || files.iter().any(|f| !f.trashed)
        })
        .map(|m| m.uuid)
        .collect();

    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .expect("client");
    // The baseline's plain reqwest client needs a crypto provider: the SDK builds reqwest with
    // none (`rustls-no-provider`) and hands its own clients a ring configuration.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let url = format!("{}/users/me/recordings", zoom.api_base_url());
    let token = zoom.issue_access_token();

    // Warm-up, and the check that both see the same meetings.
    let (sdk_count, sdk_uuids) = sdk(&client, from, to, true).await;
    let (base_count, pages, base_uuids) = baseline(&http, &url, &token, &windows, true).await;
    let sdk_set: HashSet<String> = sdk_uuids.into_iter().collect();
    let base_set: HashSet<String> = base_uuids.into_iter().collect();
    assert_eq!(sdk_set.len(), sdk_count, "the SDK returned a meeting twice");
    assert_eq!(base_set.len(), base_count, "the windows overlap");
    assert_eq!(sdk_count, base_count, "SDK and baseline count differently");
    assert!(sdk_set == base_set, "SDK and baseline list different meetings");
    assert!(
        sdk_set == expected,
        "the listing differs from the fake's meetings"
    );
    let list_requests = zoom.requests(Operation::RecordingsList);
    assert_eq!(
        list_requests,
        2 * pages as u64,
        "the SDK made a different number of requests"
    );

    let mut sdk_times = Vec::new();
    let mut base_times = Vec::new();
    for run in 0..RUNS {
        for sdk_turn in [run % 2 == 0, run % 2 == 1] {
            let start = Instant::now();
            let count = if sdk_turn {
                sdk(&client, from, to, false).await.0
            } else {
                baseline(&http, &url, &token, &windows, false).await.0
            };
            let elapsed = start.elapsed();
            assert_eq!(count, sdk_count);
            if sdk_turn {
                sdk_times.push(elapsed);
            } else {
                base_times.push(elapsed);
            }
        }
    }
    let (sdk_time, base_time) = (median(sdk_times), median(base_times));
    let per_second = |d: Duration| sdk_count as f64 / d.as_secs_f64();

    println!(
        "{sdk_count} meetings of `me` from {from} to {to}: {} month windows, {pages} pages of up to {PAGE_SIZE}",
        windows.len()
    );
    println!("fake Zoom in-process; median of {RUNS} runs each after one warm-up, alternating");
    println!();
    println!("{:<40} {:>12} {:>14}", "", "median ms", "meetings/s");
    println!(
        "{:<40} {:>12.1} {:>14.0}",
        "baseline reqwest + Value",
        base_time.as_secs_f64() * 1e3,
        per_second(base_time)
    );
    println!(
        "{:<40} {:>12.1} {:>14.0}",
        "SDK recordings().between().meetings()",
        sdk_time.as_secs_f64() * 1e3,
        per_second(sdk_time)
    );
    println!(
        "{:<40} {:>12.3}",
        "ratio SDK / baseline (time)",
        sdk_time.as_secs_f64() / base_time.as_secs_f64()
    );

    delayed(
        &zoom,
        &client,
        &http,
        &url,
        &token,
        (from, to),
        &windows,
        &sdk_uuids_in_order(&client, from, to).await,
    )
    .await;
}

/// The SDK's UUIDs in the order it yields them (the reference for the delayed runs).
async fn sdk_uuids_in_order(client: &Client, from: NaiveDate, to: NaiveDate) -> Vec<String> {
    sdk_with(client, from, to, Some(1), true).await.1
}

/// The comparison with every listing request held [`LATENCY`] by the fake.
#[allow(clippy::too_many_arguments)]
async fn delayed(
    zoom: &FakeZoom,
    client: &Client,
    http: &reqwest::Client,
    url: &str,
    token: &str,
    (from, to): (NaiveDate, NaiveDate),
    windows: &[(NaiveDate, NaiveDate)],
    sequential_order: &[String],
) {
    let rule = zoom.faults().add(Rule::always(
        Matcher::Operation(Operation::RecordingsList),
        Fault::Delay(LATENCY),
    ));
    let before = zoom.requests(Operation::RecordingsList);
    // The same meetings in the same order as the sequential walk, each once.
    let (_, concurrent_order) = sdk_with(client, from, to, None, true).await;
    assert!(
        concurrent_order == sequential_order,
        "the concurrent stream differs from the sequential one"
    );
    let pages = zoom.requests(Operation::RecordingsList) - before;

    #[derive(Clone, Copy, PartialEq)]
    enum Who {
        Baseline,
        Sdk,
        SdkSequential,
    }
    let order = [Who::Baseline, Who::Sdk, Who::SdkSequential];
    let (mut base_times, mut sdk_times, mut seq_times) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..DELAYED_RUNS {
        for turn in 0..order.len() {
            let who = order[(run + turn) % order.len()];
            let start = Instant::now();
            let count = match who {
                Who::Baseline => baseline(http, url, token, windows, false).await.0,
                Who::Sdk => sdk_with(client, from, to, None, false).await.0,
                Who::SdkSequential => sdk_with(client, from, to, Some(1), false).await.0,
            };
            let elapsed = start.elapsed();
            assert_eq!(count, sequential_order.len());
            match who {
                Who::Baseline => base_times.push(elapsed),
                Who::Sdk => sdk_times.push(elapsed),
                Who::SdkSequential => seq_times.push(elapsed),
            }
        }
    }
    zoom.faults().remove(rule);
    let spread = |times: &[Duration]| {
        let ms: Vec<String> = times
            .iter()
            .map(|t| format!("{:.0}", t.as_secs_f64() * 1e3))
            .collect();
        ms.join(" / ")
    };
    let runs = (spread(&base_times), spread(&sdk_times), spread(&seq_times));
    let (base, sdk, seq) = (median(base_times), median(sdk_times), median(seq_times));

    println!();
    println!(
        "every listing request held {} ms by the fake: {pages} requests a listing; median of {DELAYED_RUNS} runs each, rotating",
        LATENCY.as_millis()
    );
    println!();
    println!("{:<40} {:>12} {:>24}", "", "median ms", "runs ms");
    println!(
        "{:<40} {:>12.1} {:>24}",
        "baseline reqwest + Value, sequential",
        base.as_secs_f64() * 1e3,
        runs.0
    );
    println!(
        "{:<40} {:>12.1} {:>24}",
        "SDK, default concurrency",
        sdk.as_secs_f64() * 1e3,
        runs.1
    );
    println!(
        "{:<40} {:>12.1} {:>24}",
        "SDK, .concurrency(1)",
        seq.as_secs_f64() * 1e3,
        runs.2
    );
    let speedup = base.as_secs_f64() / sdk.as_secs_f64();
    println!(
        "{:<40} {:>12.3}",
        "ratio SDK / baseline (time)",
        sdk.as_secs_f64() / base.as_secs_f64()
    );
    println!("{:<40} {:>12.2}x", "speedup baseline / SDK", speedup);
    if speedup < 3.0 {
        println!("below the 3x target");
    }
}
