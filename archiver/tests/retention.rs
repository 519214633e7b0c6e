//! Retention (issue 12) end to end, over real HTTP to the fake Zoom on
//! 127.0.0.1: `archive_then` and `prune` trash (or delete) at Zoom only what
//! the destination holds verified, whole meetings only when whole; altered,
//! missing and mislabelled copies keep their originals (a folder, and a real
//! S3 server: moto); `--min-age`; a dry run that changes nothing; the audit
//! log; `restore`; permanent deletes; and 5xx answers to the trash calls.

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use common::files::{self, sha256_of, snapshot};
use common::zoom::{self, client, folder, scope, small};
use fake_zoom::{Config, FakeZoom, Fault, FileInfo, Matcher, MeetingInfo, Operation, Rule, TranscriptState};
use zoom_archiver::retention::{self, Action, AuditLog, AuditRecord, Options, RetentionReport, State};
use zoom_archiver::store::FolderStore;
use zoom_archiver::{Archiver, Filters, ManifestEntry, Scope, Store, Users};

/// An archiver of `scope` of `zoom` into the folder `root`.
fn archiver(zoom: &FakeZoom, root: &Path, scope: Scope) -> Archiver {
    Archiver::new(client(zoom), folder(root), scope).concurrency(3)
}

/// Archives everything of `zoom` into `root` (no retention), checking it all worked.
async fn archive_all(zoom: &FakeZoom, root: &Path) {
    let report = archiver(zoom, root, scope(zoom, Users::All))
        .archive()
        .await
        .expect("the archive runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
}

/// `prune` over every user of `zoom` against the folder `root`.
async fn prune(zoom: &FakeZoom, root: &Path, options: &Options) -> RetentionReport {
    let (report, freed) = archiver(zoom, root, scope(zoom, Users::All))
        .prune(options)
        .await
        .expect("the prune runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    freed
}

/// Every record of the audit log in `store`.
async fn audit_of(store: &dyn Store) -> Vec<AuditRecord> {
    let log = AuditLog::load(store).await.expect("the audit log is readable");
    assert!(log.damaged().is_empty(), "{:?}", log.damaged());
    log.records().to_vec()
}

async fn audit(root: &Path) -> Vec<AuditRecord> {
    audit_of(&FolderStore::new(root)).await
}

/// The ids of the recording and participant audio files the fake shows in the trash.
fn trashed_files(zoom: &FakeZoom) -> BTreeSet<String> {
    zoom.files()
        .into_iter()
        .filter(|f| !f.archive && f.trashed)
        .map(|f| f.id)
        .collect()
}

/// The UUIDs of the meetings the fake shows in the trash.
fn trashed_meetings(zoom: &FakeZoom) -> BTreeSet<String> {
    zoom.meetings()
        .into_iter()
        .filter(|m| m.trashed)
        .map(|m| m.uuid)
        .collect()
}

/// The files trashed since `before` (ids of what was trashed then).
fn newly_trashed(zoom: &FakeZoom, before: &BTreeSet<String>) -> Vec<FileInfo> {
    zoom.files()
        .into_iter()
        .filter(|f| !f.archive && f.trashed && !before.contains(&f.id))
        .collect()
}

/// (meeting UUID, file id) of a record or removal.
type Item = (String, Option<String>);

fn item(record: &AuditRecord) -> Item {
    (record.meeting_uuid.clone(), record.file_id.clone())
}

/// The items with a `done` record of `action`.
fn done(records: &[AuditRecord], action: Action) -> BTreeSet<Item> {
    records
        .iter()
        .filter(|r| r.action == action && r.state == State::Done)
        .map(item)
        .collect()
}

/// Whether the archive at `root` holds `file` byte for byte as the fake
/// serves it (an entry of its meeting, by id, or for files whose listing
/// shows no id, any entry of the meeting with those bytes).
fn archived_exactly(zoom: &FakeZoom, root: &Path, entries: &[ManifestEntry], file: &FileInfo) -> bool {
    let expected = zoom.expected_file(&file.id).expect("the fake serves it");
    entries
        .iter()
        .filter(|e| e.meeting_uuid == file.meeting_uuid && (e.file_key == file.id || !file.id_in_listing))
        .any(|e| {
            let path = root.join(&e.path);
            path.is_file()
                && std::fs::metadata(&path).unwrap().len() == expected.size
                && sha256_of(&path) == expected.sha256_hex
        })
}

fn meeting<'a>(meetings: &'a [MeetingInfo], uuid: &str) -> &'a MeetingInfo {
    meetings
        .iter()
        .find(|m| m.uuid == uuid)
        .unwrap_or_else(|| panic!("meeting {uuid}"))
}

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

/// A dry run changes nothing at Zoom or in the destination, and lists exactly
/// what the real prune then removes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_changes_nothing_and_lists_exactly_what_a_prune_removes() {
    let zoom = zoom::start(small(12, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let zoom_before = zoom.meetings();
    let disk_before = snapshot(dir.path());
    let bytes_before: BTreeMap<String, String> = files::files_under(dir.path())
        .into_iter()
        .map(|p| (sha256_of(&dir.path().join(&p)), p))
        .map(|(h, p)| (p, h))
        .collect();

    let dry = prune(
        &zoom,
        dir.path(),
        &Options {
            dry_run: true,
            ..Options::default()
        },
    )
    .await;
    assert!(dry.dry_run);
    assert!(!dry.removed.is_empty());
    assert_eq!(zoom.meetings(), zoom_before, "the fake's state is the same");
    assert_eq!(snapshot(dir.path()), disk_before, "the destination is the same");
    let bytes_after: BTreeMap<String, String> = files::files_under(dir.path())
        .into_iter()
        .map(|p| (p.clone(), sha256_of(&dir.path().join(&p))))
        .collect();
    assert_eq!(bytes_after, bytes_before);
    assert!(!dir.path().join(retention::AUDIT_FILE).exists());
    assert_eq!(zoom.requests(Operation::RecordingDelete), 0);
    assert_eq!(zoom.requests(Operation::RecordingDeleteOne), 0);

    let real = prune(&zoom, dir.path(), &Options::default()).await;
    assert!(real.failures.is_empty(), "{:?}", real.failures);
    assert_eq!(real.removed, dry.removed);
    assert_eq!(real.kept, dry.kept);
    assert_ne!(zoom.meetings(), zoom_before);
}

/// Every removal has an `intent` record before its outcome, with the verified
/// copies' sizes, SHA-256 and paths as the manifest has them; a second prune
/// removes nothing new and fails nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_records_intent_before_outcome_and_a_second_prune_is_idempotent() {
    let zoom = zoom::start(small(13, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let entries = files::entries(dir.path()).await;
    let first = prune(&zoom, dir.path(), &Options::default()).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    assert!(!first.removed.is_empty());
    let records = audit(dir.path()).await;
    assert_eq!(records.len(), 2 * first.removed.len(), "{records:#?}");
    for removal in &first.removed {
        let it = (removal.meeting_uuid.clone(), removal.file_id.clone());
        let positions: Vec<(usize, &AuditRecord)> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| item(r) == it)
            .collect();
        assert_eq!(positions.len(), 2, "{it:?}: {positions:?}");
        let ((i, intent), (j, outcome)) = (positions[0], positions[1]);
        assert!(i < j);
        assert_eq!(intent.state, State::Intent);
        assert!(
            matches!(outcome.state, State::Done | State::AlreadyGone),
            "{outcome:?}"
        );
        assert_eq!((intent.action, outcome.action), (Action::Trash, Action::Trash));
        assert_eq!(intent.copies, removal.copies);
        assert_eq!(outcome.copies, removal.copies);
        assert!(intent.time <= outcome.time);
        assert!(!removal.copies.is_empty());
        for copy in &removal.copies {
            let entry = entries
                .iter()
                .find(|e| e.file_key == copy.file_key)
                .unwrap_or_else(|| panic!("{} has a manifest entry", copy.file_key));
            assert_eq!(
                (&copy.path, copy.size, &copy.sha256),
                (&entry.path, entry.size, &entry.sha256)
            );
            let on_disk = dir.path().join(&copy.path);
            assert_eq!(sha256_of(&on_disk), copy.sha256);
        }
    }
    let state = zoom.meetings();

    let second = prune(&zoom, dir.path(), &Options::default()).await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert!(
        second.removed.iter().all(|r| r.already_gone),
        "nothing new is removed: {:?}",
        second.removed
    );
    assert_eq!(zoom.meetings(), state);
    let again = audit(dir.path()).await;
    assert_eq!(&again[..records.len()], &records[..]);
    assert!(
        again[records.len()..]
            .iter()
            .all(|r| r.state != State::Failed && r.state != State::Done)
    );
}

/// `restore` recovers everything the log says was trashed, `--since` only
/// what was trashed from that time on, and a second restore recovers nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_recovers_what_the_log_says_was_trashed_since_filters_and_a_second_restore_recovers_nothing()
{
    let zoom = zoom::start(small(14, 12)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let users = common::expect::account_emails(&zoom);
    // An earlier prune of the first user, its log dated back to October...
    let (first_user, rest) = users.split_first().unwrap();
    let (_, early) = archiver(
        &zoom,
        dir.path(),
        scope(&zoom, Users::Listed(vec![first_user.clone()])),
    )
    .prune(&Options::default())
    .await
    .unwrap();
    assert!(!early.removed.is_empty() && early.failures.is_empty());
    let log = dir.path().join(retention::AUDIT_FILE);
    let text = std::fs::read_to_string(&log).unwrap();
    let dated: Vec<String> = text
        .lines()
        .map(|line| {
            let mut record: AuditRecord = serde_json::from_str(line).unwrap();
            record.time = "2026-10-01T08:00:00Z".into();
            serde_json::to_string(&record).unwrap()
        })
        .collect();
    std::fs::write(&log, dated.join("\n") + "\n").unwrap();
    // ...then a prune of the others today.
    let (_, late) = archiver(&zoom, dir.path(), scope(&zoom, Users::Listed(rest.to_vec())))
        .prune(&Options::default())
        .await
        .unwrap();
    assert!(!late.removed.is_empty() && late.failures.is_empty());
    let items = |report: &RetentionReport| -> BTreeSet<Item> {
        report
            .removed
            .iter()
            .map(|r| (r.meeting_uuid.clone(), r.file_id.clone()))
            .collect()
    };
    let is_trashed = |(uuid, file): &Item| match file {
        None => trashed_meetings(&zoom).contains(uuid),
        Some(id) => trashed_files(&zoom).contains(id),
    };
    assert!(items(&early).iter().chain(&items(&late)).all(is_trashed));

    let store = FolderStore::new(dir.path());
    let c = client(&zoom);
    let dry = retention::restore(&c, &store, Some("2026-11-01"), true)
        .await
        .unwrap();
    assert_eq!(
        dry.recovered.iter().cloned().collect::<BTreeSet<_>>(),
        items(&late)
    );
    assert!(
        items(&late).iter().all(is_trashed),
        "a dry restore changes nothing"
    );

    let recent = retention::restore(&c, &store, Some("2026-11-01"), false)
        .await
        .unwrap();
    assert!(recent.failures.is_empty(), "{:?}", recent.failures);
    assert_eq!(
        recent.recovered.iter().cloned().collect::<BTreeSet<_>>(),
        items(&late)
    );
    assert!(items(&late).iter().all(|i| !is_trashed(i)));
    assert!(
        items(&early).iter().all(is_trashed),
        "older removals stay in the trash"
    );

    let all = retention::restore(&c, &store, None, false).await.unwrap();
    assert!(all.failures.is_empty(), "{:?}", all.failures);
    assert_eq!(
        all.recovered.iter().cloned().collect::<BTreeSet<_>>(),
        items(&early)
    );
    let trashed_by_us = done(&audit(dir.path()).await, Action::Trash);
    assert!(
        trashed_by_us.iter().all(|i| !is_trashed(i)),
        "nothing the log names is trashed"
    );

    let again = retention::restore(&c, &store, None, false).await.unwrap();
    assert_eq!(
        (again.recovered.len(), again.gone.len(), again.failures.len()),
        (0, 0, 0)
    );
}

/// `delete: true` deletes for good (the fake shows neither file nor trash
/// entry), and only what is verified: a copy gone from the folder keeps its
/// original.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_removes_for_good_only_what_is_verified() {
    let zoom = zoom::start(small(15, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let entries = files::entries(dir.path()).await;
    let missing = entries.iter().find(|e| e.kind == "MP4").unwrap();
    std::fs::remove_file(dir.path().join(&missing.path)).unwrap();
    let files_before: BTreeSet<String> = zoom.files().into_iter().map(|f| f.id).collect();
    let trashed_before = trashed_files(&zoom);

    let freed = prune(
        &zoom,
        dir.path(),
        &Options {
            delete: true,
            ..Options::default()
        },
    )
    .await;
    assert!(freed.delete && freed.failures.is_empty(), "{:?}", freed.failures);
    let after: BTreeMap<String, FileInfo> = zoom.files().into_iter().map(|f| (f.id.clone(), f)).collect();
    let removed_ids: BTreeSet<String> = files_before
        .iter()
        .filter(|id| !after.contains_key(*id))
        .cloned()
        .collect();
    assert!(removed_ids.len() >= 5, "{removed_ids:?}");
    assert_eq!(
        freed.files_removed(),
        removed_ids.len()
            - freed
                .removed
                .iter()
                .filter(|r| r.file_id.is_none())
                .map(|r| {
                    // A meeting deleted whole also takes the files trashed before with it.
                    let m = r.meeting_uuid.as_str();
                    trashed_before
                        .iter()
                        .filter(|id| zoom.expected_file(id).is_some_and(|e| e.meeting_uuid == m))
                        .count()
                })
                .sum::<usize>()
    );
    assert_eq!(
        trashed_files(&zoom),
        trashed_before
            .intersection(&after.keys().cloned().collect())
            .cloned()
            .collect()
    );
    let kept = after
        .get(&missing.file_key)
        .expect("the unverified original is still at Zoom");
    assert!(!kept.trashed);
    assert!(
        freed
            .kept
            .iter()
            .any(|k| k.file_key.as_deref() == Some(missing.file_key.as_str()))
    );
    let records = audit(dir.path()).await;
    assert!(records.iter().all(|r| r.action == Action::Delete));
    assert_eq!(done(&records, Action::Delete).len(), freed.removed.len());
}

/// 5xx answers to the trash calls: a few are retried and succeed; one that
/// never ends is a named failure, logged as intent then failed, and the
/// meeting is still live at Zoom.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_on_trash_calls_are_retried_and_a_persistent_one_is_a_named_failure() {
    let zoom = zoom::start(small(16, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let whole = zoom.faults().add(Rule::times(
        Matcher::Operation(Operation::RecordingDelete),
        2,
        Fault::ServerError(503),
    ));
    let single = zoom.faults().add(Rule::times(
        Matcher::Operation(Operation::RecordingDeleteOne),
        2,
        Fault::ServerError(502),
    ));
    let files_before = trashed_files(&zoom);
    let meetings_before = trashed_meetings(&zoom);
    // The first two users: the last is for the persistent fault.
    let users = common::expect::account_emails(&zoom);
    let (first, last) = users.split_at(2);
    let (_, freed) = archiver(&zoom, dir.path(), scope(&zoom, Users::Listed(first.to_vec())))
        .prune(&Options::default())
        .await
        .unwrap();
    assert!(freed.failures.is_empty(), "{:?}", freed.failures);
    let wholes = freed.removed.iter().filter(|r| r.file_id.is_none()).count() as u64;
    let singles = freed.removed.len() as u64 - wholes;
    assert!(wholes >= 1 && singles >= 1, "{:?}", freed.removed);
    assert_eq!((zoom.faults().fired(whole), zoom.faults().fired(single)), (2, 2));
    assert_eq!(zoom.requests(Operation::RecordingDelete), wholes + 2);
    assert_eq!(zoom.requests(Operation::RecordingDeleteOne), singles + 2);
    assert_eq!(
        trashed_meetings(&zoom).difference(&meetings_before).count() as u64,
        wholes
    );
    assert!(newly_trashed(&zoom, &files_before).len() as u64 >= wholes + singles);
    assert!(freed.removed.iter().all(|r| !r.already_gone));

    zoom.faults().add(Rule::always(
        Matcher::Operation(Operation::RecordingDelete),
        Fault::ServerError(500),
    ));
    let logged = audit(dir.path()).await.len();
    let (_, failing) = archiver(&zoom, dir.path(), scope(&zoom, Users::Listed(last.to_vec())))
        .prune(&Options::default())
        .await
        .unwrap();
    assert!(!failing.failures.is_empty());
    let records = audit(dir.path()).await;
    let new = &records[logged..];
    for failure in &failing.failures {
        let uuid = failure
            .item
            .strip_prefix("removing meeting ")
            .unwrap_or_else(|| panic!("a whole meeting, named: {failure}"));
        assert!(failure.reason.contains("500"), "{failure}");
        let m = zoom.meeting(uuid).expect("still at Zoom");
        assert!(!m.trashed && m.files.iter().any(|f| !f.trashed), "{m:?}");
        let states: Vec<&State> = new
            .iter()
            .filter(|r| r.meeting_uuid == uuid && r.file_id.is_none())
            .map(|r| &r.state)
            .collect();
        assert_eq!(states, [&State::Intent, &State::Failed]);
        let failed = new
            .iter()
            .find(|r| r.meeting_uuid == uuid && r.state == State::Failed)
            .unwrap();
        assert!(
            failed.error.as_deref().is_some_and(|e| e.contains("500")),
            "{failed:?}"
        );
    }
    assert_eq!(
        failing.failures.len(),
        new.iter().filter(|r| r.state == State::Failed).count()
    );
}

/// Into a real S3 server (moto): an object carrying another `sha256` label
/// than the manifest, and one missing, keep their originals; a multipart
/// object (no label) is read back: intact it goes, altered at the same
/// length it stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_a_wrong_label_or_a_missing_object_keeps_and_a_multipart_object_is_read_back() {
    use object_store::path::Path as Key;
    use object_store::{Attribute, AttributeValue, Attributes, ObjectStore, ObjectStoreExt, PutOptions};
    use support::archive::{destination, fast_retries, whole_history, zoom_client};
    use zoom_archiver::store::{PART_SIZE, metadata_keys};

    const PREFIX: &str = "zoom/archive";
    let part = PART_SIZE as u64;
    let config = Config::default()
        .meetings(4)
        .history_days(support::archive::HISTORY_DAYS)
        .file_sizes(part + 64 * 1024, part + 512 * 1024);
    let zoom = zoom::start(config).await;
    let server = support::s3::S3Server::start();
    server.create_bucket("retention").await;
    let store: Arc<dyn Store> = destination(server.builder("retention").with_retry(fast_retries(3)), PREFIX);
    let mut scope = whole_history(&zoom);
    scope.include = zoom_archiver::Include::NONE;
    let archiver = Archiver::new(zoom_client(&zoom), Arc::clone(&store), scope);
    let report = archiver.archive().await.unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);

    let manifest = zoom_archiver::Manifest::load(&*store).await.unwrap();
    let entries: Vec<ManifestEntry> = manifest.entries().into_iter().cloned().collect();
    let multipart: Vec<&ManifestEntry> = entries.iter().filter(|e| e.size > part).collect();
    let single: Vec<&ManifestEntry> = entries.iter().filter(|e| e.size <= part && e.size >= 2).collect();
    assert!(multipart.len() >= 2 && single.len() >= 2, "{entries:?}");
    let raw = server.store("retention");
    let key = |e: &ManifestEntry| Key::parse(format!("{PREFIX}/{}", e.path)).unwrap();
    let labels = server
        .head_metadata("retention", key(multipart[0]).as_ref())
        .await;
    assert!(
        !labels.contains_key(metadata_keys::SHA256),
        "a multipart object has no label: {labels:?}"
    );

    // Same bytes, another label.
    let mislabelled = single[0];
    let bytes = server.object_bytes("retention", key(mislabelled).as_ref()).await;
    let mut attributes = Attributes::new();
    attributes.insert(
        Attribute::Metadata(metadata_keys::SHA256.into()),
        AttributeValue::from("0".repeat(64)),
    );
    raw.put_opts(
        &key(mislabelled),
        bytes.into(),
        PutOptions {
            attributes,
            ..PutOptions::default()
        },
    )
    .await
    .unwrap();
    let missing = single[1];
    raw.delete(&key(missing)).await.unwrap();
    // A multipart object altered at the same length (still without a label).
    let altered = multipart[0];
    let mut bytes = server.object_bytes("retention", key(altered).as_ref()).await;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x33;
    raw.put(&key(altered), bytes.into()).await.unwrap();
    let intact: Vec<&&ManifestEntry> = multipart[1..].iter().collect();

    let files_before = trashed_files(&zoom);
    let (_, freed) = archiver.prune(&Options::default()).await.unwrap();
    assert!(freed.failures.is_empty(), "{:?}", freed.failures);
    let reason_of = |e: &ManifestEntry| {
        freed
            .kept
            .iter()
            .find(|k| k.file_key.as_deref() == Some(e.file_key.as_str()))
            .map(|k| k.reason.clone())
            .unwrap_or_else(|| panic!("{} is kept: {:?}", e.path, freed.kept))
    };
    assert!(
        reason_of(mislabelled).contains("another SHA-256"),
        "{}",
        reason_of(mislabelled)
    );
    assert!(reason_of(missing).contains("missing"), "{}", reason_of(missing));
    assert!(
        reason_of(altered).contains("reads back different bytes"),
        "{}",
        reason_of(altered)
    );
    let newly: BTreeSet<String> = newly_trashed(&zoom, &files_before)
        .into_iter()
        .map(|f| f.id)
        .collect();
    for e in [mislabelled, missing, altered] {
        assert!(!newly.contains(&e.file_key), "{} was trashed", e.path);
    }
    for e in intact {
        assert!(
            newly.contains(&e.file_key),
            "the intact multipart {} was not trashed",
            e.path
        );
    }
    // The log in the bucket names what went.
    let records = audit_of(&*store).await;
    assert_eq!(done(&records, Action::Trash).len(), freed.removed.len());
    assert!(!freed.removed.is_empty());
}
