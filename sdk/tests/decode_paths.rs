//! The field a decode error names, checked against `serde_path_to_error` (a
//! decoder that tracks the path as it goes) on every fixture body broken in
//! every place: each value given each other kind, each key dropped, each
//! container turned into a scalar, and (for syntax errors) the body cut short
//! at each byte. Both layouts are tried, compact and pretty-printed, so line
//! and column are turned into the right offset.

use std::path::PathBuf;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use zoom_cloud_recording::{decode, types};

/// What the path-tracking decoder says about `body`: `Ok` or the path and message.
fn oracle<T: DeserializeOwned>(body: &[u8]) -> Result<(), (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let decoded: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    match decoded {
        Err(e) => {
            // A key that did not decode is `?` there; the SDK names the
            // object holding it.
            let path = e.path().to_string();
            let path = match path.strip_suffix('?').map(|p| p.trim_end_matches('.')) {
                Some("") => ".".to_owned(),
                Some(object) => object.to_owned(),
                None => path,
            };
            Err((path, e.into_inner().to_string()))
        }
        Ok(_) => deserializer.end().map_err(|e| (".".to_owned(), e.to_string())),
    }
}

/// Compares the SDK's verdict on `body` with the oracle's; returns a
/// description of the disagreement, if any.
fn disagreement<T: DeserializeOwned>(body: &[u8]) -> Option<String> {
    let ours = decode::<T>(body).map(|_| ()).map_err(|e| {
        assert!(!e.is_inexact_number(), "the mutations keep numbers exact");
        (e.path().to_owned(), e.serde_error().to_string())
    });
    let theirs = oracle::<T>(body);
    (ours != theirs).then(|| {
        let text = String::from_utf8_lossy(body);
        let shown: String = if text.len() > 400 {
            // Around where serde stopped, which the messages give as line and column.
            format!(
                "{}... ({} bytes)",
                text.chars().take(400).collect::<String>(),
                text.len()
            )
        } else {
            text.into_owned()
        };
        format!("ours {ours:?}, serde_path_to_error {theirs:?}: {shown}")
    })
}

/// Every value in `root` (pointer, value), the root included.
fn places(root: &Value) -> Vec<(String, Value)> {
    let mut found = vec![(String::new(), root.clone())];
    let mut i = 0;
    while i < found.len() {
        let (pointer, value) = found[i].clone();
        match &value {
            Value::Object(map) => {
                for (key, v) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    found.push((format!("{pointer}/{key}"), v.clone()));
                }
            }
            Value::Array(items) => {
                for (k, v) in items.iter().enumerate() {
                    found.push((format!("{pointer}/{k}"), v.clone()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Bodies made from `root` by breaking it in one place each.
fn mutants(root: &Value) -> Vec<Value> {
    let replacements = [
        json!(true),
        json!("x"),
        json!(""),
        json!(2.5),
        json!(-1),
        json!(70000),
        json!(null),
        json!({}),
        json!([]),
        json!([1]),
        json!({"k": 1}),
        json!([[1]]),
        json!([{"k": 1}]),
        json!(["x", 1]),
    ];
    let mut out = Vec::new();
    for (pointer, value) in places(root) {
        for replacement in &replacements {
            if *replacement == value {
                continue;
            }
            let mut changed = root.clone();
            *changed
                .pointer_mut(&pointer)
                .unwrap_or_else(|| panic!("{pointer}")) = replacement.clone();
            out.push(changed);
        }
        if let Value::Object(map) = &value {
            for key in map.keys() {
                let mut changed = root.clone();
                let Some(Value::Object(target)) = changed.pointer_mut(&pointer) else {
                    unreachable!()
                };
                target.remove(key);
                out.push(changed);
            }
        }
    }
    out
}

/// `value` written compactly and pretty-printed (many lines, so a line and
/// column must be turned into the right offset).
fn layouts(value: &Value) -> [Vec<u8>; 2] {
    [
        serde_json::to_vec(value).unwrap(),
        serde_json::to_vec_pretty(value).unwrap(),
    ]
}

fn fixtures(dir: &str) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        // The large pages repeat the small ones' shapes many times over.
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= 16 * 1024))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect()
}

/// Runs every mutant of every fixture of `dir` as `T`; panics with the first
/// disagreements. Returns how many bodies failed to decode (so a test can
/// check it broke something).
fn check_type<T: DeserializeOwned>(dir: &str) -> usize {
    let mut failed = 0;
    let mut wrong = Vec::new();
    for fixture in fixtures(dir) {
        for mutant in mutants(&fixture) {
            for body in layouts(&mutant) {
                if decode::<T>(&body).is_err() {
                    failed += 1;
                }
                wrong.extend(disagreement::<T>(&body));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} disagreements, first: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    failed
}

#[test]
fn recording_lists_name_the_field_as_the_tracking_decoder_does() {
    assert!(check_type::<types::RecordingList>("recordings_list") > 1000);
}

#[test]
fn single_meetings_name_the_field_as_the_tracking_decoder_does() {
    assert!(check_type::<types::MeetingRecordings>("recording_get") > 100);
}

#[test]
fn user_lists_name_the_field_as_the_tracking_decoder_does() {
    assert!(check_type::<types::UserList>("users") > 100);
}

#[test]
fn summaries_name_the_field_as_the_tracking_decoder_does() {
    assert!(check_type::<types::MeetingSummaryList>("listmeetingsummaries") > 100);
    assert!(check_type::<types::MeetingSummary>("getameetingsummary") > 100);
}

#[test]
fn duplicates_out_of_range_numbers_and_trailing_bytes_are_named_as_the_tracking_decoder_does() {
    let bodies: [&[u8]; 9] = [
        br#"{"meetings": [{"recording_count": 1e400}]}"#,
        br#"{"meetings": [{"recording_count": -1e400, "later": 1}]}"#,
        br#"{"later": [1, 1e999]}"#,
        br#"{"meetings": [{"uuid": "a", "uuid": "b"}]}"#,
        br#"{"page_size": 1, "page_size": 2}"#,
        br#"{"meetings": []} x"#,
        br#"{"meetings": []}}"#,
        b"{\"meetings\": [{\"topic\": \"t\"}]}\n\n[",
        br#"{"meetings": [{"recording_files": [{"file_size": 1, "file_size": 1}]}]}"#,
    ];
    for body in bodies {
        assert!(decode::<types::RecordingList>(body).is_err());
        if let Some(wrong) = disagreement::<types::RecordingList>(body) {
            panic!("{wrong}");
        }
    }
}

#[test]
fn a_body_cut_short_anywhere_is_named_as_the_tracking_decoder_does() {
    let mut wrong = Vec::new();
    let mut cuts = 0;
    for fixture in fixtures("recordings_list").into_iter().take(4) {
        for body in layouts(&fixture) {
            for end in 0..body.len() {
                cuts += 1;
                wrong.extend(disagreement::<types::RecordingList>(&body[..end]));
            }
        }
    }
    assert!(cuts > 1000);
    assert!(
        wrong.is_empty(),
        "{} of {cuts} disagree, first: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

#[test]
fn a_stray_byte_anywhere_is_named_as_the_tracking_decoder_does() {
    let mut wrong = Vec::new();
    let mut tried = 0;
    for fixture in fixtures("recording_get").into_iter().take(2) {
        for body in layouts(&fixture) {
            for at in 0..body.len() {
                for stray in [b'x', b',', b'}', b']', b':', b'"', b'{', b'['] {
                    let mut broken = body.clone();
                    broken[at] = stray;
                    tried += 1;
                    wrong.extend(disagreement::<types::MeetingRecordings>(&broken));
                }
            }
        }
    }
    assert!(tried > 10_000);
    assert!(
        wrong.is_empty(),
        "{} of {tried} disagree, first: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}
