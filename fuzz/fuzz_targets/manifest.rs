//! The journal reader behind the manifest and the retention audit log, on
//! arbitrary bytes: no panic; every non-blank line is either a record or
//! reported damaged (never dropped silently); what it read writes back as
//! lines that read again to the same records with no damage.
//!
//! Input: one byte choosing the record type (even: manifest entries, odd:
//! audit records), then the file's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use zoom_archiver::journal;
use zoom_archiver::retention::AuditRecord;
use zoom_archiver::ManifestEntry;

fn check<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(bytes: &[u8]) {
    let parsed = journal::parse::<T>(bytes, |line| format!("manifest.jsonl:{line}"));
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let non_blank = lines
        .iter()
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .count();
    assert_eq!(
        parsed.records.len() + parsed.damaged.len(),
        non_blank,
        "every line is read or reported: {:?}",
        parsed.damaged
    );
    for damaged in &parsed.damaged {
        let number: usize = damaged
            .at
            .rsplit(':')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a line number");
        assert!(number >= 1 && number <= lines.len(), "{damaged:?}");
        assert!(!damaged.reason.is_empty());
    }
    let mut written = Vec::new();
    for record in &parsed.records {
        let line = serde_json::to_vec(record).expect("records encode");
        assert!(!line.contains(&b'\n'), "one record, one line");
        written.extend_from_slice(&line);
        written.push(b'\n');
    }
    let again = journal::parse::<T>(&written, |line| format!("again:{line}"));
    assert!(again.damaged.is_empty(), "{:?}", again.damaged);
    assert_eq!(again.records, parsed.records);
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    if which % 2 == 0 {
        check::<ManifestEntry>(bytes);
    } else {
        check::<AuditRecord>(bytes);
    }
});
