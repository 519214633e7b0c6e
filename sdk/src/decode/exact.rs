//! Finding the numbers a decoded body would not give back as they came.
//!
//! Without serde_json's `arbitrary_precision` a JSON number is held as a
//! `u64`, an `i64` or an `f64`. A literal outside those (an integer wider than
//! 64 bits, a decimal with more digits than a double keeps) decodes to the
//! nearest double and re-encodes as a different number: in a field the SDK
//! keeps without typing (the `extra` maps, raw webhook bodies) that is a silent
//! change. [`first_inexact`] finds the first such literal in a body and the
//! path of the field holding it, so the decoder can refuse the body instead.
//!
//! A number is kept exactly when re-encoding what serde_json decoded denotes
//! the same decimal value as the literal (`1.50` → `1.5` and `1e2` → `100.0`
//! are the same number; `18446744073709551616` → `1.8446744073709552e19` is
//! not). `arbitrary_precision` would keep every literal, but it changes how
//! `#[serde(flatten)]` and untagged enums see numbers, and Cargo's feature
//! unification would turn it on for every crate in a service that uses
//! serde_json; refusing is local to this SDK.

use super::locate::{key_text, render, string_end, Segment};

/// A number that would not come back exactly, and where it is.
#[derive(Debug)]
pub(crate) struct Inexact {
    /// The field, written as every decode error writes paths (`meetings[0].event_ts`).
    pub(crate) path: String,
    /// The literal as it was in the body (cut to 40 characters).
    pub(crate) literal: String,
}

/// One open container while walking the body.
enum Frame {
    /// An object: the current key (a byte range of the body, quotes included)
    /// and whether the next string is a key.
    Object {
        key: Option<(usize, usize)>,
        want_key: bool,
    },
    /// An array: the index of the current element.
    Array { index: usize },
}

/// The first number in `body` that would not re-encode as the same value.
///
/// `body` is expected to be JSON that serde_json accepted; on anything else
/// the walk still ends without panicking and reports only numbers it saw.
pub(crate) fn first_inexact(body: &[u8]) -> Option<Inexact> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'"' => {
                let (end, _) = string_end(body, i);
                if let Some(Frame::Object { key, want_key }) = stack.last_mut() {
                    if *want_key {
                        *key = Some((i, end));
                        *want_key = false;
                    }
                }
                i = end;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < body.len() && matches!(body[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                let literal = &body[start..i];
                if !kept_exactly(literal) {
                    return Some(Inexact {
                        path: path_of(body, &stack),
                        literal: String::from_utf8_lossy(literal).chars().take(40).collect(),
                    });
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The path of the value the walk is at.
fn path_of(body: &[u8], stack: &[Frame]) -> String {
    let segments: Vec<Segment> = stack
        .iter()
        .filter_map(|frame| match frame {
            Frame::Array { index } => Some(Segment::Index(*index)),
            Frame::Object {
                key: Some((start, end)),
                ..
            } => Some(Segment::Key(key_text(&body[*start..*end]))),
            Frame::Object { key: None, .. } => None,
        })
        .collect();
    render(None, &segments)
}

/// Whether serde_json decodes `literal` to a value that re-encodes as the same number.
pub(crate) fn kept_exactly(literal: &[u8]) -> bool {
    short_and_exact(literal) || kept_exactly_by_value(literal)
}

/// The common case, decided without parsing: an integer of at most 18 digits
/// (it fits an `i64` or a `u64`), or a literal of at most 20 bytes without an
/// exponent and with at most 15 digits. A double keeps any decimal of 15
/// significant digits in its normal range (`f64::DIGITS`), and the shortest
/// form serde_json writes back is then that decimal: a shorter one that read
/// back as the same double would be a second decimal of 15 digits or fewer for
/// it. Twenty bytes without an exponent stay far inside the normal range.
fn short_and_exact(literal: &[u8]) -> bool {
    if literal.len() > 20 {
        return false;
    }
    let mut digits = 0;
    let mut point = false;
    for (at, &b) in literal.iter().enumerate() {
        match b {
            b'0'..=b'9' => digits += 1,
            b'-' if at == 0 => {}
            b'.' if !point => point = true,
            _ => return false,
        }
    }
    digits > 0 && (digits <= 15 || (!point && digits <= 18))
}

/// [`kept_exactly`] by decoding `literal` as serde_json does and comparing
/// what re-encoding it writes.
fn kept_exactly_by_value(literal: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(literal) else {
        return false;
    };
    let integer = !text.contains(['.', 'e', 'E']);
    // serde_json keeps these as u64 / i64, digit for digit.
    if integer && (text.parse::<u64>().is_ok() || text.parse::<i64>().is_ok()) {
        return true;
    }
    // Everything else becomes a double; compare what re-encoding it writes.
    let Ok(value) = serde_json::from_str::<f64>(text) else {
        return false;
    };
    let Ok(written) = serde_json::to_string(&value) else {
        return false;
    };
    match (Decimal::parse(text), Decimal::parse(&written)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A decimal number reduced to sign, significant digits and exponent, so that
/// `1.50`, `15e-1` and `0.0015e3` compare equal.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    /// Significant digits, no leading or trailing zeros (empty for zero).
    digits: String,
    /// The power of ten the last digit stands for.
    exponent: i128,
}

impl Decimal {
    fn parse(text: &str) -> Option<Self> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], parse_exponent(&rest[at + 1..])?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let all: String = int.chars().chain(frac.chars()).collect();
        let mut exponent = exponent - frac.len() as i128;
        let significant = all.trim_start_matches('0');
        let trimmed = significant.trim_end_matches('0');
        exponent += (significant.len() - trimmed.len()) as i128;
        if trimmed.is_empty() {
            // Zero, whatever its sign or exponent.
            return Some(Self {
                negative: false,
                digits: String::new(),
                exponent: 0,
            });
        }
        Some(Self {
            negative,
            digits: trimmed.to_owned(),
            exponent,
        })
    }
}

/// An exponent's digits, saturating far beyond any double's range.
fn parse_exponent(text: &str) -> Option<i128> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i128 = 0;
    for b in digits.bytes() {
        value = (value * 10 + i128::from(b - b'0')).min(1 << 80);
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::{first_inexact, kept_exactly};

    #[test]
    fn integers_within_64_bits_and_short_decimals_are_kept() {
        for literal in [
            "0",
            "-0",
            "7",
            "-12",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5",
            "1.50",
            "0.1",
            "1e2",
            "100.0",
            "-2.5e-3",
            "1e20",
            "0.30000000000000004",
            "0e999999999999999999",
        ] {
            assert!(kept_exactly(literal.as_bytes()), "{literal}");
        }
    }

    #[test]
    fn wider_integers_and_long_decimals_are_not() {
        for literal in [
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "0.1000000000000000000001",
            "1e400",
            "1e-400",
        ] {
            assert!(!kept_exactly(literal.as_bytes()), "{literal}");
        }
    }

    #[test]
    fn the_quick_answer_agrees_with_decoding_the_number() {
        let mut literals: Vec<String> = [
            "0",
            "-0",
            "007",
            "1.",
            ".5",
            "-",
            "1.2.3",
            "--1",
            "1-",
            "0.0",
            "-0.000",
            "999999999999999",
            "9999999999999999",
            "999999999999999999",
            "9999999999999999999",
            "0.999999999999999",
            "0.9999999999999999",
            "123456789.012345",
            "1234567890123456.7",
            "9007199254740993",
            "-9223372036854775808",
            "18446744073709551615",
            "0.000000000000000001",
        ]
        .map(String::from)
        .to_vec();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 19) as usize;
            let mut literal: String = (0..len)
                .map(|k| char::from(b'0' + ((seed >> (k * 3)) % 10) as u8))
                .collect();
            if seed & 1 == 1 {
                literal.insert((seed >> 8) as usize % len, '.');
            }
            if seed & 2 == 2 {
                literal.insert(0, '-');
            }
            literals.push(literal);
        }
        for literal in &literals {
            // The walk only meets numbers serde_json accepted.
            let valid = serde_json::from_str::<serde_json::Value>(literal).is_ok_and(|v| v.is_number());
            if valid && super::short_and_exact(literal.as_bytes()) {
                assert!(
                    super::kept_exactly_by_value(literal.as_bytes()),
                    "{literal} is not kept"
                );
            }
        }
    }

    #[test]
    fn strings_with_escapes_are_skipped_whole() {
        let body = br#"{"a": "\\", "b": "\"1e999\"", "c": "\\\"", "d": 123456789012345678901234567890}"#;
        assert_eq!(first_inexact(body).expect("found").path, "d");
        assert!(first_inexact(br#"{"a": "unterminated 99999999999999999999999"#).is_none());
    }

    #[test]
    fn the_path_names_the_field_inside_objects_and_arrays() {
        let body = br#"{"a": [1, {"b\"c": "x,1e999", "d": [0, 99999999999999999999999]}], "e": 1}"#;
        let found = first_inexact(body).expect("the wide integer is found");
        assert_eq!(found.path, "a[1].d[1]");
        assert_eq!(found.literal, "99999999999999999999999");
        assert!(
            first_inexact(br#"{"a": [1, 2.5, {"b": -3}], "c": "123456789012345678901234567890"}"#).is_none()
        );
    }

    #[test]
    fn a_number_at_the_root_has_the_root_path() {
        assert_eq!(
            first_inexact(b"123456789012345678901234567890").unwrap().path,
            "."
        );
    }
}
