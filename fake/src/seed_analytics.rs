//! Who watched or downloaded a meeting's recording, and when: derived on
//! demand from the seed and the meeting's UUID (nothing is stored), between the
//! meeting's end and [`Config::now`](crate::Config::now), most of them in the
//! first days.

use chrono::{DateTime, Duration, Utc};

use crate::info::UserStatus;
use crate::info_aic::{AnalyticsEvent, AnalyticsKind};
use crate::model::{Meeting, User};
use crate::rng::{Rng, hash_str};

const OUTSIDERS: &[(&str, &str)] = &[
    ("Riley Viewer", "riley.viewer@example.org"),
    ("Morgan Guest", "morgan.guest@example.net"),
    ("Quinn Partner", "quinn@partner.example"),
    ("Taylor Client", "taylor.client@example.org"),
];

/// The views and downloads of `m`'s recording, oldest first.
pub(crate) fn events(seed: u64, now: DateTime<Utc>, users: &[User], m: &Meeting) -> Vec<AnalyticsEvent> {
    let end = m.start + Duration::minutes(m.duration as i64);
    let span = (now - end).num_seconds();
    // Nobody views a recording that is still processing.
    if span <= 0 || m.files.iter().any(|f| f.processing) {
        return Vec::new();
    }
    let mut rng = Rng::new(hash_str(seed, &m.uuid), 9);
    let viewers: Vec<&User> = users.iter().filter(|u| u.status != UserStatus::Pending).collect();
    let views = rng.range(0, 30);
    let downloads = rng.range(0, 8);
    let mut out: Vec<AnalyticsEvent> = (0..views + downloads)
        .map(|i| {
            let kind = if i < views {
                AnalyticsKind::View
            } else {
                AnalyticsKind::Download
            };
            // Squared: most views come soon after the meeting.
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let date_time = end + Duration::seconds((span as f64 * u * u) as i64);
            let (name, email) = if rng.chance(0.6) && !viewers.is_empty() {
                let user = rng.pick(&viewers);
                (user.display_name(), user.email.clone())
            } else {
                let (name, email) = rng.pick(OUTSIDERS);
                (name.to_owned(), email.to_owned())
            };
            let duration = match kind {
                AnalyticsKind::View => rng.range(10, (m.duration * 60).max(10)),
                AnalyticsKind::Download => 0,
            };
            AnalyticsEvent {
                kind,
                date_time,
                name,
                email,
                duration,
            }
        })
        .collect();
    out.sort_by_key(|e| e.date_time);
    out
}
