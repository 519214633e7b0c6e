//! Meeting references: a numeric meeting id or one instance's UUID, and the
//! path segment Zoom expects for each.

/// A meeting or webinar: its numeric id (latest instance) or an instance UUID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MeetingRef {
    /// The numeric meeting id (10 or 11 digits); Zoom answers with the latest instance.
    Id(u64),
    /// One instance's UUID (base64-like; may contain `/`, `+` and `=`).
    Uuid(String),
}
