//! A manifest cut by a crash is recovered: `manifest.jsonl` is cut at every
//! byte offset of its last line (and at a few offsets in the middle), and each
//! time a run (folder destination, fake Zoom over loopback) keeps the entries
//! before the cut, reports the damaged line, fetches again exactly the files
//! whose entries were lost, and ends with every file recorded and on disk byte
//! for byte. Nothing archived intact is fetched again, and no run fails.
//!
//! The cuts are shared out over a few lanes that run concurrently, each with its
//! own fake Zoom (the same seed, so the same account) and its own folder.

mod common;

use std::collections::BTreeMap;

use common::files::{assert_on_disk, entries, sha256_of};
use common::zoom;
use fake_zoom::{Config, FakeZoom};
use zoom_archiver::{Archiver, Include, MANIFEST_FILE, ManifestEntry, Report, Scope, Users};
use zoom_cloud_recording::Client;

/// How many lanes of runs go at once.
const LANES: usize = 4;

/// A small account over 25 days: few listing windows, so each run is quick.
async fn fake() -> FakeZoom {
    zoom::start(
        Config::default()
            .seed(21)
            .meetings(6)
            .history_days(25)
            .file_sizes(512, 2048),
    )
    .await
}

fn recordings(zoom: &FakeZoom) -> Scope {
    let today = zoom.now().date_naive();
    let mut scope = Scope::new(Users::All, today - chrono::Days::new(27), today);
    scope.include = Include::NONE;
    scope
}

/// What identifies an archived file: its key, where it is, and its hash.
fn identity(entries: &[ManifestEntry]) -> BTreeMap<String, (String, String, u64)> {
    entries
        .iter()
        .map(|e| (e.file_key.clone(), (e.path.clone(), e.sha256.clone(), e.size)))
        .collect()
}

/// Bytes the fake's file host has served for each of `entries`.
fn served(zoom: &FakeZoom, entries: &[ManifestEntry]) -> BTreeMap<String, u64> {
    entries
        .iter()
        .map(|e| (e.file_key.clone(), zoom.bytes_served(&e.file_key)))
        .collect()
}

/// One lane: a fake Zoom, one client for it (its token reused run to run),
/// and a folder archived once.
struct Lane {
    zoom: FakeZoom,
    client: Client,
    dir: tempfile::TempDir,
}

impl Lane {
    async fn start() -> Self {
        let zoom = fake().await;
        let client = zoom::client(&zoom);
        let lane = Self {
            zoom,
            client,
            dir: tempfile::tempdir().unwrap(),
        };
        let first = lane.archive().await;
        assert!(first.failures.is_empty(), "{:?}", first.failures);
        lane
    }

    async fn archive(&self) -> Report {
        Archiver::new(
            self.client.clone(),
            zoom::folder(self.dir.path()),
            recordings(&self.zoom),
        )
        .concurrency(3)
        .archive()
        .await
        .expect("the run can run")
    }
}

/// Writes `cut` as the folded manifest, runs the archiver, and checks the
/// recovery: `lost` are the keys whose entries the cut removed, and
/// `damaged_line` the line it left half-written (if any).
async fn recover(
    lane: &Lane,
    original: &[ManifestEntry],
    cut: &[u8],
    lost: &[&str],
    damaged_line: Option<usize>,
    label: &str,
) {
    let (zoom, dir) = (&lane.zoom, lane.dir.path());
    std::fs::write(dir.join(MANIFEST_FILE), cut).unwrap();
    let before = served(zoom, original);
    let total_before = zoom.bytes_served_total();
    let report = lane.archive().await;
    assert!(report.failures.is_empty(), "{label}: {:?}", report.failures);
    match damaged_line {
        Some(line) => {
            assert_eq!(
                report.manifest_damaged.len(),
                1,
                "{label}: {:?}",
                report.manifest_damaged
            );
            let prefix = format!("{MANIFEST_FILE}:{line}: ");
            assert!(
                report.manifest_damaged[0].starts_with(&prefix),
                "{label}: {:?}",
                report.manifest_damaged
            );
        }
        None => assert!(
            report.manifest_damaged.is_empty(),
            "{label}: {:?}",
            report.manifest_damaged
        ),
    }
    assert_eq!(
        report.totals().archived,
        lost.len(),
        "{label}: only the lost entries' files"
    );

    // Exactly the lost files were downloaded again, once and whole (some
    // files have no id of their own, so the total is what proves it).
    let after = served(zoom, original);
    let lost_bytes: u64 = original
        .iter()
        .filter(|e| lost.contains(&e.file_key.as_str()))
        .map(|e| e.size)
        .sum();
    assert_eq!(zoom.bytes_served_total() - total_before, lost_bytes, "{label}");
    for entry in original.iter().filter(|e| !lost.contains(&e.file_key.as_str())) {
        let delta = after[&entry.file_key] - before[&entry.file_key];
        assert_eq!(delta, 0, "{label}: {} was intact and fetched again", entry.path);
    }

    // Every file is recorded again, where it was, byte for byte.
    let now = entries(dir).await;
    assert_eq!(identity(&now), identity(original), "{label}");
    assert_on_disk(dir, &now);
    let folded = std::fs::read_to_string(dir.join(MANIFEST_FILE)).unwrap();
    assert_eq!(
        folded.lines().count(),
        original.len(),
        "{label}: the run folded the repaired manifest"
    );
}

/// The archive every lane starts from, as the first run left it.
struct Archived {
    folded: Vec<u8>,
    lines: Vec<String>,
    entries: Vec<ManifestEntry>,
    by_line: Vec<ManifestEntry>,
}

async fn archived(lane: &Lane) -> Archived {
    let entries = entries(lane.dir.path()).await;
    let folded = std::fs::read(lane.dir.path().join(MANIFEST_FILE)).unwrap();
    let lines: Vec<String> = String::from_utf8(folded.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let by_line = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    Archived {
        folded,
        lines,
        entries,
        by_line,
    }
}

/// The cuts of lane `index`: every LANES-th offset of the last line.
async fn last_line_cuts(index: usize, expected: std::sync::Arc<Archived>) {
    let lane = Lane::start().await;
    let here = archived(&lane).await;
    assert!(
        identity(&here.entries) == identity(&expected.entries),
        "every lane archives the same account"
    );
    let Archived {
        folded,
        lines,
        entries: original,
        by_line,
    } = &here;
    let last = lines.len() - 1;
    let last_start = folded.len() - lines[last].len() - 1;
    let last_key = by_line[last].file_key.as_str();
    for keep in (index..=lines[last].len()).step_by(LANES) {
        let cut = &folded[..last_start + keep];
        let label = format!("last line cut after {keep} of {} bytes", lines[last].len());
        let (lost, damaged): (Vec<&str>, Option<usize>) = if keep == lines[last].len() {
            // The whole record without its newline: intact.
            (vec![], None)
        } else if lines[last][..keep].trim().is_empty() {
            // Nothing of it was written: the entry is simply not there.
            (vec![last_key], None)
        } else {
            (vec![last_key], Some(last + 1))
        };
        recover(&lane, original, cut, &lost, damaged, &label).await;
    }
    if index == 0 {
        other_damage(&lane, &here).await;
    }
    let hashes: Vec<String> = original
        .iter()
        .map(|e| sha256_of(&lane.dir.path().join(&e.path)))
        .collect();
    let recorded: Vec<String> = original.iter().map(|e| e.sha256.clone()).collect();
    assert_eq!(
        hashes, recorded,
        "every archived file is as it was first archived"
    );
}

/// A few cuts in the middle, and a line damaged in place.
async fn other_damage(lane: &Lane, archived: &Archived) {
    let Archived {
        folded,
        lines,
        entries: original,
        by_line,
    } = archived;
    // The line cut is damaged; everything after it is gone.
    let second_start = lines[0].len() + 1;
    for offset in [
        second_start + 1,
        second_start + lines[1].len() / 2,
        second_start + lines[1].len() - 1,
    ] {
        let lost: Vec<&str> = by_line[1..].iter().map(|e| e.file_key.as_str()).collect();
        let label = format!("manifest cut at byte {offset}, inside line 2");
        recover(lane, original, &folded[..offset], &lost, Some(2), &label).await;
    }
    // One byte of a middle line turned into invalid UTF-8 (a torn or flipped write).
    let last = lines.len() - 1;
    let line = last - 1;
    let start: usize = lines[..line].iter().map(|l| l.len() + 1).sum();
    let mut garbled = folded.clone();
    garbled[start + lines[line].len() / 2] = 0xff;
    let label = "a byte of a middle line replaced by invalid UTF-8";
    recover(
        lane,
        original,
        &garbled,
        &[by_line[line].file_key.as_str()],
        Some(line + 1),
        label,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manifest_cut_at_any_byte_of_its_last_line_or_in_the_middle_is_recovered() {
    let reference = Lane::start().await;
    let expected = archived(&reference).await;
    assert!(
        expected.entries.len() >= 6,
        "a meaningful archive: {} files",
        expected.entries.len()
    );
    assert_eq!(expected.lines.len(), expected.entries.len());
    drop(reference);
    let expected = std::sync::Arc::new(expected);
    // Concurrently in this task (the archiver's future is not `Send` in general).
    futures::future::join_all((0..LANES).map(|index| last_line_cuts(index, expected.clone()))).await;
}
