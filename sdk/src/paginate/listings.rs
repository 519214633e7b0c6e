//! Date-bounded listings over any range: `client.recordings(user)`,
//! `client.account_recordings(account)` and `client.archived_files()`. Each
//! fetches several of its windows at once (`.concurrency(n)`) and yields the
//! same stream as a walk of one window after the other.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream::BoxStream;

use super::walk::{self, Keep, Plan};
use super::{clamp_concurrency, windows, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::error::Error;
use crate::generated::builder;
use crate::types;
use crate::Client;

/// Which trash listing to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrashKind {
    /// Meetings whose recordings were trashed (`trash_type=meeting_recordings`).
    MeetingRecordings,
    /// Meetings with single trashed files (`trash_type=recording_file`).
    RecordingFiles,
}

impl TrashKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::MeetingRecordings => "meeting_recordings",
            Self::RecordingFiles => "recording_file",
        }
    }
}

impl Client {
    /// Every cloud recording of a user (an id, an email, or `me`), over any
    /// date range; see [`UserRecordings`].
    pub fn recordings(&self, user_id: impl Into<String>) -> UserRecordings<'_> {
        UserRecordings {
            client: self,
            user_id: user_id.into(),
            range: None,
            trash: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// Every cloud recording of an account over any range; see [`AccountRecordings`].
    pub fn account_recordings(&self, account_id: impl Into<String>) -> AccountRecordings<'_> {
        AccountRecordings {
            client: self,
            account_id: account_id.into(),
            range: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    /// Every archived meeting over any range; see [`ArchivedFiles`].
    pub fn archived_files(&self) -> ArchivedFiles<'_> {
        ArchivedFiles {
            client: self,
            range: None,
            query_date_type: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// A user's recordings over any date range.
///
/// Zoom answers at most one month per request and silently clamps wider
/// ranges, so [`UserRecordings::between`] splits the range into calendar
/// months (the first and last partial) and walks each, following
/// `next_page_token`. A meeting instance (by UUID) is returned once even if
/// two windows list it, and a window whose page token expired is walked again
/// without returning anything twice. Without a range, Zoom's default applies
/// (from today to tomorrow).
///
/// Several months are fetched at once (see [`UserRecordings::concurrency`]);
/// the meetings still come in month order, then in the order Zoom lists them,
/// exactly as if the months were walked one after the other.
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct UserRecordings<'a> {
    client: &'a Client,
    user_id: String,
    range: Option<(NaiveDate, NaiveDate)>,
    trash: Option<TrashKind>,
    page_size: i64,
    concurrency: usize,
}

impl<'a> UserRecordings<'a> {
    /// Meetings that started from `from` to `to`, both days included (UTC).
    pub fn between(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Lists the trash instead. Zoom cannot filter the trash by date, so the
    /// whole trash is read in one listing and a range set with
    /// [`UserRecordings::between`] is applied to each meeting's start time on
    /// the client (a meeting whose start time is unknown is kept).
    pub fn trash(mut self, kind: TrashKind) -> Self {
        self.trash = Some(kind);
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many windows are fetched at once, clamped to 1..=16 (default 4);
    /// 1 walks one window after the other. The stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every recording meeting, each instance once.
    pub fn meetings(self) -> BoxStream<'a, Result<types::RecordingMeeting, Error>> {
        let keep = self.trash_filter();
        walk::items(self.plan(), keep)
    }

    /// Every page of every window, as Zoom sent it (a meeting listed by two
    /// windows appears in both).
    pub fn pages(self) -> BoxStream<'a, Result<types::RecordingList, Error>> {
        walk::pages(self.plan())
    }

    fn plan(&self) -> Plan<builder::RecordingsList<'a>> {
        Plan::new(self.client, self.requests(), self.page_size, self.concurrency)
    }

    /// One request per window.
    fn requests(&self) -> Result<Vec<builder::RecordingsList<'a>>, Error> {
        let base = self.client.recordings_list().user_id(self.user_id.clone());
        if let Some(kind) = self.trash {
            return Ok(vec![base.trash(true).trash_type(kind.as_str())]);
        }
        let Some((from, to)) = self.range else {
            return Ok(vec![base]);
        };
        check_order(from, to)?;
        Ok(windows::calendar_months(from, to)
            .into_iter()
            .map(|(start, end)| base.clone().from(start).to(end))
            .collect())
    }

    fn trash_filter(&self) -> Option<Keep<types::RecordingMeeting>> {
        let (from, to) = self.range.filter(|_| self.trash.is_some())?;
        Some(Arc::new(move |meeting: &types::RecordingMeeting| {
            match meeting.start_time.as_ref().and_then(|t| t.get()) {
                Some(start) => (from..=to).contains(&start.date_naive()),
                None => true,
            }
        }))
    }
}

/// An account's recordings over any range (Zoom: one month per request).
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct AccountRecordings<'a> {
    client: &'a Client,
    account_id: String,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    page_size: i64,
    concurrency: usize,
}

impl<'a> AccountRecordings<'a> {
    /// Meetings from `from` to `to`; walked in calendar months (UTC).
    pub fn between(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many windows are fetched at once, clamped to 1..=16 (default 4);
    /// 1 walks one window after the other. The stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every meeting, each instance once.
    pub fn meetings(self) -> BoxStream<'a, Result<types::AccountRecordingMeeting, Error>> {
        walk::items(self.plan(), None)
    }

    /// Every page of every window, as Zoom sent it.
    pub fn pages(self) -> BoxStream<'a, Result<types::AccountRecordingList, Error>> {
        walk::pages(self.plan())
    }

    fn plan(&self) -> Plan<builder::GetAccountCloudRecording<'a>> {
        Plan::new(self.client, self.requests(), self.page_size, self.concurrency)
    }

    fn requests(&self) -> Result<Vec<builder::GetAccountCloudRecording<'a>>, Error> {
        let base = self
            .client
            .get_account_cloud_recording()
            .account_id(self.account_id.clone());
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

/// Archived meetings over any range (Zoom: 7 days per request).
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct ArchivedFiles<'a> {
    client: &'a Client,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    query_date_type: Option<types::ListArchivedFilesQueryDateType>,
    page_size: i64,
    concurrency: usize,
}

/// Zoom's limit for one archived-files request.
const ARCHIVE_WINDOW_DAYS: i64 = 7;

impl<'a> ArchivedFiles<'a> {
    /// Meetings from `from` to `to`; walked in 7-day windows.
    pub fn between(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Whether the range applies to the meeting start (default) or to when
    /// archiving completed.
    pub fn query_date_type(mut self, date_type: types::ListArchivedFilesQueryDateType) -> Self {
        self.query_date_type = Some(date_type);
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many windows are fetched at once, clamped to 1..=16 (default 4);
    /// 1 walks one window after the other. The stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every archived meeting, each instance once.
    pub fn meetings(self) -> BoxStream<'a, Result<types::ArchivedMeeting, Error>> {
        walk::items(self.plan(), None)
    }

    /// Every page of every window, as Zoom sent it.
    pub fn pages(self) -> BoxStream<'a, Result<types::ArchivedFileList, Error>> {
        walk::pages(self.plan())
    }

    fn plan(&self) -> Plan<builder::ListArchivedFiles<'a>> {
        Plan::new(self.client, self.requests(), self.page_size, self.concurrency)
    }

    fn requests(&self) -> Result<Vec<builder::ListArchivedFiles<'a>>, Error> {
        let mut base = self.client.list_archived_files();
        if let Some(date_type) = self.query_date_type {
            base = base.query_date_type(date_type);
        }
        let Some((from, to)) = self.range else {
            return Ok(vec![base]);
        };
        check_order(from, to)?;
        Ok(windows::spans(from, to, ARCHIVE_WINDOW_DAYS)
            .into_iter()
            .map(|(start, end)| base.clone().from(start).to(end))
            .collect())
    }
}

/// `Error::InvalidRequest` naming the range when it starts after it ends.
pub(super) fn check_order<T: PartialOrd + std::fmt::Debug>(from: T, to: T) -> Result<(), Error> {
    if from > to {
        return Err(Error::InvalidRequest(format!(
            "the range starts ({from:?}) after it ends ({to:?})"
        )));
    }
    Ok(())
}
