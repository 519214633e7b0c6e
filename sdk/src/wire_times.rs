//! Date-time query parameters in the form Zoom documents.
//!
//! Zoom documents `yyyy-MM-dd'T'HH:mm:ssZ` for the `from`/`to` instants of the
//! archive, summary and account listings; chrono writes fractions of a second
//! (`2025-03-03T10:11:12.345678Z`) when the value has them. [`whole_seconds`]
//! rewrites such values on their way out: `from` rounded down and `to` rounded
//! up to the second, so the range asked for still covers the one given.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

/// The query parameters that bound a range of instants.
const RANGE_BOUNDS: [(&str, Rounding); 2] = [("from", Rounding::Down), ("to", Rounding::Up)];

#[derive(Clone, Copy)]
enum Rounding {
    Down,
    Up,
}

/// Rewrites `from`/`to` instants with a fraction of a second in `url`'s query.
/// Dates, whole-second instants and every other parameter are left as they are.
pub(crate) fn whole_seconds(url: &mut reqwest::Url) {
    let mut changed = false;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(key, value)| {
            let rounded = RANGE_BOUNDS
                .iter()
                .find(|(name, _)| *name == key)
                .and_then(|(_, rounding)| round(&value, *rounding));
            changed |= rounded.is_some();
            (key.into_owned(), rounded.unwrap_or_else(|| value.into_owned()))
        })
        .collect();
    if changed {
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
}

/// `value` in whole seconds, when it is an instant with a fraction.
fn round(value: &str, rounding: Rounding) -> Option<String> {
    let instant = DateTime::parse_from_rfc3339(value).ok()?.with_timezone(&Utc);
    let down = instant.duration_trunc(TimeDelta::seconds(1)).ok()?;
    if down == instant {
        return None;
    }
    let rounded = match rounding {
        Rounding::Down => down,
        Rounding::Up => down.checked_add_signed(TimeDelta::seconds(1))?,
    };
    Some(rounded.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::whole_seconds;

    fn rewritten(query: &str) -> String {
        let mut url = reqwest::Url::parse(&format!("https://api.zoom.us/v2/archive_files?{query}")).unwrap();
        whole_seconds(&mut url);
        url.query().unwrap_or_default().to_owned()
    }

    #[test]
    fn fractions_round_outwards_and_everything_else_stays() {
        assert_eq!(
            rewritten("from=2025-03-03T10%3A11%3A12.345678Z&to=2025-03-04T10%3A11%3A12.001Z&page_size=300"),
            "from=2025-03-03T10%3A11%3A12Z&to=2025-03-04T10%3A11%3A13Z&page_size=300"
        );
        // Whole seconds, dates and other parameters are not touched (not even re-encoded).
        for query in [
            "from=2025-03-03T10:11:12Z&to=2025-03-04T10:11:12Z",
            "from=2025-03-01&to=2025-03-31",
            "next_page_token=2025-03-03T10:11:12.5Z",
        ] {
            assert_eq!(rewritten(query), query);
        }
    }

    #[test]
    fn offsets_become_utc() {
        assert_eq!(
            rewritten("from=2025-03-03T12%3A11%3A12.5%2B02%3A00"),
            "from=2025-03-03T10%3A11%3A12Z"
        );
    }
}
