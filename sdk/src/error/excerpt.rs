//! Short, secret-free excerpts of response bodies for error messages.
//!
//! A body that failed to decode may carry a `download_access_token`, a
//! passcode or a URL with `access_token=`; none of it may reach an error
//! message or a log line. Values are redacted before the text is shortened,
//! so no prefix of a secret survives either.

/// JSON keys whose string values are secrets.
pub(crate) const SECRET_KEYS: &[&str] = &[
    "access_token",
    "client_secret",
    "download_access_token",
    "download_token",
    "encrypted_passcode",
    "host_key",
    "passcode",
    "password",
    "recording_play_passcode",
    "plainToken",
    "encryptedToken",
];

/// URL query parameters whose values are secrets.
const SECRET_PARAMS: &[&str] = &["access_token=", "pwd=", "token=", "passcode="];

/// How much of a body an error shows.
pub(crate) const EXCERPT_CHARS: usize = 240;

const REDACTED: &str = "[redacted]";

/// The start of `body` (lossy UTF-8) with every secret value replaced and at
/// most `max_chars` characters kept.
pub(crate) fn excerpt(body: &[u8], max_chars: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let text = redact_json_values(&text);
    let text = redact_query_values(&text);
    let text = redact_jwts(&text);
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Replaces the string value after every `"<secret key>":`.
fn redact_json_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let after_quote = &rest[start + 1..];
        let Some(end) = after_quote.find('"') else { break };
        let key = &after_quote[..end];
        let after_key = &after_quote[end + 1..];
        out.push_str(&rest[..start + 1 + end + 1]);
        rest = after_key;
        if !SECRET_KEYS.contains(&key) {
            continue;
        }
        let trimmed = rest.trim_start();
        let Some(after_colon) = trimmed.strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start();
        let Some(body) = value.strip_prefix('"') else {
            continue;
        };
        out.push_str(&rest[..rest.len() - value.len()]);
        out.push('"');
        out.push_str(REDACTED);
        out.push('"');
        rest = match string_end(body) {
            Some(close) => &body[close + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// The index of the closing quote of a JSON string body, skipping escapes.
fn string_end(body: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Replaces the value of `access_token=`, `pwd=`, … in URLs.
pub(crate) fn redact_query_values(text: &str) -> String {
    let mut out = text.to_owned();
    for param in SECRET_PARAMS {
        let mut from = 0;
        while let Some(found) = out[from..].find(param) {
            let value_start = from + found + param.len();
            let preceded_ok = from + found == 0
                || matches!(out.as_bytes()[from + found - 1], b'?' | b'&' | b';' | b' ' | b'"');
            let value_len = out[value_start..]
                .find(|c: char| matches!(c, '&' | '"' | '\'' | '#' | '<' | '>') || c.is_whitespace())
                .unwrap_or(out.len() - value_start);
            if preceded_ok && value_len > 0 && &out[value_start..value_start + value_len] != REDACTED {
                out.replace_range(value_start..value_start + value_len, REDACTED);
            }
            from = value_start;
        }
    }
    out
}

/// Replaces anything shaped like a JWT (`eyJ…`), Zoom's token format.
pub(crate) fn redact_jwts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        out.push_str(&rest[..start]);
        let token = &rest[start..];
        let len = token
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=')))
            .unwrap_or(token.len());
        out.push_str(REDACTED);
        rest = &token[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{excerpt, EXCERPT_CHARS};

    #[test]
    fn secret_json_values_are_redacted_and_others_kept() {
        let body =
            br#"{"topic":"Q3 review","password":"s3cr\"et","download_access_token" : "abc.def","id":5}"#;
        let text = excerpt(body, EXCERPT_CHARS);
        assert!(!text.contains("s3cr"), "{text}");
        assert!(!text.contains("abc.def"), "{text}");
        assert!(text.contains(r#""topic":"Q3 review""#), "{text}");
        assert!(text.contains(r#""password":"[redacted]""#), "{text}");
        assert!(text.contains(r#""id":5"#), "{text}");
    }

    #[test]
    fn tokens_in_urls_and_bare_jwts_are_redacted() {
        let body = br#"see https://zoom.us/rec/download/x?access_token=TOPSECRET&pwd=p4ss and eyJhbGciOi.eyJzdWIi.c2ln end"#;
        let text = excerpt(body, EXCERPT_CHARS);
        for secret in ["TOPSECRET", "p4ss", "eyJ"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(text.ends_with(" end"), "{text}");
    }

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let body = "é".repeat(500);
        let text = excerpt(body.as_bytes(), 10);
        assert_eq!(text.chars().count(), 11);
        assert!(text.ends_with('…'));
    }

    #[test]
    fn a_secret_is_redacted_before_the_cut() {
        let body = format!(r#"{{"password":"{}"}}"#, "x".repeat(400));
        let text = excerpt(body.as_bytes(), 20);
        assert!(!text.contains("xxx"), "{text}");
    }
}
