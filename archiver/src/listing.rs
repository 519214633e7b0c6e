//! Listing a user's meetings one calendar month at a time (Zoom's limit for
//! `from`/`to`), so that a failure is reported with the user and the window
//! it cut short, and the windows that worked still count.

use chrono::NaiveDate;
use futures::stream::{self, StreamExt, TryStreamExt};
use zoom_cloud_recording::Client;
use zoom_cloud_recording::types::RecordingMeeting;

use crate::users::Target;

/// A window of days, both ends included (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

/// `from..=to` cut at month ends (the SDK's windows); empty when `from > to`.
pub fn month_windows(from: NaiveDate, to: NaiveDate) -> Vec<Window> {
    zoom_cloud_recording::calendar_months(from, to)
        .into_iter()
        .map(|(from, to)| Window { from, to })
        .collect()
}

/// What listing one user found.
#[derive(Debug, Default)]
pub struct UserListing {
    /// Each meeting instance once, in start order.
    pub meetings: Vec<RecordingMeeting>,
    /// Windows that failed, with the error.
    pub failed: Vec<(Window, zoom_cloud_recording::Error)>,
}

/// Lists `user` over every window, `concurrency` windows at once.
pub async fn list_user(
    client: &Client,
    user: &Target,
    windows: &[Window],
    concurrency: usize,
) -> UserListing {
    let answers: Vec<_> = stream::iter(windows.iter().copied())
        .map(|window| async move {
            let found = client
                .recordings(user.selector.clone())
                .between(window.from, window.to)
                .meetings()
                .try_collect::<Vec<_>>()
                .await;
            (window, found)
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    let mut listing = UserListing::default();
    let mut seen = std::collections::HashSet::new();
    for (window, found) in answers {
        match found {
            Ok(meetings) => {
                for meeting in meetings {
                    let key = meeting.uuid.clone().unwrap_or_default();
                    if key.is_empty() || seen.insert(key) {
                        listing.meetings.push(meeting);
                    }
                }
            }
            Err(error) => listing.failed.push((window, error)),
        }
    }
    listing
        .meetings
        .sort_by_key(|m| (m.start_time.as_ref().and_then(|t| t.get()), m.uuid.clone()));
    listing
}

#[cfg(test)]
mod tests {
    use super::{Window, month_windows};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn windows_cover_every_day_once_and_stop_at_month_ends() {
        let windows = month_windows(day(2025, 11, 15), day(2026, 2, 3));
        assert_eq!(
            windows,
            vec![
                Window {
                    from: day(2025, 11, 15),
                    to: day(2025, 11, 30)
                },
                Window {
                    from: day(2025, 12, 1),
                    to: day(2025, 12, 31)
                },
                Window {
                    from: day(2026, 1, 1),
                    to: day(2026, 1, 31)
                },
                Window {
                    from: day(2026, 2, 1),
                    to: day(2026, 2, 3)
                },
            ]
        );
        let days: i64 = windows.iter().map(|w| (w.to - w.from).num_days() + 1).sum();
        assert_eq!(days, (day(2026, 2, 3) - day(2025, 11, 15)).num_days() + 1);
        assert!(month_windows(day(2026, 1, 2), day(2026, 1, 1)).is_empty());
        assert_eq!(month_windows(day(2024, 2, 29), day(2024, 2, 29)).len(), 1);
    }
}
