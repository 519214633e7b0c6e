//! `open_object!`: the `Deserialize` of a response object that keeps the
//! fields it does not know.
//!
//! Every response object carries an `extra` map for the fields Zoom adds
//! without notice. serde's `#[serde(flatten)]` would fill it, but flatten
//! makes serde buffer every field of the object (known ones included) into an
//! intermediate tree before decoding it a second time, which more than doubles
//! the cost of decoding a page. The generated code therefore keeps `flatten`
//! for `Serialize` and the JSON Schema only, and codegen
//! (`codegen/src/open_objects.rs`) replaces the derived `Deserialize` with
//! this macro, which decodes in one pass:
//!
//! - a known key decodes straight into its field (keys are matched as
//!   borrowed strings, so a known key costs no allocation);
//! - an unknown key goes into `extra` with its value as a `serde_json::Value`;
//! - an absent field is `None` for an `Option`, the default for a field marked
//!   `default`, and serde's "missing field" error for anything else;
//! - `null` is `None` for an `Option`, and for a `default` field it is the
//!   default, so `null`, `[]` and an absent key decode the same;
//! - a known key given twice is serde's "duplicate field" error.
//!
//! The object must be a JSON object; the error of anything else says
//! `expected struct <Name>`, as the derived impl's did.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::Value;

/// Declares `Deserialize` for a struct with an `extra` map of unknown fields.
///
/// ```ignore
/// open_object! {
///     RecordingMeeting {
///         uuid = "uuid",
///         type_ = "type",
///         recording_files = "recording_files" (default),
///     } .. extra
/// }
/// ```
///
/// Every field but the extra map is listed with its wire name; `(default)`
/// marks a field that takes its `Default` when absent or `null`. A field left
/// out of the list does not compile (the struct literal would be incomplete).
macro_rules! open_object {
    (
        $name:ident {
            $( $field:ident = $wire:literal $( ($default:ident) )? , )*
        } .. $extra:ident
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $( let mut $field = ::std::option::Option::None; )*
                        let mut $extra = ::serde_json::Map::new();
                        while let ::std::option::Option::Some(key) =
                            map.next_key_seed($crate::quirks::open_object::KeySeed)?
                        {
                            match &*key {
                                $(
                                    $wire => {
                                        if $field.is_some() {
                                            return ::std::result::Result::Err(
                                                <A::Error as ::serde::de::Error>::duplicate_field($wire),
                                            );
                                        }
                                        $field = ::std::option::Option::Some(
                                            $crate::quirks::open_object!(@value map $( $default )?),
                                        );
                                    }
                                )*
                                _ => {
                                    $extra.insert(
                                        key.into_owned(),
                                        $crate::quirks::open_object::unknown_value(&mut map)?,
                                    );
                                }
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::quirks::open_object!(@finish $field $wire $( $default )?), )*
                            $extra,
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
    // A `default` field decodes as `Option<T>` so that `null` means absent.
    (@value $map:ident default) => {
        $map.next_value::<::std::option::Option<_>>()?
    };
    (@value $map:ident) => {
        $map.next_value()?
    };
    (@finish $field:ident $wire:literal default) => {
        $field.flatten().unwrap_or_default()
    };
    (@finish $field:ident $wire:literal) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => ::serde::Deserialize::deserialize(
                $crate::quirks::open_object::Missing::new($wire),
            )?,
        }
    };
}

pub(crate) use open_object;

thread_local! {
    /// Whether an unknown field decoded on this thread since the last
    /// [`noting_untyped_floats`] holds a double (see there).
    static UNTYPED_FLOATS: Cell<bool> = const { Cell::new(false) };
}

/// Decodes an unknown field's value for the `extra` map, noting whether it
/// holds a double.
#[doc(hidden)]
pub fn unknown_value<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<Value, A::Error> {
    let value: Value = map.next_value()?;
    if holds_double(&value) {
        UNTYPED_FLOATS.with(|seen| seen.set(true));
    }
    Ok(value)
}

fn holds_double(value: &Value) -> bool {
    match value {
        Value::Number(number) => number.is_f64(),
        Value::Array(items) => items.iter().any(holds_double),
        Value::Object(fields) => fields.values().any(holds_double),
        _ => false,
    }
}

/// Runs `decode` and says whether an unknown field of a response object
/// received a double while it ran.
///
/// serde_json hands every number that is not a 64-bit integer to the decoder
/// as a double, so a literal that could not come back exactly (see
/// `decode::exact`) reaches an `extra` map only as a double. In the generated
/// types the `extra` maps are the only untyped places, so when this says
/// `false` a body decoded as a generated type needs no scan for such numbers.
pub(crate) fn noting_untyped_floats<T>(decode: impl FnOnce() -> T) -> (T, bool) {
    let outer = UNTYPED_FLOATS.with(|seen| seen.replace(false));
    let decoded = decode();
    // A decode nested inside another checks its own body; the outer one's
    // state comes back as it was.
    let seen = UNTYPED_FLOATS.with(|seen| seen.replace(outer));
    (decoded, seen)
}

/// Decodes an object key, borrowing it from the input when it can.
#[doc(hidden)]
pub struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key))
    }
}

/// The value of an absent field: `None` for an `Option`, and serde's
/// "missing field" error for a type that needs a value.
#[doc(hidden)]
pub struct Missing<E> {
    field: &'static str,
    error: PhantomData<E>,
}

impl<E> Missing<E> {
    /// The absent field `field`.
    pub fn new(field: &'static str) -> Self {
        Self {
            field,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.field))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    /// A stand-in for a generated response object.
    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Sample {
        name: Option<String>,
        #[serde(rename = "type")]
        type_: Option<crate::quirks::ZoomInt>,
        files: Vec<u32>,
        code: i64,
        #[serde(flatten)]
        extra: serde_json::Map<String, Value>,
    }

    open_object! {
        Sample {
            name = "name",
            type_ = "type",
            files = "files" (default),
            code = "code",
        } .. extra
    }

    fn decode(input: Value) -> Result<Sample, String> {
        serde_json::from_value(input.clone())
            .and_then(|from_value: Sample| {
                // The borrowed-key path (from bytes) must agree with the owned one.
                let bytes = serde_json::to_vec(&input).expect("encodes");
                let from_slice: Sample = serde_json::from_slice(&bytes)?;
                assert_eq!(from_slice, from_value);
                Ok(from_value)
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn known_fields_decode_and_unknown_ones_are_kept() {
        let sample = decode(json!({"name": "a", "type": "2", "files": [1, 2], "code": 7,
            "new_field": {"nested": [1, null]}, "flag": null}))
        .unwrap();
        assert_eq!(sample.name.as_deref(), Some("a"));
        assert_eq!(sample.type_.map(|t| t.get()), Some(2));
        assert_eq!(sample.files, [1, 2]);
        assert_eq!(sample.code, 7);
        assert_eq!(
            Value::Object(sample.extra),
            json!({"new_field": {"nested": [1, null]}, "flag": null})
        );
    }

    #[test]
    fn absent_and_null_are_the_same_for_optional_and_default_fields() {
        let absent = decode(json!({"code": 1})).unwrap();
        let null = decode(json!({"code": 1, "name": null, "type": null, "files": null})).unwrap();
        assert_eq!(absent, null);
        assert_eq!((absent.name, absent.type_, absent.files.len()), (None, None, 0));
        assert!(absent.extra.is_empty());
    }

    #[test]
    fn a_required_field_that_is_absent_is_named() {
        let error = decode(json!({"name": "a"})).unwrap_err();
        assert!(error.contains("missing field `code`"), "{error}");
    }

    #[test]
    fn a_known_field_given_twice_is_an_error() {
        let error = serde_json::from_str::<Sample>(r#"{"code": 1, "code": 2}"#).unwrap_err();
        assert!(error.to_string().contains("duplicate field `code`"), "{error}");
    }

    #[test]
    fn an_escaped_key_still_matches_its_field() {
        let sample: Sample = serde_json::from_str(r#"{"c\u006fde": 3, "n\u0061me": "x"}"#).unwrap();
        assert_eq!((sample.code, sample.name.as_deref()), (3, Some("x")));
        assert!(sample.extra.is_empty());
    }

    #[test]
    fn a_non_object_is_an_error_naming_the_type() {
        for input in [json!([1, 2]), json!("text"), json!(null)] {
            let error = decode(input.clone()).unwrap_err();
            assert!(error.contains("expected struct Sample"), "{input}: {error}");
        }
    }

    #[test]
    fn a_bad_value_is_an_error_naming_its_path() {
        let error = crate::decode::<Sample>(br#"{"code": 1, "type": "two"}"#).unwrap_err();
        assert_eq!(error.path(), "type");
        let error = crate::decode::<Sample>(br#"{"code": 1, "files": [1, "x"]}"#).unwrap_err();
        assert_eq!(error.path(), "files[1]");
    }

    #[test]
    fn encoding_gives_back_what_was_decoded() {
        let input = json!({"name": "a", "type": 3.0, "files": [4], "code": -1, "later": "kept"});
        assert_eq!(
            serde_json::to_value(decode(input.clone()).unwrap()).unwrap(),
            input
        );
    }
}
