//! Meeting references: a numeric meeting id or one instance's UUID, and the
//! path segment Zoom expects for each.
//!
//! Zoom's rule for UUIDs in a URL path: a UUID that **begins with `/` or
//! contains `//`** must be percent-encoded *twice*; any other UUID once. The
//! generated operations percent-encode every path parameter once themselves, so
//! [`MeetingRef::path_param`] hands them a UUID that needs double encoding
//! already encoded once, and every other value as it is.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What JavaScript's `encodeURIComponent` encodes: everything but
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// A meeting or webinar: its numeric id (latest instance) or an instance UUID.
///
/// Hand it to an operation's `meeting_id(..)` / `meeting_uuid(..)` setter
/// directly; the conversion into `String` yields [`MeetingRef::path_param`],
/// which already applies Zoom's double-encoding rule:
///
/// ```no_run
/// # async fn run(client: zoom_cloud_recording::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use zoom_cloud_recording::MeetingRef;
///
/// let meeting: MeetingRef = "/ajXp112QmuoKj4854875==".parse()?;
/// // Sent as `/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings`.
/// let _recordings = client.recording_get().meeting_id(&meeting).send().await?;
/// # Ok(())
/// # }
/// ```
///
/// `Display` shows the plain id or UUID (what Zoom returns in `id` / `uuid`),
/// never the path form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeetingRef {
    /// The numeric meeting id (10 or 11 digits); Zoom answers with the latest instance.
    Id(u64),
    /// One instance's UUID (base64-like; may contain `/`, `+` and `=`), unencoded.
    Uuid(String),
}

impl MeetingRef {
    /// A numeric meeting id.
    pub fn id(id: u64) -> Self {
        Self::Id(id)
    }

    /// An instance UUID, exactly as Zoom returns it (not percent-encoded).
    ///
    /// The value is taken as is, even when it is all digits; use
    /// [`str::parse`] to tell ids and UUIDs apart.
    pub fn uuid(uuid: impl Into<String>) -> Self {
        Self::Uuid(uuid.into())
    }

    /// Whether Zoom wants this reference percent-encoded twice in a URL path:
    /// a UUID that begins with `/` or contains `//`. Never true for an id.
    ///
    /// Also true for a value that one encoding would not keep as one path
    /// segment: `.` and `..` (URLs resolve them, so `..` would reach
    /// `/v2/recordings`) and text holding `\` (URLs read it as `/`). Zoom's
    /// UUIDs are never such values; encoded twice they stay one segment and
    /// Zoom answers that no such meeting exists instead of serving another path.
    pub fn needs_double_encoding(&self) -> bool {
        match self {
            Self::Id(_) => false,
            Self::Uuid(uuid) => {
                uuid.starts_with('/') || uuid.contains("//") || is_dot_segment(uuid) || uuid.contains('\\')
            }
        }
    }

    /// The value to hand to a generated operation's `meeting_id(..)` or
    /// `meeting_uuid(..)` setter so that the request path is what Zoom expects.
    ///
    /// **This is not the plain id or UUID** (that is `Display`): the generated
    /// operations percent-encode each path segment once, so
    ///
    /// - an id becomes its decimal digits;
    /// - a UUID that [needs double encoding](Self::needs_double_encoding) comes
    ///   back already encoded once with `encodeURIComponent`'s set (the operation
    ///   then encodes it a second time): `/ajXp112QmuoKj4854875==` →
    ///   `%2FajXp112QmuoKj4854875%3D%3D`, sent as
    ///   `%252FajXp112QmuoKj4854875%253D%253D`;
    /// - any other UUID comes back unchanged (the operation encodes it once).
    ///
    /// Do not encode the result again, and do not use it anywhere but a path
    /// parameter of a generated operation.
    pub fn path_param(&self) -> String {
        match self {
            Self::Id(id) => id.to_string(),
            // `encodeURIComponent` leaves dots alone; these dots must not stay dots.
            Self::Uuid(uuid) if is_dot_segment(uuid) => uuid.replace('.', "%2E"),
            Self::Uuid(uuid) if self.needs_double_encoding() => {
                utf8_percent_encode(uuid, URI_COMPONENT).to_string()
            }
            Self::Uuid(uuid) => uuid.clone(),
        }
    }

    /// The id as the `i64` the registrant operations take; `None` for a UUID
    /// (those operations accept no UUID) or an id above `i64::MAX`.
    pub fn numeric_id(&self) -> Option<i64> {
        match self {
            Self::Id(id) => i64::try_from(*id).ok(),
            Self::Uuid(_) => None,
        }
    }
}

/// `.` or `..`: a path segment URLs resolve away.
fn is_dot_segment(text: &str) -> bool {
    text == "." || text == ".."
}

/// Shows the plain id (decimal) or UUID (unencoded), never the path form.
impl fmt::Display for MeetingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "{id}"),
            Self::Uuid(uuid) => f.write_str(uuid),
        }
    }
}

impl From<u64> for MeetingRef {
    fn from(id: u64) -> Self {
        Self::Id(id)
    }
}

/// Ids arrive as `i64` in Zoom's payloads; a negative one is rejected.
impl TryFrom<i64> for MeetingRef {
    type Error = InvalidMeetingRef;

    fn try_from(id: i64) -> Result<Self, Self::Error> {
        u64::try_from(id)
            .map(Self::Id)
            .map_err(|_| InvalidMeetingRef::Negative(id))
    }
}

/// Parses a string that is all ASCII digits and fits `u64` as an
/// [`Id`](MeetingRef::Id) (leading zeros are not kept), and any other
/// non-empty string as a [`Uuid`](MeetingRef::Uuid), taken as is (unencoded).
impl FromStr for MeetingRef {
    type Err = InvalidMeetingRef;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(InvalidMeetingRef::Empty);
        }
        // `u64::from_str` alone would also accept a leading `+`, a valid UUID character.
        if s.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(id) = s.parse::<u64>() {
                return Ok(Self::Id(id));
            }
        }
        Ok(Self::Uuid(s.to_owned()))
    }
}

/// The path form ([`MeetingRef::path_param`]), **not** the plain id or UUID:
/// for a generated operation's `meeting_id(..)` / `meeting_uuid(..)` setter only.
impl From<&MeetingRef> for String {
    fn from(meeting: &MeetingRef) -> Self {
        meeting.path_param()
    }
}

/// The path form ([`MeetingRef::path_param`]), **not** the plain id or UUID:
/// for a generated operation's `meeting_id(..)` / `meeting_uuid(..)` setter only.
impl From<MeetingRef> for String {
    fn from(meeting: MeetingRef) -> Self {
        meeting.path_param()
    }
}

/// A value that is no meeting reference.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidMeetingRef {
    /// An empty string: neither an id nor a UUID.
    Empty,
    /// A negative number: meeting ids are positive.
    Negative(i64),
}

impl fmt::Display for InvalidMeetingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => {
                f.write_str("a meeting reference must be a numeric meeting id or a UUID, not empty")
            }
            Self::Negative(id) => write!(f, "a meeting id cannot be negative, got {id}"),
        }
    }
}

impl std::error::Error for InvalidMeetingRef {}

#[cfg(test)]
mod tests {
    use super::{InvalidMeetingRef, MeetingRef};

    fn parse(s: &str) -> MeetingRef {
        s.parse().expect("parses")
    }

    #[test]
    fn parses_digits_as_ids_and_the_rest_as_uuids() {
        assert_eq!(parse("85746065432"), MeetingRef::Id(85_746_065_432));
        assert_eq!(parse("0"), MeetingRef::Id(0));
        assert_eq!(parse("18446744073709551615"), MeetingRef::Id(u64::MAX));
        // Too large for u64: kept, as a UUID, rather than lost.
        assert_eq!(
            parse("18446744073709551616"),
            MeetingRef::uuid("18446744073709551616")
        );
        // u64's parser would take the `+`; a UUID may start with one.
        assert_eq!(parse("+123"), MeetingRef::uuid("+123"));
        assert_eq!(parse("-123"), MeetingRef::uuid("-123"));
        assert_eq!(parse(" 123"), MeetingRef::uuid(" 123"));
        assert_eq!(
            parse("4444AAAiAAAAAiAiAiiAii=="),
            MeetingRef::uuid("4444AAAiAAAAAiAiAiiAii==")
        );
        assert_eq!(
            parse("/ajXp112QmuoKj4854875=="),
            MeetingRef::uuid("/ajXp112QmuoKj4854875==")
        );
    }

    #[test]
    fn empty_is_a_typed_error() {
        let err = "".parse::<MeetingRef>().unwrap_err();
        assert_eq!(err, InvalidMeetingRef::Empty);
        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[test]
    fn converts_from_integers_without_loss() {
        assert_eq!(
            MeetingRef::from(85_746_065_432_u64),
            MeetingRef::id(85_746_065_432)
        );
        assert_eq!(
            MeetingRef::try_from(85_746_065_432_i64),
            Ok(MeetingRef::Id(85_746_065_432))
        );
        assert_eq!(
            MeetingRef::try_from(i64::MAX),
            Ok(MeetingRef::Id(i64::MAX as u64))
        );
        let err = MeetingRef::try_from(-1_i64).unwrap_err();
        assert_eq!(err, InvalidMeetingRef::Negative(-1));
        assert!(err.to_string().contains("-1"), "{err}");
    }

    #[test]
    fn double_encoding_is_for_uuids_starting_with_or_containing_a_double_slash() {
        assert!(MeetingRef::uuid("/ajXp112QmuoKj4854875==").needs_double_encoding());
        assert!(MeetingRef::uuid("Xy//Zw==").needs_double_encoding());
        assert!(MeetingRef::uuid("Xy//").needs_double_encoding());
        assert!(MeetingRef::uuid("/").needs_double_encoding());
        assert!(!MeetingRef::uuid("ab/c+d==").needs_double_encoding());
        assert!(!MeetingRef::uuid("ab/c/d==").needs_double_encoding());
        assert!(!MeetingRef::uuid("ab/").needs_double_encoding());
        assert!(!MeetingRef::uuid("4444AAAiAAAAAiAiAiiAii==").needs_double_encoding());
        assert!(!MeetingRef::id(85_746_065_432).needs_double_encoding());
    }

    #[test]
    fn path_param_pre_encodes_only_what_needs_double_encoding() {
        assert_eq!(MeetingRef::id(85_746_065_432).path_param(), "85746065432");
        assert_eq!(
            MeetingRef::uuid("4444AAAiAAAAAiAiAiiAii==").path_param(),
            "4444AAAiAAAAAiAiAiiAii=="
        );
        assert_eq!(MeetingRef::uuid("ab/c+d==").path_param(), "ab/c+d==");
        // Zoom's documented example, encoded once (the operation encodes it again).
        assert_eq!(
            MeetingRef::uuid("/ajXp112QmuoKj4854875==").path_param(),
            "%2FajXp112QmuoKj4854875%3D%3D"
        );
        assert_eq!(MeetingRef::uuid("Xy//Zw+=").path_param(), "Xy%2F%2FZw%2B%3D");
        // encodeURIComponent leaves these alone.
        assert_eq!(MeetingRef::uuid("/-_.!~*'()").path_param(), "%2F-_.!~*'()");
        assert_eq!(MeetingRef::uuid("//é").path_param(), "%2F%2F%C3%A9");
    }

    #[test]
    fn string_conversions_are_the_path_form_and_display_the_plain_value() {
        let meeting = MeetingRef::uuid("/ajXp112QmuoKj4854875==");
        assert_eq!(String::from(&meeting), meeting.path_param());
        assert_eq!(meeting.to_string(), "/ajXp112QmuoKj4854875==");
        assert_eq!(String::from(meeting), "%2FajXp112QmuoKj4854875%3D%3D");
        assert_eq!(MeetingRef::id(85_746_065_432).to_string(), "85746065432");
        assert_eq!(parse("Xy//Zw==").to_string(), "Xy//Zw==");
    }

    #[test]
    fn numeric_id_is_for_ids_that_fit_i64() {
        assert_eq!(MeetingRef::id(85_746_065_432).numeric_id(), Some(85_746_065_432));
        assert_eq!(MeetingRef::id(i64::MAX as u64).numeric_id(), Some(i64::MAX));
        assert_eq!(MeetingRef::id(i64::MAX as u64 + 1).numeric_id(), None);
        assert_eq!(MeetingRef::uuid("85746065432").numeric_id(), None);
        assert_eq!(MeetingRef::uuid("Xy//Zw==").numeric_id(), None);
    }
}
