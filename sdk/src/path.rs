//! One path parameter of a generated operation, encoded or refused.
//!
//! codegen (`codegen/src/path_segments.rs`) routes every path parameter
//! through [`segment`]: an empty, `.` or `..` value would make the request
//! name another resource (`DELETE .../recordings/..` is `DELETE
//! .../recordings`, every file of the meeting), so it is refused before
//! anything is sent.

/// `value` percent-encoded as progenitor encodes a path parameter, or
/// `Error::InvalidRequest` naming `parameter` when `value` is empty, `.` or
/// `..`. The error type is the one the generated `send` returns, so the
/// call is a `?` inside it.
#[allow(clippy::result_large_err)]
pub(crate) fn segment<E>(parameter: &str, value: &str) -> Result<String, progenitor_client::Error<E>> {
    if matches!(value, "" | "." | "..") {
        return Err(progenitor_client::Error::InvalidRequest(format!(
            "path parameter `{parameter}` is {value:?}: an empty, `.` or `..` segment would name \
             another resource, so the request is not sent"
        )));
    }
    Ok(progenitor_client::encode_path(value))
}

#[cfg(test)]
mod tests {
    use super::segment;

    type Result = std::result::Result<String, progenitor_client::Error<()>>;

    #[test]
    fn dot_segments_and_empty_values_are_refused_with_the_parameter_named() {
        for value in ["", ".", ".."] {
            let refused: Result = segment("recording_id", value);
            let message = refused.unwrap_err().to_string();
            assert!(message.contains("`recording_id`"), "{message}");
        }
    }

    #[test]
    fn other_values_are_encoded_as_progenitor_encodes_them() {
        for value in ["...", ".a", "a/b", "%2e%2e", "a b", "abc-123_X", "é"] {
            let encoded: Result = segment("recording_id", value);
            assert_eq!(encoded.unwrap(), progenitor_client::encode_path(value));
        }
        let encoded: Result = segment("recording_id", "%2e%2e");
        assert_eq!(
            encoded.unwrap(),
            "%252e%252e",
            "a percent sign is encoded, so it stays data"
        );
    }
}
