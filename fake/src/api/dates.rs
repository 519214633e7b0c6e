//! Date parameters: `yyyy-mm-dd` dates, ISO instants, and Zoom's range rules.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, Utc};

use crate::api::error::{ApiError, ApiResult};

/// A `yyyy-mm-dd` date.
pub(crate) fn date(field: &str, value: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::validation(field, "Invalid date format, it should be yyyy-MM-dd."))
}

/// A `yyyy-mm-dd` date or an ISO-8601 instant (taken as its UTC date), and
/// whether it was date-only.
pub(crate) fn date_or_instant(field: &str, value: &str) -> ApiResult<(NaiveDate, bool)> {
    match instant(field, value) {
        Ok(t) if value.trim().len() > 10 => Ok((t.date_naive(), false)),
        _ => Ok((date(field, value)?, true)),
    }
}

/// An ISO-8601 instant (`yyyy-MM-ddTHH:mm:ssZ`); a bare date means its midnight.
pub(crate) fn instant(field: &str, value: &str) -> ApiResult<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Ok(d.and_time(NaiveTime::MIN).and_utc());
    }
    Err(ApiError::validation(
        field,
        "Invalid date format, it should be yyyy-MM-dd'T'HH:mm:ss'Z'.",
    ))
}

/// `recordingsList`'s window: defaults `from` = today, `to` = tomorrow (with
/// only `to`, `from` is one month before it); a range longer than one month is
/// silently clamped so that `from` is `to` minus one month, as Zoom does.
pub(crate) fn month_window(
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> ApiResult<(NaiveDate, NaiveDate)> {
    let tomorrow = today.succ_opt().unwrap_or(today);
    let (from, to) = match (from, to) {
        (None, None) => (today, tomorrow),
        (Some(from), None) => (from, tomorrow),
        (None, Some(to)) => (to.checked_sub_months(Months::new(1)).unwrap_or(to), to),
        (Some(from), Some(to)) => (from, to),
    };
    let month_before = to.checked_sub_months(Months::new(1)).unwrap_or(to);
    if from > to {
        return Err(ApiError::validation(
            "from",
            "The from date must not be after the to date.",
        ));
    }
    Ok((from.max(month_before), to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn clamps_like_zoom() {
        let today = d("2026-11-26");
        assert_eq!(month_window(today, None, None).unwrap(), (today, d("2026-11-27")));
        let (from, to) = month_window(today, Some(d("2017-08-02")), Some(d("2018-04-09"))).unwrap();
        assert_eq!((from, to), (d("2018-03-09"), d("2018-04-09")));
        let (from, _) = month_window(today, Some(d("2026-10-26")), Some(d("2026-11-26"))).unwrap();
        assert_eq!(from, d("2026-10-26"));
        assert!(month_window(today, Some(d("2026-11-20")), Some(d("2026-11-01"))).is_err());
    }
}
