//! A string that never shows itself in `Debug` or `Display`.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// A credential (access token, client secret, download token, passcode).
///
/// `Debug` and `Display` print `[redacted]`; the value is zeroed on drop. Read
/// it with [`Secret::expose`] only where it is sent.
///
/// The generated types use it for every field the spec marks as a credential
/// (`download_access_token`, `password`, `recording_play_passcode`). It
/// serializes as the plain JSON string it was decoded from, so a stored
/// response round-trips losslessly: serialized output holds the value, and
/// only `Debug`/`Display` hide it.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The secret value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::new(value))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Compares the values (not in constant time: this is for tests and change
/// detection, not for checking credentials).
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

/// Writes the value itself, so serialized data keeps it.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Secret {
    fn schema_name() -> String {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            metadata: Some(Box::new(schemars::schema::Metadata {
                description: Some("A credential (passcode or token), sent as a plain string.".into()),
                ..Default::default()
            })),
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            format: Some("password".into()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Secret::new("eyJhbGciOiJIUzI1NiJ9.token");
        assert!(!format!("{secret:?}").contains("eyJ"));
        assert!(!format!("{secret}").contains("eyJ"));
        assert_eq!(secret.expose(), "eyJhbGciOiJIUzI1NiJ9.token");
    }

    #[test]
    fn serde_round_trip_keeps_the_value() {
        let secret: Secret = serde_json::from_str(r#""dAbyzK1""#).expect("a JSON string decodes");
        assert_eq!(secret.expose(), "dAbyzK1");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""dAbyzK1""#);
        let empty: Secret = serde_json::from_str(r#""""#).expect("an empty string decodes");
        assert_eq!(empty.expose(), "");
        assert!(serde_json::from_str::<Secret>("42").is_err());
        assert_eq!(secret, Secret::from("dAbyzK1"));
        assert_ne!(secret, empty);
    }

    #[cfg(feature = "schemars")]
    #[test]
    fn schema_is_a_password_string() {
        let schema = serde_json::to_value(schemars::schema_for!(Secret)).unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["format"], "password");
    }
}
