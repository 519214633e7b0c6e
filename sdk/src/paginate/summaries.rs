//! The account's AI Companion meeting summaries over any range:
//! `client.meeting_summaries()`.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use chrono::{TimeZone, Utc};
//! use futures::TryStreamExt;
//!
//! let from = Utc.with_ymd_and_hms(2025, 11, 1, 0, 0, 0).unwrap();
//! let to = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
//! let mut summaries = client.meeting_summaries().between(from, to).summaries();
//! while let Some(summary) = summaries.try_next().await? {
//!     println!("{:?} {:?}", summary.meeting_uuid, summary.meeting_topic);
//! }
//! # Ok(())
//! # }
//! ```

use chrono::{DateTime, Utc};
use futures_util::stream::BoxStream;

use super::listings::check_order;
use super::walk::{self, Plan};
use super::{clamp_concurrency, windows, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::error::Error;
use crate::generated::builder;
use crate::types;
use crate::Client;

impl Client {
    /// Every meeting summary of the account over any range; see [`MeetingSummaries`].
    pub fn meeting_summaries(&self) -> MeetingSummaries<'_> {
        MeetingSummaries {
            client: self,
            range: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// The account's meeting summaries, by when each summary was created.
///
/// Zoom documents no range limit for this listing. It is walked in calendar
/// months (UTC) anyway, the bound Zoom documents for the recording and
/// analytics listings: should Zoom cap a request's range without saying so
/// (as it silently clamps user recordings to a month), a wider request would
/// come back truncated with nothing to tell, while a month per request stays
/// within that bound. Neighbouring windows share their edge instant; a meeting
/// (by `meeting_uuid`) listed by both is returned once. Without
/// [`MeetingSummaries::between`], Zoom's default range applies.
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct MeetingSummaries<'a> {
    client: &'a Client,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    page_size: i64,
    concurrency: usize,
}

impl<'a> MeetingSummaries<'a> {
    /// Summaries created from `from` to `to` (UTC); walked in calendar months.
    pub fn between(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many months are fetched at once, clamped to 1..=16 (default 4); the
    /// stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every summary, each meeting UUID once, in window order.
    pub fn summaries(self) -> BoxStream<'a, Result<types::MeetingSummaryListItem, Error>> {
        walk::items(self.plan(), None)
    }

    /// Every page of every window, as Zoom sent it (a meeting listed by two
    /// windows appears in both).
    pub fn pages(self) -> BoxStream<'a, Result<types::MeetingSummaryList, Error>> {
        walk::pages(self.plan())
    }

    fn plan(&self) -> Plan<builder::Listmeetingsummaries<'a>> {
        Plan::new(self.client, self.requests(), self.page_size, self.concurrency)
    }

    fn requests(&self) -> Result<Vec<builder::Listmeetingsummaries<'a>>, Error> {
        let base = self.client.listmeetingsummaries();
        let Some((from, to)) = self.range else {
            return Ok(vec![base]);
        };
        check_order(from, to)?;
        Ok(windows::calendar_months_utc(from, to)
            .into_iter()
            .map(|(start, end)| base.clone().from(start).to(end))
            .collect())
    }
}
