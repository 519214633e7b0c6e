//! Retention (issue 12) end to end, over real HTTP to the fake Zoom on
//! 127.0.0.1: `archive_then` and `prune` trash at Zoom only what the
//! destination holds verified, whole meetings only when whole; filters;
//! altered and missing copies keep their originals; `--min-age`.
//! (`retention_log.rs`: dry run, audit log, restore; `retention_failures.rs`:
//! permanent deletes, 5xx on trash calls, S3 labels.)

mod common;
mod support;

use std::collections::BTreeSet;

use common::files::{self};
use common::retention::*;
use common::zoom::{self, scope, small};
use fake_zoom::TranscriptState;
use zoom_archiver::retention::{Action, Options, State};
use zoom_archiver::{Filters, ManifestEntry, Users};

/// Every trashed file was archived byte for byte; whole meetings were trashed
/// with one `recordingDelete` exactly when nothing of them was kept (and
/// their transcript was safe), per file otherwise; nothing processing and
/// nothing in the trash before was touched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archive_then_trash_removes_what_is_archived_byte_for_byte_and_whole_meetings_only_when_whole() {
    let zoom = zoom::start(small(8, 16)).await;
    let dir = tempfile::tempdir().unwrap();
    let before = zoom.meetings();
    let files_before = trashed_files(&zoom);
    let meetings_before = trashed_meetings(&zoom);
    let listed = common::expect::listed_meetings(&zoom);
    assert!(
        listed.iter().any(|m| m.in_progress),
        "the seed has a meeting still processing"
    );

    let (report, freed) = archiver(&zoom, dir.path(), scope(&zoom, Users::All))
        .archive_then(&Options::default())
        .await
        .expect("the run runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(freed.failures.is_empty(), "{:?}", freed.failures);
    assert!(!freed.dry_run && !freed.delete);

    let entries = files::entries(dir.path()).await;
    let newly = newly_trashed(&zoom, &files_before);
    assert!(newly.len() >= 10, "a meaningful prune: {newly:?}");
    for file in &newly {
        assert!(!file.processing, "a processing file was trashed: {file:?}");
        assert!(
            archived_exactly(&zoom, dir.path(), &entries, file),
            "{} ({}) was trashed without an exact copy",
            file.id,
            file.file_type
        );
    }
    // Nothing trashed before is touched (still trashed, no record names it).
    assert!(files_before.iter().all(|id| trashed_files(&zoom).contains(id)));
    assert!(meetings_before.is_subset(&trashed_meetings(&zoom)));

    let records = audit(dir.path()).await;
    let trashed = done(&records, Action::Trash);
    let whole: BTreeSet<String> = trashed
        .iter()
        .filter(|(_, f)| f.is_none())
        .map(|(m, _)| m.clone())
        .collect();
    let now_whole: BTreeSet<String> = trashed_meetings(&zoom)
        .difference(&meetings_before)
        .cloned()
        .collect();
    assert!(!whole.is_empty(), "some meetings go whole");
    assert_eq!(
        whole, now_whole,
        "recordingDelete exactly for the meetings the fake shows trashed"
    );
    let singles: BTreeSet<Item> = newly
        .iter()
        .filter(|f| !now_whole.contains(&f.meeting_uuid))
        .map(|f| (f.meeting_uuid.clone(), Some(f.id.clone())))
        .collect();
    assert!(!singles.is_empty(), "some files go one by one");
    assert_eq!(
        trashed
            .iter()
            .filter(|(_, f)| f.is_some())
            .cloned()
            .collect::<BTreeSet<_>>(),
        singles,
        "recordingDeleteOne exactly for the files the fake shows trashed on their own"
    );

    // A whole meeting's removal rests on every one of its live files.
    for record in records
        .iter()
        .filter(|r| r.state == State::Done && r.file_id.is_none())
    {
        let m = meeting(&before, &record.meeting_uuid);
        let live = m.files.iter().filter(|f| !f.trashed).count();
        assert_eq!(record.copies.len(), live, "{}", m.uuid);
        assert!(m.files.iter().all(|f| !f.processing));
    }
    let kept_meetings: BTreeSet<&str> = freed.kept.iter().map(|k| k.meeting_uuid.as_str()).collect();
    for m in &listed {
        let transcript_pending = zoom
            .transcript(&m.uuid)
            .is_some_and(|t| t.state == TranscriptState::NotReady);
        let something_kept = kept_meetings.contains(m.uuid.as_str());
        assert_eq!(
            whole.contains(&m.uuid),
            !something_kept && !transcript_pending,
            "meeting {} (kept: {something_kept}, transcript pending: {transcript_pending})",
            m.uuid
        );
        if m.in_progress {
            assert!(
                freed
                    .kept
                    .iter()
                    .any(|k| k.meeting_uuid == m.uuid && k.reason.contains("not completed")),
                "{:?}",
                freed.kept
            );
        }
    }
    // The report says what the log says.
    let reported: BTreeSet<Item> = freed
        .removed
        .iter()
        .map(|r| (r.meeting_uuid.clone(), r.file_id.clone()))
        .collect();
    assert_eq!(reported, trashed);
    assert_eq!(freed.files_removed(), newly.len());
}

/// With `--types MP4` only MP4 files are archived, so only MP4 files are
/// trashed, each one by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_types_mp4_only_mp4_files_are_trashed() {
    let zoom = zoom::start(small(9, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    let files_before = trashed_files(&zoom);
    let meetings_before = trashed_meetings(&zoom);
    let listed = common::expect::listed_meetings(&zoom);
    let mut scope = scope(&zoom, Users::All);
    scope.filters = Filters {
        file_types: Some(vec!["MP4".into()]),
        recording_types: None,
    };
    let (report, freed) = archiver(&zoom, dir.path(), scope)
        .archive_then(&Options::default())
        .await
        .unwrap();
    assert!(report.failures.is_empty() && freed.failures.is_empty());
    let newly = newly_trashed(&zoom, &files_before);
    let expected: BTreeSet<String> = common::expect::downloadable(&listed)
        .into_iter()
        .filter(|f| f.file_type == "MP4" && !f.participant_audio)
        .map(|f| f.id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        newly.iter().map(|f| f.id.clone()).collect::<BTreeSet<_>>(),
        expected,
        "exactly the MP4 files"
    );
    assert_eq!(
        trashed_meetings(&zoom),
        meetings_before,
        "no meeting trashed whole"
    );
    assert!(
        freed
            .kept
            .iter()
            .any(|k| k.reason.contains("not selected by the run's filters")),
        "{:?}",
        freed.kept
    );
}

/// After archiving, one file altered on disk (same length) and one deleted:
/// `prune` keeps both originals at Zoom, naming why, and trashes the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prune_keeps_the_originals_of_an_altered_and_a_missing_copy() {
    let zoom = zoom::start(small(10, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let entries = files::entries(dir.path()).await;
    let files_before = trashed_files(&zoom);
    let mp4s: Vec<&ManifestEntry> = entries.iter().filter(|e| e.kind == "MP4").collect();
    let altered = mp4s[0];
    let missing = mp4s
        .iter()
        .find(|e| e.meeting_uuid != altered.meeting_uuid)
        .expect("two meetings with video");
    let path = dir.path().join(&altered.path);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(&path, &bytes).unwrap();
    std::fs::remove_file(dir.path().join(&missing.path)).unwrap();

    let freed = prune(&zoom, dir.path(), &Options::default()).await;
    assert!(freed.failures.is_empty(), "{:?}", freed.failures);
    let reason_of = |entry: &ManifestEntry| {
        freed
            .kept
            .iter()
            .find(|k| k.file_key.as_deref() == Some(entry.file_key.as_str()))
            .map(|k| k.reason.clone())
            .unwrap_or_else(|| panic!("{} is not kept: {:?}", entry.path, freed.kept))
    };
    let altered_reason = reason_of(altered);
    assert!(
        altered_reason.contains(&altered.path) && altered_reason.contains("SHA-256"),
        "{altered_reason}"
    );
    let missing_reason = reason_of(missing);
    assert!(
        missing_reason.contains(&missing.path) && missing_reason.contains("missing"),
        "{missing_reason}"
    );
    let trashed_now = trashed_files(&zoom);
    for entry in [altered, *missing] {
        assert!(
            !trashed_now.contains(&entry.file_key),
            "{} was trashed",
            entry.path
        );
        assert!(
            !trashed_meetings(&zoom).contains(&entry.meeting_uuid),
            "its meeting stays"
        );
    }
    // Everything else listed and completed is in the trash now; what is still
    // live is kept, with a reason.
    let newly = newly_trashed(&zoom, &files_before);
    assert!(newly.len() >= 10, "{newly:?}");
    let live = common::expect::downloadable(&common::expect::listed_meetings(&zoom));
    let live_ids: BTreeSet<&str> = live.iter().map(|f| f.id.as_str()).collect();
    assert!(live_ids.contains(altered.file_key.as_str()) && live_ids.contains(missing.file_key.as_str()));
    for file in &live {
        assert!(
            freed.kept.iter().any(|k| k.meeting_uuid == file.meeting_uuid
                && (k.file_key.as_deref() == Some(file.id.as_str()) || !file.id_in_listing)),
            "{} ({}) is neither trashed nor kept: {:?}",
            file.id,
            file.file_type,
            freed.kept
        );
    }
}

/// `--min-age N`: the recordings that started less than N days ago stay at
/// Zoom (each file kept with the rule named), the older ones go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn min_age_keeps_recordings_younger_than_n_days() {
    // The rule compares with the wall clock, so the fake's "now" is today.
    let zoom = zoom::start(small(11, 12).now(chrono::Utc::now())).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let listed = common::expect::listed_meetings(&zoom);
    let now = chrono::Utc::now();
    // A number of days whose boundary is hours away from every meeting's start
    // and has meetings on both sides.
    let days = (20..250u32)
        .find(|&n| {
            let boundary = now - chrono::Duration::days(i64::from(n));
            let far = listed
                .iter()
                .all(|m| (m.start_time - boundary).num_hours().abs() >= 2);
            let younger = listed.iter().filter(|m| m.start_time > boundary).count();
            far && younger >= 2 && younger + 2 <= listed.len()
        })
        .expect("a boundary between meetings");
    let boundary = now - chrono::Duration::days(i64::from(days));
    let files_before = trashed_files(&zoom);

    let options = Options {
        min_age_days: Some(days),
        ..Options::default()
    };
    let freed = prune(&zoom, dir.path(), &options).await;
    assert!(freed.failures.is_empty(), "{:?}", freed.failures);
    let newly = newly_trashed(&zoom, &files_before);
    let after = zoom.meetings();
    for m in &listed {
        let young = m.start_time > boundary;
        let now_m = meeting(&after, &m.uuid);
        let removed = now_m.trashed || newly.iter().any(|f| f.meeting_uuid == m.uuid);
        if young {
            assert!(
                !removed,
                "meeting {} of {} is younger than {days} days",
                m.uuid, m.start_time
            );
            assert!(
                freed.kept.iter().any(|k| k.meeting_uuid == m.uuid
                    && (k.reason.contains("--min-age") || k.reason.contains("not completed"))),
                "{:?}",
                freed.kept
            );
        } else if !m.in_progress {
            assert!(removed, "meeting {} of {} is old enough", m.uuid, m.start_time);
        }
    }
    assert!(
        freed.kept.iter().any(|k| k.reason == "younger than --min-age"),
        "{:?}",
        freed.kept
    );
    assert!(!freed.removed.is_empty());
}
