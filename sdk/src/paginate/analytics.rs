//! A recording's analytics over any date range:
//! `client.recording_analytics(meeting)`.
//!
//! Zoom answers both analytics operations for at most one month per request,
//! so a range is split into calendar months (the first and last partial, the
//! same windows as `client.recordings(user)`). The details (one row per view
//! or download) follow `next_page_token` in each month; the summary (one row
//! per day) is one request per month. Several months are fetched at once
//! (`.concurrency(n)`), and both streams are what a walk of one month after
//! the other yields, in the same order.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use chrono::NaiveDate;
//! use futures::TryStreamExt;
//! use zoom_cloud_recording::types::AnalyticsDetailsType;
//! use zoom_cloud_recording::MeetingRef;
//!
//! let meeting = MeetingRef::uuid("/ajXp112QmuoKj4854875==");
//! let from = NaiveDate::from_ymd_opt(2025, 10, 15).unwrap();
//! let to = NaiveDate::from_ymd_opt(2026, 2, 10).unwrap();
//!
//! // Every download, five months walked month by month.
//! let downloads: Vec<_> = client
//!     .recording_analytics(&meeting)
//!     .between(from, to)
//!     .kind(AnalyticsDetailsType::ByDownload)
//!     .details()
//!     .try_collect()
//!     .await?;
//!
//! // Views and downloads per day, in date order.
//! let mut days = client.recording_analytics(&meeting).between(from, to).summary();
//! while let Some(day) = days.try_next().await? {
//!     println!("{:?}: {:?} views", day.date, day.views_total_count);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;
use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};

use super::listings::check_order;
use super::pacing::{self, Gate, Walker};
use super::walk::{self, end_at_error, failed, Plan};
use super::{clamp_concurrency, windows, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::error::Error;
use crate::generated::builder;
use crate::operation::Operation;
use crate::types;
use crate::Client;

impl Client {
    /// A recording's views and downloads over any date range; see
    /// [`RecordingAnalytics`]. `meeting` is anything the generated
    /// `analytics_details().meeting_id(..)` accepts: a
    /// [`MeetingRef`](crate::MeetingRef) (which applies Zoom's double-encoding
    /// rule for UUIDs), or the path value as a string.
    pub fn recording_analytics<M: TryInto<String>>(&self, meeting: M) -> RecordingAnalytics<'_> {
        let meeting = match meeting.try_into() {
            Ok(meeting) if meeting.is_empty() => Err("recording_analytics: the meeting id is empty"),
            Ok(meeting) => Ok(meeting),
            Err(_) => Err("recording_analytics: the meeting could not be turned into a meeting id"),
        };
        RecordingAnalytics {
            client: self,
            meeting,
            range: None,
            kind: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// A meeting's or webinar's recording analytics over any date range.
///
/// Without [`RecordingAnalytics::between`], Zoom's default applies (the
/// current date). A range that starts after it ends fails with
/// [`Error::InvalidRequest`] before any request, as does a meeting that is
/// empty or could not be converted.
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct RecordingAnalytics<'a> {
    client: &'a Client,
    /// The path value for `meetingId`, or why there is none.
    meeting: Result<String, &'static str>,
    range: Option<(NaiveDate, NaiveDate)>,
    kind: Option<types::AnalyticsDetailsType>,
    page_size: i64,
    concurrency: usize,
}

impl<'a> RecordingAnalytics<'a> {
    /// Views and downloads from `from` to `to`, both days included.
    pub fn between(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Which rows [`RecordingAnalytics::details`] lists: views (`by_view`) or
    /// downloads (`by_download`); Zoom's default when not set. The summary has
    /// both counts in each day and ignores this.
    pub fn kind(mut self, kind: types::AnalyticsDetailsType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Detail rows per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many months are fetched at once (details and summary), clamped to
    /// 1..=16 (default 4); the streams are the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every view or download row of every month, each once, in month order.
    ///
    /// The rows have no id. A month whose page token expired is walked again
    /// and the rows it already returned are recognised by their content and
    /// skipped, so a row recorded meanwhile is returned and none twice (see
    /// [`Page::item_key`](crate::Page::item_key)).
    pub fn details(self) -> BoxStream<'a, Result<types::RecordingAnalyticsDetail, Error>> {
        let plan = Plan::new(
            self.client,
            self.detail_requests(),
            self.page_size,
            self.concurrency,
        );
        walk::items(plan, None)
    }

    /// One row per day, in date order, each day once: one `analytics_summary`
    /// request per month, the days of each answer sorted by date (a day whose
    /// date Zoom sent empty or unparsable comes after the dated ones of its
    /// month, as sent). A failed request ends the stream with its error.
    pub fn summary(self) -> BoxStream<'a, Result<types::RecordingAnalyticsDay, Error>> {
        let requests = match self.summary_requests() {
            Ok(requests) => requests,
            Err(e) => return failed(e),
        };
        // One request per month, `concurrency` at once, answers in month order.
        let gate = Arc::new(Gate::default());
        let clock = Arc::clone(&self.client.inner.runtime.clock);
        let answers = stream::iter(requests)
            .map(move |request| pacing::paced(Walker::new(&gate), Arc::clone(&clock), request.call()))
            .buffered(self.concurrency)
            .boxed();
        let mut seen = HashSet::new();
        end_at_error(answers)
            .map_ok(move |answer| {
                let days = new_days_in_order(answer.analytics_summary, &mut seen);
                stream::iter(days.into_iter().map(Ok))
            })
            .try_flatten()
            .boxed()
    }

    /// The month windows of the range (none set: one request, Zoom's default).
    fn months(&self) -> Result<Option<Vec<(NaiveDate, NaiveDate)>>, Error> {
        let Some((from, to)) = self.range else {
            return Ok(None);
        };
        check_order(from, to)?;
        Ok(Some(windows::calendar_months(from, to)))
    }

    fn meeting(&self) -> Result<String, Error> {
        self.meeting
            .clone()
            .map_err(|why| Error::InvalidRequest(why.to_owned()))
    }

    fn detail_requests(&self) -> Result<Vec<builder::AnalyticsDetails<'a>>, Error> {
        let mut base = self.client.analytics_details().meeting_id(self.meeting()?);
        if let Some(kind) = self.kind {
            base = base.type_(kind);
        }
        Ok(match self.months()? {
            None => vec![base],
            Some(months) => months
                .into_iter()
                .map(|(start, end)| base.clone().from(start).to(end))
                .collect(),
        })
    }

    fn summary_requests(&self) -> Result<Vec<builder::AnalyticsSummary<'a>>, Error> {
        let base = self.client.analytics_summary().meeting_id(self.meeting()?);
        Ok(match self.months()? {
            None => vec![base],
            Some(months) => months
                .into_iter()
                .map(|(start, end)| base.clone().from(start).to(end))
                .collect(),
        })
    }
}

/// The days of one answer that no earlier answer had (by the date as sent),
/// sorted by date; days without a usable date last, in the order sent, and
/// never dropped.
fn new_days_in_order(
    days: Vec<types::RecordingAnalyticsDay>,
    seen: &mut HashSet<String>,
) -> Vec<types::RecordingAnalyticsDay> {
    let mut days: Vec<_> = days
        .into_iter()
        .filter(|day| match day.date.as_ref().filter(|d| !d.is_empty()) {
            Some(date) => seen.insert(date.as_str().to_owned()),
            None => true,
        })
        .collect();
    // Stable: equal keys (the undated days) keep Zoom's order.
    days.sort_by_key(|day| {
        let date = day.date.as_ref().and_then(|d| d.get());
        (date.is_none(), date)
    });
    days
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::json;

    use super::new_days_in_order;
    use crate::types::RecordingAnalyticsDay;

    fn days(value: serde_json::Value) -> Vec<RecordingAnalyticsDay> {
        serde_json::from_value(value).unwrap()
    }

    fn dates(days: &[RecordingAnalyticsDay]) -> Vec<&str> {
        days.iter()
            .map(|d| d.date.as_ref().map_or("<none>", |d| d.as_str()))
            .collect()
    }

    #[test]
    fn days_are_sorted_and_undated_ones_kept_last_in_order() {
        let mut seen = HashSet::new();
        let got = new_days_in_order(
            days(json!([
                {"date": "2026-02-03", "views_total_count": 1},
                {"date": "", "views_total_count": 7},
                {"date": "2026-02-01", "views_total_count": 2},
                {"views_total_count": 8},
                {"date": "2026-02-02"}
            ])),
            &mut seen,
        );
        assert_eq!(
            dates(&got),
            ["2026-02-01", "2026-02-02", "2026-02-03", "", "<none>"]
        );
        let undated: Vec<_> = got[3..]
            .iter()
            .map(|d| d.views_total_count.map(|n| n.get()))
            .collect();
        assert_eq!(undated, [Some(7), Some(8)], "in the order Zoom sent them");
    }

    #[test]
    fn a_day_already_returned_by_an_earlier_month_is_dropped() {
        let mut seen = HashSet::new();
        new_days_in_order(days(json!([{"date": "2026-01-31"}])), &mut seen);
        let got = new_days_in_order(
            days(json!([{"date": "2026-01-31"}, {"date": "2026-02-01"}, {"date": ""}])),
            &mut seen,
        );
        assert_eq!(dates(&got), ["2026-02-01", ""]);
    }
}
