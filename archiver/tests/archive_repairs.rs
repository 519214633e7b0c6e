//! What a later run repairs in a folder archive: archived files that went
//! missing are fetched again, participant audio included (which only
//! `recordingGet` lists, so the run must ask Zoom for the meeting again even
//! when nothing new is listed).

mod common;

use common::files::{assert_on_disk, entries};
use common::zoom::{self, archive, scope, small};
use fake_zoom::Operation;
use zoom_archiver::Users;

#[tokio::test]
async fn a_lost_participant_audio_file_is_fetched_again_and_nothing_else() {
    let zoom = zoom::start(small(5, 10)).await;
    let dir = tempfile::tempdir().unwrap();
    let first = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    // A run with nothing lost, to count the meetings Zoom is asked about
    // anyway (those with a file still processing, for example).
    let before = zoom.requests(Operation::RecordingGet);
    let idle = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert_eq!(idle.totals().archived, 0);
    let asked_anyway = zoom.requests(Operation::RecordingGet) - before;
    let all = entries(dir.path()).await;
    let lost = all
        .iter()
        .find(|e| e.kind == "participant_audio")
        .expect("the seed has participant audio")
        .clone();
    std::fs::remove_file(dir.path().join(&lost.path)).unwrap();
    let details_before = zoom.requests(Operation::RecordingGet);

    let second = archive(&zoom, dir.path(), scope(&zoom, Users::All)).await;
    assert!(second.failures.is_empty(), "{:?}", second.failures);
    let totals = second.totals();
    assert_eq!(totals.archived, 1, "only the lost file");
    assert_eq!(totals.already_archived, all.len() - 1);
    assert_eq!(
        zoom.requests(Operation::RecordingGet) - details_before,
        asked_anyway + 1,
        "Zoom is asked again for that meeting only"
    );
    let after = entries(dir.path()).await;
    let refetched = after.iter().find(|e| e.file_key == lost.file_key).unwrap();
    assert_eq!((&refetched.path, &refetched.sha256), (&lost.path, &lost.sha256));
    assert_on_disk(dir.path(), &after);
}
