//! A string that never shows itself in `Debug` or `Display`.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// A credential (access token, client secret, download token, passcode).
///
/// `Debug` and `Display` print `[redacted]`; the value is zeroed on drop. Read
/// it with [`Secret::expose`] only where it is sent.
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
}
