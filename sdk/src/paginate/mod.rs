//! Listings as streams: every paginated operation follows `next_page_token`
//! for you ([`Paginate`]), and the date-bounded listings walk any range in the
//! windows Zoom accepts (`Client::recordings`, `Client::account_recordings`,
//! `Client::archived_files`, `Client::recording_analytics`,
//! `Client::meeting_summaries`). `Client::account_users` lists the users of
//! several statuses as one stream, and `Client::recordings_of_users` the
//! recordings of many users.
//!
//! Those listings fetch several windows (months, statuses, users) at once,
//! [`DEFAULT_CONCURRENCY`] requests at a time unless told otherwise with
//! `.concurrency(n)` on the listing, and still yield exactly what walking the
//! windows one after the other yields, in the same order: window order, then
//! page order, each item once. Against Zoom a request takes a few hundred
//! milliseconds, so a listing of many windows is bound by that latency, not
//! by the work: walking several months at once lists a year in a fraction of
//! the time. Memory stays bounded (at most `concurrency` requests in flight,
//! and at most twice as many pages fetched ahead of the caller). When one of
//! those requests is told to slow down (a per-second 429), the other windows
//! of the listing wait with it.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use futures::TryStreamExt;
//! use zoom_cloud_recording::Paginate;
//!
//! // Every registrant, 300 per request, across all pages.
//! let registrants: Vec<_> =
//!     client.meeting_recording_registrants().meeting_id(85746065432_i64).paginate().items().try_collect().await?;
//!
//! // Every deactivated user of the account.
//! let inactive: Vec<_> = client
//!     .users()
//!     .status(zoom_cloud_recording::types::UsersStatus::Inactive)
//!     .paginate()
//!     .items()
//!     .try_collect()
//!     .await?;
//! # Ok(())
//! # }
//! ```

mod analytics;
mod engine;
mod listings;
mod pacing;
mod page;
mod replay;
mod summaries;
mod users;
mod users_recordings;
mod walk;
mod windows;
pub use windows::calendar_months;

use futures_util::stream::BoxStream;

pub use analytics::RecordingAnalytics;
pub use listings::{AccountRecordings, ArchivedFiles, TrashKind, UserRecordings};
pub use page::Page;
pub use summaries::MeetingSummaries;
pub use users::AccountUsers;
pub use users_recordings::{RecordingsOfUsers, UserMeeting};

pub(crate) use pacing::note_rate_limit_wait;

use crate::error::Error;
use crate::generated::builder;
use crate::operation::Operation;
use crate::types;

/// The largest `page_size` Zoom accepts, and the one listings use by default.
pub const MAX_PAGE_SIZE: i64 = 300;

/// How many requests a listing over several windows has in flight at once
/// unless its `.concurrency(n)` says otherwise.
///
/// Four keeps a listing well under Zoom's per-second limit for these (Medium)
/// operations, 20 requests a second on Pro accounts, at Zoom's usual latency
/// of a few hundred milliseconds a request, while listing a year of months
/// several times as fast as one request at a time.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The most requests a listing has in flight at once; `.concurrency(n)` is
/// clamped to `1..=MAX_CONCURRENCY`.
pub const MAX_CONCURRENCY: usize = 16;

/// `concurrency` clamped to `1..=MAX_CONCURRENCY`.
pub(crate) fn clamp_concurrency(concurrency: usize) -> usize {
    concurrency.clamp(1, MAX_CONCURRENCY)
}

/// A generated list operation that pages with `next_page_token`.
///
/// Implemented for the builders of `recordingsList`,
/// `getAccountCloudRecording`, `listArchivedFiles`,
/// `meetingRecordingRegistrants`, `analytics_details`,
/// `Listmeetingsummaries` and `users`. Set the operation's other parameters on the
/// builder, then call [`Paginate::paginate`].
pub trait Paginate<'a>: Operation<'a, Output = Self::Page> + Clone + Sync + Unpin {
    /// The page type the operation returns.
    type Page: Page + Send + Unpin + 'a;

    /// This request for the page after `token` (the first page for `None`).
    #[doc(hidden)]
    fn page_request(self, token: Option<String>, page_size: i64) -> Self;

    /// Streams over this listing, [`MAX_PAGE_SIZE`] items per request.
    fn paginate(self) -> Paginator<Self> {
        Paginator {
            request: self,
            page_size: MAX_PAGE_SIZE,
        }
    }
}

/// The streams of one listing; made by [`Paginate::paginate`].
#[derive(Clone, Debug)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<B> {
    request: B,
    page_size: i64,
}

impl<'a, B: Paginate<'a>> Paginator<B>
where
    <B::Page as Page>::Item: Send,
{
    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// Every item of every page, each once. If a page token expires midway
    /// the listing starts over and skips what it already returned (by key, or
    /// by content for items without one; see [`Page::item_key`]).
    pub fn items(self) -> BoxStream<'a, Result<<B::Page as Page>::Item, Error>> {
        walk::items(
            walk::Plan::sequential(Ok(vec![self.request]), self.page_size),
            None,
        )
    }

    /// Every page as Zoom sent it.
    pub fn pages(self) -> BoxStream<'a, Result<B::Page, Error>> {
        walk::pages(walk::Plan::sequential(Ok(vec![self.request]), self.page_size))
    }
}

macro_rules! paginate {
    ($($builder:ident => $page:ty;)+) => {$(
        impl<'a> Paginate<'a> for builder::$builder<'a> {
            type Page = $page;

            fn page_request(self, token: Option<String>, page_size: i64) -> Self {
                let request = self.page_size(page_size);
                match token {
                    Some(token) => request.next_page_token(token),
                    None => request,
                }
            }
        }
    )+};
}

paginate! {
    RecordingsList => types::RecordingList;
    GetAccountCloudRecording => types::AccountRecordingList;
    ListArchivedFiles => types::ArchivedFileList;
    MeetingRecordingRegistrants => types::RecordingRegistrantList;
    AnalyticsDetails => types::RecordingAnalyticsDetails;
    Listmeetingsummaries => types::MeetingSummaryList;
    Users => types::UserList;
}
