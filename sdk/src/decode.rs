//! Decoding a Zoom response body with an error that names the field.
//!
//! serde's error gives a line and column but not the field; [`decode`] says
//! which field failed (`meetings[3].recording_files[0].file_size`). The
//! generated operations decode through [`response_value`], which puts that
//! path into [`Error::Decode`](crate::Error::Decode).
//!
//! A body is decoded once: checked as UTF-8 in one pass and decoded from
//! `&str` (serde_json then does not validate each string on its own, which is
//! most of the work of decoding a page), without tracking where it is. Only a
//! failure pays for the path: [`locate`] reads it off the body's tokens up to
//! the position serde_json's error gives. A body that is not UTF-8 (JSON must
//! be) is refused, naming the field that holds the first invalid byte.
//!
//! A body that parses but holds a number the SDK could not give back as it
//! came (an integer wider than 64 bits, a decimal longer than a double keeps,
//! in a field kept untyped) does not decode either: see
//! [`DecodeError::is_inexact_number`].

use std::fmt;

use serde::de::Error as _;

use serde::de::DeserializeOwned;

use crate::quirks::open_object::noting_untyped_floats;

pub(crate) mod exact;
pub(crate) mod locate;

/// A body that did not decode, with the path of the field that failed.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
    inexact_number: bool,
}

impl DecodeError {
    /// The failing field as a path, e.g. `meetings[0].recording_count`; `.` for the body itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying serde error.
    pub fn serde_error(&self) -> &serde_json::Error {
        &self.source
    }

    /// Whether the body parsed but a number in it would not come back
    /// exactly (it does not fit a 64-bit integer, or has more digits than a
    /// double keeps): [`path`](Self::path) names its field.
    pub fn is_inexact_number(&self) -> bool {
        self.inexact_number
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl DecodeError {
    pub(crate) fn into_parts(self) -> (String, serde_json::Error) {
        (self.path, self.source)
    }

    /// The error for a number that would not come back exactly.
    pub(crate) fn inexact(found: exact::Inexact) -> Self {
        Self {
            source: serde_json::Error::custom(inexact_message(&found.literal)),
            path: found.path,
            inexact_number: true,
        }
    }
}

/// What an inexact number's error says (the literal is cut to 40 characters).
pub(crate) fn inexact_message(literal: &str) -> String {
    format!(
        "the number {literal} cannot be kept exactly (it fits neither a 64-bit integer nor a double \
         without change), so the body is refused rather than altered"
    )
}

/// The error for `body`'s first number that would not come back exactly, if any.
pub(crate) fn check_numbers(body: &[u8]) -> Result<(), DecodeError> {
    match exact::first_inexact(body) {
        None => Ok(()),
        Some(found) => Err(DecodeError::inexact(found)),
    }
}

/// Decodes a response body for a generated operation: the drop-in for
/// progenitor's `ResponseValue::from_response` that codegen routes every
/// operation through (see `codegen/src/rewrite.rs`).
///
/// A body that decodes is returned as progenitor would. One that does not
/// never travels as raw bytes (it may hold a `download_access_token`): an
/// error status with a body that is not Zoom's error shape (a gateway's HTML
/// page) becomes the error its status means, and a success body that does not
/// decode becomes [`Error::Decode`](crate::Error::Decode) naming the
/// operation, the field and a redacted excerpt. Both reach the caller through
/// [`From<OperationError>`](crate::Error).
#[doc(hidden)]
pub async fn response_value<T: DeserializeOwned, E>(
    response: reqwest::Response,
    operation: &'static str,
) -> Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(progenitor_client::Error::ResponseBodyError)?;
    let (decoded, untyped_floats) = noting_untyped_floats(|| decode_located::<T>(&body));
    let error = match decoded.and_then(|inner| numbers_checked_if(untyped_floats, &body).map(|()| inner)) {
        Ok(inner) => return Ok(progenitor_client::ResponseValue::new(inner, status, headers)),
        // An error status whose body is not Zoom's error shape (a gateway's
        // page) is the error its status means.
        Err(e) if !e.inexact_number && (status.is_client_error() || status.is_server_error()) => {
            crate::error::ApiError::from_parts(status.as_u16(), &headers, crate::error::empty_error_body())
                .classify(&headers)
        }
        Err(e) => {
            let (path, source) = e.into_parts();
            crate::Error::decode(Some(operation), Some(status.as_u16()), &body, source, Some(path))
        }
    };
    Err(progenitor_client::Error::UnexpectedResponse(crate::error::carry(
        error,
    )))
}

/// The number check of a generated type's body, which only a double in an
/// unknown field calls for (see [`noting_untyped_floats`]; the test
/// `untyped_places_of_the_generated_types_are_extra_maps` keeps that true).
fn numbers_checked_if(untyped_floats: bool, body: &[u8]) -> Result<(), DecodeError> {
    if untyped_floats {
        check_numbers(body)
    } else {
        Ok(())
    }
}

/// Decodes a body as a generated operation does: [`decode`], with the
/// whole-body number scan only when an unknown field received a double
/// (`T` must be a generated type, whose only untyped places are the `extra`
/// maps). For the decode benchmark.
#[doc(hidden)]
pub fn decode_generated<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let (decoded, untyped_floats) = noting_untyped_floats(|| decode_located::<T>(body));
    let value = decoded?;
    numbers_checked_if(untyped_floats, body).map(|()| value)
}

/// Decodes `body` as `T`, naming the field that failed.
///
/// A number that would not come back exactly is refused with its field's path
/// ([`DecodeError::is_inexact_number`]) rather than rounded:
///
/// ```
/// use zoom_cloud_recording::{decode, types::RecordingList};
/// let body = br#"{"meetings": [], "event_ts": 123456789012345678901234567890}"#;
/// let error = decode::<RecordingList>(body).unwrap_err();
/// assert!(error.is_inexact_number());
/// assert_eq!(error.path(), "event_ts");
/// ```
///
/// ```
/// use zoom_cloud_recording::{decode, types::RecordingMeeting};
/// let error = decode::<RecordingMeeting>(br#"{"recording_count": "three"}"#).unwrap_err();
/// assert_eq!(error.path(), "recording_count");
/// ```
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let value = decode_located(body)?;
    check_numbers(body)?;
    Ok(value)
}

/// Decodes `body` from `&str`; an error carries the path of the field serde
/// stopped at (see [`locate`]).
fn decode_located<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|e| not_utf8(body, e))?;
    serde_json::from_str(text).map_err(|source| DecodeError {
        path: locate::render(None, &locate::path_of_error(body, &source)),
        source,
        inexact_number: false,
    })
}

/// The error for a body that is not UTF-8: the field holding the first
/// invalid byte, and where it is.
fn not_utf8(body: &[u8], error: std::str::Utf8Error) -> DecodeError {
    let at = error.valid_up_to();
    // Inside the invalid byte's token, so a string holding it is read whole.
    let segments = locate::path_at(body, at + 1, locate::Category::Data);
    let line = 1 + memchr::memchr_iter(b'\n', &body[..at]).count();
    let column = 1 + at - memchr::memrchr(b'\n', &body[..at]).map_or(0, |nl| nl + 1);
    DecodeError {
        path: locate::render(None, &segments),
        source: serde_json::Error::custom(format!(
            "the body is not UTF-8: byte {at} (line {line}, column {column}) begins an invalid sequence"
        )),
        inexact_number: false,
    }
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::types::RecordingList;

    #[test]
    fn a_failure_names_the_field_however_deep() {
        let body = br#"{"meetings": [{"recording_count": 1}, {"recording_files": [{"file_size": "big"}]}]}"#;
        let error = decode::<RecordingList>(body).unwrap_err();
        assert_eq!(error.path(), "meetings[1].recording_files[0].file_size");
        let error = decode::<RecordingList>(br#"{"meetings": [{"recording_count": 2.5}]}"#).unwrap_err();
        assert_eq!(error.path(), "meetings[0].recording_count");
    }

    #[test]
    fn untyped_places_of_the_generated_types_are_extra_maps() {
        // The types, before their builders (which repeat each field's type).
        let generated = include_str!("generated.rs");
        let types = &generated[..generated
            .find("    pub mod builder {")
            .expect("the types' builders")];
        let untyped: Vec<&str> = types
            .lines()
            .filter(|l| l.contains("serde_json::Value"))
            .collect();
        assert!(!untyped.is_empty());
        for line in &untyped {
            assert!(
                line.trim_start()
                    .starts_with("pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>"),
                "an untyped place that is not an extra map: {line}"
            );
        }
        assert_eq!(
            untyped.len(),
            types.matches("crate::quirks::open_object! {").count()
        );
    }

    #[test]
    fn a_generated_body_is_scanned_when_an_unknown_field_holds_a_double() {
        use super::decode_generated;
        let wide = br#"{"meetings": [{"uuid": "u", "later": {"n": [1, 123456789012345678901234567890]}}]}"#;
        let error = decode_generated::<RecordingList>(wide).unwrap_err();
        assert!(error.is_inexact_number());
        assert_eq!(error.path(), "meetings[0].later.n[1]");
        let decimal = br#"{"meetings": [], "rate": 0.1000000000000000000001}"#;
        assert!(decode_generated::<RecordingList>(decimal)
            .unwrap_err()
            .is_inexact_number());
        // Doubles that come back as written, and wide integers only in typed
        // or string places, decode.
        let kept =
            br#"{"meetings": [{"uuid": "123456789012345678901234567890", "later": 2.5}], "page_size": 30}"#;
        let page = decode_generated::<RecordingList>(kept).unwrap();
        assert_eq!(page.meetings[0].extra["later"], serde_json::json!(2.5));
        // A nested decode does not hide the outer one's double.
        let (_, seen) = super::noting_untyped_floats(|| {
            let _ = decode_generated::<RecordingList>(br#"{"meetings": []}"#);
            serde_json::from_slice::<RecordingList>(br#"{"x": 1.5}"#).unwrap()
        });
        assert!(seen);
    }

    #[test]
    fn trailing_bytes_are_an_error_of_the_body() {
        let error = decode::<RecordingList>(br#"{"meetings": []} x"#).unwrap_err();
        assert_eq!(error.path(), ".");
    }

    #[test]
    fn a_body_that_is_not_utf8_is_refused_naming_the_field() {
        let error = decode::<RecordingList>(b"{\"next_page_token\": \"ok\xff\"}").unwrap_err();
        assert_eq!(error.path(), "next_page_token");
        let text = error.to_string();
        assert!(text.contains("not UTF-8: byte 23 (line 1, column 24)"), "{text}");
        // In a key: the object holding it; in an unknown field's value: that field.
        let error = decode::<RecordingList>(b"{\"meetings\": [{\"k\xc3\": 1}]}").unwrap_err();
        assert_eq!(error.path(), "meetings[0]");
        let error = decode::<RecordingList>(b"{\"later\":\n [\"\xe2\x82\"]}").unwrap_err();
        assert_eq!(error.path(), "later[0]");
        assert!(error.to_string().contains("(line 2, column 4)"), "{error}");
    }

    #[test]
    fn decoding_from_str_agrees_with_decoding_from_bytes() {
        let body = br#"{"page_size": "30", "meetings": [{"uuid": "a\u00e9", "type": 8.0, "new": [1]}], "later": {}}"#;
        let fast: RecordingList = decode(body).unwrap();
        let bytes: RecordingList = serde_json::from_slice(body).unwrap();
        assert_eq!(fast, bytes);
        assert_eq!(fast.meetings[0].uuid.as_deref(), Some("a\u{e9}"));
    }

    #[test]
    fn the_error_is_serdes_own_with_its_position() {
        let body = b"{\n  \"meetings\": [{\"recording_count\": true}]\n}";
        let error = decode::<RecordingList>(body).unwrap_err();
        let direct = serde_json::from_slice::<RecordingList>(body).unwrap_err();
        assert_eq!(error.serde_error().to_string(), direct.to_string());
        assert_eq!(error.path(), "meetings[0].recording_count");
        // Just past `true`, where serde stopped.
        assert_eq!((direct.line(), direct.column()), (2, 39));
    }
}
