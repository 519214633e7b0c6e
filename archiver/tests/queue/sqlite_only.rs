//! What only the SQLite queue has: one process per state directory (a second open fails, in
//! this process or another, until the first is gone), a private file in WAL mode, commits that
//! survive a SIGKILL, and clear errors for a directory or file it cannot use.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use zoom_archiver::serve::queue::sqlite::{DATABASE_FILE, LOCK_FILE};
use zoom_archiver::serve::queue::{Outcome, Queue, SqliteQueue};

use crate::child;
use crate::fixture::{at, job, job_with_token, secs};

/// Jobs per batch in the SIGKILL test.
const BATCH: usize = 5;

/// What a child process says when it tries to open the queue in `dir`.
fn open_in_a_child(dir: &Path) -> String {
    let mut running = child::start("sqlite_only::child_opens_the_queue", &dir.display().to_string());
    running.expect("open: ")
}

#[tokio::test]
async fn a_second_open_fails_clearly_until_the_first_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let first = SqliteQueue::open(dir.path()).unwrap();
    first.enqueue(vec![job("k")], at(0)).await.unwrap();

    let error = SqliteQueue::open(dir.path()).unwrap_err();
    assert_eq!(error.operation, "open");
    let message = error.to_string();
    assert!(
        message.contains("in use by another zoom-archive process"),
        "{message}"
    );
    assert!(
        message.contains(&dir.path().join(LOCK_FILE).display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("PostgreSQL"),
        "says what to use instead: {message}"
    );
    // Another process is refused the same way.
    let said = open_in_a_child(dir.path());
    assert!(said.starts_with("refused: ") && said.contains("in use"), "{said}");

    drop(first);
    let second = SqliteQueue::open(dir.path()).unwrap();
    assert_eq!(second.jobs().await.unwrap().len(), 1);
    drop(second);
    assert_eq!(open_in_a_child(dir.path()), "opened 1 job");
}

#[tokio::test]
#[ignore = "a helper: run as a child by the SQLite tests"]
async fn child_opens_the_queue() {
    let Some(dir) = child::role() else { return };
    match SqliteQueue::open(Path::new(&dir)) {
        Ok(queue) => println!("open: opened {} job", queue.jobs().await.unwrap().len()),
        Err(error) => println!("open: refused: {error}"),
    }
}

#[tokio::test]
async fn a_killed_process_loses_no_committed_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut running = child::start(
        "sqlite_only::child_enqueues_until_killed",
        &dir.path().display().to_string(),
    );
    let mut committed = 0;
    for _ in 0..20 {
        committed = running.expect("committed ").parse::<usize>().unwrap();
    }
    running.child.kill().unwrap();
    running.child.wait().unwrap();
    drop(running);

    let queue = SqliteQueue::open(dir.path()).expect("the queue opens after the kill");
    let jobs = queue.jobs().await.unwrap();
    // Every batch the child saw committed is there, and batches are whole (one transaction).
    assert!(
        jobs.len() >= committed * BATCH,
        "{} jobs, {committed} batches committed",
        jobs.len()
    );
    assert_eq!(jobs.len() % BATCH, 0, "a batch is all there or not at all");
    for batch in 0..committed {
        for i in 0..BATCH {
            let key = format!("b{batch:05}-{i}");
            assert!(
                jobs.iter().any(|j| j.key == key),
                "{key} was committed before the kill"
            );
        }
    }
}

#[tokio::test]
#[ignore = "a helper: run as a child by a_killed_process_loses_no_committed_batch"]
async fn child_enqueues_until_killed() {
    let Some(dir) = child::role() else { return };
    let queue = SqliteQueue::open(Path::new(&dir)).unwrap();
    for batch in 0..100_000 {
        let jobs = (0..BATCH).map(|i| job(&format!("b{batch:05}-{i}"))).collect();
        queue.enqueue(jobs, at(0)).await.unwrap();
        println!("committed {}", batch + 1);
    }
}

#[tokio::test]
async fn the_file_is_private_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let queue = SqliteQueue::open(dir.path()).unwrap();
    assert_eq!(queue.path(), dir.path().join(DATABASE_FILE));
    assert_eq!(
        queue.describe(),
        dir.path().join(DATABASE_FILE).display().to_string()
    );
    queue
        .enqueue(vec![job_with_token("k", "tok")], at(0))
        .await
        .unwrap();
    for name in [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")] {
        let mode = std::fs::metadata(dir.path().join(&name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    let raw = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn tokens_are_cleared_once_a_job_is_done_or_failed() {
    let dir = tempfile::tempdir().unwrap();
    let queue = SqliteQueue::open(dir.path()).unwrap();
    queue
        .enqueue(
            vec![
                job_with_token("done", "t1"),
                job_with_token("failed", "t2"),
                job_with_token("retry", "t3"),
            ],
            at(0),
        )
        .await
        .unwrap();
    let claimed = queue.claim("w", 3, at(0), secs(10)).await.unwrap();
    assert!(queue.finish(&claimed[0], Outcome::Done, at(1)).await.unwrap());
    let failed = Outcome::Failed { reason: "no".into() };
    assert!(queue.finish(&claimed[1], failed, at(1)).await.unwrap());
    let retry = Outcome::Retry {
        not_before: at(5),
        reason: "later".into(),
    };
    assert!(queue.finish(&claimed[2], retry, at(1)).await.unwrap());
    let raw = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    let mut select = raw
        .prepare("SELECT key, download_token FROM jobs ORDER BY key")
        .unwrap();
    let stored: Vec<(String, Option<String>)> = select
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = [("done", None), ("failed", None), ("retry", Some("t3"))]
        .map(|(k, t): (&str, Option<&str>)| (k.to_owned(), t.map(str::to_owned)));
    assert_eq!(stored, expected);
}

#[test]
fn a_file_that_is_not_a_queue_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE);
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let error = SqliteQueue::open(dir.path()).unwrap_err();
    assert_eq!(error.operation, "open");
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("not a database"), "{message}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        vec![b'x'; 4096],
        "the file is left alone"
    );
}

#[test]
fn a_queue_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteQueue::open(dir.path()).unwrap());
    let raw = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
    raw.pragma_update(None, "user_version", 2).unwrap();
    drop(raw);
    let error = SqliteQueue::open(dir.path()).unwrap_err();
    assert!(
        error.to_string().contains("newer zoom-archive (schema version 2"),
        "{error}"
    );
}

#[test]
fn a_state_directory_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state");
    std::fs::write(&file, b"not a directory").unwrap();
    let error = SqliteQueue::open(&file).unwrap_err();
    assert_eq!(error.operation, "open");
    assert!(
        error
            .to_string()
            .contains(&format!("cannot create the state directory {}", file.display())),
        "{error}"
    );
}
