//! The 12 operations of issue 10 (Zoom's API as it is today), called over real
//! HTTP on 127.0.0.1. As in `operations.rs`, a mock answers only when the
//! method, the raw (still percent-encoded) path, the exact query, the body and
//! the SDK's headers all match, and each mock must be hit exactly once; the
//! decoded value is then checked field by field.
//!
//! - `analytics`: `analytics_details`, `analytics_summary`
//! - `transcripts`: `get_meeting_transcript`, `delete_meeting_transcript`
//! - `archive`: `get_archived_file_statistics`, `update_archived_file`,
//!   `get_archived_files`, `delete_archived_files`
//! - `summaries`: `listmeetingsummaries`, `getameetingsummary`,
//!   `deletemeetingorwebinarsummary`
//! - `users`: `users` (Zoom's Users API)
//! - `errors`: for each of them, Zoom's documented error body becomes
//!   `Error::Api` with the right `ZoomCode`, under the right operation name.

mod common;

#[path = "operations_today/analytics.rs"]
mod analytics;
#[path = "operations_today/archive.rs"]
mod archive;
#[path = "operations_today/errors.rs"]
mod errors;
#[path = "operations_today/summaries.rs"]
mod summaries;
#[path = "operations_today/transcripts.rs"]
mod transcripts;
#[path = "operations_today/users.rs"]
mod users;

use chrono::{DateTime, NaiveDate, Utc};
use zoom_cloud_recording::MeetingRef;

/// Zoom's documented example UUID: it begins with `/`, so it goes into the path encoded twice.
pub const LEADING_SLASH_UUID: &str = "/ajXp112QmuoKj4854875==";
/// [`LEADING_SLASH_UUID`] as the path segment on the wire.
pub const LEADING_SLASH_SEGMENT: &str = "%252FajXp112QmuoKj4854875%253D%253D";
/// A UUID with `//` and `+` inside: encoded twice too, the `+` included.
pub const DOUBLE_SLASH_UUID: &str = "Lu3Bs8//Wk5Fd0N+7Pz2JQ==";
/// [`DOUBLE_SLASH_UUID`] as the path segment on the wire.
pub const DOUBLE_SLASH_SEGMENT: &str = "Lu3Bs8%252F%252FWk5Fd0N%252B7Pz2JQ%253D%253D";
/// A UUID without `/`: encoded once, and progenitor leaves `+` and `=` as they are.
pub const PLAIN_UUID: &str = "qT7mB2+yZkW9nV4sX0cLdg==";
/// A numeric meeting id.
pub const MEETING_ID: u64 = 85_746_065_432;

/// `MeetingRef` for [`LEADING_SLASH_UUID`].
pub fn leading_slash() -> MeetingRef {
    MeetingRef::uuid(LEADING_SLASH_UUID)
}

/// `MeetingRef` for [`DOUBLE_SLASH_UUID`].
pub fn double_slash() -> MeetingRef {
    MeetingRef::uuid(DOUBLE_SLASH_UUID)
}

/// A calendar date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// An RFC 3339 instant, in UTC.
pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid RFC 3339")
        .with_timezone(&Utc)
}

#[test]
fn the_path_constants_follow_zooms_double_encoding_rule() {
    assert!(leading_slash().needs_double_encoding());
    assert!(double_slash().needs_double_encoding());
    assert!(!MeetingRef::uuid(PLAIN_UUID).needs_double_encoding());
    // Encoded once by `MeetingRef`, once more by the generated operation: `%` becomes `%25`.
    assert_eq!(
        leading_slash().path_param().replace('%', "%25"),
        LEADING_SLASH_SEGMENT
    );
    assert_eq!(
        double_slash().path_param().replace('%', "%25"),
        DOUBLE_SLASH_SEGMENT
    );
}
