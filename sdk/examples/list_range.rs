//! Lists every recorded meeting of a date range, month window by month window
//! (Zoom's limit), each meeting instance once.
//!
//! ```sh
//! cargo run -p zoom-cloud-recording --example list_range               # the last 30 days
//! cargo run -p zoom-cloud-recording --example list_range 2025-01-01 2025-12-31
//! ```
//!
//! With `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET` set it lists
//! your account's `me` user; without them, a fake Zoom started in-process.

mod common;

use chrono::{Days, NaiveDate};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let zoom = common::connect().await?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (from, to) = match args.as_slice() {
        [] => (zoom.today - Days::new(30), zoom.today),
        [from, to] => (from.parse::<NaiveDate>()?, to.parse::<NaiveDate>()?),
        _ => return Err("usage: list_range [FROM TO] (dates as YYYY-MM-DD)".into()),
    };

    // A stream over the whole range: the SDK splits it into months, follows
    // every page token and drops a meeting a second window lists again.
    let mut meetings = zoom.client.recordings("me").between(from, to).meetings();
    let (mut count, mut bytes) = (0, 0);
    while let Some(meeting) = meetings.try_next().await? {
        let size = meeting.total_size.as_deref().copied().unwrap_or(0);
        let start = meeting.start_time.as_ref().map_or("?", |t| t.as_str());
        println!(
            "{start}  {}  {} files  {size} bytes  {}",
            meeting.uuid.as_deref().unwrap_or("?"),
            meeting.recording_files.len(),
            meeting.topic.as_deref().unwrap_or(""),
        );
        count += 1;
        bytes += size;
    }
    println!("{count} meetings, {bytes} bytes, {from} to {to}");
    Ok(())
}
