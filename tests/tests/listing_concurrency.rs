//! Listings that fetch several windows at once (`.concurrency(n)`), over
//! loopback HTTP: the stream is exactly the one-window-after-the-other stream
//! (order, each item once, errors in their place, expired page tokens
//! recovered), the number of requests in flight is bounded (counted by the
//! server), and a per-second 429 in one window pauses the others (seen in the
//! client clock's recorded sleeps and the order of requests, never in wall
//! time).
//!
//! - `order`: the fake Zoom, several seeds, page sizes and concurrencies;
//!   scripted page layouts answered in shuffled order
//! - `in_flight`: at most N requests at once, and N reached
//! - `rate_limits`: the listing's windows back off together
//! - `failures`: an error in its place and nothing after it; page tokens
//!   expiring mid-listing
//!
//! `server` is a scripted loopback server whose handler can hold a request
//! (wiremock cannot), and counts the requests it is working on.

mod common;

#[path = "listing_concurrency/failures.rs"]
mod failures;
#[path = "listing_concurrency/in_flight.rs"]
mod in_flight;
#[path = "listing_concurrency/order.rs"]
mod order;
#[path = "listing_concurrency/rate_limits.rs"]
mod rate_limits;
#[path = "listing_concurrency/server.rs"]
mod server;

use chrono::NaiveDate;
use serde_json::{Value, json};
use zoom_cloud_recording::{Client, Clock, RetryPolicy};

use server::{Reply, Seen};

/// 2025-01-01 to 2025-12-31: twelve month windows.
pub fn year() -> (NaiveDate, NaiveDate) {
    (day(2025, 1, 1), day(2025, 12, 31))
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A client of `base_url` with a static token, `clock`, and retries that wait
/// exactly what the policy computes (on `clock`).
pub fn client(base_url: &str, clock: impl Clock) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_token(common::TOKEN)
        .clock(clock)
        .retry_policy(RetryPolicy::default().without_jitter().max_attempts(3))
        .build()
        .expect("client builds")
}

/// The month (0-based, of 2025) a user-recordings request asks for, from its `from`.
pub fn month_of(seen: &Seen) -> usize {
    let from = seen.param("from").expect("a date window");
    let month: usize = from[5..7].parse().expect("YYYY-MM-DD");
    month - 1
}

/// The page a request asks for: 0 without a token, k for token `p<k>`.
pub fn page_of(seen: &Seen) -> usize {
    seen.param("next_page_token").map_or(0, |token| {
        token.trim_start_matches('p').parse().expect("a test token")
    })
}

/// The UUIDs on page `page` of window `window` when every window has
/// `per_page` meetings per page.
pub fn uuids_of(window: usize, page: usize, per_page: usize) -> Vec<String> {
    (0..per_page).map(|i| format!("w{window}-p{page}-m{i}")).collect()
}

/// A `recordingsList` page of these meetings; `next` continues it.
pub fn recordings_page(uuids: &[String], next: Option<usize>) -> Reply {
    let meetings: Vec<Value> = uuids
        .iter()
        .map(|uuid| {
            json!({"uuid": uuid, "id": 85746065432_i64, "topic": format!("Meeting {uuid}"),
                   "start_time": "2025-01-31T23:30:00Z", "recording_files": []})
        })
        .collect();
    Reply::json(json!({
        "page_size": 300,
        "total_records": meetings.len(),
        "next_page_token": next.map_or(String::new(), |k| format!("p{k}")),
        "meetings": meetings,
    }))
}

/// Page `page` of a window with `pages` pages, `per_page` meetings each.
pub fn layout_page(window: usize, page: usize, pages: usize, per_page: usize) -> Reply {
    let next = (page + 1 < pages).then_some(page + 1);
    recordings_page(&uuids_of(window, page, per_page), next)
}

/// Every UUID of `pages[w]` pages per window, in window then page order.
pub fn layout_uuids(pages: &[usize], per_page: usize) -> Vec<String> {
    let mut all = Vec::new();
    for (window, &count) in pages.iter().enumerate() {
        for page in 0..count {
            all.extend(uuids_of(window, page, per_page));
        }
    }
    all
}

/// The UUIDs of a list of meetings.
pub fn uuids(meetings: &[zoom_cloud_recording::types::RecordingMeeting]) -> Vec<String> {
    meetings
        .iter()
        .map(|m| m.uuid.clone().unwrap_or_default())
        .collect()
}
