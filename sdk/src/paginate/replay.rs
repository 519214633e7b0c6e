//! Recognising items without a key when a window is walked again.
//!
//! Items with a key (a meeting UUID, a user id) are returned once by their
//! key. Some listings have no key at all: a recording's analytics details are
//! bare `{date_time, name, email, duration}` rows. When a page token expires
//! and a window is walked again from its first page, such rows are recognised
//! by their **content**: the window counts how many rows of each content it has
//! returned, and the new pass skips that many rows of the same content before
//! returning any.
//!
//! Why content and not position ("skip the first *n* rows"): skipping by
//! position is only right if the listing is unchanged between the passes. A
//! view recorded while the walk runs shifts every later row by one, and
//! skipping by position would then return one row twice and lose another,
//! silently. Counting by content returns a row that is new (or whose content
//! changed) and skips exactly the rows already returned, wherever they moved.
//! Two identical rows (the same person, the same second, the same duration)
//! are two rows: both are returned, and after a restart both are skipped.
//! Failing the listing on every expiry instead would have been safe but would
//! turn a recoverable event into the caller's problem.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Error;

/// A digest of an item's JSON form: equal for equal content, and it keeps
/// nothing of the item itself (so no secret a listed item carries is held).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Fingerprint([u8; 32]);

/// The fingerprint of `item`, or a decode error naming `operation` when the
/// item cannot be written as JSON (the generated types always can).
pub(crate) fn fingerprint<T: Serialize>(item: &T, operation: &'static str) -> Result<Fingerprint, Error> {
    let json = serde_json::to_vec(item).map_err(|e| Error::decode(Some(operation), None, b"", e, None))?;
    Ok(Fingerprint(Sha256::digest(json).into()))
}

/// The keyless items one window has returned, across its passes.
#[derive(Debug, Default)]
pub(crate) struct Replay {
    /// How many items of each content this window has returned.
    returned: HashMap<Fingerprint, u32>,
    /// How many items of each content the current pass still has to skip.
    to_skip: HashMap<Fingerprint, u32>,
}

impl Replay {
    /// The window starts over from its first page: everything it returned
    /// before is to be skipped once more.
    pub(crate) fn restart(&mut self) {
        self.to_skip = self.returned.clone();
    }

    /// Whether an item with this content is new and is to be returned (it is
    /// then counted as returned); `false` when it was returned before the
    /// restart.
    pub(crate) fn admit(&mut self, item: Fingerprint) -> bool {
        if let Some(left) = self.to_skip.get_mut(&item) {
            if *left > 0 {
                *left -= 1;
                return false;
            }
        }
        *self.returned.entry(item).or_default() += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{fingerprint, Replay};

    /// The rows (named by viewer) of one page that `replay` lets through.
    fn admitted<'n>(replay: &mut Replay, viewers: &[&'n str]) -> Vec<&'n str> {
        viewers
            .iter()
            .copied()
            .filter(|viewer| {
                let row = json!({"name": viewer, "date_time": "2026-02-01T10:00:00Z", "duration": 3});
                replay.admit(fingerprint(&row, "test").unwrap())
            })
            .collect()
    }

    #[test]
    fn without_a_restart_every_row_is_returned_even_identical_ones() {
        let mut replay = Replay::default();
        assert_eq!(admitted(&mut replay, &["ana", "ana"]), ["ana", "ana"]);
        assert_eq!(
            admitted(&mut replay, &["ana"]),
            ["ana"],
            "a third one on a later page too"
        );
    }

    #[test]
    fn a_restart_skips_what_was_returned_and_returns_what_is_new() {
        let mut replay = Replay::default();
        assert_eq!(admitted(&mut replay, &["a", "b"]), ["a", "b"]);
        replay.restart();
        // A row arrived at the front. Skipping the first two by position would
        // return `b` again and lose `new`; by content, `new` and `c` are new.
        assert_eq!(admitted(&mut replay, &["new", "a", "b", "c"]), ["new", "c"]);
    }

    #[test]
    fn identical_rows_are_skipped_as_often_as_they_were_returned() {
        let mut replay = Replay::default();
        assert_eq!(admitted(&mut replay, &["same", "same"]).len(), 2);
        replay.restart();
        assert!(admitted(&mut replay, &["same", "same"]).is_empty());
        assert_eq!(admitted(&mut replay, &["same"]), ["same"], "a third is new");
    }

    #[test]
    fn a_second_restart_skips_the_rows_of_both_earlier_passes() {
        let mut replay = Replay::default();
        assert_eq!(admitted(&mut replay, &["a"]), ["a"]);
        replay.restart();
        assert_eq!(admitted(&mut replay, &["a", "b"]), ["b"]);
        replay.restart();
        assert!(admitted(&mut replay, &["a", "b"]).is_empty());
        assert_eq!(admitted(&mut replay, &["c"]), ["c"]);
    }

    #[test]
    fn different_content_gives_a_different_fingerprint() {
        let one = json!({"name": "a", "duration": 2});
        let other = json!({"name": "a", "duration": 3});
        assert_ne!(fingerprint(&one, "t").unwrap(), fingerprint(&other, "t").unwrap());
        assert_eq!(
            fingerprint(&one, "t").unwrap(),
            fingerprint(&one.clone(), "t").unwrap()
        );
    }
}
