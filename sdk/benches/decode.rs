//! Decoding a 300-meeting `recordingsList` page: the SDK's typed decode against
//! `serde_json::Value` on the same bytes, in the same run.
//!
//! Run: `cargo bench -p zoom-cloud-recording --bench decode`
//! Prints the median time of each and the ratio typed / Value (below 1.0 means
//! the typed decode is faster).

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use zoom_cloud_recording::types::RecordingList;

/// A realistic page: 300 meetings, 3 to 6 files each, the quirks included
/// (numeric strings, in-progress files with "", TIMELINE without id, SUMMARY,
/// unknown fields).
fn page() -> Vec<u8> {
    let meetings: Vec<Value> = (0..300)
        .map(|i| {
            let uuid = format!("aDYl{i:04}hsHRtCd4ii1uC2+hA==");
            let files: Vec<Value> = (0..3 + i % 4)
                .map(|f| match f {
                    0 => json!({"id": format!("b2d6b54c-{i:04}-{f}"), "meeting_id": uuid, "recording_start": "2024-05-01T10:00:00Z",
                        "recording_end": "2024-05-01T10:58:12Z", "file_type": "MP4", "file_extension": "MP4", "file_size": 104_857_600 + i,
                        "play_url": "https://us06web.zoom.us/rec/play/abc", "download_url": "https://us06web.zoom.us/rec/download/abc",
                        "status": "completed", "recording_type": "shared_screen_with_speaker_view"}),
                    1 => json!({"id": format!("c3d6b54c-{i:04}-{f}"), "meeting_id": uuid, "recording_start": "2024-05-01T10:00:00Z",
                        "recording_end": "", "file_type": "", "file_extension": "", "file_size": 0, "status": "processing",
                        "recording_type": "audio_only", "download_url": "https://us06web.zoom.us/rec/download/def"}),
                    2 => json!({"meeting_id": uuid, "recording_start": "2024-05-01T10:00:00Z", "recording_end": "2024-05-01T10:58:12Z",
                        "file_type": "TIMELINE", "download_url": "https://us06web.zoom.us/rec/download/ghi"}),
                    _ => json!({"id": format!("d4d6b54c-{i:04}-{f}"), "meeting_id": uuid, "recording_start": "2024-05-01T10:00:00Z",
                        "recording_end": "2024-05-01T10:58:12Z", "file_type": "SUMMARY", "file_extension": "JSON", "file_size": "2048",
                        "play_url": "https://us06web.zoom.us/rec/play/jkl", "download_url": "https://us06web.zoom.us/rec/download/jkl",
                        "status": "completed", "recording_type": "summary_next_steps", "language": "en-US"}),
                })
                .collect();
            json!({"uuid": uuid, "id": 85_746_065_432_i64 + i as i64, "account_id": "EABkdslfBBBdk", "host_id": "z8yBXksaAAjdhfsfdfkjgg",
                "topic": format!("Weekly sync {i}"), "type": 8, "start_time": "2024-05-01T09:59:30Z", "timezone": "America/Los_Angeles",
                "duration": 59, "total_size": 104_859_648 + i, "recording_count": files.len(), "share_url": "https://us06web.zoom.us/rec/share/xyz",
                "host_email": "host@example.com", "recording_files": files, "external_storage_status": "synced"})
        })
        .collect();
    serde_json::to_vec(
        &json!({"from": "2024-05-01", "to": "2024-05-31", "page_count": 1, "page_size": 300,
        "total_records": 300, "next_page_token": "", "meetings": meetings}),
    )
    .expect("encodes")
}

/// Median duration of `rounds` rounds of `iterations` calls of `f`.
fn median(rounds: usize, iterations: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed() / iterations as u32
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn main() {
    let bytes = page();
    // Both decoders must accept the page before timing anything.
    let typed: RecordingList = serde_json::from_slice(&bytes).expect("typed decode");
    assert_eq!(typed.meetings.len(), 300);
    let _: Value = serde_json::from_slice(&bytes).expect("Value decode");

    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, iterations) = if quick { (3, 5) } else { (15, 40) };
    // Interleave to share whatever the machine is doing.
    let mut typed_times = Vec::new();
    let mut value_times = Vec::new();
    for _ in 0..3 {
        value_times.push(median(rounds, iterations, || {
            black_box(serde_json::from_slice::<Value>(black_box(&bytes)).unwrap());
        }));
        typed_times.push(median(rounds, iterations, || {
            black_box(serde_json::from_slice::<RecordingList>(black_box(&bytes)).unwrap());
        }));
    }
    typed_times.sort();
    value_times.sort();
    let (typed, value) = (typed_times[1], value_times[1]);
    println!("page: {} bytes, 300 meetings", bytes.len());
    println!(
        "serde_json::Value decode   {:>10.3} ms",
        value.as_secs_f64() * 1e3
    );
    println!(
        "typed RecordingList decode {:>10.3} ms",
        typed.as_secs_f64() * 1e3
    );
    println!(
        "ratio typed / Value        {:>10.3}",
        typed.as_secs_f64() / value.as_secs_f64()
    );
}
