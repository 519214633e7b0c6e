//! The recordings of many users as one stream:
//! `client.recordings_of_users(ids)`, the second half of an account-wide
//! crawl (the first being `client.account_users()`).
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use chrono::NaiveDate;
//! use futures::TryStreamExt;
//!
//! // Every user of the account, then each one's recordings of 2025.
//! let users: Vec<_> = client.account_users().users().try_collect().await?;
//! let ids = users.into_iter().filter_map(|user| user.id);
//! let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
//! let to = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
//! let mut meetings = client.recordings_of_users(ids).between(from, to).meetings();
//! while let Some(found) = meetings.try_next().await? {
//!     println!("{}: {:?}", found.user_id, found.meeting.topic);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;

use chrono::NaiveDate;
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};

use super::listings::check_order;
use super::walk::{self, Plan};
use super::{clamp_concurrency, windows, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::error::Error;
use crate::generated::builder;
use crate::types;
use crate::Client;

impl Client {
    /// Every cloud recording of each of these users (ids, emails or `me`),
    /// over any date range: [`Client::recordings`] for each user in turn,
    /// chained into one stream in the order given (a repeated id is listed
    /// once), with the windows of all the users sharing one bound of requests
    /// in flight (`.concurrency(n)`, default 4). Each meeting comes with the
    /// user id it was listed for; see `RecordingsOfUsers`.
    pub fn recordings_of_users<I, S>(&self, user_ids: I) -> RecordingsOfUsers<'_>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut seen = HashSet::new();
        let ids: Vec<String> = user_ids
            .into_iter()
            .map(Into::into)
            .filter(|id: &String| seen.insert(id.clone()))
            .collect();
        RecordingsOfUsers {
            client: self,
            user_ids: ids,
            range: None,
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// Many users' recordings, one user after the other in the order given.
///
/// The same as [`Client::recordings`] for each user in turn, chained: each
/// user's months in order, each meeting instance once per user (by UUID). The
/// windows of all the users share one limit of requests in flight (see
/// [`RecordingsOfUsers::concurrency`]), so the next users' first months are
/// fetched while the current user's are walked, and the order stays the same.
/// A repeated user id is listed once. An empty user id makes
/// [`RecordingsOfUsers::meetings`] fail with [`Error::InvalidRequest`] before
/// any request, as does a range that starts after it ends. The first request
/// that fails ends the stream with its error, in its place.
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct RecordingsOfUsers<'a> {
    client: &'a Client,
    user_ids: Vec<String>,
    range: Option<(NaiveDate, NaiveDate)>,
    page_size: i64,
    concurrency: usize,
}

/// One meeting of [`RecordingsOfUsers`], and whose listing it came from.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct UserMeeting {
    /// The user id as given to [`Client::recordings_of_users`].
    pub user_id: String,
    /// The meeting, as [`Client::recordings`] lists it.
    pub meeting: types::RecordingMeeting,
}

impl<'a> RecordingsOfUsers<'a> {
    /// Meetings that started from `from` to `to`, both days included (UTC).
    pub fn between(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many requests are in flight at once, over all the users, clamped
    /// to 1..=16 (default 4); the stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every meeting of every user, each instance once per user.
    pub fn meetings(self) -> BoxStream<'a, Result<UserMeeting, Error>> {
        let plan = Plan::grouped(self.client, self.requests(), self.page_size, self.concurrency);
        let user_ids = self.user_ids;
        walk::grouped_items(plan, None)
            .map_ok(move |(user, meeting)| UserMeeting {
                user_id: user_ids[user].clone(),
                meeting,
            })
            .boxed()
    }

    /// One request per user and month, each with the user's position.
    fn requests(&self) -> Result<Vec<(usize, builder::RecordingsList<'a>)>, Error> {
        if let Some(position) = self.user_ids.iter().position(String::is_empty) {
            return Err(Error::InvalidRequest(format!(
                "recordings_of_users: user id number {} (from 1) is empty",
                position + 1
            )));
        }
        let months = match self.range {
            Some((from, to)) => {
                check_order(from, to)?;
                Some(windows::calendar_months(from, to))
            }
            None => None,
        };
        let mut requests = Vec::new();
        for (user, id) in self.user_ids.iter().enumerate() {
            let base = self.client.recordings_list().user_id(id.clone());
            match &months {
                None => requests.push((user, base)),
                Some(months) => requests.extend(
                    months
                        .iter()
                        .map(|(start, end)| (user, base.clone().from(*start).to(*end))),
                ),
            }
        }
        Ok(requests)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::Client;

    fn client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .access_token("unused")
            .build()
            .unwrap()
    }

    #[test]
    fn one_request_per_user_and_month_users_in_order_repeats_dropped() {
        let client = client();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let listing = client
            .recordings_of_users(["b", "a", "b", "c"])
            .between(day(1, 20), day(3, 5));
        let requests = listing.requests().unwrap();
        let users: Vec<usize> = requests.iter().map(|(user, _)| *user).collect();
        assert_eq!(
            users,
            [0, 0, 0, 1, 1, 1, 2, 2, 2],
            "three months for each of b, a, c"
        );
        assert_eq!(listing.user_ids, ["b", "a", "c"]);
        let without_range = client.recordings_of_users(["x", "y"]).requests().unwrap();
        assert_eq!(without_range.len(), 2);
        assert!(client
            .recordings_of_users(Vec::<String>::new())
            .requests()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn an_empty_id_or_a_reversed_range_is_an_invalid_request() {
        let client = client();
        let error = client.recordings_of_users(["a", ""]).requests().unwrap_err();
        assert!(
            matches!(&error, crate::Error::InvalidRequest(m) if m.contains("number 2")),
            "{error:?}"
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let error = client
            .recordings_of_users(["a"])
            .between(day(9), day(2))
            .requests()
            .unwrap_err();
        assert!(matches!(&error, crate::Error::InvalidRequest(m) if m.contains("after it ends")));
    }
}
