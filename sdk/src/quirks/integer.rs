//! [`ZoomInt`]: an integer that Zoom may send as a number, a float or a string.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How the number looked on the wire, so re-encoding gives it back unchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
enum WireForm {
    #[default]
    Integer,
    Float,
    String,
}

/// A 64-bit integer field Zoom documents one way and sends another.
///
/// Zoom documents meeting ids, `type`, `recording_count` and `total_size` as
/// strings and sends integers; other counters arrive as integral floats or
/// numeric strings. `ZoomInt` accepts all three, compares and hashes by value,
/// and re-encodes in the form it arrived in. A value that is not a whole
/// number is a decode error, never a default.
///
/// ```
/// use zoom_cloud_recording::quirks::ZoomInt;
/// let count: ZoomInt = serde_json::from_str("\"3\"").unwrap();
/// assert_eq!(count, 3);
/// assert_eq!(count.get() + 1, 4);
/// assert_eq!(serde_json::to_string(&count).unwrap(), "\"3\"");
/// assert!(serde_json::from_str::<ZoomInt>("\"three\"").is_err());
/// ```
#[derive(Clone, Copy)]
pub struct ZoomInt {
    value: i64,
    form: WireForm,
}

impl ZoomInt {
    /// An integer that encodes as a JSON number.
    pub const fn new(value: i64) -> Self {
        Self {
            value,
            form: WireForm::Integer,
        }
    }

    /// The value.
    pub const fn get(self) -> i64 {
        self.value
    }

    /// Whether Zoom sent this number as a string (or a float) rather than an integer.
    pub fn arrived_as_integer(self) -> bool {
        self.form == WireForm::Integer
    }
}

impl From<i64> for ZoomInt {
    fn from(value: i64) -> Self {
        Self::new(value)
    }
}

impl From<ZoomInt> for i64 {
    fn from(value: ZoomInt) -> Self {
        value.value
    }
}

impl std::ops::Deref for ZoomInt {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.value
    }
}

impl PartialEq for ZoomInt {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for ZoomInt {}

impl PartialEq<i64> for ZoomInt {
    fn eq(&self, other: &i64) -> bool {
        self.value == *other
    }
}

impl std::hash::Hash for ZoomInt {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for ZoomInt {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ZoomInt {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl fmt::Debug for ZoomInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl fmt::Display for ZoomInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl std::str::FromStr for ZoomInt {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self {
            value: s.parse()?,
            form: WireForm::String,
        })
    }
}

impl Serialize for ZoomInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.form {
            WireForm::Integer => serializer.serialize_i64(self.value),
            // Only whole floats within ±2^53 are accepted, so this is exact.
            WireForm::Float => serializer.serialize_f64(self.value as f64),
            WireForm::String => serializer.collect_str(&self.value),
        }
    }
}

/// Largest magnitude an f64 holds exactly as an integer.
const F64_EXACT: f64 = 9_007_199_254_740_992.0;

struct ZoomIntVisitor;

impl<'de> Visitor<'de> for ZoomIntVisitor {
    type Value = ZoomInt;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, an integral float or a numeric string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ZoomInt, E> {
        Ok(ZoomInt::new(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ZoomInt, E> {
        i64::try_from(v)
            .map(ZoomInt::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &"an integer that fits in i64"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ZoomInt, E> {
        if v.fract() == 0.0 && v.abs() <= F64_EXACT {
            Ok(ZoomInt {
                value: v as i64,
                form: WireForm::Float,
            })
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &"a whole number"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ZoomInt, E> {
        match v.parse::<i64>() {
            Ok(value) if is_canonical(v) => Ok(ZoomInt {
                value,
                form: WireForm::String,
            }),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }

    // A container is read whole before it is refused, as a scalar is, so the
    // error's position is past it and names this field (see `decode::locate`).
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<ZoomInt, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<ZoomInt, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Err(de::Error::invalid_type(de::Unexpected::Map, &self))
    }
}

/// Whether `v` is how an `i64` prints: `-?(0|[1-9][0-9]*)` and not `-0`, so
/// re-encoding gives back the same string. Checked without formatting the
/// value (decoding allocates nothing).
fn is_canonical(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v).as_bytes();
    match digits {
        [b'0'] => digits.len() == v.len(),
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
        [] => false,
    }
}

impl<'de> Deserialize<'de> for ZoomInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ZoomIntVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ZoomInt {
    fn schema_name() -> String {
        "ZoomInt".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        super::schema_from_json(serde_json::json!({
            "description": "An integer; Zoom may send it as a JSON number, an integral float or a numeric string.",
            "anyOf": [
                {"type": "integer", "format": "int64"},
                {"type": "number", "multipleOf": 1},
                {"type": "string", "pattern": "^-?(0|[1-9][0-9]*)$"}
            ]
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::ZoomInt;
    use serde_json::{json, Value};

    fn round_trip(input: Value) -> Value {
        let decoded: ZoomInt = serde_json::from_value(input).expect("decodes");
        serde_json::to_value(decoded).expect("encodes")
    }

    #[test]
    fn integers_floats_and_strings_decode_and_round_trip() {
        for input in [
            json!(87287728097_i64),
            json!(3.0),
            json!("68000000031879"),
            json!(0),
            json!(-2),
        ] {
            assert_eq!(round_trip(input.clone()), input);
        }
        let from_string: ZoomInt = serde_json::from_value(json!("68000000031879")).unwrap();
        assert_eq!(from_string.get(), 68_000_000_031_879);
        assert!(!from_string.arrived_as_integer());
    }

    #[test]
    fn non_numbers_are_errors_not_defaults() {
        for bad in [
            json!("abc"),
            json!(""),
            json!(3.5),
            json!(true),
            json!("007"),
            json!(u64::MAX),
            json!(1e300),
        ] {
            assert!(
                serde_json::from_value::<ZoomInt>(bad.clone()).is_err(),
                "{bad} must not decode"
            );
        }
    }

    #[test]
    fn only_the_canonical_form_of_a_numeric_string_is_accepted() {
        for good in [
            "0",
            "7",
            "-7",
            "10",
            "9223372036854775807",
            "-9223372036854775808",
        ] {
            let decoded: ZoomInt =
                serde_json::from_value(json!(good)).unwrap_or_else(|e| panic!("{good}: {e}"));
            assert_eq!(decoded.get().to_string(), good);
            assert_eq!(serde_json::to_value(decoded).unwrap(), json!(good));
        }
        for bad in [
            "-0",
            "+7",
            "07",
            "-07",
            " 7",
            "7 ",
            "1_000",
            "9223372036854775808",
            "-",
            "0x10",
        ] {
            assert!(
                serde_json::from_value::<ZoomInt>(json!(bad)).is_err(),
                "{bad:?} must not decode"
            );
        }
    }

    #[test]
    fn equality_is_by_value_whatever_the_wire_form() {
        let a: ZoomInt = serde_json::from_value(json!("5")).unwrap();
        assert_eq!(a, ZoomInt::new(5));
        assert_eq!(a, 5);
    }
}
