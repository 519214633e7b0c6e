//! [`ZoomTime`] and [`ZoomDate`]: times Zoom may send empty or oddly formatted.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    raw: String,
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
        &self.raw
    }

    /// Whether Zoom sent an empty string.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
}

impl<T: WireParse> From<T> for WireTime<T> {
    fn from(value: T) -> Self {
        Self {
            raw: value.to_wire(),
            parsed: Some(value),
        }
    }
}

impl<T: WireParse> From<&str> for WireTime<T> {
    fn from(raw: &str) -> Self {
        Self {
            raw: raw.to_owned(),
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
        f.write_str(&self.raw)
    }
}

impl<T> fmt::Debug for WireTime<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.raw, f)
    }
}

impl<T> Serialize for WireTime<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
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
