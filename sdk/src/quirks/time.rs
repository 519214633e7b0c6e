//! [`ZoomTime`] and [`ZoomDate`]: times Zoom may send empty or oddly formatted.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::short_str::ShortStr;

/// How a wire string becomes a typed time.
pub trait WireParse: Sized + Copy {
    /// Parses `raw`; `None` when it is empty or not a recognised format.
    fn parse_wire(raw: &str) -> Option<Self>;
    /// The canonical wire form of a value made in Rust.
    fn to_wire(&self) -> String;
    /// The JSON Schema name of `WireTime<Self>`.
    const SCHEMA_NAME: &'static str;
    /// The JSON Schema description of `WireTime<Self>`.
    const SCHEMA_DESCRIPTION: &'static str;
}

impl WireParse for DateTime<Utc> {
    const SCHEMA_NAME: &'static str = "ZoomTime";
    const SCHEMA_DESCRIPTION: &'static str =
        "An RFC 3339 date-time (UTC); empty while a recording is in progress.";

    fn parse_wire(raw: &str) -> Option<Self> {
        if let Some(time) = parse_utc_seconds(raw) {
            return Some(time);
        }
        DateTime::parse_from_rfc3339(raw)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                // Zoom sometimes omits the offset; its times are UTC.
                ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
                    .iter()
                    .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
                    .map(|naive| naive.and_utc())
            })
    }

    fn to_wire(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// The form Zoom sends almost every time in, `yyyy-mm-ddThh:mm:ssZ`, parsed
/// without chrono's general parser; `None` for anything else (including a
/// leap second), which then goes through chrono. Where this gives a value,
/// it is the value `parse_from_rfc3339` gives.
fn parse_utc_seconds(raw: &str) -> Option<DateTime<Utc>> {
    let &[y1, y2, y3, y4, b'-', mo1, mo2, b'-', d1, d2, b'T', h1, h2, b':', mi1, mi2, b':', s1, s2, b'Z'] =
        raw.as_bytes()
    else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
    let year = two(y1, y2)? * 100 + two(y3, y4)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(mo1, mo2)?, two(d1, d2)?)?;
    let time = chrono::NaiveTime::from_hms_opt(two(h1, h2)?, two(mi1, mi2)?, two(s1, s2)?)?;
    Some(date.and_time(time).and_utc())
}

impl WireParse for NaiveDate {
    const SCHEMA_NAME: &'static str = "ZoomDate";
    const SCHEMA_DESCRIPTION: &'static str = "A date, yyyy-mm-dd; may be empty.";

    fn parse_wire(raw: &str) -> Option<Self> {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
    }

    fn to_wire(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

/// A time or date as Zoom sent it, with its parsed value when it has one.
///
/// In-progress recordings send `""` for times; a strict decoder would fail the
/// whole page. `WireTime` keeps the exact string (so re-encoding is lossless)
/// and parses it when it can.
///
/// ```
/// use zoom_cloud_recording::quirks::ZoomTime;
/// let end: ZoomTime = serde_json::from_str("\"\"").unwrap();
/// assert!(end.get().is_none() && end.is_empty());
/// let start: ZoomTime = serde_json::from_str("\"2019-08-29T21:54:55Z\"").unwrap();
/// assert_eq!(start.get().unwrap().timestamp(), 1567115695);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WireTime<T> {
    raw: ShortStr,
    parsed: Option<T>,
}

/// A date-time (UTC) as Zoom sent it; see [`WireTime`].
pub type ZoomTime = WireTime<DateTime<Utc>>;
/// A calendar date (`yyyy-mm-dd`) as Zoom sent it; see [`WireTime`].
pub type ZoomDate = WireTime<NaiveDate>;

impl<T: WireParse> WireTime<T> {
    /// The parsed value; `None` when Zoom sent `""` or an unrecognised format.
    pub fn get(&self) -> Option<T> {
        self.parsed
    }

    /// The string exactly as Zoom sent it.
    pub fn as_str(&self) -> &str {
        self.raw.as_str()
    }

    /// Whether Zoom sent an empty string.
    pub fn is_empty(&self) -> bool {
        self.raw.as_str().is_empty()
    }
}

impl<T: WireParse> From<T> for WireTime<T> {
    fn from(value: T) -> Self {
        Self {
            raw: ShortStr::new(&value.to_wire()),
            parsed: Some(value),
        }
    }
}

impl<T: WireParse> From<&str> for WireTime<T> {
    fn from(raw: &str) -> Self {
        Self {
            raw: ShortStr::new(raw),
            parsed: T::parse_wire(raw),
        }
    }
}

impl<T: WireParse> std::str::FromStr for WireTime<T> {
    type Err = std::convert::Infallible;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(raw))
    }
}

impl<T> fmt::Display for WireTime<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw.as_str())
    }
}

impl<T> fmt::Debug for WireTime<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.raw.as_str(), f)
    }
}

impl<T> Serialize for WireTime<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.raw.as_str())
    }
}

impl<'de, T: WireParse> Deserialize<'de> for WireTime<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor<T>(PhantomData<T>);
        impl<T: WireParse> serde::de::Visitor<'_> for RawVisitor<T> {
            type Value = WireTime<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date or time string")
            }
            fn visit_str<E: serde::de::Error>(self, raw: &str) -> Result<WireTime<T>, E> {
                Ok(WireTime::from(raw))
            }
        }
        deserializer.deserialize_str(RawVisitor(PhantomData))
    }
}

#[cfg(feature = "schemars")]
impl<T: WireParse> schemars::JsonSchema for WireTime<T> {
    fn schema_name() -> String {
        T::SCHEMA_NAME.into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        super::schema_from_json(serde_json::json!({
            "type": "string",
            "description": T::SCHEMA_DESCRIPTION
        }))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::{parse_utc_seconds, ZoomTime};

    fn chrono_rfc3339(raw: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(raw)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn the_fast_form_agrees_with_chrono() {
        for raw in [
            "2024-05-01T10:00:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_utc_seconds(raw), chrono_rfc3339(raw), "{raw}");
            assert!(parse_utc_seconds(raw).is_some(), "{raw}");
        }
    }

    #[test]
    fn anything_else_is_left_to_chrono() {
        for raw in [
            "2023-02-29T10:00:00Z", // no such day
            "2024-13-01T10:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T10:60:00Z",
            "2016-12-31T23:59:60Z", // a leap second: chrono's business
            "2024-05-01t10:00:00z",
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00.5Z",
            "2024-05-01 10:00:00Z",
            "2024-05-0a T10:00:00Z",
            "+024-05-01T10:00:00Z",
            "",
        ] {
            assert_eq!(parse_utc_seconds(raw), None, "{raw}");
        }
    }

    #[test]
    fn every_form_keeps_its_string_and_parses_as_before() {
        for (raw, parsed) in [
            ("2024-05-01T10:00:00Z", chrono_rfc3339("2024-05-01T10:00:00Z")),
            ("2016-12-31T23:59:60Z", chrono_rfc3339("2016-12-31T23:59:60Z")),
            (
                "2024-05-01T12:00:00+02:00",
                chrono_rfc3339("2024-05-01T10:00:00Z"),
            ),
            ("2024-05-01T10:00:00", chrono_rfc3339("2024-05-01T10:00:00Z")),
            ("2024-05-01 10:00:00", chrono_rfc3339("2024-05-01T10:00:00Z")),
            ("", None),
            ("not a time at all, and longer than twenty-two bytes", None),
        ] {
            let time: ZoomTime = serde_json::from_value(serde_json::json!(raw)).unwrap();
            assert_eq!((time.as_str(), time.get()), (raw, parsed), "{raw}");
            assert_eq!(serde_json::to_value(&time).unwrap(), serde_json::json!(raw));
            assert_eq!(time.is_empty(), raw.is_empty());
        }
        assert!(chrono_rfc3339("2016-12-31T23:59:60Z").is_some());
    }
}
