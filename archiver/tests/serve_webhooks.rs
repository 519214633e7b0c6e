//! `zoom-archive serve` in this process, fed by the fake Zoom's signed
//! deliveries over loopback: bad deliveries get 401 and queue nothing; good
//! ones (duplicated, out of order) archive every file once, byte for byte,
//! into the same layout and manifest as `zoom-archive archive`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use common::files::{archived_files, assert_on_disk, entries, sha256_of};
use common::serve::{
    SECRET, assert_each_file_once, deliverable, get, quick_options, ready_files, sample, settled, start,
};
use common::zoom::{small, start as start_zoom};
use fake_zoom::SummaryEvent;

const LIMIT: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_deliveries_get_401_and_queue_nothing() {
    let zoom = start_zoom(small(41, 6)).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    let service = start(&zoom, &dest, &state, quick_options("bad")).await;
    let url = service.webhook_url();
    let meeting = deliverable(&zoom).remove(0);
    let body = zoom.recording_completed_body(&meeting.uuid).unwrap();

    let other_secret = zoom
        .deliver_raw(&url, "another-secret", body.clone())
        .await
        .unwrap();
    let stale = zoom
        .deliver_raw_at(&url, SECRET, body.clone(), chrono::Utc::now().timestamp() - 3600)
        .await
        .unwrap();
    let mut tampered = body.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x01;
    let signature = zoom_cloud_recording::webhook::sign(SECRET, chrono::Utc::now().timestamp(), &body);
    let now = chrono::Utc::now().timestamp().to_string();
    let tampered = zoom
        .deliver_with_headers(&url, tampered, Some(&signature), Some(&now))
        .await
        .unwrap();
    let unsigned = zoom
        .deliver_with_headers(&url, body.clone(), None, None)
        .await
        .unwrap();
    assert_eq!([other_secret, stale, tampered, unsigned], [401; 4]);

    let validation = zoom
        .validate_endpoint(&url, SECRET, "challenge-123")
        .await
        .unwrap();
    assert!(validation.valid, "{validation:?}");

    let stats = service.queue.stats().await.unwrap();
    assert_eq!(
        stats,
        Default::default(),
        "nothing is queued by refused deliveries"
    );
    let (status, metrics) = get(&service, "/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(
        sample(&metrics, "zoom_archive_deliveries_total{result=\"rejected\"}"),
        Some(4)
    );
    assert_eq!(
        sample(
            &metrics,
            "zoom_archive_deliveries_total{result=\"url_validation\"}"
        ),
        Some(1)
    );
    assert_eq!(
        sample(&metrics, "zoom_archive_deliveries_total{result=\"accepted\"}"),
        Some(0)
    );
    assert_eq!(get(&service, "/healthz").await, (200, "ok\n".to_owned()));
    service.stop().await;
    assert!(archived_files(&dest).is_empty(), "{:?}", archived_files(&dest));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicated_out_of_order_deliveries_archive_each_file_once() {
    let zoom = start_zoom(small(42, 14)).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    let service = start(&zoom, &dest, &state, quick_options("dups")).await;
    let url = service.webhook_url();
    let meetings = deliverable(&zoom);
    assert!(
        meetings.len() >= 8,
        "the seed has enough meetings: {}",
        meetings.len()
    );

    // Every delivery twice, the second round in reverse order, a summary
    // event for each meeting that has one.
    let mut order: Vec<&str> = meetings.iter().map(|m| m.uuid.as_str()).collect();
    for uuid in &order {
        assert_eq!(
            zoom.deliver_recording_completed(&url, SECRET, uuid)
                .await
                .unwrap(),
            200
        );
    }
    order.reverse();
    for uuid in &order {
        assert_eq!(
            zoom.deliver_recording_completed(&url, SECRET, uuid)
                .await
                .unwrap(),
            200
        );
    }
    let mut summaries = BTreeSet::new();
    for meeting in &meetings {
        if let Some(body) = zoom.summary_event_body(SummaryEvent::Completed, &meeting.uuid)
            && zoom.summary(&meeting.uuid).is_some_and(|s| !s.trashed)
        {
            summaries.insert(meeting.uuid.clone());
            assert_eq!(zoom.deliver_raw(&url, SECRET, body).await.unwrap(), 200);
        }
    }
    let stats = settled(&*service.queue, LIMIT).await;
    assert_eq!(stats.failed, 0, "{:#?}", service.queue.jobs().await);

    // What the fake says the deliveries named: every live, ready file, once.
    let archived = assert_each_file_once(&zoom, &meetings, &dest).await;
    let expected = ready_files(&meetings);
    let by_kind = |kind: &str| archived.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        by_kind("metadata"),
        meetings.len(),
        "one meeting.json per meeting"
    );
    assert_eq!(by_kind("summary"), summaries.len());
    assert_eq!(
        stats.done as usize,
        expected.len() + meetings.len() + summaries.len(),
        "one job per file, meeting.json and summary"
    );
    // The fake served exactly each file's size: no second download.
    for file in &expected {
        assert_eq!(
            zoom.bytes_served(&file.id),
            file.size.unwrap(),
            "file {} downloaded once",
            file.id
        );
    }
    for meeting in &meetings {
        let metadata = archived
            .iter()
            .find(|e| e.meeting_uuid == meeting.uuid && e.kind == "metadata")
            .unwrap();
        let text = std::fs::read_to_string(dest.join(&metadata.path)).unwrap();
        assert!(text.contains(&meeting.topic) || meeting.topic.is_empty());
        assert!(!text.contains("\"password\""), "no passcode in {}", metadata.path);
        assert!(
            metadata
                .path
                .starts_with(&zoom_archiver::naming::user_folder(&meeting.host_email))
        );
    }

    let (_, metrics) = get(&service, "/metrics").await;
    assert_eq!(
        sample(&metrics, "zoom_archive_deliveries_total{result=\"duplicate\"}"),
        Some(meetings.len() as u64),
        "the second round adds nothing\n{metrics}"
    );
    assert_eq!(
        sample(&metrics, "zoom_archive_queue_jobs{state=\"done\"}"),
        Some(stats.done)
    );
    let bytes: u64 = archived.iter().map(|e| e.size).sum();
    assert_eq!(sample(&metrics, "zoom_archive_bytes_archived_total"), Some(bytes));
    service.stop().await;

    // A restart over the same state: redeliveries add nothing, nothing is fetched again.
    let served = zoom.bytes_served_total();
    let service = start(&zoom, &dest, &state, quick_options("dups-2")).await;
    for uuid in &order {
        assert_eq!(
            zoom.deliver_recording_completed(&service.webhook_url(), SECRET, uuid)
                .await
                .unwrap(),
            200
        );
    }
    let again = settled(&*service.queue, LIMIT).await;
    assert_eq!(again, stats);
    assert_eq!(zoom.bytes_served_total(), served);
    service.stop().await;
    let first = sha256_of(&dest.join(&archived[0].path));
    assert_eq!(first, archived[0].sha256);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_batch_archivers_files_are_recorded_not_fetched_again() {
    let zoom = start_zoom(small(43, 8)).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    common::retention::archive_all(&zoom, &dest).await;
    let before = entries(&dest).await;
    let served = zoom.bytes_served_total();

    let service = start(&zoom, &dest, &state, quick_options("after-batch")).await;
    for meeting in deliverable(&zoom) {
        let status = zoom
            .deliver_recording_completed(&service.webhook_url(), SECRET, &meeting.uuid)
            .await
            .unwrap();
        assert_eq!(status, 200);
    }
    let stats = settled(&*service.queue, LIMIT).await;
    assert_eq!(stats.failed, 0, "{:#?}", service.queue.jobs().await);
    let (_, metrics) = get(&service, "/metrics").await;
    service.stop().await;
    assert_eq!(zoom.bytes_served_total(), served, "no file was downloaded again");
    let already = sample(&metrics, "zoom_archive_jobs_already_archived_total").unwrap();
    assert_eq!(
        already, stats.done,
        "every job found its file archived\n{metrics}"
    );
    let after = entries(&dest).await;
    let paths = |v: &[zoom_archiver::ManifestEntry]| {
        v.iter()
            .map(|e| (e.file_key.clone(), e.path.clone()))
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(paths(&after), paths(&before), "same keys, same paths");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn then_trash_frees_a_meeting_only_once_all_of_it_is_archived() {
    use common::retention::{audit, trashed_files, trashed_meetings};
    use fake_zoom::{Fault, Matcher, Rule};

    let zoom = start_zoom(small(44, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    let meetings = deliverable(&zoom);
    // One meeting has a file Zoom never lets download: none of it may go.
    let doomed = meetings
        .iter()
        .flat_map(|m| m.files.iter())
        .find(|f| f.id_in_listing && !f.processing && !f.trashed && !f.participant_audio && !f.archive)
        .unwrap()
        .clone();
    zoom.faults().add(Rule::always(
        Matcher::PathPrefix(format!("/rec/download/{}", doomed.id)),
        Fault::ServerError(503),
    ));
    let trashed_before = trashed_files(&zoom);
    let mut options = quick_options("retain");
    options.max_attempts = 3;
    options.then = Some(zoom_archiver::retention::Options::default());
    let service = start(&zoom, &dest, &state, options).await;
    for meeting in &meetings {
        let status = zoom
            .deliver_recording_completed(&service.webhook_url(), SECRET, &meeting.uuid)
            .await
            .unwrap();
        assert_eq!(status, 200);
    }
    let stats = settled(&*service.queue, LIMIT).await;
    let jobs = service.queue.jobs().await.unwrap();
    service.stop().await;
    let failed: BTreeSet<&str> = jobs
        .iter()
        .filter(|j| j.state == "failed")
        .map(|j| j.key.as_str())
        .collect();
    let retain_of_doomed = format!("{}:retain", doomed.meeting_uuid);
    assert_eq!(
        failed,
        BTreeSet::from([doomed.id.as_str(), retain_of_doomed.as_str()]),
        "the file that never downloads, and its meeting's retention (which waited, then gave up)"
    );
    assert_eq!(stats.failed, 2);
    let reason = jobs
        .iter()
        .find(|j| j.key == retain_of_doomed)
        .unwrap()
        .last_error
        .clone()
        .unwrap();
    assert!(
        reason.contains("not archived yet; nothing is removed"),
        "{reason}"
    );

    // Nothing of the doomed meeting is touched; what is trashed was archived and verified first.
    let trashed = trashed_files(&zoom);
    let archived = entries(&dest).await;
    assert!(!trashed_meetings(&zoom).contains(&doomed.meeting_uuid));
    let doomed_meeting = meetings.iter().find(|m| m.uuid == doomed.meeting_uuid).unwrap();
    for file in &doomed_meeting.files {
        assert!(
            !trashed.contains(&file.id) || file.trashed,
            "{} of the doomed meeting was trashed",
            file.id
        );
    }
    let newly: Vec<&String> = trashed
        .iter()
        .filter(|id| !trashed_before.contains(*id))
        .collect();
    assert!(!newly.is_empty(), "the other meetings were freed");
    // By file id, or (for files Zoom lists without one) by the meeting's own key for it.
    let all_files = zoom.files();
    for id in &newly {
        let file = all_files.iter().find(|f| &f.id == *id).unwrap();
        let archived_as = |e: &&zoom_archiver::ManifestEntry| {
            e.file_key == file.id
                || (!file.id_in_listing
                    && e.meeting_uuid == file.meeting_uuid
                    && zoom
                        .expected_file(&file.id)
                        .is_some_and(|x| x.sha256_hex == e.sha256))
        };
        assert!(
            archived.iter().any(|e| archived_as(&e)),
            "trashed but not archived: {file:?}"
        );
    }
    // Each removal has its record, with the verified copy.
    let log = audit(&dest).await;
    assert!(!log.is_empty());
    for record in &log {
        for copy in &record.copies {
            let entry = archived.iter().find(|e| e.path == copy.path).unwrap();
            assert_eq!((entry.size, &entry.sha256), (copy.size, &copy.sha256));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_download_token_falls_back_to_the_accounts_token() {
    let zoom = start_zoom(small(45, 5)).await;
    let dir = tempfile::tempdir().unwrap();
    let (dest, state) = (dir.path().join("archive"), dir.path().join("state"));
    let meetings = deliverable(&zoom);
    // The events' tokens are minted now, and expire before any download.
    let bodies: Vec<Vec<u8>> = meetings
        .iter()
        .map(|m| zoom.recording_completed_body(&m.uuid).unwrap())
        .collect();
    zoom.expire_all_tokens();
    let service = start(&zoom, &dest, &state, quick_options("fallback")).await;
    for body in bodies {
        assert_eq!(
            zoom.deliver_raw(&service.webhook_url(), SECRET, body)
                .await
                .unwrap(),
            200
        );
    }
    let stats = settled(&*service.queue, LIMIT).await;
    assert_eq!(stats.failed, 0, "{:#?}", service.queue.jobs().await);
    let (_, metrics) = get(&service, "/metrics").await;
    service.stop().await;
    let downloads = ready_files(&meetings).len();
    assert!(downloads > 0);
    assert_eq!(
        sample(&metrics, "zoom_archive_download_token_fallbacks_total"),
        Some(downloads as u64),
        "every download went through the account's token\n{metrics}"
    );
    let archived = entries(&dest).await;
    assert_eq!(archived.len(), downloads + meetings.len());
    assert_on_disk(&dest, &archived);
}
