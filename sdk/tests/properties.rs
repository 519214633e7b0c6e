//! Property tests of rules that hold for every input, not just the fixtures:
//! integers in any of Zoom's three forms round-trip, calendar-month windows
//! cover every day of a range exactly once, meeting references become exactly
//! one URL path segment that decodes back, and numbers kept in `extra` maps
//! come back exactly or are refused.

use chrono::{Datelike, NaiveDate};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use zoom_cloud_recording::quirks::ZoomInt;
use zoom_cloud_recording::{calendar_months, decode, types, MeetingRef};

/// Largest magnitude a double holds exactly as an integer.
const F64_EXACT: i64 = 1 << 53;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Failures are reported with their minimal input; no files are written.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A day between 1900 and 2200.
fn day() -> impl Strategy<Value = NaiveDate> {
    (0i64..110_000).prop_map(|n| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(n))
}

/// A UUID-like string: Zoom's alphabet with `/` runs, or any text at all.
fn uuid_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9+/=]{1,30}",
        "/{0,3}[A-Za-z0-9+=]{0,10}/{0,3}[A-Za-z0-9+=]{0,10}",
        any::<String>().prop_filter("not empty", |s| !s.is_empty()),
        Just("..".to_owned()),
        Just(".".to_owned()),
        "[.\\\\/%?#]{1,6}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn zoom_ints_round_trip_in_each_form(value in any::<i64>(), form in 0u8..3) {
        let wire = match form {
            0 => value.to_string(),
            1 if value.abs() <= F64_EXACT => format!("{value}.0"),
            1 => value.to_string(),
            _ => format!("\"{value}\""),
        };
        let decoded: ZoomInt = serde_json::from_str(&wire).unwrap();
        prop_assert_eq!(decoded.get(), value);
        prop_assert_eq!(serde_json::to_string(&decoded).unwrap(), wire.clone());
        // Inside a response body, through the SDK's decode path.
        let body = format!(r#"{{"meetings": [{{"recording_count": {wire}}}]}}"#);
        let page: types::RecordingList = decode(body.as_bytes()).unwrap();
        prop_assert_eq!(page.meetings[0].recording_count.map(|c| c.get()), Some(value));
    }

    #[test]
    fn non_whole_or_out_of_range_numbers_are_refused_as_zoom_ints(
        whole in any::<i32>(),
        fraction in 1u32..1000,
        wide in (i64::MAX as u64 + 1)..=u64::MAX,
    ) {
        let fractional = format!("{whole}.{fraction:03}");
        prop_assert!(serde_json::from_str::<ZoomInt>(&fractional).is_err(), "{}", fractional);
        prop_assert!(serde_json::from_str::<ZoomInt>(&wide.to_string()).is_err());
        let padded = format!("\"{whole} \"");
        prop_assert!(serde_json::from_str::<ZoomInt>(&padded).is_err(), "{}", padded);
    }

    #[test]
    fn calendar_months_cover_every_day_once_in_order(from in day(), length in 0i64..1200) {
        let to = from + chrono::Duration::days(length);
        let windows = calendar_months(from, to);
        let mut expected = from;
        for (start, end) in &windows {
            prop_assert_eq!(*start, expected, "no gap and no overlap");
            prop_assert!(start <= end);
            prop_assert_eq!((start.year(), start.month()), (end.year(), end.month()), "one month each");
            expected = *end + chrono::Duration::days(1);
        }
        prop_assert_eq!(expected, to + chrono::Duration::days(1), "the last window ends on `to`");
        // Every window but the last ends on its month's last day.
        for (_, end) in windows.iter().rev().skip(1) {
            prop_assert_eq!((*end + chrono::Duration::days(1)).day(), 1);
        }
        prop_assert!(calendar_months(to + chrono::Duration::days(1), to).is_empty());
    }

    #[test]
    fn a_meeting_reference_is_one_path_segment_that_decodes_back(uuid in uuid_text(), id in any::<u64>()) {
        for meeting in [MeetingRef::uuid(uuid.clone()), MeetingRef::id(id)] {
            // What a generated operation does with the setter's value.
            let segment = progenitor_client::encode_path(&meeting.path_param());
            let url = reqwest::Url::parse(&format!("https://api.zoom.us/v2/meetings/{segment}/recordings")).unwrap();
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            prop_assert_eq!(segments.len(), 4, "{:?} became {}", meeting, url);
            prop_assert_eq!(segments[0], "v2");
            prop_assert_eq!(segments[3], "recordings");
            // Zoom decodes the segment once, and once more for a double-encoded UUID.
            let once = percent_decode_str(segments[2]).decode_utf8().unwrap().into_owned();
            let plain = if meeting.needs_double_encoding() {
                percent_decode_str(&once).decode_utf8().unwrap().into_owned()
            } else {
                once
            };
            prop_assert_eq!(plain, meeting.to_string());
        }
        // Parsing a reference's text gives the same reference back.
        if let Ok(parsed) = uuid.parse::<MeetingRef>() {
            if matches!(parsed, MeetingRef::Uuid(_)) {
                prop_assert_eq!(parsed.to_string(), uuid);
            }
        }
    }

    #[test]
    fn kept_numbers_come_back_exactly_or_are_refused(
        digits in "[1-9][0-9]{0,60}",
        fraction in proptest::option::of("[0-9]{1,25}"),
        exponent in proptest::option::of(-400i32..400),
        negative in any::<bool>(),
    ) {
        let mut literal = format!("{}{digits}", if negative { "-" } else { "" });
        if let Some(fraction) = &fraction {
            literal.push('.');
            literal.push_str(fraction);
        }
        if let Some(exponent) = exponent {
            literal.push_str(&format!("e{exponent}"));
        }
        let body = format!(r#"{{"meetings": [], "event_ts": {literal}}}"#);
        match decode::<types::RecordingList>(body.as_bytes()) {
            Ok(page) => {
                let kept = &page.extra["event_ts"];
                let back = serde_json::to_string(kept).unwrap();
                prop_assert!(same_number(&literal, &back), "{} came back as {}", literal, back);
                let again: types::RecordingList = decode(serde_json::to_vec(&page).unwrap().as_slice()).unwrap();
                prop_assert_eq!(again, page);
            }
            Err(e) => {
                // Refused as inexact, or (beyond a double's range) by serde_json itself.
                let out_of_range = e.serde_error().to_string().starts_with("number out of range");
                prop_assert!(e.is_inexact_number() || out_of_range, "{}: {}", literal, e);
                prop_assert_eq!(e.path(), "event_ts");
            }
        }
    }
}

/// Whether two JSON number literals denote the same decimal value (exactly).
fn same_number(a: &str, b: &str) -> bool {
    fn reduce(text: &str) -> (bool, String, i64) {
        let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
        let (mantissa, exponent) = text
            .split_once(['e', 'E'])
            .map_or((text, 0), |(m, e)| (m, e.parse::<i64>().unwrap()));
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int}{frac}");
        let exponent = exponent - frac.len() as i64;
        let significant = digits.trim_start_matches('0');
        let trimmed = significant.trim_end_matches('0');
        if trimmed.is_empty() {
            return (false, String::new(), 0);
        }
        (
            negative,
            trimmed.to_owned(),
            exponent + (significant.len() - trimmed.len()) as i64,
        )
    }
    reduce(a) == reduce(b)
}

#[test]
fn the_reported_finding_a_117_digit_event_ts_beside_a_recordings_page_is_refused_by_field() {
    // The first fuzz run's input, in short: a webhook envelope decoded as a recordings page.
    let digits = format!("1555{}", "3".repeat(100) + "5626230691572");
    assert_eq!(digits.len(), 117);
    let body = format!(r#"{{"event": "recording.completed", "event_ts": {digits}, "payload": {{}}}}"#);
    let error = decode::<types::RecordingList>(body.as_bytes()).unwrap_err();
    assert!(error.is_inexact_number());
    assert_eq!(error.path(), "event_ts");
    assert!(error.to_string().contains("cannot be kept exactly"), "{error}");
    // The same body as a webhook delivery: refused with the field's path too.
    let delivery = zoom_cloud_recording::webhook::parse_unverified_event(body.as_bytes()).unwrap_err();
    assert!(delivery.to_string().contains("event_ts"), "{delivery}");
    // A number a double does keep is kept, digit for digit in value.
    let fine = br#"{"meetings": [], "event_ts": 1555000000000.25, "big": 18446744073709551615}"#;
    let page: types::RecordingList = decode(fine).unwrap();
    assert_eq!(
        serde_json::to_string(&page.extra["event_ts"]).unwrap(),
        "1555000000000.25"
    );
    assert_eq!(
        serde_json::to_string(&page.extra["big"]).unwrap(),
        "18446744073709551615"
    );
}

#[test]
fn the_found_dot_and_backslash_references_stay_one_segment() {
    // Found by the property above: `..` reached `/v2/recordings`, and `\` is a
    // separator to URL parsers.
    for (uuid, param) in [("..", "%2E%2E"), (".", "%2E"), ("a\\b", "a%5Cb")] {
        let meeting = MeetingRef::uuid(uuid);
        assert!(meeting.needs_double_encoding(), "{uuid}");
        assert_eq!(meeting.path_param(), param);
        let segment = progenitor_client::encode_path(&meeting.path_param());
        let url =
            reqwest::Url::parse(&format!("https://api.zoom.us/v2/meetings/{segment}/recordings")).unwrap();
        assert_eq!(url.path_segments().unwrap().count(), 4, "{url}");
    }
    assert!(!MeetingRef::uuid("a.b").needs_double_encoding());
}

#[test]
fn a_retry_after_beyond_the_calendar_is_no_instant_rather_than_a_panic() {
    // Found by fuzz/fuzz_targets/headers.rs: a 429 whose `Retry-After` is
    // 15908640225600 seconds (~500,000 years) overflowed `now + delay`.
    let now = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap();
    for value in ["15908640225600", "18446744073709551615"] {
        let mut headers = http::HeaderMap::new();
        headers.insert("retry-after", value.parse().unwrap());
        let limited = zoom_cloud_recording::fuzzing::rate_limited(&headers, now);
        assert_eq!(limited.retry_at, None, "{value}");
        assert!(
            limited.to_string().contains("slow down and retry later"),
            "{limited}"
        );
    }
    // A delay that does fit is an instant, as before.
    let mut headers = http::HeaderMap::new();
    headers.insert("retry-after", "120".parse().unwrap());
    let limited = zoom_cloud_recording::fuzzing::rate_limited(&headers, now);
    assert_eq!(limited.retry_at, Some(now + chrono::Duration::seconds(120)));
}
