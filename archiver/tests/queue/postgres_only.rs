//! What only the PostgreSQL queue has: a URL whose password never shows, TLS refused rather than
//! skipped, tables created safely by replicas starting at once, and a refusal of tables set up by
//! a newer version.

use std::net::{Ipv4Addr, TcpListener};

use zoom_archiver::serve::queue::{PostgresQueue, Queue, QueueError};

use crate::fixture::{at, job, secs};
use crate::support::postgres::Postgres;

const PASSWORD: &str = "pw-SECRET-hunter2";

/// A fresh database on the shared server: its name and URL.
async fn database() -> (&'static Postgres, String) {
    tokio::task::spawn_blocking(|| {
        let server = Postgres::shared();
        let url = server.fresh_database();
        let name = url.rsplit('/').next().unwrap().to_owned();
        (server, name)
    })
    .await
    .unwrap()
}

/// Asserts `error` (Display and Debug) never shows the password.
fn assert_hidden(error: &QueueError) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

async fn connect_error(url: &str) -> QueueError {
    let error = PostgresQueue::connect(url).await.unwrap_err();
    assert_eq!(error.operation, "connect");
    assert_hidden(&error);
    error
}

#[tokio::test]
async fn describe_and_debug_leave_the_password_out() {
    let (server, name) = database().await;
    let queue = PostgresQueue::connect(&server.url_with_password(&name, PASSWORD))
        .await
        .unwrap();
    let expected = format!("postgres://postgres@127.0.0.1:{}/{name}", server.port());
    assert_eq!(queue.describe(), expected);
    let debug = format!("{queue:?}");
    assert!(debug.contains(&expected) && !debug.contains("SECRET"), "{debug}");
    // The queue works through that URL.
    queue.enqueue(vec![job("k")], at(0)).await.unwrap();
    assert_eq!(queue.claim("w", 1, at(0), secs(1)).await.unwrap().len(), 1);
}

#[tokio::test]
async fn connect_errors_leave_the_password_out() {
    // Nothing listens on a port just released.
    let closed = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://someone:{PASSWORD}@127.0.0.1:{closed}/db");
    let error = connect_error(&url).await;
    let message = error.to_string();
    assert!(
        message.contains(&format!("cannot reach postgres://someone@127.0.0.1:{closed}/db")),
        "{message}"
    );
    assert!(
        message.contains("onnection refused"),
        "the reason is kept: {message}"
    );

    let error = connect_error(&format!("postgres://someone:{PASSWORD}@127.0.0.1:notaport/db")).await;
    assert!(error.to_string().contains("not valid"), "{error}");
    assert!(error.to_string().contains("port"), "{error}");
    // A parser message that would quote the URL: the password's text is taken out.
    let error = connect_error(&format!(
        "postgres://someone:{PASSWORD}@127.0.0.1/db?{PASSWORD}=1"
    ))
    .await;
    assert!(error.to_string().contains("<redacted>"), "{error}");
    // Percent-encoded in the URL, decoded by the parser: hidden either way.
    let error =
        connect_error("postgres://someone:pw%2DSECRET%2Dhunter2@127.0.0.1/db?pw-SECRET-hunter2=1").await;
    assert!(error.to_string().contains("<redacted>"), "{error}");

    // Wrong database on a real server.
    let server = tokio::task::spawn_blocking(Postgres::shared).await.unwrap();
    let error = connect_error(&server.url_with_password("no_such_database", PASSWORD)).await;
    assert!(error.to_string().contains("no_such_database"), "{error}");
}

#[tokio::test]
async fn a_url_asking_for_tls_is_refused() {
    let (server, name) = database().await;
    let url = format!("{}?sslmode=require", server.url_with_password(&name, PASSWORD));
    let error = connect_error(&url).await;
    assert!(error.to_string().contains("TLS"), "{error}");
}

#[tokio::test]
async fn replicas_starting_at_once_create_the_tables_once() {
    let (server, name) = database().await;
    let url = server.url(&name);
    let mut starts = Vec::new();
    for _ in 0..3 {
        let url = url.clone();
        starts.push(tokio::spawn(async move { PostgresQueue::connect(&url).await }));
    }
    let mut replicas = Vec::new();
    for start in starts {
        replicas.push(start.await.unwrap().expect("every replica connects"));
    }
    // And again, over tables that exist.
    replicas.push(PostgresQueue::connect(&url).await.unwrap());
    let versions = tokio::task::spawn_blocking(move || {
        server.psql(&name, "SELECT count(*), max(version) FROM zoom_archive_schema")
    })
    .await
    .unwrap();
    assert_eq!(versions, "1|1");
    // They share one queue.
    replicas[0].enqueue(vec![job("k")], at(0)).await.unwrap();
    let taken = replicas[2].claim("w", 1, at(0), secs(10)).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert!(
        replicas[1]
            .claim("w", 1, at(1), secs(10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        replicas[3]
            .finish(&taken[0], zoom_archiver::serve::queue::Outcome::Done, at(2))
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn tables_from_a_newer_version_are_refused() {
    let (server, name) = database().await;
    drop(PostgresQueue::connect(&server.url(&name)).await.unwrap());
    let db = name.clone();
    tokio::task::spawn_blocking(move || server.psql(&db, "INSERT INTO zoom_archive_schema VALUES (7)"))
        .await
        .unwrap();
    let error = connect_error(&server.url(&name)).await;
    assert!(
        error.to_string().contains("newer zoom-archive (schema version 7"),
        "{error}"
    );
}

#[tokio::test]
async fn database_errors_say_what_the_server_said() {
    let (server, name) = database().await;
    let queue = PostgresQueue::connect(&server.url_with_password(&name, PASSWORD))
        .await
        .unwrap();
    let db = name.clone();
    tokio::task::spawn_blocking(move || server.psql(&db, "DROP TABLE zoom_archive_jobs"))
        .await
        .unwrap();
    let error = queue.enqueue(vec![job("k")], at(0)).await.unwrap_err();
    assert_eq!(error.operation, "enqueue");
    assert_hidden(&error);
    assert!(
        error.to_string().contains("zoom_archive_jobs"),
        "not just \"db error\": {error}"
    );
    assert!(error.to_string().contains("does not exist"), "{error}");
}
