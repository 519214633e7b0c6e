//! The archive library into a local folder, over real HTTP to the fake Zoom on
//! 127.0.0.1: a whole account byte for byte (deactivated user, metadata
//! without credentials, summaries, participant audio, transcript states), a
//! second run that fetches nothing, a file that appears later, filters, a
//! failed listing, a plan that writes nothing, `verify`, a damaged manifest,
//! an HTML page instead of a file, and names that stay inside the folder.

mod common;

use std::collections::BTreeSet;

use common::expect::{self, count, merge};
use common::files::{self, archived_files, assert_on_disk, entries, sha256_of, snapshot};
use common::zoom::{self, archive, days, plan, scope, small};
use fake_zoom::{Fault, Matcher, Operation, Rule, TranscriptState, UserStatus};
use zoom_archiver::listing::month_windows;
use zoom_archiver::{Filters, Include, ManifestEntry, Problem, Users};
use zoom_cloud_recording::{MeetingRef, Operation as _};

/// The extras' kinds in the manifest (everything else is a Zoom file type or
/// participant audio, whose bytes the fake knows).
const EXTRA_KINDS: [&str; 2] = ["metadata", "summary"];

/// The SHA-256 multiset of the entries whose bytes come from Zoom as they are.
fn zoom_bytes(entries: &[ManifestEntry]) -> std::collections::BTreeMap<String, usize> {
    count(
        entries
            .iter()
            .filter(|e| !EXTRA_KINDS.contains(&e.kind.as_str()))
            .map(|e| e.sha256.clone()),
    )
}

fn meetings_of(entries: &[ManifestEntry], kind: &str) -> BTreeSet<String> {
    entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.meeting_uuid.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_account_is_archived_byte_for_byte_and_a_second_run_fetches_nothing() {
    let zoom = zoom::start(small(8, 16)).await;
    let dir = tempfile::tempdir().unwrap();
    let listed = expect::listed_meetings(&zoom);
    let deactivated = zoom
        .users()
        .into_iter()
        .find(|u| u.status == UserStatus::Inactive)
        .expect("the fake has a deactivated user");
    assert!(
        listed.iter().any(|m| m.host_email == deactivated.email),
        "the seed gives the deactivated user recordings"
    );

    let report = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.exit_code(), 0);
    assert!(!report.dry_run);
    let entries = entries(dir.path()).await;
    assert_eq!(report.totals().archived, entries.len());
    assert_on_disk(dir.path(), &entries);
    assert!(
        files::files_under(dir.path())
            .iter()
            .all(|p| !p.ends_with(".part")),
        "nothing half-written is left"
    );

    // Every recording file, participant audio track and ready transcript, byte for byte.
    let downloadable = expect::downloadable(&listed);
    let expected = merge(
        expect::hashes_of_files(&zoom, &downloadable),
        expect::transcript_hashes(&zoom, &listed),
    );
    assert!(
        expected.values().sum::<usize>() >= 20,
        "a meaningful archive: {expected:?}"
    );
    assert_eq!(zoom_bytes(&entries), expected);
    let participant_audio: BTreeSet<_> = downloadable
        .iter()
        .filter(|f| f.participant_audio)
        .map(|f| f.id.clone())
        .collect();
    assert!(!participant_audio.is_empty(), "the seed has participant audio");
    let archived_audio: BTreeSet<_> = entries
        .iter()
        .filter(|e| e.kind == "participant_audio")
        .inspect(|e| assert!(e.path.contains("/participant_audio/"), "{}", e.path))
        .map(|e| e.file_key.clone())
        .collect();
    assert_eq!(archived_audio, participant_audio);

    // Each user's meetings are under their e-mail, the deactivated user's too.
    let inactive: Vec<_> = report.users.iter().filter(|u| u.inactive).collect();
    assert_eq!(inactive.len(), 1, "{:?}", report.users);
    assert_eq!(inactive[0].user, deactivated.email);
    for email in expect::account_emails(&zoom) {
        let theirs: BTreeSet<_> = listed
            .iter()
            .filter(|m| m.host_email == email)
            .map(|m| m.uuid.clone())
            .collect();
        let archived: BTreeSet<_> = entries
            .iter()
            .filter(|e| e.user == email)
            .inspect(|e| assert!(e.path.starts_with(&format!("{email}/")), "{}", e.path))
            .map(|e| e.meeting_uuid.clone())
            .collect();
        assert_eq!(archived, theirs, "{email}");
    }

    // meeting.json for every meeting, without any credential Zoom answered with.
    let listed_uuids: BTreeSet<_> = listed.iter().map(|m| m.uuid.clone()).collect();
    assert_eq!(meetings_of(&entries, "metadata"), listed_uuids);
    let client = zoom::client(&zoom);
    for entry in entries.iter().filter(|e| e.kind == "metadata") {
        assert!(entry.path.ends_with("/meeting.json"), "{}", entry.path);
        let text = std::fs::read_to_string(dir.path().join(&entry.path)).unwrap();
        let answer = client
            .recording_get()
            .meeting_id(MeetingRef::uuid(entry.meeting_uuid.clone()))
            .call()
            .await
            .unwrap();
        let secrets = [&answer.password, &answer.recording_play_passcode];
        let secrets: Vec<&str> = secrets.into_iter().flatten().map(|s| s.expose()).collect();
        assert!(!secrets.is_empty(), "Zoom answers with the passcodes");
        for secret in secrets {
            assert!(!text.contains(secret), "{}: a passcode is kept", entry.path);
        }
        for key in [
            "\"password\"",
            "passcode",
            "download_access_token",
            "access_token=",
        ] {
            assert!(!text.contains(key), "{}: {key} is kept", entry.path);
        }
        let kept: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(kept["uuid"], entry.meeting_uuid.as_str(), "the rest is kept");
    }

    // meeting_summary.json where Zoom has a summary; the others counted as without one.
    let summarised = expect::with_summary(&zoom, &listed);
    assert!(
        !summarised.is_empty() && summarised.len() < listed.len(),
        "the seed has both"
    );
    assert_eq!(meetings_of(&entries, "summary"), summarised);
    for entry in entries.iter().filter(|e| e.kind == "summary") {
        // Never `summary.json`: that is the SUMMARY recording file's name.
        let name = entry.path.rsplit('/').next().unwrap();
        assert_eq!(name, zoom_archiver::extras::SUMMARY_FILE, "{}", entry.path);
        let kept: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(&entry.path)).unwrap()).unwrap();
        let title = zoom.summary(&entry.meeting_uuid).unwrap().title;
        assert_eq!(kept["summary_title"], title.as_str(), "{}", entry.path);
    }
    assert_eq!(report.summaries_absent, listed.len() - summarised.len());

    // Transcripts Zoom has not got ready are reported, not failed, and not written.
    let not_ready = expect::transcripts_in(&zoom, &listed, TranscriptState::NotReady);
    let restricted: usize = [
        TranscriptState::DeletedOrTrashed,
        TranscriptState::NoTranscriptData,
        TranscriptState::Unsupported,
    ]
    .into_iter()
    .map(|state| expect::transcripts_in(&zoom, &listed, state))
    .sum();
    let ready = expect::transcripts_in(&zoom, &listed, TranscriptState::Ready);
    let absent = listed
        .iter()
        .filter(|m| zoom.transcript(&m.uuid).is_none())
        .count();
    assert!(
        not_ready > 0 && ready > 0 && absent > 0,
        "the seed has every case"
    );
    assert_eq!(report.transcripts_absent, absent);
    assert_eq!(
        report.unavailable.len(),
        not_ready + restricted,
        "{:?}",
        report.unavailable
    );
    let said_not_ready = report
        .unavailable
        .iter()
        .filter(|u| u.reason.contains("not ready"))
        .count();
    assert_eq!(said_not_ready, not_ready, "{:?}", report.unavailable);
    for item in &report.unavailable {
        assert!(item.path.ends_with("/transcript.vtt"), "{}", item.path);
        assert!(!dir.path().join(&item.path).exists(), "{} written", item.path);
    }
    assert_eq!(meetings_of(&entries, "transcript").len(), ready);

    // A second run transfers nothing and counts everything as present; it
    // asks again only for the transcripts it has not got.
    let served = zoom.bytes_served_total();
    let asked = zoom.requests(Operation::GetMeetingTranscript);
    let again = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    let totals = again.totals();
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    assert_eq!((totals.archived, totals.to_fetch), (0, 0));
    assert_eq!(totals.already_archived, entries.len());
    assert_eq!(zoom.bytes_served_total(), served, "no byte transferred again");
    assert_eq!(
        zoom.requests(Operation::GetMeetingTranscript) - asked,
        (listed.len() - ready) as u64
    );
}

#[tokio::test]
async fn a_file_that_appears_later_is_fetched_by_the_next_run_and_nothing_else() {
    let zoom = zoom::start(small(7, 16)).await;
    let dir = tempfile::tempdir().unwrap();
    let listed = expect::listed_meetings(&zoom);
    let (meeting, file) = listed
        .iter()
        .find_map(|m| {
            let trashed = m.files.iter().find(|f| f.trashed && !f.participant_audio)?;
            Some((m.uuid.clone(), trashed.clone()))
        })
        .expect("the seed has a listed meeting with one file in the trash");
    let first = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let before = entries(dir.path()).await;
    assert!(
        before.iter().all(|e| e.file_key != file.id),
        "a file in the trash is not listed"
    );

    // The file comes back (recovered from the trash): the next run fetches it alone.
    zoom::client(&zoom)
        .recording_status_update_one()
        .meeting_id(MeetingRef::uuid(meeting.clone()))
        .recording_id(file.id.clone())
        .send()
        .await
        .expect("the file is recovered");
    let served = zoom.bytes_served_total();
    let second = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    let totals = second.totals();
    assert_eq!((totals.archived, totals.already_archived), (1, before.len()));
    let after = entries(dir.path()).await;
    let new: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    let expected = zoom.expected_file(&file.id).unwrap();
    assert_eq!(
        (new[0].file_key.as_str(), new[0].meeting_uuid.as_str()),
        (file.id.as_str(), meeting.as_str())
    );
    assert_eq!(
        (new[0].size, new[0].sha256.as_str()),
        (expected.size, expected.sha256_hex.as_str())
    );
    assert_eq!(sha256_of(&dir.path().join(&new[0].path)), expected.sha256_hex);
    assert_eq!(
        zoom.bytes_served_total() - served,
        expected.size,
        "only its bytes moved"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_select_exactly_what_they_name() {
    let zoom = zoom::start(small(5, 10)).await;
    let listed = expect::listed_meetings(&zoom);
    let downloadable = expect::downloadable(&listed);
    let recording_files = || downloadable.iter().filter(|f| !f.participant_audio);
    let with_filters = |file_types: Option<&[&str]>, recording_types: Option<&[&str]>, include| {
        let mut scope = scope(&zoom, Users::All);
        let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        scope.filters = Filters {
            file_types: file_types.map(owned),
            recording_types: recording_types.map(owned),
        };
        scope.include = include;
        scope
    };
    // The extras by name (a SUMMARY recording file is `summary.json` too, so
    // the summary is told by its manifest kind).
    let extras_written = |root: &std::path::Path, got: &[ManifestEntry]| {
        let mut extras: Vec<String> = archived_files(root)
            .into_iter()
            .filter(|p| {
                p.ends_with("/transcript.vtt")
                    || p.ends_with("/meeting.json")
                    || p.contains("/participant_audio/")
            })
            .collect();
        let kinds = ["transcript", "summary", "metadata", "participant_audio"];
        extras.extend(
            got.iter()
                .filter(|e| kinds.contains(&e.kind.as_str()))
                .map(|e| e.path.clone()),
        );
        extras
    };

    // Only M4A recording files, no extras.
    let dir = tempfile::tempdir().unwrap();
    let report = archive(
        &zoom,
        dir.path(),
        with_filters(Some(&["M4A"]), None, Include::NONE),
    )
    .await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let m4a: Vec<_> = recording_files().filter(|f| f.file_type == "M4A").collect();
    assert!(!m4a.is_empty());
    let got = entries(dir.path()).await;
    assert!(got.iter().all(|e| e.kind == "M4A"), "{got:?}");
    assert_eq!(
        zoom_bytes(&got),
        expect::hashes_of_files(&zoom, m4a.iter().copied())
    );
    assert_eq!(extras_written(dir.path(), &got), Vec::<String>::new());
    assert_eq!(archived_files(dir.path()).len(), got.len());

    // M4A (any case) with every extra: participant audio is M4A too.
    let dir = tempfile::tempdir().unwrap();
    let report = archive(
        &zoom,
        dir.path(),
        with_filters(Some(&["m4a"]), None, Include::ALL),
    )
    .await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let audio = downloadable.iter().filter(|f| f.file_type == "M4A");
    let expected = merge(
        expect::hashes_of_files(&zoom, audio),
        expect::transcript_hashes(&zoom, &listed),
    );
    let got = entries(dir.path()).await;
    assert_eq!(zoom_bytes(&got), expected);
    assert!(got.iter().any(|e| e.kind == "participant_audio"));
    assert_eq!(meetings_of(&got, "summary"), expect::with_summary(&zoom, &listed));

    // One recording type.
    let dir = tempfile::tempdir().unwrap();
    let scope = with_filters(None, Some(&["audio_only"]), Include::NONE);
    let report = archive(&zoom, dir.path(), scope).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let audio_only: Vec<_> = recording_files()
        .filter(|f| f.recording_type.as_deref() == Some("audio_only"))
        .collect();
    assert!(!audio_only.is_empty());
    let got = entries(dir.path()).await;
    assert_eq!(
        zoom_bytes(&got),
        expect::hashes_of_files(&zoom, audio_only.iter().copied())
    );
    assert!(got.iter().all(|e| e.path.contains("/audio_only")), "{got:?}");

    // No extras: every listed recording file and nothing else.
    let dir = tempfile::tempdir().unwrap();
    let report = archive(&zoom, dir.path(), with_filters(None, None, Include::NONE)).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let got = entries(dir.path()).await;
    assert_eq!(
        zoom_bytes(&got),
        expect::hashes_of_files(&zoom, recording_files())
    );
    assert_eq!(extras_written(dir.path(), &got), Vec::<String>::new());
    assert_eq!((report.transcripts_absent, report.summaries_absent), (0, 0));
    assert!(report.unavailable.is_empty());
}

#[tokio::test]
async fn a_failed_listing_names_the_user_and_each_window_and_the_others_are_archived() {
    let zoom = zoom::start(small(7, 16)).await;
    let dir = tempfile::tempdir().unwrap();
    let users = zoom.users();
    let broken = &users[1];
    assert!(broken.meetings > 0, "the broken user has recordings");
    let rule = zoom.faults().add(Rule::always(
        Matcher::PathPrefix(format!("/v2/users/{}/recordings", broken.id)),
        Fault::ServerError(500),
    ));

    let report = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert_eq!(report.exit_code(), 2);
    assert!(zoom.faults().fired(rule) > 0);
    let (from, to) = days(&zoom);
    let windows: Vec<String> = month_windows(from, to)
        .iter()
        .map(|w| format!("listing {w}"))
        .collect();
    assert!(windows.len() > 1);
    let failed: Vec<String> = report.failures.iter().map(|f| f.item.clone()).collect();
    assert_eq!(failed.len(), windows.len(), "{:?}", report.failures);
    for failure in &report.failures {
        assert_eq!(failure.user, broken.email);
        assert!(windows.contains(&failure.item), "{failure}");
        assert!(failure.reason.contains("500"), "{failure}");
    }
    let theirs = report.users.iter().find(|u| u.user == broken.email).unwrap();
    assert!(!theirs.listing_complete);
    assert_eq!((theirs.counts.meetings, theirs.counts.failed), (0, windows.len()));

    // Everyone else is archived in full.
    let others: Vec<String> = expect::account_emails(&zoom)
        .into_iter()
        .filter(|e| *e != broken.email)
        .collect();
    let got = entries(dir.path()).await;
    assert!(got.iter().all(|e| e.user != broken.email));
    let expected: BTreeSet<_> = expect::listed_meetings_of(&zoom, &others)
        .into_iter()
        .map(|m| m.uuid)
        .collect();
    assert_eq!(meetings_of(&got, "metadata"), expected);
    assert!(
        report
            .users
            .iter()
            .filter(|u| u.user != broken.email)
            .all(|u| u.listing_complete)
    );

    // Once Zoom answers again, the next run archives what was missed.
    zoom.faults().remove(rule);
    let again = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert_eq!(again.exit_code(), 0, "{:?}", again.failures);
    let got = entries(dir.path()).await;
    let everyone: BTreeSet<_> = expect::listed_meetings(&zoom)
        .into_iter()
        .map(|m| m.uuid)
        .collect();
    assert_eq!(meetings_of(&got, "metadata"), everyone);
}

#[tokio::test]
async fn a_plan_writes_nothing_and_counts_what_archive_then_fetches() {
    let zoom = zoom::start(small(9, 12)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut videos = scope(&zoom, Users::All);
    videos.filters.file_types = Some(vec!["MP4".into()]);
    videos.include = Include::NONE;
    let first = archive(&zoom, dir.path(), videos).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let present = first.totals().archived;
    assert!(present > 0);

    let before = snapshot(dir.path());
    let served = zoom.bytes_served_total();
    let planned = plan(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert_eq!(snapshot(dir.path()), before, "the plan wrote nothing");
    assert_eq!(zoom.bytes_served_total(), served, "the plan downloaded nothing");
    assert!(
        planned.dry_run && planned.failures.is_empty(),
        "{:?}",
        planned.failures
    );
    let totals = planned.totals();
    assert_eq!((totals.archived, totals.already_archived), (0, present));
    assert!(totals.to_fetch > 0 && totals.bytes_to_fetch > 0);

    let done = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(done.failures.is_empty(), "{:?}", done.failures);
    for (planned, done) in planned.users.iter().zip(&done.users) {
        assert_eq!(planned.user, done.user);
        assert_eq!(done.counts.archived, planned.counts.to_fetch, "{}", done.user);
        assert_eq!(done.counts.already_archived, planned.counts.already_archived);
    }
    assert_eq!(entries(dir.path()).await.len(), present + totals.to_fetch);
}

#[tokio::test]
async fn verify_names_a_deleted_a_truncated_and_an_altered_file() {
    let zoom = zoom::start(small(4, 8)).await;
    let dir = tempfile::tempdir().unwrap();
    let report = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let store = zoom::folder(dir.path());
    let clean = zoom_archiver::verify(&*store, 3).await.unwrap();
    let all = entries(dir.path()).await;
    assert_eq!((clean.checked, clean.intact), (all.len(), all.len()));
    assert!(
        clean.problems.is_empty() && clean.exit_code() == 0,
        "{:?}",
        clean.problems
    );
    assert!(clean.bytes > 0);

    let mut large = all.iter().filter(|e| e.size >= 2);
    let (deleted, truncated, altered) = (
        large.next().unwrap(),
        large.next().unwrap(),
        large.next().unwrap(),
    );
    std::fs::remove_file(dir.path().join(&deleted.path)).unwrap();
    let cut = truncated.size / 2;
    std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join(&truncated.path))
        .unwrap()
        .set_len(cut)
        .unwrap();
    let mut bytes = std::fs::read(dir.path().join(&altered.path)).unwrap();
    bytes[0] ^= 0xff;
    std::fs::write(dir.path().join(&altered.path), &bytes).unwrap();

    let found = zoom_archiver::verify(&*store, 3).await.unwrap();
    assert_eq!(found.exit_code(), 2);
    assert_eq!((found.checked, found.intact), (all.len(), all.len() - 3));
    let mut problems = found.problems.clone();
    problems.sort_by_key(|p| p.to_string());
    let mut expected = vec![
        Problem::Missing {
            path: deleted.path.clone(),
        },
        Problem::Size {
            path: truncated.path.clone(),
            expected: truncated.size,
            found: cut,
        },
        Problem::Hash {
            path: altered.path.clone(),
            expected: altered.sha256.clone(),
            found: files::sha256_hex(&bytes),
        },
    ];
    expected.sort_by_key(|p| p.to_string());
    assert_eq!(problems, expected);
}

/// Appends garbage to line `line` (1-based) of the file at `path`.
fn damage_line(path: &std::path::Path, line: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let original = lines[line - 1].clone();
    lines[line - 1].push_str("#garbage");
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
    original
}

#[tokio::test]
async fn a_damaged_manifest_piece_or_line_is_reported_and_its_file_fetched_again() {
    let zoom = zoom::start(small(4, 8)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut recordings = scope(&zoom, Users::All);
    recordings.include = Include::NONE;
    let first = archive(&zoom, dir.path(), recordings.clone()).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let archived = first.totals().archived;

    // A run folds its pieces into manifest.jsonl when it ends; a run killed
    // before that leaves its entries only in `manifest.d/` pieces. Make that
    // state (one entry moved from the folded manifest into a piece), then
    // damage the piece.
    let folded = dir.path().join(zoom_archiver::MANIFEST_FILE);
    assert!(
        files::files_under(dir.path())
            .iter()
            .all(|p| !p.starts_with("manifest.d/")),
        "a finished run leaves no pieces"
    );
    let text = std::fs::read_to_string(&folded).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), archived);
    let moved = lines.remove(0).to_owned();
    std::fs::write(&folded, lines.join("\n") + "\n").unwrap();
    let piece = format!(
        "{}/20260101T000000.000Z-00000000-000000.json",
        zoom_archiver::manifest::PIECES_DIR
    );
    std::fs::create_dir_all(dir.path().join(zoom_archiver::manifest::PIECES_DIR)).unwrap();
    std::fs::write(dir.path().join(&piece), format!("{moved}\n")).unwrap();
    let pieces = [piece];
    let original = damage_line(&dir.path().join(&pieces[0]), 1);
    let lost: ManifestEntry = serde_json::from_str(&original).unwrap();
    let second = archive(&zoom, dir.path(), recordings.clone()).await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    assert_eq!(second.manifest_damaged.len(), 1, "{:?}", second.manifest_damaged);
    assert!(
        second.manifest_damaged[0].starts_with(&format!("{}: ", pieces[0])),
        "{:?}",
        second.manifest_damaged
    );
    assert_eq!(second.totals().archived, 1, "only the file whose entry was lost");
    let now = entries(dir.path()).await;
    assert_eq!(now.len(), archived);
    let again = now.iter().find(|e| e.file_key == lost.file_key).unwrap();
    assert_eq!((&again.path, &again.sha256), (&lost.path, &lost.sha256));

    // A line of the folded manifest.
    let original = damage_line(&folded, 2);
    let lost: ManifestEntry = serde_json::from_str(&original).unwrap();
    let third = archive(&zoom, dir.path(), recordings).await;
    assert!(third.failures.is_empty(), "{:?}", third.failures);
    assert_eq!(third.manifest_damaged.len(), 1, "{:?}", third.manifest_damaged);
    assert!(
        third.manifest_damaged[0].starts_with("manifest.jsonl:2: "),
        "{:?}",
        third.manifest_damaged
    );
    assert_eq!(third.totals().archived, 1);
    let now = entries(dir.path()).await;
    assert!(
        now.iter()
            .any(|e| e.file_key == lost.file_key && e.sha256 == lost.sha256)
    );
    assert_on_disk(dir.path(), &now);
    let checked = zoom_archiver::verify(&*zoom::folder(dir.path()), 2)
        .await
        .unwrap();
    assert!(
        checked.problems.is_empty() && checked.manifest_damaged.is_empty(),
        "the damage is repaired: {checked:?}"
    );
}

#[tokio::test]
async fn an_html_page_instead_of_a_file_is_refused_and_nothing_is_written() {
    let zoom = zoom::start(small(11, 8)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut videos = scope(&zoom, Users::All);
    videos.filters.file_types = Some(vec!["MP4".into()]);
    videos.include = Include::NONE;
    let rule = zoom
        .faults()
        .add(Rule::always(Matcher::FileHost, Fault::HtmlInsteadOfFile));

    let report = archive(&zoom, dir.path(), videos.clone()).await;
    assert_eq!(report.exit_code(), 2);
    let totals = report.totals();
    assert!(totals.to_fetch > 0);
    assert_eq!((report.failures.len(), totals.archived), (totals.to_fetch, 0));
    for failure in &report.failures {
        assert!(failure.item.ends_with(".mp4"), "{failure}");
        assert!(failure.reason.contains("instead of the recording"), "{failure}");
    }
    assert_eq!(
        files::files_under(dir.path()),
        Vec::<String>::new(),
        "no file, no .part"
    );
    assert!(entries(dir.path()).await.is_empty());

    zoom.faults().remove(rule);
    let again = archive(&zoom, dir.path(), videos).await;
    assert_eq!(again.exit_code(), 0, "{:?}", again.failures);
    assert_eq!(again.totals().archived, totals.to_fetch);
    assert_on_disk(dir.path(), &entries(dir.path()).await);
}

#[tokio::test]
async fn names_stay_inside_the_folder_and_follow_the_layout() {
    let zoom = zoom::start(small(3, 40)).await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let listed = expect::listed_meetings(&zoom);
    let hostile = |topic: &str| topic.contains("..") || topic.contains('/') || topic.len() > 120;
    assert!(
        listed.iter().any(|m| hostile(&m.topic)),
        "the seed has hostile topics"
    );
    let mut only_metadata = scope(&zoom, Users::All);
    only_metadata.include = Include {
        metadata: true,
        ..Include::NONE
    };
    only_metadata.filters.file_types = Some(vec!["CHAT".into(), "TIMELINE".into()]);

    let report = archive(&zoom, &root, only_metadata).await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let got = entries(&root).await;
    assert_eq!(got.len(), archived_files(&root).len());
    for entry in &got {
        let meeting = listed.iter().find(|m| m.uuid == entry.meeting_uuid).unwrap();
        let parts: Vec<&str> = entry.path.split('/').collect();
        assert_eq!(parts.len(), 4, "{}", entry.path);
        assert_eq!(parts[0], meeting.host_email, "{}", entry.path);
        assert_eq!(parts[1], meeting.start_time.format("%Y-%m-%d").to_string());
        assert!(
            parts[2].starts_with(&meeting.start_time.format("%H%M ").to_string()) && parts[2].ends_with(']'),
            "{}",
            entry.path
        );
        assert!(
            parts
                .iter()
                .all(|p| p.len() <= 120 && *p != ".." && !p.is_empty())
        );
        let real = root.join(&entry.path).canonicalize().unwrap();
        assert!(real.starts_with(&root), "{} escaped", real.display());
    }
    // The names of two meetings never collide, even with the same topic and minute.
    let folders: BTreeSet<_> = got
        .iter()
        .filter(|e| e.kind == "metadata")
        .map(|e| e.path.rsplit_once('/').unwrap().0.to_owned())
        .collect();
    assert_eq!(folders.len(), listed.len());
    assert!(!root.join("../etc/passwd").exists());
}
