//! Meeting transcripts as real WebVTT: numbered cues with timings and a
//! speaker, generated at any offset without being held in memory.
//!
//! Every cue has the same length (its text line is padded with spaces), so the
//! size of a transcript follows from its number of cues and the cue holding
//! any byte is found by division.

use crate::rng::mix64;

/// The file's first bytes.
const HEADER: &[u8] = b"WEBVTT\n\n";
/// Bytes of the `Speaker: text` line, padding included, without its `\n`.
const LINE: usize = 72;
/// `NNNNN\n` + `HH:MM:SS.mmm --> HH:MM:SS.mmm\n` + line + `\n` + blank line.
const CUE: usize = 6 + 30 + LINE + 1 + 1;
/// Seconds between the starts of two cues.
const STEP_MS: u64 = 4_000;
/// How long each cue shows.
const SHOW_MS: u64 = 3_500;

const SPEAKERS: &[&str] = &["Alex Example", "Sam Sample", "Dana Demo", "Jordan Test"];
const WORDS: &[&str] = &[
    "so",
    "the",
    "plan",
    "is",
    "to",
    "ship",
    "next",
    "week",
    "and",
    "review",
    "numbers",
    "with",
    "finance",
    "we",
    "agreed",
    "on",
    "scope",
    "first",
    "then",
    "onboarding",
    "flow",
    "needs",
    "one",
    "more",
    "pass",
    "thanks",
    "everyone",
    "for",
    "joining",
    "let's",
    "recap",
    "action",
    "items",
    "before",
    "we",
    "wrap",
];

/// The size of a transcript of `cues` cues.
pub(crate) fn size(cues: u64) -> u64 {
    HEADER.len() as u64 + cues * CUE as u64
}

/// How many cues fit in at most `max_bytes` (at least one).
pub(crate) fn cues_within(max_bytes: u64) -> u64 {
    (max_bytes.saturating_sub(HEADER.len() as u64) / CUE as u64).max(1)
}

fn timestamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Cue `index` (from 0) of the transcript keyed `key`, exactly [`CUE`] bytes.
fn cue(key: u64, index: u64) -> Vec<u8> {
    let mut state = mix64(key ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut next = |n: usize| {
        state = mix64(state.wrapping_add(0x632B_E59B_D9B4_E019));
        (state % n as u64) as usize
    };
    let start = index * STEP_MS;
    let mut line = format!("{}:", SPEAKERS[next(SPEAKERS.len())]);
    loop {
        let word = WORDS[next(WORDS.len())];
        if line.len() + 1 + word.len() > LINE - 1 {
            break;
        }
        line.push(' ');
        line.push_str(word);
    }
    line.push('.');
    let text = format!(
        "{:05}\n{} --> {}\n{line:<LINE$}\n\n",
        (index + 1) % 100_000,
        timestamp(start),
        timestamp(start + SHOW_MS)
    );
    let mut bytes = text.into_bytes();
    bytes.resize(CUE, b' ');
    bytes
}

/// Fills `buf` with the transcript's bytes at `offset..offset + buf.len()`.
pub(crate) fn fill(key: u64, offset: u64, buf: &mut [u8]) {
    let mut pos = offset;
    let mut i = 0;
    while i < buf.len() {
        let n;
        if pos < HEADER.len() as u64 {
            let from = pos as usize;
            n = (HEADER.len() - from).min(buf.len() - i);
            buf[i..i + n].copy_from_slice(&HEADER[from..from + n]);
        } else {
            let rel = pos - HEADER.len() as u64;
            let (index, within) = (rel / CUE as u64, (rel % CUE as u64) as usize);
            let bytes = cue(key, index);
            n = (CUE - within).min(buf.len() - i);
            buf[i..i + n].copy_from_slice(&bytes[within..within + n]);
        }
        i += n;
        pos += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_well_formed_and_any_offset_agrees() {
        let total = size(20) as usize;
        let mut whole = vec![0; total];
        fill(9, 0, &mut whole);
        let text = String::from_utf8(whole.clone()).unwrap();
        assert!(text.starts_with("WEBVTT\n\n00001\n00:00:00.000 --> 00:00:03.500\n"));
        assert_eq!(text.matches(" --> ").count(), 20);
        assert!(text.contains("\n00020\n00:01:16.000 --> 00:01:19.500\n"));
        assert!(text.ends_with("\n\n"));
        let mut part = vec![0; 333];
        fill(9, 101, &mut part);
        assert_eq!(&whole[101..434], &part[..]);
        assert_eq!(cues_within(size(7) + 5), 7);
        assert_eq!(cues_within(3), 1);
    }
}
