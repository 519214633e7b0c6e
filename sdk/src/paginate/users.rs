//! Every user of the account, over several user statuses:
//! `client.account_users()`, where an account-wide recording crawl starts.
//!
//! Zoom's `GET /users` lists one status per request (`active` when none is
//! given). For one status, page the generated operation itself:
//! `client.users().status(UsersStatus::Inactive).paginate().items()`.
//! [`AccountUsers`] walks several statuses (several at once, yielding them in
//! the order given), active and inactive by default: deactivated users keep their cloud recordings, while
//! pending users (invited, not yet accepted) have never recorded anything.
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use futures::TryStreamExt;
//! use zoom_cloud_recording::types::UsersStatus;
//!
//! // Active users first, then deactivated ones; each user once (by id).
//! let mut users = client.account_users().users();
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?} {:?}", user.id, user.email);
//! }
//!
//! // Only the deactivated users.
//! let inactive: Vec<_> =
//!     client.account_users().statuses([UsersStatus::Inactive]).users().try_collect().await?;
//! # Ok(())
//! # }
//! ```

use futures_util::stream::BoxStream;

use super::walk::{self, Plan};
use super::{clamp_concurrency, DEFAULT_CONCURRENCY, MAX_PAGE_SIZE};
use crate::error::Error;
use crate::generated::builder;
use crate::types::{self, UsersStatus};
use crate::Client;

/// The statuses [`AccountUsers`] lists unless told otherwise.
const DEFAULT_STATUSES: [UsersStatus; 2] = [UsersStatus::Active, UsersStatus::Inactive];

impl Client {
    /// Every user of the account, active and inactive by default; see [`AccountUsers`].
    pub fn account_users(&self) -> AccountUsers<'_> {
        AccountUsers {
            client: self,
            statuses: DEFAULT_STATUSES.to_vec(),
            page_size: MAX_PAGE_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// The account's users over one or more statuses, one stream.
///
/// Each status is listed in full (following `next_page_token`) before the
/// next, in the order given; the statuses are fetched at once (see
/// [`AccountUsers::concurrency`]) without changing that order. A user is
/// returned once, by id, even if two listings show it (a user deactivated
/// while the walk runs). A failure of any request ends the stream with that
/// [`Error`] in its place; the stream is never silently shorter than what
/// Zoom listed.
///
/// ```no_run
/// # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
/// use futures::TryStreamExt;
/// use zoom_cloud_recording::types::UsersStatus;
///
/// let everyone: Vec<_> = client
///     .account_users()
///     .statuses([UsersStatus::Active, UsersStatus::Inactive, UsersStatus::Pending])
///     .users()
///     .try_collect()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a listing does nothing until its stream is polled"]
pub struct AccountUsers<'a> {
    client: &'a Client,
    statuses: Vec<UsersStatus>,
    page_size: i64,
    concurrency: usize,
}

impl<'a> AccountUsers<'a> {
    /// The statuses to list, in this order (a repeated status is listed once).
    /// An empty list makes [`AccountUsers::users`] fail with
    /// [`Error::InvalidRequest`].
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = UsersStatus>) -> Self {
        self.statuses.clear();
        for status in statuses {
            if !self.statuses.contains(&status) {
                self.statuses.push(status);
            }
        }
        self
    }

    /// Items per request, clamped to 1..=300 (default 300).
    pub fn page_size(mut self, page_size: i64) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// How many statuses are fetched at once, clamped to 1..=16 (default 4);
    /// the stream is the same either way.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = clamp_concurrency(concurrency);
        self
    }

    /// Every user of every listed status, each once.
    pub fn users(self) -> BoxStream<'a, Result<types::User, Error>> {
        let plan = Plan::new(self.client, self.requests(), self.page_size, self.concurrency);
        walk::items(plan, None)
    }

    /// One request per status.
    fn requests(&self) -> Result<Vec<builder::Users<'a>>, Error> {
        if self.statuses.is_empty() {
            return Err(Error::InvalidRequest(
                "account_users: no user status to list; give `statuses` at least one".to_owned(),
            ));
        }
        Ok(self
            .statuses
            .iter()
            .map(|status| self.client.users().status(*status))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::UsersStatus;
    use crate::Client;

    fn client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .access_token("unused")
            .build()
            .unwrap()
    }

    #[test]
    fn statuses_default_to_active_then_inactive_and_repeats_are_dropped() {
        let client = client();
        assert_eq!(
            client.account_users().statuses,
            [UsersStatus::Active, UsersStatus::Inactive]
        );
        let chosen = client.account_users().statuses([
            UsersStatus::Pending,
            UsersStatus::Active,
            UsersStatus::Pending,
        ]);
        assert_eq!(chosen.statuses, [UsersStatus::Pending, UsersStatus::Active]);
        assert_eq!(chosen.requests().unwrap().len(), 2);
    }

    #[test]
    fn no_status_is_an_invalid_request() {
        let client = client();
        let error = client
            .account_users()
            .statuses([])
            .requests()
            .expect_err("nothing to list");
        assert!(
            matches!(&error, crate::Error::InvalidRequest(m) if m.contains("statuses")),
            "{error:?}"
        );
    }
}
