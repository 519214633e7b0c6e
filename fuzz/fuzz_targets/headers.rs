//! The header parsers: `Retry-After` (seconds, HTTP dates, ISO-8601 times),
//! `X-RateLimit-*` as a 429 reads them, and `Content-Range` (206 and 416
//! forms): no panic or overflow, and the values they give are the ones written.
//!
//! Input lines: Retry-After, X-RateLimit-Type, X-RateLimit-Category,
//! X-RateLimit-Limit, X-RateLimit-Remaining, Content-Range, now (Unix
//! seconds), the policy's longest Retry-After (seconds), the retry number.
#![no_main]

use std::time::Duration;

use chrono::DateTime;
use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use zoom_cloud_recording::fuzzing;

fuzz_target!(|data: &[u8]| {
    let (lines, _) = zoom_fuzz::lines(data, 9);
    let retry_after = &lines[0];
    let now = lines[6]
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .unwrap_or_else(|| DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default());
    let max = Duration::from_secs(lines[7].trim().parse::<u64>().unwrap_or(60));
    let retry = lines[8].trim().parse::<u32>().unwrap_or(1);

    let delay = fuzzing::retry_after(retry_after, now);
    if let Ok(seconds) = retry_after.trim().parse::<u64>() {
        assert_eq!(delay, Some(Duration::from_secs(seconds)), "{retry_after:?}");
    }
    if let Some(wait) = fuzzing::retry_wait(Some(retry_after), now, max, retry) {
        if let Some(delay) = delay {
            assert!(delay <= max, "waits {delay:?} past the policy's {max:?}");
            assert!(wait >= delay && wait <= delay.saturating_add(Duration::from_millis(250)));
        }
    }
    let _ = fuzzing::retry_wait(None, now, max, retry);

    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("retry-after", &lines[0]),
        ("x-ratelimit-type", &lines[1]),
        ("x-ratelimit-category", &lines[2]),
        ("x-ratelimit-limit", &lines[3]),
        ("x-ratelimit-remaining", &lines[4]),
        ("content-range", &lines[5]),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    let limited = fuzzing::rate_limited(&headers, now);
    let _ = limited.to_string();
    // Header values that are not visible ASCII are not read (`to_str` refuses them).
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    assert_eq!(
        limited.limit,
        text("x-ratelimit-limit").and_then(|v| v.parse::<u64>().ok())
    );
    assert_eq!(
        limited.remaining,
        text("x-ratelimit-remaining").and_then(|v| v.parse::<u64>().ok())
    );
    if let Some(value) = text("retry-after") {
        // A whole number of seconds (never negative) is a delay from `now`.
        if let (Ok(seconds), Some(at)) = (value.parse::<u64>(), limited.retry_at) {
            let expected = i64::try_from(seconds)
                .ok()
                .and_then(chrono::TimeDelta::try_seconds)
                .and_then(|d| now.checked_add_signed(d));
            assert_eq!(Some(at), expected, "{:?}", lines[0]);
        }
    }

    let range = &lines[5];
    if let Some((start, total)) = fuzzing::content_range(range) {
        let written = format!(
            "bytes {start}-{}/{}",
            start,
            total.map_or("*".into(), |t| t.to_string())
        );
        assert_eq!(
            fuzzing::content_range(&written),
            Some((start, total)),
            "{range:?}"
        );
    }
    if let Some(total) = fuzzing::unsatisfied_total(range) {
        assert_eq!(
            fuzzing::unsatisfied_total(&format!("bytes */{total}")),
            Some(total)
        );
    }
});
