//! Naming the field a decode error is at, from the error's position alone.
//!
//! serde_json's error says where in the body it stopped (a line and a
//! column) but not which field that is. Rather than decode a failing body a
//! second time through a path-tracking wrapper (a second copy of every
//! response type's decoder in the build), [`path_at`] walks the body's tokens
//! up to that position and reads the path off the open containers, written as
//! `meetings[3].recording_files[0].file_size` (`.` for the body itself).
//!
//! Where serde_json stops, and so what the walk reports:
//! - a scalar that does not fit (a wrong type, a custom error of a quirk
//!   type, a number out of range) is reported just past the scalar: its field;
//! - a missing field, just past the object's `}`: the object;
//! - a container where a scalar was expected, at its opening bracket: its field;
//! - a duplicate or unknown key, just past the key: the object holding it;
//! - anything after the body's end: `.`.
//!
//! Malformed JSON is named as a path-tracking decoder names it: a bad token
//! where a value belongs is that value's field; a missing `,` or `:`, a
//! trailing comma or an early end after a whole value is the container's.
//! `tests/decode_paths.rs` holds the walk to `serde_path_to_error`'s answers
//! on every fixture broken in every place, cut short at every byte and given
//! a stray byte at every byte.
//!
//! The position is located in the bytes serde_json read, so this works for a
//! body that is not UTF-8 too (at the first invalid byte).

use std::fmt::Write as _;

pub(crate) use serde_json::error::Category;

/// One step of a path: an object's key or an array's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// A key, unescaped.
    Key(String),
    /// An index from 0.
    Index(usize),
}

/// Where a container's walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// An object before a key (after `{` or `,`).
    WantKey,
    /// An object after a key, before its `:`.
    WantColon,
    /// Before a value (an object's after `:`, an array's after `[` or `,`),
    /// or in it while a nested container is open.
    WantValue,
    /// After a value, before `,` or the closing bracket.
    Done,
}

/// One open container while walking the body.
struct Frame {
    object: bool,
    /// An array's current index.
    index: usize,
    /// An object's current key (a byte range of the body, quotes included),
    /// set at its `:` and cleared at the next `,`.
    key: Option<(usize, usize)>,
    /// A key read and waiting for its `:`.
    pending: Option<(usize, usize)>,
    state: State,
    /// No `,` yet.
    first: bool,
}

impl Frame {
    fn new(object: bool) -> Self {
        Self {
            object,
            index: 0,
            key: None,
            pending: None,
            state: if object { State::WantKey } else { State::WantValue },
            first: true,
        }
    }
}

/// The last token the walk read.
#[derive(Clone, Copy)]
enum Last {
    /// Nothing yet, punctuation or a key.
    Other,
    /// A token that belongs nowhere (serde stops at it).
    Stray,
    /// A scalar (or a stray token) where a value belongs: where it ends, and
    /// whether it is a whole, valid scalar.
    Value { end: usize, complete: bool },
    /// A closing bracket.
    Close,
}

/// The byte offset serde_json's `line` (from 1) and `column` (bytes since the
/// line's start) denote in `body`; `None` for an error with no position
/// (line 0).
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start_of_line = if line == 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', body).nth(line - 2)? + 1
    };
    Some((start_of_line + column).min(body.len()))
}

/// The path of the field `error` (serde_json's, from decoding `body`) stopped
/// at; empty (the body itself) for an error with no position.
pub(crate) fn path_of_error(body: &[u8], error: &serde_json::Error) -> Vec<Segment> {
    offset_of(body, error.line(), error.column())
        .map(|at| path_at(body, at, error.classify()))
        .unwrap_or_default()
}

/// The path of the value serde_json was in when it stopped at `offset` with
/// an error of `category` (JSON that does not fit the type, malformed JSON, or
/// an early end). Every token that starts before `offset` is read.
pub(crate) fn path_at(body: &[u8], offset: usize, category: Category) -> Vec<Segment> {
    let offset = offset.min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut last = Last::Other;
    let mut i = 0;
    while i < offset {
        let start = i;
        let wants_value = stack.last().is_none_or(|top| top.state == State::WantValue);
        // A token where a value belongs is that value, even a malformed one;
        // anywhere else it is stray.
        let value_token = |end: usize, complete: bool, stack: &mut Vec<Frame>| {
            if wants_value {
                if let Some(top) = stack.last_mut() {
                    top.state = State::Done;
                }
                Last::Value { end, complete }
            } else {
                Last::Stray
            }
        };
        match body[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'"' => {
                let (end, terminated) = string_end(body, i);
                i = end;
                match stack.last_mut() {
                    Some(top) if top.object && top.state == State::WantKey => {
                        top.pending = Some((start, end));
                        top.state = State::WantColon;
                        last = Last::Other;
                    }
                    _ => last = value_token(end, terminated, &mut stack),
                }
            }
            b':' => {
                i += 1;
                last = match stack.last_mut() {
                    Some(top) if top.state == State::WantColon => {
                        top.key = top.pending.take();
                        top.state = State::WantValue;
                        Last::Other
                    }
                    _ => value_token(i, false, &mut stack),
                };
            }
            b',' => {
                i += 1;
                last = match stack.last_mut() {
                    Some(top) if top.state == State::Done => {
                        top.first = false;
                        if top.object {
                            top.key = None;
                            top.state = State::WantKey;
                        } else {
                            top.index += 1;
                            top.state = State::WantValue;
                        }
                        Last::Other
                    }
                    _ => value_token(i, false, &mut stack),
                };
            }
            open @ (b'{' | b'[') => {
                i += 1;
                last = if wants_value {
                    stack.push(Frame::new(open == b'{'));
                    Last::Other
                } else {
                    Last::Stray
                };
            }
            close @ (b'}' | b']') => {
                i += 1;
                let (closes, stray_value) = match stack.last() {
                    Some(top) => {
                        let own = top.object == (close == b'}');
                        let closes = own
                            && match top.state {
                                State::Done => true,
                                // An empty container; after a `,` it is a
                                // trailing comma, which serde refuses there.
                                State::WantKey => top.first,
                                State::WantValue => !top.object && top.first,
                                State::WantColon => false,
                            };
                        // Where a value belongs, a bracket that does not close
                        // is that value (serde tries to read it as one), but
                        // an array's own `]` after a `,` is its trailing comma.
                        (closes, top.state == State::WantValue && (top.object || !own))
                    }
                    None => (false, false),
                };
                last = if closes {
                    stack.pop();
                    if let Some(parent) = stack.last_mut() {
                        parent.state = State::Done;
                    }
                    Last::Close
                } else if stray_value {
                    value_token(i, false, &mut stack)
                } else {
                    Last::Stray
                };
            }
            // A number, a literal or a stray byte.
            _ => {
                let complete;
                (i, complete) = scalar_end(body, start);
                last = value_token(i, complete, &mut stack);
            }
        }
    }
    let Some((top, outer)) = stack.split_last() else {
        return Vec::new();
    };
    // The innermost container's key or index is part of the path only while
    // its value is being read (or has just failed).
    let in_value = match last {
        // An early end just past a whole scalar is its container's: the
        // scalar was read and the next token is missing.
        Last::Value { end, complete } => category != Category::Eof || !complete || end > offset,
        Last::Close => category == Category::Data,
        Last::Stray => false,
        Last::Other => {
            // An object's value failed before its first byte was read; an
            // array's element only when serde stopped at the element's
            // opening bracket (it reads a scalar whole before refusing it,
            // and an error just past `[` is the array's own).
            top.state == State::WantValue
                && (top.object || (i == offset && matches!(body.get(offset), Some(b'[' | b'{'))))
        }
    };
    let segment = |frame: &Frame| {
        if frame.object {
            frame
                .key
                .map(|(start, end)| Segment::Key(key_text(&body[start..end])))
        } else {
            Some(Segment::Index(frame.index))
        }
    };
    let mut path: Vec<Segment> = outer.iter().filter_map(segment).collect();
    if in_value {
        path.extend(segment(top));
    }
    path
}

/// The end of the number or literal starting at `start`, read as serde_json
/// reads it (`48x` is the number `48` and then a stray `x`), and whether it
/// is whole; any other byte is a stray token of its own.
fn scalar_end(body: &[u8], start: usize) -> (usize, bool) {
    let at = |i: usize| body.get(i).copied();
    let digits = |mut i: usize| {
        let from = i;
        while at(i).is_some_and(|b| b.is_ascii_digit()) {
            i += 1;
        }
        (i, i > from)
    };
    for literal in [&b"true"[..], b"false", b"null"] {
        if body[start] == literal[0] {
            let matched = literal
                .iter()
                .zip(&body[start..])
                .take_while(|(a, b)| a == b)
                .count();
            return if matched == literal.len() {
                (start + matched, true)
            } else {
                // serde stops at the first byte that does not match.
                ((start + matched + 1).min(body.len()), false)
            };
        }
    }
    if !(body[start] == b'-' || body[start].is_ascii_digit()) {
        return (start + 1, false);
    }
    let mut i = start + usize::from(body[start] == b'-');
    let whole = if at(i) == Some(b'0') {
        i += 1;
        // A leading zero followed by a digit is refused at that digit.
        if at(i).is_some_and(|b| b.is_ascii_digit()) {
            return (i + 1, false);
        }
        true
    } else {
        let found;
        (i, found) = digits(i);
        found
    };
    if !whole {
        return ((i + 1).min(body.len()), false);
    }
    if at(i) == Some(b'.') {
        let found;
        (i, found) = digits(i + 1);
        if !found {
            return ((i + 1).min(body.len()), false);
        }
    }
    if matches!(at(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(at(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let found;
        (i, found) = digits(i);
        if !found {
            return ((i + 1).min(body.len()), false);
        }
    }
    (i, true)
}

/// The index just past the string starting at `start` (a `"`), and whether
/// its closing quote was found (the body's end if not).
///
/// Strings are most of a page's bytes (URLs, ids, times), so the walk jumps
/// from one `"` or `\\` to the next instead of looking at every byte.
pub(crate) fn string_end(body: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while let Some(at) = body.get(i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
        i += at;
        if body[i] == b'"' {
            return (i + 1, true);
        }
        i += 2;
    }
    (body.len(), false)
}

/// A key as written (quotes included) unescaped; a key that does not
/// unescape is shown as it was, quotes trimmed.
pub(crate) fn key_text(raw: &[u8]) -> String {
    serde_json::from_slice::<String>(raw)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).trim_matches('"').to_owned())
}

/// `prefix.a.b[2].c`; the prefix alone (or `.`) for an empty path.
pub(crate) fn render(prefix: Option<&str>, segments: &[Segment]) -> String {
    let mut path = prefix.unwrap_or_default().to_owned();
    for segment in segments {
        match segment {
            Segment::Index(index) => {
                let _ = write!(path, "[{index}]");
            }
            Segment::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::{offset_of, path_at, render};

    fn at(body: &str, offset: usize) -> String {
        render(None, &path_at(body.as_bytes(), offset, super::Category::Data))
    }

    #[test]
    fn a_scalar_is_named_by_its_field_and_a_key_by_its_object() {
        let body = r#"{"a": [1, {"b\"c": "x,]", "d": [0, 7]}], "e": 1}"#;
        let end_of = |needle: &str| body.find(needle).unwrap() + needle.len();
        assert_eq!(at(body, end_of("[1")), "a[0]");
        assert_eq!(at(body, end_of(r#""x,]""#)), "a[1].b\"c");
        assert_eq!(at(body, end_of("[0, 7")), "a[1].d[1]");
        // Just past a key, before its `:`: the object.
        assert_eq!(at(body, end_of(r#""d""#)), "a[1]");
        // Just past a closing bracket: the container that closed.
        assert_eq!(at(body, end_of("7]")), "a[1].d");
        assert_eq!(at(body, end_of("7]}")), "a[1]");
        // At an opening bracket: the field it is the value of.
        assert_eq!(at(body, body.find("[0").unwrap()), "a[1].d");
        // After a comma: the container (the old key or index is done, the
        // next not begun).
        assert_eq!(at(body, end_of("7]}],")), ".");
        assert_eq!(at(body, end_of("[1,")), "a");
        assert_eq!(at(body, body.len()), ".");
        assert_eq!(at(body, 0), ".");
    }

    #[test]
    fn an_offset_counts_bytes_from_the_line_start() {
        let body = b"{\n  \"a\": 1,\n  \"b\": 2\n}";
        assert_eq!(offset_of(body, 0, 0), None);
        assert_eq!(offset_of(body, 1, 1), Some(1));
        assert_eq!(offset_of(body, 3, 8), Some(20));
        assert_eq!(&body[..20], b"{\n  \"a\": 1,\n  \"b\": 2");
        assert_eq!(offset_of(body, 9, 0), None);
        assert_eq!(offset_of(b"{}", 1, 99), Some(2));
    }

    #[test]
    fn paths_render_as_serde_path_to_error_wrote_them() {
        use super::Segment::{Index, Key};
        assert_eq!(render(None, &[]), ".");
        assert_eq!(render(Some("payload"), &[]), "payload");
        assert_eq!(
            render(
                Some("payload"),
                &[Key("object".into()), Index(2), Key("id".into())]
            ),
            "payload.object[2].id"
        );
        assert_eq!(render(None, &[Index(0), Key("a b".into())]), "[0].a b");
    }
}
