//! Splitting a date range into the windows Zoom accepts per request.
//!
//! Zoom lists user recordings for at most one month per request (a wider
//! range is silently clamped), and archived files for at most 7 days. The
//! windows here are calendar months (the first and last may be partial) and
//! 7-day spans; they cover the range with no gap. Where the bounds are
//! instants, neighbouring windows share their edge instant, so the listing
//! removes the meetings Zoom returns on both sides.

use chrono::{DateTime, Datelike, Duration, NaiveDate, SubsecRound, TimeZone, Utc};

/// Inclusive date windows, each within one calendar month, covering
/// `from..=to` in order: the windows [`Client::recordings`](crate::Client::recordings)
/// lists (Zoom allows at most a month per request). Empty when `from > to`.
pub fn calendar_months(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut windows = Vec::new();
    let mut start = from;
    while start <= to {
        let end = last_day_of_month(start).min(to);
        windows.push((start, end));
        match end.succ_opt() {
            Some(next) => start = next,
            None => break,
        }
    }
    windows
}

/// Instant windows, each within one calendar month (UTC), covering `from..=to`.
pub(crate) fn calendar_months_utc(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut windows = Vec::new();
    let mut start = from;
    while start < to {
        let next_month = last_day_of_month(start.date_naive())
            .succ_opt()
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .map(|t| Utc.from_utc_datetime(&t));
        let end = next_month.map_or(to, |t| t.min(to));
        windows.push((start, end));
        start = end;
    }
    if from == to {
        windows.push((from, to));
    }
    windows
}

/// Instant windows of at most `days` days covering `from..=to`.
///
/// The windows start on whole seconds: requests carry whole seconds (the
/// start rounded down, the end up), and a window of exactly `days` days from
/// a start with a fraction would become `days` days and a second on the wire,
/// which Zoom refuses ("The date range can not exceed 7 days."). So the first
/// window starts at `from` rounded down to its second, as the request would
/// anyway.
pub(crate) fn spans(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    days: i64,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut windows = Vec::new();
    let from = from.trunc_subsecs(0);
    let mut start = from;
    while start < to {
        let end = start
            .checked_add_signed(Duration::days(days))
            .map_or(to, |t| t.min(to));
        windows.push((start, end));
        start = end;
    }
    if from == to {
        windows.push((from, to));
    }
    windows
}

fn last_day_of_month(day: NaiveDate) -> NaiveDate {
    let (year, month) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::{calendar_months, calendar_months_utc, spans};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_cover_the_range_without_gaps_and_stay_within_a_month() {
        let windows = calendar_months(day(2025, 1, 15), day(2026, 3, 10));
        assert_eq!(windows.len(), 15);
        assert_eq!(windows[0], (day(2025, 1, 15), day(2025, 1, 31)));
        assert_eq!(windows[1], (day(2025, 2, 1), day(2025, 2, 28)));
        assert_eq!(windows[11], (day(2025, 12, 1), day(2025, 12, 31)));
        assert_eq!(windows[14], (day(2026, 3, 1), day(2026, 3, 10)));
        for pair in windows.windows(2) {
            assert_eq!(pair[0].1.succ_opt(), Some(pair[1].0), "no gap, no overlap");
        }
    }

    #[test]
    fn leap_years_single_days_and_reversed_ranges() {
        assert_eq!(
            calendar_months(day(2024, 2, 1), day(2024, 3, 1)),
            [
                (day(2024, 2, 1), day(2024, 2, 29)),
                (day(2024, 3, 1), day(2024, 3, 1))
            ]
        );
        assert_eq!(
            calendar_months(day(2026, 5, 5), day(2026, 5, 5)),
            [(day(2026, 5, 5), day(2026, 5, 5))]
        );
        assert!(calendar_months(day(2026, 5, 6), day(2026, 5, 5)).is_empty());
    }

    #[test]
    fn seven_day_spans_share_their_edges() {
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 1, 20, 12, 0, 0).unwrap();
        let windows = spans(from, to, 7);
        assert_eq!(windows.len(), 3);
        assert_eq!(windows[0].1, Utc.with_ymd_and_hms(2026, 1, 8, 0, 0, 0).unwrap());
        assert_eq!(
            windows[2],
            (Utc.with_ymd_and_hms(2026, 1, 15, 0, 0, 0).unwrap(), to)
        );
        assert_eq!(spans(from, from, 7), [(from, from)]);
        assert!(spans(to, from, 7).is_empty());
    }

    #[test]
    fn spans_from_a_fraction_of_a_second_stay_within_their_days_in_whole_seconds() {
        let from = Utc.with_ymd_and_hms(2026, 1, 1, 8, 30, 15).unwrap() + chrono::Duration::milliseconds(640);
        let to = from + chrono::Duration::days(15);
        let windows = spans(from, to, 7);
        assert_eq!(windows.len(), 3);
        assert_eq!(windows[0].0, Utc.with_ymd_and_hms(2026, 1, 1, 8, 30, 15).unwrap());
        for (start, end) in &windows {
            assert_eq!(start.timestamp_subsec_nanos(), 0, "{start}");
            // What the request carries: the end rounded up to its second.
            let sent_end = end.timestamp() + i64::from(end.timestamp_subsec_nanos() > 0);
            assert!(sent_end - start.timestamp() <= 7 * 86_400, "{start} .. {end}");
        }
        assert_eq!(windows[2].1, to, "the last window ends where the range does");
    }

    #[test]
    fn utc_months_split_at_midnight_on_the_first() {
        let from = Utc.with_ymd_and_hms(2026, 1, 20, 8, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
        let windows = calendar_months_utc(from, to);
        assert_eq!(windows.len(), 3);
        assert_eq!(
            windows[0],
            (from, Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(windows[1].1, Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap());
        assert_eq!(windows[2].1, to);
    }
}
