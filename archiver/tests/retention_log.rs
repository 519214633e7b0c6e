//! Retention's record and its undo, over real HTTP to the fake Zoom on
//! 127.0.0.1: a dry run changes nothing and lists exactly what a prune
//! removes; the audit log has each intent before its outcome; a second prune
//! is idempotent; `restore` (and `--since`) brings back what was trashed.

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};

use common::files::{self, sha256_of, snapshot};
use common::retention::*;
use common::zoom::{self, client, scope, small};
use fake_zoom::Operation;
use zoom_archiver::Users;
use zoom_archiver::retention::{self, Action, AuditRecord, Options, RetentionReport, State};
use zoom_archiver::store::FolderStore;

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

/// A damaged audit record is never lost and never silent: the next prune and
/// `restore` both report where the log is damaged, the damaged file is left
/// as it was (not folded away), and `restore` still recovers everything the
/// readable records name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_audit_record_is_reported_by_prune_and_restore_and_never_folded_away() {
    let zoom = zoom::start(small(15, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    archive_all(&zoom, dir.path()).await;
    let first = prune(&zoom, dir.path(), &Options::default()).await;
    assert!(
        first.failures.is_empty() && first.audit_damaged.is_empty(),
        "{first:?}"
    );
    assert!(first.removed.len() >= 2);

    // Cut the first record (an intent) in half, as a torn write would.
    let log = dir.path().join(retention::AUDIT_FILE);
    let text = std::fs::read_to_string(&log).unwrap();
    let (first_line, rest) = text.split_once('\n').unwrap();
    let damaged_text = format!("{}\n{rest}", &first_line[..first_line.len() / 2]);
    std::fs::write(&log, &damaged_text).unwrap();

    let second = prune(&zoom, dir.path(), &Options::default()).await;
    assert_eq!(second.audit_damaged.len(), 1, "{:?}", second.audit_damaged);
    assert!(
        second.audit_damaged[0].starts_with(&format!("{}:1", retention::AUDIT_FILE)),
        "{:?}",
        second.audit_damaged
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        damaged_text,
        "a log that read back damaged is not rewritten"
    );

    let store = FolderStore::new(dir.path());
    let restored = retention::restore(&client(&zoom), &store, None, false)
        .await
        .unwrap();
    assert_eq!(restored.audit_damaged, second.audit_damaged);
    let recovered: BTreeSet<Item> = restored.recovered.iter().cloned().collect();
    let trashed: BTreeSet<Item> = first
        .removed
        .iter()
        .map(|r| (r.meeting_uuid.clone(), r.file_id.clone()))
        .collect();
    // The cut record was an intent whose outcome still reads, so everything comes back.
    assert_eq!(recovered, trashed);
}
