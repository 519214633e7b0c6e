//! The archiver end to end against a real S3-compatible server (moto, on 127.0.0.1) and the fake
//! Zoom (on 127.0.0.1): a whole account through a connection cut mid-upload and Zoom faults, the
//! metadata objects carry, `plan` writing nothing, `verify` finding what was tampered with, and
//! an upload failure that is named and fetched by the next run.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use bytes::Bytes;
use fake_zoom::{Config, FakeZoom, Fault, Matcher, Rule, TranscriptState, UserStatus};
use futures::TryStreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use support::archive::{
    Events, HISTORY_DAYS, archivable_files, destination, fake_file_of, fast_retries,
    one_connection_per_request, sha256_hex, under_prefix, whole_history, zoom_client,
};
use support::cut_proxy::CutProxy;
use support::s3::{S3Server, builder_for};
use zoom_archiver::store::{PART_SIZE, metadata_keys};
use zoom_archiver::{
    Archiver, Filters, Include, MANIFEST_FILE, Manifest, ManifestEntry, Problem, Report, Scope, Store,
};

/// Where each test's archive lives in its bucket.
const PREFIX: &str = "zoom/archive";
/// `PART_SIZE` as a byte count.
const PART: u64 = PART_SIZE as u64;

/// Media files just over one part: every MP4 becomes a two-part multipart upload (8 MiB, then
/// the rest), every other file (M4A: a quarter, participant audio: an eighth, text: up to
/// 120 KB) is written with one put well under `CUT_AT`.
fn multipart_sized(config: Config) -> Config {
    config.file_sizes(PART + 64 * 1024, PART + 1024 * 1024)
}

/// Where the whole-account test cuts: past every single request but an 8 MiB part.
const CUT_AT: u64 = 6 * 1024 * 1024;

async fn start_zoom(config: Config) -> FakeZoom {
    FakeZoom::start(config.history_days(HISTORY_DAYS))
        .await
        .expect("the fake Zoom starts")
}

async fn archive(zoom: &FakeZoom, store: &Arc<dyn Store>, scope: Scope, events: &Events) -> Report {
    Archiver::new(zoom_client(zoom), Arc::clone(store), scope)
        .on_event(events.recorder())
        .archive()
        .await
        .expect("the archive run runs")
}

/// Whether `path` (relative to the archive) is one of the manifest's own objects.
fn is_manifest_object(path: &str) -> bool {
    path == MANIFEST_FILE || path.starts_with("manifest.d/")
}

/// The archive's objects that are archived files (not the manifest), by path.
async fn archived_objects(server: &S3Server, bucket: &str) -> HashMap<String, u64> {
    let mut objects = under_prefix(&server.objects(bucket).await, PREFIX);
    objects.retain(|path, _| !is_manifest_object(path));
    objects
}

fn paths(entries: &[ManifestEntry]) -> BTreeSet<String> {
    entries.iter().map(|e| e.path.clone()).collect()
}

/// Every entry's object is there with the manifest's size and SHA-256, and is what the fake
/// serves: the same bytes as the fake's file for recordings and participant audio, the fake's
/// WebVTT for transcripts, JSON for summaries and metadata.
async fn assert_objects_match(server: &S3Server, bucket: &str, zoom: &FakeZoom, entries: &[&ManifestEntry]) {
    let files = archivable_files(zoom);
    for entry in entries {
        let bytes = server
            .object_bytes(bucket, &format!("{PREFIX}/{}", entry.path))
            .await;
        let sha = sha256_hex(&bytes);
        assert_eq!(
            (bytes.len() as u64, sha.as_str()),
            (entry.size, entry.sha256.as_str()),
            "{}: the object differs from its manifest entry",
            entry.path
        );
        match entry.kind.as_str() {
            "transcript" => {
                let transcript = zoom.transcript(&entry.meeting_uuid).expect("the fake has it");
                assert_eq!(
                    transcript.sha256_hex.as_deref(),
                    Some(sha.as_str()),
                    "{}",
                    entry.path
                );
            }
            "summary" | "metadata" => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", entry.path));
            }
            _ => {
                let file = fake_file_of(&files, entry).unwrap_or_else(|| {
                    panic!("{} ({}) is no file the fake lists", entry.path, entry.file_key)
                });
                let expected = zoom.expected_file(&file.id).expect("the fake serves it");
                assert_eq!(
                    (expected.size, expected.sha256_hex.as_str()),
                    (entry.size, sha.as_str()),
                    "{}: not the bytes the fake serves for {}",
                    entry.path,
                    file.id
                );
            }
        }
    }
}

/// The whole account, with Zoom failing a tenth of its requests at random and one file always,
/// through a proxy that cuts one S3 connection in the middle of an 8 MiB part.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_account_survives_a_cut_upload_and_zoom_faults_and_the_report_is_exact() {
    let zoom = start_zoom(multipart_sized(Config::default().meetings(4)).random_faults(0.1, 23)).await;
    let files = archivable_files(&zoom);
    assert!(
        files.iter().any(|f| f.size.unwrap_or(0) > PART),
        "a multipart upload happens"
    );
    for file in &files {
        let size = file.size.unwrap_or(0);
        let tail = if size > PART { size % PART } else { size };
        assert!(
            tail < CUT_AT,
            "only a part passes the cut: {} has {size} bytes",
            file.id
        );
    }
    // One recording file Zoom never lets download: it runs out of retries.
    let doomed = files
        .iter()
        .find(|f| f.file_type == "M4A" && !f.participant_audio && f.id_in_listing)
        .expect("an audio file");
    zoom.faults().add(Rule::always(
        Matcher::PathPrefix(format!("/rec/download/{}", doomed.id)),
        Fault::ServerError(503),
    ));

    let server = S3Server::start();
    server.create_bucket("whole").await;
    let proxy = CutProxy::start(server.addr()).await;
    let builder = builder_for(&proxy.endpoint(), "whole").with_retry(fast_retries(5));
    let store = destination(one_connection_per_request(builder), PREFIX);
    proxy.cut_after_upload_bytes(CUT_AT);
    let events = Events::default();

    let first = archive(&zoom, &store, whole_history(&zoom), &events).await;

    assert_eq!(proxy.cuts(), 1, "the proxy cut a part upload");
    // Every user who hosted something is there with all their meetings, the deactivated one too.
    for user in zoom.users().into_iter().filter(|u| u.meetings > 0) {
        let reported = first.users.iter().find(|r| r.user == user.email);
        let reported = reported.unwrap_or_else(|| panic!("{} is not in the report", user.email));
        assert_eq!(
            reported.inactive,
            user.status == UserStatus::Inactive,
            "{}",
            user.email
        );
        assert_eq!(reported.counts.meetings, user.meetings, "{}", user.email);
        assert!(reported.listing_complete, "{}", user.email);
    }
    assert!(first.users.iter().any(|u| u.inactive && u.counts.meetings > 0));
    assert_eq!(server.incomplete_uploads("whole").await, Vec::<String>::new());
    let manifest = Manifest::load(&*store).await.unwrap();
    let entries = manifest.entries();
    let totals = first.totals();
    assert!(totals.archived > 0);
    assert_eq!(
        totals.archived,
        entries.len(),
        "one manifest entry per archived file"
    );
    let objects = archived_objects(&server, "whole").await;
    let recorded: HashMap<String, u64> = entries.iter().map(|e| (e.path.clone(), e.size)).collect();
    assert_eq!(
        objects, recorded,
        "the archived objects are exactly the manifest's"
    );
    assert_eq!(totals.bytes_archived, recorded.values().sum::<u64>());
    assert_eq!(paths(&events.archived()), recorded.keys().cloned().collect());
    assert_objects_match(&server, "whole", &zoom, &entries).await;

    // Failures are named, each one counted, and none of them left an object behind.
    assert!(!first.failures.is_empty(), "the doomed file failed");
    assert_eq!(totals.failed, first.failures.len());
    assert_eq!(first.exit_code(), 2);
    let mut announced = events.failed();
    announced.sort_by(|a, b| (&a.user, &a.item).cmp(&(&b.user, &b.item)));
    assert_eq!(
        announced, first.failures,
        "each failure was announced as it happened"
    );
    for failure in &first.failures {
        assert!(
            !failure.user.is_empty() && !failure.reason.is_empty(),
            "{failure}"
        );
        assert!(
            !failure.item.starts_with("listing"),
            "a listing ran out of retries: {failure}"
        );
        assert!(!objects.contains_key(&failure.item), "{failure} left an object");
    }

    // The next run, Zoom healthy again, fetches exactly what failed.
    zoom.faults().clear();
    zoom.faults().set_random_rate(0.0);
    events.clear();
    let second = archive(&zoom, &store, whole_history(&zoom), &events).await;
    assert_eq!(second.failures, vec![], "{:?}", second.failures);
    let refetched = events.archived();
    let failed_items: BTreeSet<String> = first.failures.iter().map(|f| f.item.clone()).collect();
    assert_eq!(paths(&refetched), failed_items);
    assert!(
        refetched.iter().any(|e| e.file_key == doomed.id),
        "the doomed file is archived now"
    );
    assert_eq!(second.totals().archived, refetched.len());
    assert_eq!(second.totals().already_archived, totals.archived);

    let manifest = Manifest::load(&*store).await.unwrap();
    let entries = manifest.entries();
    assert_eq!(entries.len(), totals.archived + refetched.len());
    assert_eq!(archived_objects(&server, "whole").await.len(), entries.len());
    let refetched_entries: Vec<&ManifestEntry> = refetched.iter().collect();
    assert_objects_match(&server, "whole", &zoom, &refetched_entries).await;
    // Every file the fake lists is in the archive, each once.
    let mut archived_ids = BTreeSet::new();
    for entry in &entries {
        if let Some(file) = fake_file_of(&files, entry) {
            assert!(archived_ids.insert(file.id.clone()), "{} archived twice", file.id);
        }
    }
    let listed: BTreeSet<String> = files.iter().map(|f| f.id.clone()).collect();
    assert_eq!(archived_ids, listed, "every listed file is archived");
    let ready_transcripts = zoom
        .transcripts()
        .into_iter()
        .filter(|t| t.state == TranscriptState::Ready)
        .count();
    assert_eq!(
        entries.iter().filter(|e| e.kind == "transcript").count(),
        ready_transcripts
    );

    // A run with nothing new transfers nothing.
    events.clear();
    let third = archive(&zoom, &store, whole_history(&zoom), &events).await;
    let totals = third.totals();
    assert_eq!((totals.archived, totals.to_fetch, totals.failed), (0, 0, 0));
    assert_eq!(totals.already_archived, entries.len());
    assert_eq!(third.exit_code(), 0);
    assert!(events.archived().is_empty());
    assert_eq!(server.incomplete_uploads("whole").await, Vec::<String>::new());
}

/// A small object carries both ids and its SHA-256, a multipart object both ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objects_carry_the_file_id_the_meeting_uuid_and_for_single_puts_the_sha256() {
    let zoom = start_zoom(multipart_sized(Config::default().meetings(2))).await;
    let server = S3Server::start();
    server.create_bucket("labels").await;
    let store = destination(server.builder("labels").with_retry(fast_retries(3)), PREFIX);

    let report = archive(&zoom, &store, whole_history(&zoom), &Events::default()).await;
    assert_eq!(report.failures, vec![]);
    let manifest = Manifest::load(&*store).await.unwrap();
    let (mut small, mut large) = (0, 0);
    for entry in manifest.entries() {
        let metadata = server
            .head_metadata("labels", &format!("{PREFIX}/{}", entry.path))
            .await;
        assert_eq!(
            metadata.get(metadata_keys::FILE_ID),
            Some(&entry.file_key),
            "{}",
            entry.path
        );
        assert_eq!(
            metadata.get(metadata_keys::MEETING_UUID),
            Some(&entry.meeting_uuid),
            "{}",
            entry.path
        );
        if entry.size <= PART {
            small += 1;
            assert_eq!(
                metadata.get(metadata_keys::SHA256),
                Some(&entry.sha256),
                "{}",
                entry.path
            );
        } else {
            // Fixed when the upload starts, before the hash is known (see `metadata_keys::SHA256`).
            large += 1;
            assert_eq!(metadata.get(metadata_keys::SHA256), None, "{}", entry.path);
        }
    }
    assert!(
        small > 0 && large > 0,
        "{small} single-put and {large} multipart objects"
    );
}

/// Every object of `bucket` with its size and ETag, which a rewrite would change.
async fn snapshot(server: &S3Server, bucket: &str) -> Vec<(String, u64, Option<String>)> {
    let mut objects: Vec<_> = server
        .store(bucket)
        .list(None)
        .map_ok(|meta| (meta.location.to_string(), meta.size, meta.e_tag))
        .try_collect()
        .await
        .unwrap();
    objects.sort();
    objects
}

/// Moves the last `n` lines of `manifest.jsonl` (all of them for `usize::MAX`,
/// and then the file goes) into `manifest.d/` pieces: what a run killed
/// before it folded its pieces leaves. Returns how many moved.
async fn unfold(server: &S3Server, bucket: &str, n: usize) -> usize {
    let objects = server.store(bucket);
    let folded = Path::parse(format!("{PREFIX}/{MANIFEST_FILE}")).unwrap();
    let text = String::from_utf8(server.object_bytes(bucket, folded.as_ref()).await).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let moved = lines.split_off(lines.len().saturating_sub(n));
    for (i, line) in moved.iter().enumerate() {
        let piece = Path::parse(format!(
            "{PREFIX}/manifest.d/20260101T000000.000Z-00000000-{i:06}.json"
        ))
        .unwrap();
        objects
            .put(&piece, PutPayload::from(format!("{line}\n")))
            .await
            .unwrap();
    }
    if lines.is_empty() {
        objects.delete(&folded).await.unwrap();
    } else {
        let rest = lines.join("\n") + "\n";
        objects.put(&folded, PutPayload::from(rest)).await.unwrap();
    }
    moved.len()
}

async fn plan(zoom: &FakeZoom, store: &Arc<dyn Store>, scope: Scope) -> Report {
    Archiver::new(zoom_client(zoom), Arc::clone(store), scope)
        .plan()
        .await
        .expect("the plan runs")
}

/// `plan` reads the destination and Zoom and writes nothing: not into an empty bucket, not while
/// the manifest is only pieces, not while it is `manifest.jsonl` and pieces.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_writes_nothing_to_s3() {
    let zoom = start_zoom(Config::default().meetings(6)).await;
    let server = S3Server::start();
    server.create_bucket("plan").await;
    let store = destination(server.builder("plan").with_retry(fast_retries(3)), PREFIX);
    let everything = whole_history(&zoom);
    let mut videos = everything.clone();
    videos.filters = Filters {
        file_types: Some(vec!["MP4".into()]),
        recording_types: None,
    };
    videos.include = Include::NONE;

    let planned = plan(&zoom, &store, everything.clone()).await;
    assert!(planned.dry_run);
    assert!(planned.totals().to_fetch > 0);
    assert_eq!(planned.totals().archived, 0);
    assert_eq!(
        snapshot(&server, "plan").await,
        vec![],
        "a plan into an empty bucket"
    );

    // The videos only, then the state a run killed before it folded leaves:
    // the manifest is only pieces.
    let first = archive(&zoom, &store, videos, &Events::default()).await;
    assert!(first.totals().archived > 0);
    assert_eq!(unfold(&server, "plan", usize::MAX).await, first.totals().archived);
    let before = snapshot(&server, "plan").await;
    let pieces = |objects: &[(String, u64, Option<String>)]| {
        objects
            .iter()
            .filter(|o| o.0.starts_with(&format!("{PREFIX}/manifest.d/")))
            .count()
    };
    assert_eq!(pieces(&before), first.totals().archived);
    let planned = plan(&zoom, &store, everything.clone()).await;
    assert_eq!(
        snapshot(&server, "plan").await,
        before,
        "a plan over manifest pieces"
    );
    assert_eq!(planned.totals().already_archived, first.totals().archived);

    // Everything: the plan said what this fetches.
    let second = archive(&zoom, &store, everything.clone(), &Events::default()).await;
    assert_eq!(second.failures, vec![]);
    assert_eq!(second.totals().archived, planned.totals().to_fetch);
    // A run folds when it ends; move some entries back into pieces.
    let moved = unfold(&server, "plan", 3).await;
    assert_eq!(moved, 3);
    let before = snapshot(&server, "plan").await;
    assert!(before.iter().any(|o| o.0 == format!("{PREFIX}/{MANIFEST_FILE}")));
    assert_eq!(pieces(&before), moved);
    let planned = plan(&zoom, &store, everything).await;
    assert_eq!(
        snapshot(&server, "plan").await,
        before,
        "a plan over manifest.jsonl and pieces"
    );
    assert_eq!(planned.totals().to_fetch, 0);
    assert_eq!(
        planned.totals().already_archived,
        first.totals().archived + second.totals().archived
    );
    assert_eq!(server.incomplete_uploads("plan").await, Vec::<String>::new());
}

/// `verify` re-reads every object: one deleted, one shortened, one altered at the same length
/// are exactly the three problems it reports, each with its path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_a_missing_a_truncated_and_an_altered_object() {
    let zoom = start_zoom(Config::default().meetings(4)).await;
    let server = S3Server::start();
    server.create_bucket("verify").await;
    let store = destination(server.builder("verify").with_retry(fast_retries(3)), PREFIX);
    let report = archive(&zoom, &store, whole_history(&zoom), &Events::default()).await;
    assert_eq!(report.failures, vec![]);

    let intact = zoom_archiver::verify(&*store, 4).await.unwrap();
    let manifest = Manifest::load(&*store).await.unwrap();
    let entries = manifest.entries();
    assert_eq!((intact.checked, intact.intact), (entries.len(), entries.len()));
    assert_eq!(intact.problems, vec![]);
    assert_eq!(intact.bytes, entries.iter().map(|e| e.size).sum::<u64>());
    assert_eq!(intact.exit_code(), 0);

    let mut targets = entries.iter().filter(|e| e.size >= 2);
    let (missing, short, altered) = (
        targets.next().unwrap(),
        targets.next().unwrap(),
        targets.next().unwrap(),
    );
    let raw = server.store("verify");
    let at = |entry: &ManifestEntry| Path::parse(format!("{PREFIX}/{}", entry.path)).unwrap();
    raw.delete(&at(missing)).await.unwrap();
    let bytes = server.object_bytes("verify", at(short).as_ref()).await;
    raw.put(
        &at(short),
        PutPayload::from(Bytes::from(bytes[..bytes.len() - 1].to_vec())),
    )
    .await
    .unwrap();
    let mut bytes = server.object_bytes("verify", at(altered).as_ref()).await;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    let altered_sha = sha256_hex(&bytes);
    raw.put(&at(altered), PutPayload::from(Bytes::from(bytes)))
        .await
        .unwrap();

    let found = zoom_archiver::verify(&*store, 4).await.unwrap();
    let mut problems = found.problems.clone();
    problems.sort_by_key(|p| format!("{p:?}"));
    let mut expected = vec![
        Problem::Missing {
            path: missing.path.clone(),
        },
        Problem::Size {
            path: short.path.clone(),
            expected: short.size,
            found: short.size - 1,
        },
        Problem::Hash {
            path: altered.path.clone(),
            expected: altered.sha256.clone(),
            found: altered_sha,
        },
    ];
    expected.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(problems, expected);
    assert_eq!((found.checked, found.intact), (entries.len(), entries.len() - 3));
    assert_eq!(found.exit_code(), 2);
}

/// With object_store's retries off, a part cut mid-request fails the file: it is named, its
/// multipart upload is aborted, nothing is at its path, and the next run archives it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_that_fails_without_retries_is_named_cleaned_up_and_fetched_next_time() {
    let zoom = start_zoom(multipart_sized(Config::default().meetings(2))).await;
    let files = archivable_files(&zoom);
    let videos: Vec<_> = files.iter().filter(|f| f.file_type == "MP4").collect();
    assert_eq!(videos.len(), 1, "one video: {videos:?}");
    let video = videos[0];
    let mut scope = whole_history(&zoom);
    scope.filters.file_types = Some(vec!["MP4".into()]);
    scope.include = Include::NONE;

    let server = S3Server::start();
    server.create_bucket("no-retry").await;
    let proxy = CutProxy::start(server.addr()).await;
    let builder = builder_for(&proxy.endpoint(), "no-retry").with_retry(fast_retries(0));
    let store = destination(one_connection_per_request(builder), PREFIX);
    proxy.cut_after_upload_bytes(PART / 2);
    let events = Events::default();

    let first = archive(&zoom, &store, scope.clone(), &events).await;
    assert_eq!(proxy.cuts(), 1);
    assert_eq!(first.failures.len(), 1, "{:?}", first.failures);
    let failure = &first.failures[0];
    assert!(failure.item.ends_with(".mp4"), "{failure}");
    assert!(
        failure.reason.contains(&failure.item),
        "the reason names the object: {failure}"
    );
    assert_eq!((first.totals().archived, first.totals().failed), (0, 1));
    assert_eq!(first.exit_code(), 2);
    assert_eq!(server.incomplete_uploads("no-retry").await, Vec::<String>::new());
    let objects = under_prefix(&server.objects("no-retry").await, PREFIX);
    assert!(
        !objects.contains_key(&failure.item),
        "nothing at {}",
        failure.item
    );
    assert!(Manifest::load(&*store).await.unwrap().entries().is_empty());

    assert!(!proxy.is_armed());
    events.clear();
    let second = archive(&zoom, &store, scope, &events).await;
    assert_eq!(second.failures, vec![]);
    let archived = events.archived();
    assert_eq!(archived.len(), 1);
    assert_eq!(
        (archived[0].path.as_str(), archived[0].file_key.as_str()),
        (failure.item.as_str(), video.id.as_str())
    );
    let expected = zoom.expected_file(&video.id).unwrap();
    let bytes = server
        .object_bytes("no-retry", &format!("{PREFIX}/{}", failure.item))
        .await;
    assert_eq!(
        (bytes.len() as u64, sha256_hex(&bytes)),
        (expected.size, expected.sha256_hex)
    );
    assert_eq!(proxy.cuts(), 1);
}
