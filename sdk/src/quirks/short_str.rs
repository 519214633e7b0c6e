//! [`ShortStr`]: an immutable string kept inline when it is short.
//!
//! [`WireTime`](super::WireTime) keeps the exact string Zoom sent. Almost all
//! of them are 20-byte RFC 3339 times (`2024-05-01T10:00:00Z`) or empty, and a
//! `String` for each would be one heap allocation per time on a page of
//! thousands; `ShortStr` holds up to [`INLINE`] bytes in place (it is the size
//! of a `String`) and only longer strings on the heap.

use std::fmt;
use std::hash::{Hash, Hasher};

/// The longest string held inline.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

/// A string of any length; up to 22 bytes without a heap allocation.
#[derive(Clone)]
pub(crate) struct ShortStr(Repr);

impl ShortStr {
    /// Copies `text`.
    pub(crate) fn new(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Self(Repr::Inline { len, bytes })
            }
            _ => Self(Repr::Heap(text.into())),
        }
    }

    /// The string.
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let bytes = &bytes[..usize::from(*len)];
                // The bytes are a whole `&str` copied in `new`, so they are
                // valid UTF-8; the fallback (the valid prefix) is never taken.
                std::str::from_utf8(bytes)
                    .unwrap_or_else(|e| std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default())
            }
            Repr::Heap(text) => text,
        }
    }
}

impl PartialEq for ShortStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ShortStr {}

impl Hash for ShortStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for ShortStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::{Repr, ShortStr, INLINE};

    #[test]
    fn short_strings_are_inline_and_long_ones_on_the_heap() {
        for text in ["", "2024-05-01T10:00:00Z", "é€😀", &"x".repeat(INLINE)] {
            let short = ShortStr::new(text);
            assert!(matches!(short.0, Repr::Inline { .. }), "{text:?}");
            assert_eq!(short.as_str(), text);
        }
        for text in ["2024-05-01T10:00:00.123456+05:30", &"y".repeat(INLINE + 1)] {
            let short = ShortStr::new(text);
            assert!(matches!(short.0, Repr::Heap(_)), "{text:?}");
            assert_eq!(short.as_str(), text);
        }
    }

    #[test]
    fn it_is_no_bigger_than_a_string() {
        assert!(std::mem::size_of::<ShortStr>() <= std::mem::size_of::<String>());
    }

    #[test]
    fn equality_and_debug_are_those_of_the_text() {
        assert_eq!(ShortStr::new("a"), ShortStr::new("a"));
        assert_ne!(ShortStr::new("a"), ShortStr::new("b"));
        assert_eq!(format!("{:?}", ShortStr::new("a\"b")), format!("{:?}", "a\"b"));
    }
}
