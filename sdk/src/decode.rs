//! Decoding a Zoom response body with an error that names the field.
//!
//! The generated operations report a body that does not decode as
//! `OperationError::InvalidResponsePayload(bytes, error)`; serde's error gives a
//! line and column but not the field. [`decode`] decodes the same bytes and, on
//! failure, says which field (`meetings[3].recording_files[0].file_size`).

use std::fmt;

use serde::de::DeserializeOwned;

/// A body that did not decode, with the path of the field that failed.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
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

/// Decodes `body` as `T`, naming the field that failed.
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
    })?;
    deserializer.end().map_err(|source| DecodeError {
        path: ".".into(),
        source,
    })?;
    Ok(value)
}
