//! Retention at its edges, over real HTTP to the fake Zoom on 127.0.0.1:
//! permanent deletes remove only what is verified; 5xx answers to trash calls
//! are retried, and a persistent one is a named failure with its audit
//! record; in a real S3 server (moto) a wrong label or a missing object
//! keeps its original and a multipart object is read back.

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use common::files::{self};
use common::retention::*;
use common::zoom::{self, scope, small};
use fake_zoom::{Config, Fault, FileInfo, Matcher, Operation, Rule};
use zoom_archiver::retention::{Action, Options, State};
use zoom_archiver::{Archiver, ManifestEntry, Store, Users};

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
