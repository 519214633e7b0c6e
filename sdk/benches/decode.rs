//! Decoding a 300-meeting `recordingsList` page: the SDK's typed decode against
//! `serde_json::Value` on the same bytes, in the same run (see [`DECODERS`]).
//!
//! Run: `cargo bench -p zoom-cloud-recording --bench decode`
//! Prints the median time of each decoder and the ratio typed / value (below
//! 1.0 means the typed decode is faster).
//!
//! To count instructions instead of timing (repeatable on a busy machine), run
//! one decoder alone under callgrind and compare the totals of the two runs:
//! `valgrind --tool=callgrind target/release/deps/decode-<hash> --only typed 20`
//! (or `--only value 20`, or any name in [`DECODERS`]); each run also builds the
//! page and decodes it a few times before starting, so compare the difference
//! between a run of 20 and a run of 0.

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

/// The decoders compared, each a function of the page's bytes.
///
/// `value` is what a caller of raw reqwest gets (`response.json::<Value>()`
/// is `serde_json::from_slice`); `typed` is what every SDK operation does
/// (`decode::<T>`: one UTF-8 check of the body, then `serde_json::from_str`);
/// `typed-bytes` is the typed decode through `serde_json::from_slice`, shown
/// so the share of the whole-body UTF-8 check is visible; `value-str` is the
/// same trick applied to `Value`, for the same reason.
/// A decoder under test: its name and what it does to the page's bytes.
type Decoder = (&'static str, fn(&[u8]));

const DECODERS: [Decoder; 4] = [
    ("value", |b| {
        drop(black_box(serde_json::from_slice::<Value>(b).unwrap()))
    }),
    ("typed", |b| {
        drop(black_box(
            zoom_cloud_recording::decode_generated::<RecordingList>(b).unwrap(),
        ))
    }),
    ("typed-bytes", |b| {
        drop(black_box(serde_json::from_slice::<RecordingList>(b).unwrap()))
    }),
    ("value-str", |b| {
        let text = std::str::from_utf8(b).unwrap();
        drop(black_box(serde_json::from_str::<Value>(text).unwrap()))
    }),
];

fn main() {
    let bytes = page();
    // Every decoder must accept the page before timing anything.
    let typed: RecordingList = zoom_cloud_recording::decode(&bytes).expect("typed decode");
    assert_eq!(typed.meetings.len(), 300);
    let from_bytes: RecordingList = serde_json::from_slice(&bytes).expect("typed decode from bytes");
    assert_eq!(from_bytes, typed);
    let _: Value = serde_json::from_slice(&bytes).expect("Value decode");

    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--only") {
        let name = args.get(at + 1).map(String::as_str);
        let Some((_, decoder)) = DECODERS.iter().find(|(n, _)| Some(*n) == name) else {
            let names: Vec<&str> = DECODERS.iter().map(|(n, _)| *n).collect();
            panic!("--only takes one of {names:?} and a count, not {name:?}");
        };
        let count: usize = args.get(at + 2).and_then(|n| n.parse().ok()).unwrap_or(10);
        (0..count).for_each(|_| decoder(black_box(&bytes)));
        println!("decoded the page {count} times");
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (rounds, iterations) = if quick { (3, 5) } else { (15, 40) };
    // Interleave to share whatever the machine is doing; keep the middle of three.
    let mut times = vec![Vec::new(); DECODERS.len()];
    for _ in 0..3 {
        for ((_, decoder), times) in DECODERS.iter().zip(&mut times) {
            times.push(median(rounds, iterations, || decoder(black_box(&bytes))));
        }
    }
    let times: Vec<Duration> = times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[1]
        })
        .collect();
    println!("page: {} bytes, 300 meetings", bytes.len());
    for ((name, _), time) in DECODERS.iter().zip(&times) {
        println!("{name:<12} {:>10.3} ms", time.as_secs_f64() * 1e3);
    }
    let ratio = |i: usize| times[i].as_secs_f64() / times[0].as_secs_f64();
    println!("ratio typed / value        {:>7.3}", ratio(1));
    println!("ratio typed-bytes / value  {:>7.3}", ratio(2));
    println!(
        "ratio typed / value-str    {:>7.3}",
        times[1].as_secs_f64() / times[3].as_secs_f64()
    );
}
