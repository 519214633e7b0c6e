//! The archive job against the fake Zoom: every file present and byte-identical
//! despite injected faults, nothing half-written, a second run that transfers
//! nothing, and names that stay inside the archive folder.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Months;
use common::clock::TestClock;
use fake_zoom::{Config, FakeZoom, Fault, Matcher, Operation, RetryAfter, Rule, TranscriptState};
use sha2::{Digest, Sha256};
use zoom_cloud_recording::archive::{TRANSCRIPT_FILE, TranscriptState as Reported};
use zoom_cloud_recording::quirks::TranscriptRestriction;
use zoom_cloud_recording::{DownloadError, DownloadRequest, Error, MeetingRef, Operation as _};

fn sha256_of(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// The meetings the archive of `me` over the fake's last year lists.
fn listed_meetings(zoom: &FakeZoom) -> Vec<fake_zoom::MeetingInfo> {
    let me = zoom.users()[0].id.clone();
    let from = zoom.now() - Months::new(12);
    zoom.meetings()
        .into_iter()
        .filter(|m| m.host_id == me && !m.trashed && m.start_time >= from && m.start_time <= zoom.now())
        .collect()
}

/// The SHA-256 of every file the archive should hold: completed, untrashed
/// recording files of `me`'s meetings in the fake's last year, and their
/// ready transcripts.
fn expected_hashes(zoom: &FakeZoom) -> BTreeMap<String, usize> {
    let mut hashes = BTreeMap::new();
    for meeting in listed_meetings(zoom) {
        if let Some(transcript) = zoom.transcript(&meeting.uuid)
            && transcript.state == TranscriptState::Ready
        {
            let sha256 = transcript.sha256_hex.expect("a ready transcript has bytes");
            *hashes.entry(sha256).or_insert(0) += 1;
        }
        for file in meeting.files {
            if file.processing || file.trashed || file.participant_audio || file.archive {
                continue;
            }
            let expected = zoom.expected_file(&file.id).expect("served file");
            *hashes.entry(expected.sha256_hex).or_insert(0) += 1;
        }
    }
    hashes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archive_survives_faults_and_a_second_run_transfers_nothing() {
    let zoom = FakeZoom::start(Config::default().seed(7).meetings(40))
        .await
        .unwrap();
    let faults = zoom.faults();
    faults.add(Rule::times(
        Matcher::Operation(Operation::RecordingsList),
        2,
        Fault::RateLimitQps {
            retry_after: RetryAfter::Seconds(1),
        },
    ));
    faults.add(Rule::times(Matcher::FileHost, 3, Fault::TruncatedBody));
    faults.add(Rule::times(Matcher::FileHost, 2, Fault::ConnectionReset));
    faults.add(Rule::once(Matcher::FileHost, Fault::IgnoreRange));
    faults.add(Rule::times(
        Matcher::Operation(Operation::Download),
        2,
        Fault::ServerError(503),
    ));
    faults.add(Rule::once(
        Matcher::Operation(Operation::Download),
        Fault::ExpiredToken,
    ));
    let clock = TestClock::new();
    let client = common::fake::builder(&zoom, &clock).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (
        (zoom.now() - Months::new(12)).date_naive(),
        zoom.now().date_naive(),
    );

    let first = client
        .archive("me", dir.path())
        .between(from, to)
        .concurrency(3)
        .run()
        .await
        .expect("listing works");
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    assert!(
        faults.fired_total() >= 10,
        "the faults were exercised: {}",
        faults.fired_total()
    );
    let expected = expected_hashes(&zoom);
    let total: usize = expected.values().sum();
    assert!(total >= 10, "a meaningful archive: {total} files");
    assert_eq!(first.downloaded, total);

    // Every file on disk is byte-identical to what the fake served; no .part is left.
    let manifest = std::fs::read_to_string(dir.path().join("manifest.jsonl")).unwrap();
    let mut on_disk = BTreeMap::new();
    for line in manifest.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = dir.path().join(entry["path"].as_str().unwrap());
        let hash = sha256_of(&path);
        assert_eq!(hash, entry["sha256"].as_str().unwrap(), "{}", path.display());
        *on_disk.entry(hash).or_insert(0) += 1;
    }
    assert_eq!(on_disk, expected);
    let files = files_under(dir.path());
    assert!(
        files.iter().all(|f| !f.to_string_lossy().ends_with(".part")),
        "{files:?}"
    );
    assert_eq!(files.len(), total + 1, "the files and the manifest, nothing else");

    // A second run lists again and downloads nothing.
    faults.clear();
    let served = zoom.bytes_served_total();
    let second = client
        .archive("me", dir.path())
        .between(from, to)
        .run()
        .await
        .unwrap();
    assert_eq!((second.downloaded, second.already_archived), (0, total));
    assert_eq!(zoom.bytes_served_total(), served, "no byte transferred again");
}

#[tokio::test]
async fn topics_cannot_escape_the_archive_folder() {
    let zoom = FakeZoom::start(Config::default().seed(3).meetings(40))
        .await
        .unwrap();
    let hostile = zoom
        .meetings()
        .iter()
        .filter(|m| m.topic.contains("..") || m.topic.contains('/'))
        .count();
    assert!(hostile > 0, "the seed includes hostile topics");
    let clock = TestClock::new();
    let client = common::fake::builder(&zoom, &clock).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let (from, to) = (
        (zoom.now() - Months::new(15)).date_naive(),
        zoom.now().date_naive(),
    );

    let summary = client.archive("me", &root).between(from, to).run().await.unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    for file in files_under(&root) {
        let real = file.canonicalize().unwrap();
        assert!(real.starts_with(&root), "{} escaped", real.display());
        for component in real.strip_prefix(&root).unwrap().components() {
            assert!(component.as_os_str().len() <= 120, "{component:?} is too long");
        }
    }
    assert!(!root.join("../etc/passwd").exists() && !Path::new("/etc/passwd.mp4").exists());
}

#[tokio::test]
async fn an_html_page_instead_of_the_file_is_a_typed_error_and_no_file() {
    let zoom = FakeZoom::start(Config::default().seed(11)).await.unwrap();
    zoom.faults()
        .add(Rule::always(Matcher::FileHost, Fault::HtmlInsteadOfFile));
    let clock = TestClock::new();
    let client = common::fake::builder(&zoom, &clock).build().unwrap();
    let file = zoom
        .files()
        .into_iter()
        .find(|f| f.file_type == "MP4" && !f.processing && !f.trashed && f.download_url.is_some())
        .expect("an MP4");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("video.mp4");

    let request =
        DownloadRequest::new(file.download_url.unwrap()).expect(zoom_cloud_recording::ExpectedContent::Media);
    let error = client
        .download(request)
        .to_path(&target)
        .await
        .expect_err("HTML is not a video");
    assert!(
        matches!(&error, Error::Download(e) if matches!(**e, DownloadError::UnexpectedContent { .. })),
        "{error}"
    );
    assert!(files_under(dir.path()).is_empty(), "no file and no .part");
}

#[tokio::test]
async fn a_file_host_that_ignores_range_after_a_cut_still_yields_the_exact_file() {
    let zoom = FakeZoom::start(Config::default().seed(5).file_sizes(300_000, 400_000))
        .await
        .unwrap();
    zoom.faults()
        .add(Rule::once(Matcher::FileHost, Fault::TruncatedBody));
    zoom.faults()
        .add(Rule::always(Matcher::FileHost, Fault::IgnoreRange));
    let clock = TestClock::new();
    let client = common::fake::builder(&zoom, &clock).build().unwrap();
    let meeting = zoom
        .meetings()
        .into_iter()
        .find(|m| !m.trashed && !m.in_progress)
        .unwrap();
    let reference = zoom_cloud_recording::MeetingRef::uuid(meeting.uuid.clone());
    let recordings = client
        .recording_get()
        .meeting_id(&reference)
        .call()
        .await
        .unwrap();
    let file = recordings
        .recording_files
        .iter()
        .find(|f| f.file_type.as_ref().is_some_and(|t| t.as_str() == "MP4"))
        .expect("an MP4");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("video.mp4");

    let done = client
        .download(DownloadRequest::for_file(file).unwrap())
        .to_path(&target)
        .await
        .expect("recovered");
    let expected = zoom.expected_file(file.id.as_deref().unwrap()).unwrap();
    assert_eq!(
        (done.bytes, done.sha256.as_str()),
        (expected.size, expected.sha256_hex.as_str())
    );
    assert_eq!(sha256_of(&target), expected.sha256_hex);
}

#[tokio::test]
async fn transcripts_not_ready_withheld_or_deleted_are_reported_per_meeting() {
    let zoom = FakeZoom::start(Config::default().seed(7).meetings(40))
        .await
        .unwrap();
    let clock = TestClock::new();
    let client = common::fake::builder(&zoom, &clock).build().unwrap();
    let listed = listed_meetings(&zoom);
    let state_of = |uuid: &str| zoom.transcript(uuid).map(|t| t.state);
    let deleted = listed
        .iter()
        .find(|m| state_of(&m.uuid) == Some(TranscriptState::Ready))
        .expect("a listed meeting with a ready transcript")
        .uuid
        .clone();
    client
        .delete_meeting_transcript()
        .meeting_id(MeetingRef::uuid(deleted.clone()))
        .call()
        .await
        .expect("the transcript is deleted");
    assert_eq!(state_of(&deleted), None, "Zoom now answers 3322");

    let mut expected_unavailable = BTreeMap::new();
    let (mut ready, mut absent) = (0, 0);
    for meeting in &listed {
        let reported = match state_of(&meeting.uuid) {
            None => {
                absent += 1;
                continue;
            }
            Some(TranscriptState::Ready) => {
                ready += 1;
                continue;
            }
            Some(TranscriptState::NotReady) => Reported::NotReady,
            Some(TranscriptState::DeletedOrTrashed) => {
                Reported::Restricted(TranscriptRestriction::DeletedOrTrashed)
            }
            Some(TranscriptState::NoTranscriptData) => {
                Reported::Restricted(TranscriptRestriction::NoTranscriptData)
            }
            Some(TranscriptState::Unsupported) => Reported::Restricted(TranscriptRestriction::Unsupported),
        };
        *expected_unavailable.entry(format!("{reported:?}")).or_insert(0) += 1;
    }
    assert!(
        expected_unavailable.contains_key("NotReady") && ready > 0 && absent > 0,
        "the seed has every case: {expected_unavailable:?}, {ready} ready, {absent} absent"
    );

    let dir = tempfile::tempdir().unwrap();
    let (from, to) = (
        (zoom.now() - Months::new(12)).date_naive(),
        zoom.now().date_naive(),
    );
    let summary = client
        .archive("me", dir.path())
        .between(from, to)
        .run()
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let mut reported = BTreeMap::new();
    for (_, state) in &summary.transcripts_unavailable {
        *reported.entry(format!("{state:?}")).or_insert(0) += 1;
    }
    assert_eq!(reported, expected_unavailable);
    assert_eq!(summary.transcripts_absent, absent);
    let transcripts = files_under(dir.path())
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n == TRANSCRIPT_FILE))
        .count();
    assert_eq!(transcripts, ready, "one transcript.vtt per ready transcript");
    for (folder, _) in &summary.transcripts_unavailable {
        assert!(
            !dir.path().join(folder).join(TRANSCRIPT_FILE).exists(),
            "{folder}: no transcript file for an unavailable transcript"
        );
    }

    // A later run asks again only for what is not archived yet: the ready
    // transcripts are in the manifest and cost no call.
    let asked_before = zoom.requests(Operation::GetMeetingTranscript);
    let again = client
        .archive("me", dir.path())
        .between(from, to)
        .run()
        .await
        .unwrap();
    assert_eq!(again.downloaded, 0);
    assert_eq!(
        zoom.requests(Operation::GetMeetingTranscript) - asked_before,
        u64::try_from(listed.len() - ready).unwrap()
    );
}
