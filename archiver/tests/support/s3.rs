//! A real S3-compatible server (moto, from PyPI) on 127.0.0.1 for archiver tests and benchmarks.
//!
//! [`S3Server::start`] is synchronous (it blocks while moto is installed the first time and
//! while the server starts, ~1-2 s), so it can be called from plain tests, `#[tokio::test]`s and
//! benchmark setup alike. The helpers that talk to the server over HTTP are `async`; they create
//! their HTTP client per call, so they work from whichever Tokio runtime calls them.
//!
//! moto does not check request signatures by default, but it treats a request without an
//! `Authorization` header as anonymous and applies bucket ACLs to it (reading a private object
//! then fails with 403). The raw requests made here therefore carry a syntactically valid SigV4
//! header with a dummy signature. Everything that writes goes through `object_store` or the
//! archiver itself; the raw requests only create buckets and inspect state.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use serde::Deserialize;

use super::moto_install::ensure_moto_python;
use super::moto_process::MotoProcess;

/// The region every store built by the harness uses.
pub const REGION: &str = "us-east-1";
/// The (fake) access key id given to clients. moto accepts any.
pub const ACCESS_KEY_ID: &str = "testing";
/// The (fake) secret access key given to clients. moto accepts any.
pub const SECRET_ACCESS_KEY: &str = "testing-secret";

/// Prefix of S3 user-metadata headers.
const META_PREFIX: &str = "x-amz-meta-";
/// An `Authorization` header moto accepts (it does not verify the signature).
const FAKE_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, \
     SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000";

/// A moto S3 server on 127.0.0.1, stopped (killed and reaped) when dropped.
pub struct S3Server {
    process: MotoProcess,
}

impl S3Server {
    /// Installs moto if needed (once per target directory), starts it on a free port of 127.0.0.1
    /// and returns once it answers HTTP. Blocking; panics with a clear message if setup fails.
    pub fn start() -> S3Server {
        let python = ensure_moto_python();
        S3Server {
            process: MotoProcess::start(&python),
        }
    }

    /// The socket address moto listens on (for putting a [`super::cut_proxy::CutProxy`] in front).
    pub fn addr(&self) -> SocketAddr {
        self.process.addr()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// An `AmazonS3Builder` for `bucket` at this server (see [`builder_for`]), for tests that
    /// need to adjust retries or other options before building.
    pub fn builder(&self, bucket: &str) -> AmazonS3Builder {
        builder_for(&self.endpoint(), bucket)
    }

    /// An object store for `bucket` on this server, with object_store's default retry policy.
    pub fn store(&self, bucket: &str) -> Arc<dyn ObjectStore> {
        Arc::new(
            self.builder(bucket)
                .build()
                .expect("the harness's S3 configuration is valid"),
        )
    }

    /// Environment for a child process (e.g. `zoom-archive --dest s3://bucket/prefix`) that builds
    /// its store with `AmazonS3Builder::from_env`: credentials, region, endpoint and allow-http.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_owned()),
            ("AWS_REGION", REGION.to_owned()),
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ALLOW_HTTP", "true".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// Creates `name` (S3 bucket names: 3-63 lowercase letters, digits, `-` and `.`).
    pub async fn create_bucket(&self, name: &str) {
        let response = self.request(reqwest::Method::PUT, &format!("/{name}")).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert!(
            status.is_success(),
            "moto refused to create bucket {name:?}: {status}\n{body}"
        );
    }

    /// Keys of the multipart uploads in `bucket` that were started and neither completed nor
    /// aborted (S3 ListMultipartUploads), in the order the server lists them.
    pub async fn incomplete_uploads(&self, bucket: &str) -> Vec<String> {
        let response = self
            .request(reqwest::Method::GET, &format!("/{bucket}?uploads"))
            .await;
        let status = response.status();
        let body = response
            .text()
            .await
            .expect("moto's ListMultipartUploads body is readable");
        assert!(
            status.is_success(),
            "ListMultipartUploads on {bucket:?} failed: {status}\n{body}"
        );
        parse_upload_keys(&body).unwrap_or_else(|e| panic!("{e}\n--- body ---\n{body}"))
    }

    /// Every object in `bucket` as `(key, size in bytes)`, sorted by key.
    pub async fn objects(&self, bucket: &str) -> Vec<(String, u64)> {
        let mut objects: Vec<(String, u64)> = self
            .store(bucket)
            .list(None)
            .map_ok(|meta| (meta.location.to_string(), meta.size))
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("cannot list bucket {bucket:?}: {e}"));
        objects.sort();
        objects
    }

    /// The content of `bucket/key`.
    pub async fn object_bytes(&self, bucket: &str, key: &str) -> Vec<u8> {
        let store = self.store(bucket);
        let result = store
            .get(&Path::parse(key).expect("a valid object key"))
            .await
            .unwrap_or_else(|e| panic!("cannot get {bucket}/{key}: {e}"));
        result
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("cannot read {bucket}/{key}: {e}"))
            .to_vec()
    }

    /// The user metadata of `bucket/key`: the `x-amz-meta-*` headers of a raw HEAD, with the
    /// prefix removed (names are lowercase, as HTTP header names are case-insensitive).
    pub async fn head_metadata(&self, bucket: &str, key: &str) -> HashMap<String, String> {
        let path = format!("/{bucket}/{}", encode_key(key));
        let response = self.request(reqwest::Method::HEAD, &path).await;
        assert!(
            response.status().is_success(),
            "HEAD {bucket}/{key} failed: {}",
            response.status()
        );
        response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                let name = name.as_str().strip_prefix(META_PREFIX)?;
                let value = value.to_str().unwrap_or_else(|_| {
                    panic!("metadata {name:?} of {bucket}/{key} is not visible ASCII: {value:?}")
                });
                Some((name.to_owned(), value.to_owned()))
            })
            .collect()
    }

    /// Sends one request with the dummy authorization header; panics if it cannot be sent.
    async fn request(&self, method: reqwest::Method, path_and_query: &str) -> reqwest::Response {
        let url = format!("{}{path_and_query}", self.endpoint());
        reqwest::Client::new()
            .request(method.clone(), &url)
            .header(reqwest::header::AUTHORIZATION, FAKE_AUTHORIZATION)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url} failed: {e}"))
    }
}

/// An `AmazonS3Builder` for `bucket` at `endpoint` (the server itself, or a proxy in front of
/// it): region [`REGION`], the fake credentials, plain HTTP allowed, path-style requests.
pub fn builder_for(endpoint: &str, bucket: &str) -> AmazonS3Builder {
    AmazonS3Builder::new()
        .with_endpoint(endpoint)
        .with_bucket_name(bucket)
        .with_region(REGION)
        .with_access_key_id(ACCESS_KEY_ID)
        .with_secret_access_key(SECRET_ACCESS_KEY)
        .with_allow_http(true)
        .with_virtual_hosted_style_request(false)
}

/// The parts of a ListMultipartUploads response the harness reads.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListMultipartUploadsResult {
    #[serde(default)]
    is_truncated: bool,
    #[serde(default, rename = "Upload")]
    uploads: Vec<Upload>,
}

/// One `<Upload>` of a ListMultipartUploads response.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Upload {
    key: String,
}

/// The `<Key>` of every `<Upload>` in a ListMultipartUploads XML body, entities decoded.
///
/// Errors (as a message) on XML that is not such a response, and on a truncated listing, which
/// the harness does not page through (moto lists up to 1000 uploads per response).
pub fn parse_upload_keys(xml: &str) -> Result<Vec<String>, String> {
    let result: ListMultipartUploadsResult =
        quick_xml::de::from_str(xml).map_err(|e| format!("not a ListMultipartUploads response: {e}"))?;
    if result.is_truncated {
        return Err("ListMultipartUploads is truncated; the harness does not page".to_owned());
    }
    Ok(result.uploads.into_iter().map(|u| u.key).collect())
}

/// Percent-encodes a key for a path-style URL, keeping `/` as the separator.
fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
