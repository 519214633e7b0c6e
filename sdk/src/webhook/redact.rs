//! Keeping credentials out of `Debug` where a payload is held as raw JSON:
//! the body of an unknown event, the `extra` fields of every payload type,
//! and the field path of a decode error.
//!
//! Typed credential fields are [`Secret`](crate::Secret) and hide themselves;
//! this module covers what the SDK does not type, by key name.

use std::fmt;

use serde_json::{Map, Value};

/// What a redacted string is replaced with.
const REDACTED: &str = "[redacted]";

/// Whether a JSON key names a credential (`plainToken` is a public challenge).
pub(crate) fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key != "plaintoken"
        && ["token", "password", "passcode", "secret", "pwd"]
            .iter()
            .any(|k| key.contains(k))
}

/// `value` with every string under a credential-like key replaced.
pub(crate) fn redacted(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), redacted_entry(key, value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

/// The value under `key`, redacted: replaced if `key` names a credential and
/// the value is a string, searched deeper otherwise.
fn redacted_entry(key: &str, value: &Value) -> Value {
    match value {
        Value::String(_) if is_credential_key(key) => Value::String(REDACTED.into()),
        other => redacted(other),
    }
}

/// `Debug` of a JSON map with every credential-like value redacted.
pub(crate) struct RedactedMap<'a>(pub(crate) &'a Map<String, Value>);

impl fmt::Debug for RedactedMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(key, value)| (key, redacted_entry(key, value))),
            )
            .finish()
    }
}

/// Implements `Debug` for a payload struct: the typed fields as they are
/// (credentials among them are [`Secret`](crate::Secret)), the raw JSON maps
/// through [`RedactedMap`]. Every field must be listed: the destructuring
/// fails to compile when one is missing, so none is silently left out.
macro_rules! debug_redacting_raw_maps {
    ($type:ident { $($field:ident),* $(,)? } raw { $($raw:ident),+ $(,)? }) => {
        impl ::std::fmt::Debug for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let Self { $($field,)* $($raw,)+ } = self;
                f.debug_struct(stringify!($type))
                    $(.field(stringify!($field), $field))*
                    $(.field(stringify!($raw), &$crate::webhook::redact::RedactedMap($raw)))+
                    .finish()
            }
        }
    };
}

pub(crate) use debug_redacting_raw_maps;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{is_credential_key, redacted, RedactedMap};

    #[test]
    fn credential_keys_are_recognised_in_any_case_but_the_public_challenge_is_not() {
        for key in [
            "download_token",
            "password",
            "recording_play_passcode",
            "client_secret",
            "PWD",
            "meetingPassword",
        ] {
            assert!(is_credential_key(key), "{key}");
        }
        for key in ["plainToken", "topic", "meeting_uuid", "summary_title"] {
            assert!(!is_credential_key(key), "{key}");
        }
    }

    #[test]
    fn strings_under_credential_keys_are_replaced_at_any_depth() {
        let value = json!({
            "topic": "Weekly sync",
            "download_token": "tok-123",
            "nested": [{"password": "pw-456", "id": 5}],
            "passcode_length": 6,
        });
        let shown = redacted(&value);
        assert_eq!(shown["topic"], "Weekly sync");
        assert_eq!(shown["download_token"], "[redacted]");
        assert_eq!(shown["nested"][0]["password"], "[redacted]");
        assert_eq!(shown["nested"][0]["id"], 5);
        assert_eq!(shown["passcode_length"], 6, "only strings are credentials");

        let map = value.as_object().unwrap();
        let debug = format!("{:?}", RedactedMap(map));
        assert!(!debug.contains("tok-123") && !debug.contains("pw-456"), "{debug}");
        assert!(debug.contains("Weekly sync"), "{debug}");
    }
}
