//! Proves that the S3 test harness (`tests/support/`) is real: a moto server on 127.0.0.1 that
//! object_store talks to, whose multipart-upload and metadata state the harness can inspect, and a
//! proxy that cuts one connection mid-upload.

mod support;

use std::net::TcpStream;

use bytes::Bytes;
use object_store::aws::AmazonS3ConfigKey;
use object_store::path::Path;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload};
use support::cut_proxy::CutProxy;
use support::s3::{self, S3Server};

/// The smallest part size S3 accepts for every part but the last.
const PART: usize = 5 * 1024 * 1024;

/// `len` bytes that differ from position to position (so misplaced bytes would show).
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ seed).collect()
}

#[tokio::test]
async fn put_then_get_through_object_store() {
    let server = S3Server::start();
    server.create_bucket("round-trip").await;
    let store = server.store("round-trip");

    let body = pattern(70_000, 7);
    store
        .put(&Path::from("dir/a file.bin"), PutPayload::from(body.clone()))
        .await
        .unwrap();

    let got = store
        .get(&Path::from("dir/a file.bin"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.as_ref(), body.as_slice());
    assert_eq!(server.object_bytes("round-trip", "dir/a file.bin").await, body);
    assert_eq!(
        server.objects("round-trip").await,
        vec![("dir/a file.bin".to_owned(), 70_000)]
    );
}

#[tokio::test]
async fn env_points_a_from_env_style_store_at_the_server() {
    let server = S3Server::start();
    server.create_bucket("from-env").await;

    // What `AmazonS3Builder::from_env` does with each variable, without touching this process's
    // environment (tests run in parallel threads).
    let mut builder = object_store::aws::AmazonS3Builder::new().with_bucket_name("from-env");
    let env = server.env();
    for (name, value) in &env {
        let key: AmazonS3ConfigKey = name.to_ascii_lowercase().parse().unwrap_or_else(|e| {
            panic!("{name} is not an object_store S3 setting: {e}");
        });
        builder = builder.with_config(key, value);
    }
    let store = builder.build().unwrap();
    store
        .put(&Path::from("k"), PutPayload::from_static(b"via env"))
        .await
        .unwrap();

    assert_eq!(server.object_bytes("from-env", "k").await, b"via env");
    let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_ALLOW_HTTP"
        ]
    );
}

#[tokio::test]
async fn unfinished_multipart_upload_is_listed_until_aborted() {
    let server = S3Server::start();
    server.create_bucket("multipart").await;
    let store = server.store("multipart");
    assert_eq!(server.incomplete_uploads("multipart").await, Vec::<String>::new());

    let key = "recordings/meeting & co.mp4";
    let mut upload = store.put_multipart(&Path::from(key)).await.unwrap();
    upload.put_part(PutPayload::from(pattern(PART, 1))).await.unwrap();
    upload.put_part(PutPayload::from(pattern(PART, 2))).await.unwrap();
    upload.put_part(PutPayload::from(pattern(1000, 3))).await.unwrap();

    assert_eq!(server.incomplete_uploads("multipart").await, vec![key.to_owned()]);
    assert_eq!(
        server.objects("multipart").await,
        vec![],
        "an unfinished upload is not an object"
    );

    upload.abort().await.unwrap();
    assert_eq!(server.incomplete_uploads("multipart").await, Vec::<String>::new());
    assert_eq!(server.objects("multipart").await, vec![]);
}

#[tokio::test]
async fn completed_multipart_upload_is_one_object_and_not_listed() {
    let server = S3Server::start();
    server.create_bucket("complete").await;
    let store = server.store("complete");

    let parts = [pattern(PART, 4), pattern(PART, 5), pattern(12_345, 6)];
    let mut upload = store.put_multipart(&Path::from("whole.bin")).await.unwrap();
    for part in &parts {
        upload.put_part(PutPayload::from(part.clone())).await.unwrap();
    }
    upload.complete().await.unwrap();

    assert_eq!(server.incomplete_uploads("complete").await, Vec::<String>::new());
    assert_eq!(server.object_bytes("complete", "whole.bin").await, parts.concat());
}

/// Observed with object_store 0.14.2 and moto 5.2.5: when the proxy cuts the connection
/// carrying an UploadPart request mid-body, the request fails with a transport error that
/// object_store classifies as retryable (the part upload is idempotent), so its own retry sends the
/// part again on a new connection and the whole upload succeeds with the right bytes.
#[tokio::test]
async fn multipart_part_cut_mid_request_is_retried_by_object_store() {
    let server = S3Server::start();
    server.create_bucket("cut").await;
    let proxy = CutProxy::start(server.addr()).await;
    let store = s3::builder_for(&proxy.endpoint(), "cut").build().unwrap();

    let parts = [pattern(PART, 8), pattern(PART, 9)];
    let mut upload = store.put_multipart(&Path::from("cut.bin")).await.unwrap();
    // Half-way through the first part's body (the request head is well under 1 MiB).
    proxy.cut_after_upload_bytes((PART / 2) as u64);
    upload
        .put_part(PutPayload::from(parts[0].clone()))
        .await
        .expect("object_store retries the cut part");
    assert_eq!(proxy.cuts(), 1, "the proxy cut exactly one connection");
    assert!(!proxy.is_armed());
    upload.put_part(PutPayload::from(parts[1].clone())).await.unwrap();
    upload.complete().await.unwrap();

    assert_eq!(proxy.cuts(), 1);
    assert_eq!(server.incomplete_uploads("cut").await, Vec::<String>::new());
    assert_eq!(server.object_bytes("cut", "cut.bin").await, parts.concat());
}

#[tokio::test]
async fn cut_with_retries_disabled_fails_the_part_and_leaves_the_upload_incomplete() {
    let server = S3Server::start();
    server.create_bucket("cut-no-retry").await;
    let proxy = CutProxy::start(server.addr()).await;
    let no_retries = object_store::RetryConfig {
        max_retries: 0,
        ..Default::default()
    };
    let store = s3::builder_for(&proxy.endpoint(), "cut-no-retry")
        .with_retry(no_retries)
        .build()
        .unwrap();

    let mut upload = store.put_multipart(&Path::from("broken.bin")).await.unwrap();
    proxy.cut_after_upload_bytes((PART / 2) as u64);
    let error = upload
        .put_part(PutPayload::from(pattern(PART, 10)))
        .await
        .unwrap_err();

    assert_eq!(proxy.cuts(), 1);
    // object_store reports the transport failure of the part's PUT, with no retry behind it.
    let message = error.to_string();
    assert!(
        message.contains("PUT") && message.contains("partNumber=1"),
        "unexpected error: {message}"
    );
    assert!(
        message.contains("error sending request"),
        "unexpected error: {message}"
    );
    assert_eq!(
        server.incomplete_uploads("cut-no-retry").await,
        vec!["broken.bin".to_owned()]
    );
    upload.abort().await.unwrap();
    assert_eq!(
        server.incomplete_uploads("cut-no-retry").await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn unarmed_proxy_forwards_everything_untouched() {
    let server = S3Server::start();
    server.create_bucket("plain-proxy").await;
    let proxy = CutProxy::start(server.addr()).await;
    let store = s3::builder_for(&proxy.endpoint(), "plain-proxy").build().unwrap();

    let body = pattern(PART + 3, 11);
    store
        .put(&Path::from("p"), PutPayload::from(body.clone()))
        .await
        .unwrap();
    let got = store.get(&Path::from("p")).await.unwrap().bytes().await.unwrap();

    assert_eq!(got.as_ref(), body.as_slice());
    assert_eq!(proxy.cuts(), 0);
    assert!(proxy.connections() >= 1, "the requests went through the proxy");
}

#[tokio::test]
async fn user_metadata_attributes_come_back_in_head_metadata() {
    let server = S3Server::start();
    server.create_bucket("meta").await;
    let store = server.store("meta");

    let mut attributes = Attributes::new();
    attributes.insert(
        Attribute::Metadata("zoom-meeting-uuid".into()),
        "abc/123==".into(),
    );
    attributes.insert(Attribute::Metadata("sha256".into()), "00ff".into());
    attributes.insert(Attribute::ContentType, "video/mp4".into());
    let options = PutOptions {
        attributes,
        ..Default::default()
    };
    store
        .put_opts(
            &Path::from("m.mp4"),
            PutPayload::from(Bytes::from_static(b"mp4")),
            options,
        )
        .await
        .unwrap();

    let metadata = server.head_metadata("meta", "m.mp4").await;
    // Exactly the two user entries: Content-Type is a standard header, not user metadata.
    assert_eq!(metadata.len(), 2, "{metadata:?}");
    assert_eq!(metadata["zoom-meeting-uuid"], "abc/123==");
    assert_eq!(metadata["sha256"], "00ff");
}

#[test]
fn dropping_the_server_stops_it() {
    let server = S3Server::start();
    let addr = server.addr();
    assert!(
        TcpStream::connect(addr).is_ok(),
        "moto answers while the server lives"
    );
    drop(server);
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens on {addr} after drop"
    );
}

#[test]
fn endpoint_is_plain_http_on_loopback() {
    let server = S3Server::start();
    assert_eq!(
        server.endpoint(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
    assert!(support::MOTO_VERSION.starts_with("5."));
}

#[test]
fn upload_keys_are_parsed_with_entities_decoded() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket>
<KeyMarker/><IsTruncated>false</IsTruncated>
<Upload><UploadId>u1</UploadId><Key>a &amp; b/&lt;c&gt;.mp4</Key><Owner><ID>x</ID></Owner></Upload>
<Upload><Key>second</Key><UploadId>u2</UploadId></Upload></ListMultipartUploadsResult>"#;
    assert_eq!(s3::parse_upload_keys(xml).unwrap(), ["a & b/<c>.mp4", "second"]);
}

#[test]
fn upload_listing_without_uploads_is_empty_and_bad_listings_are_errors() {
    let empty = r#"<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>"#;
    assert_eq!(s3::parse_upload_keys(empty).unwrap(), Vec::<String>::new());

    let truncated = r#"<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><Upload><Key>k</Key></Upload></ListMultipartUploadsResult>"#;
    assert!(
        s3::parse_upload_keys(truncated)
            .unwrap_err()
            .contains("truncated")
    );

    let keyless =
        r#"<ListMultipartUploadsResult><Upload><UploadId>u</UploadId></Upload></ListMultipartUploadsResult>"#;
    assert!(
        s3::parse_upload_keys(keyless)
            .unwrap_err()
            .contains("not a ListMultipartUploads")
    );
}
