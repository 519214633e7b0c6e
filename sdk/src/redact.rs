//! Removing credentials from Zoom's JSON before it is kept anywhere: for
//! example the meeting metadata an archive stores beside the recordings.
//!
//! The same rules as error excerpts: the values of credential keys
//! (`password`, `recording_play_passcode`, `download_access_token`,
//! `host_key`, …) and of credential query parameters inside URLs (`pwd=`,
//! `access_token=`, …), and anything shaped like one of Zoom's tokens.
//!
//! ```
//! let mut meeting = serde_json::json!({
//!     "topic": "Weekly sync",
//!     "password": "s3cret",
//!     "share_url": "https://zoom.us/rec/share/abc?pwd=s3cret",
//! });
//! let removed = zoom_cloud_recording::redact::remove_secrets(&mut meeting);
//! assert_eq!(removed, 2);
//! assert_eq!(meeting["topic"], "Weekly sync");
//! assert!(meeting.get("password").is_none());
//! assert!(!meeting.to_string().contains("s3cret"));
//! ```

use serde_json::Value;

use crate::error::{redact_jwts, redact_query_values, SECRET_KEYS};

/// Removes every credential from `value`, in place: keys that hold one are
/// dropped, URLs and text that carry one keep everything but the secret.
/// Returns how many values were removed or changed.
pub fn remove_secrets(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let before = map.len();
            map.retain(|key, _| !SECRET_KEYS.contains(&key.as_str()));
            let mut changed = before - map.len();
            for (_, inner) in map.iter_mut() {
                changed += remove_secrets(inner);
            }
            changed
        }
        Value::Array(items) => items.iter_mut().map(remove_secrets).sum(),
        Value::String(text) => {
            let cleaned = redact_jwts(&redact_query_values(text));
            if cleaned == *text {
                0
            } else {
                *text = cleaned;
                1
            }
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::remove_secrets;
    use serde_json::json;

    #[test]
    fn nested_credentials_are_removed_and_everything_else_is_kept() {
        let mut value = json!({
            "uuid": "abc==",
            "id": 123,
            "download_access_token": "eyJhbGciOi.x.y",
            "recording_files": [
                {"id": "f1", "play_url": "https://zoom.us/rec/play/f1?pwd=hunter2&x=1"},
                {"id": "f2", "download_url": "https://zoom.us/rec/download/f2"}
            ],
            "settings": {"host_key": "123456", "topic": "eyJ not a token but shaped like one"}
        });
        assert_eq!(remove_secrets(&mut value), 4);
        let text = value.to_string();
        for secret in ["eyJhbGciOi", "hunter2", "123456"] {
            assert!(!text.contains(secret), "{secret} survived: {text}");
        }
        assert_eq!(value["id"], 123);
        assert_eq!(value["recording_files"][0]["id"], "f1");
        assert!(value["recording_files"][0]["play_url"]
            .as_str()
            .unwrap()
            .ends_with("&x=1"));
        assert_eq!(
            value["recording_files"][1]["download_url"],
            "https://zoom.us/rec/download/f2"
        );
        assert!(value["settings"].get("host_key").is_none());
    }

    #[test]
    fn a_value_without_credentials_is_unchanged() {
        let original = json!({"topic": "Q3", "files": [1, 2.5, null, true]});
        let mut value = original.clone();
        assert_eq!(remove_secrets(&mut value), 0);
        assert_eq!(value, original);
    }
}
