//! Decoding a Zoom response body with an error that names the field.
//!
//! serde's error gives a line and column but not the field; [`decode`] says
//! which field failed (`meetings[3].recording_files[0].file_size`). The
//! generated operations decode through [`response_value`], which puts that
//! path into [`Error::Decode`](crate::Error::Decode).
//!
//! A body that parses but holds a number the SDK could not give back as it
//! came (an integer wider than 64 bits, a decimal longer than a double keeps,
//! in a field kept untyped) does not decode either: see
//! [`DecodeError::is_inexact_number`].

use std::fmt;

use serde::de::Error as _;

use serde::de::DeserializeOwned;

pub(crate) mod exact;

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
    // The fast path decodes without tracking the path; only a failure pays for it.
    if let Ok(inner) = serde_json::from_slice::<T>(&body) {
        let error = match check_numbers(&body) {
            Ok(()) => return Ok(progenitor_client::ResponseValue::new(inner, status, headers)),
            Err(e) => {
                let (path, source) = e.into_parts();
                crate::Error::decode(Some(operation), Some(status.as_u16()), &body, source, Some(path))
            }
        };
        return Err(progenitor_client::Error::UnexpectedResponse(crate::error::carry(
            error,
        )));
    }
    let error = if status.is_client_error() || status.is_server_error() {
        crate::error::ApiError::from_parts(status.as_u16(), &headers, crate::error::empty_error_body())
            .classify(&headers)
    } else {
        match decode::<T>(&body) {
            Ok(inner) => return Ok(progenitor_client::ResponseValue::new(inner, status, headers)),
            Err(e) => {
                let (path, source) = e.into_parts();
                crate::Error::decode(Some(operation), Some(status.as_u16()), &body, source, Some(path))
            }
        }
    };
    Err(progenitor_client::Error::UnexpectedResponse(crate::error::carry(
        error,
    )))
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
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| DecodeError {
        path: error.path().to_string(),
        source: error.into_inner(),
        inexact_number: false,
    })?;
    deserializer.end().map_err(|source| DecodeError {
        path: ".".into(),
        source,
        inexact_number: false,
    })?;
    check_numbers(body)?;
    Ok(value)
}
