//! How fast the archiver moves recordings from Zoom into S3, against the plainest way to do the
//! same, and how much memory it needs for one file as the file grows.
//!
//! `cargo bench -p zoom-archiver --bench archive_s3` (set `ARCHIVE_BENCH_QUICK=1` for a run of
//! tens of MiB instead of GiBs). Everything runs on 127.0.0.1: the fake Zoom in this process, moto's
//! S3 server (installed by the test harness, `tests/support/`) beside it.
//!
//! 1. Throughput: the fake serves a few large recordings (~1 GiB in all); the [`Archiver`]
//!    archives them into S3; then a baseline fetches the same files with plain reqwest (a bearer
//!    token, each listed download URL) and streams each into an object_store `WriteMultipart` of
//!    the same part size and part concurrency, hashing as it goes, with as many files at once.
//!    Both move the same bytes (their SHA-256 are compared); the ratio archiver/baseline is printed.
//! 2. Memory: for single files of 10 MiB, 100 MiB, 1 GiB and 2 GiB, a child
//!    process (this binary again) archives one file and reports its peak resident set (`VmHWM`)
//!    before and after; with streaming, the growth stays the same whatever the size (quick: 10,
//!    100 and 250 MiB).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_zoom::{Config, FakeZoom};
use futures::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use support::archive::{archivable_files, destination, fake_file_of, whole_history, zoom_client};
use support::s3::{S3Server, builder_for};
use zoom_archiver::store::PART_SIZE;
use zoom_archiver::{Archiver, DEFAULT_CONCURRENCY, Include, Manifest, Scope};

/// Set to `1` for the small run.
const QUICK_ENV: &str = "ARCHIVE_BENCH_QUICK";
/// Set (by the parent) in a memory-measuring child: the file size in bytes.
const CHILD_ENV: &str = "ARCHIVE_BENCH_CHILD_FILE_SIZE";
/// The S3 endpoint the child writes to.
const ENDPOINT_ENV: &str = "ARCHIVE_BENCH_S3_ENDPOINT";
/// The bucket everything goes into.
const BUCKET: &str = "bench";
/// Parts uploading at once per file, as the archiver does.
const PARTS_IN_FLIGHT: usize = 2;
const MIB: u64 = 1024 * 1024;

fn main() {
    if let Ok(size) = std::env::var(CHILD_ENV) {
        let size: u64 = size.parse().expect("the child's file size is a number");
        let endpoint = std::env::var(ENDPOINT_ENV).expect("the parent names the S3 endpoint");
        runtime().block_on(child(size, &endpoint));
        return;
    }
    let quick = std::env::var(QUICK_ENV).is_ok_and(|v| v == "1");
    println!(
        "archive_s3 benchmark ({}; moto {}, part size {} MiB, {} files at once)",
        if quick { "quick" } else { "full" },
        support::MOTO_VERSION,
        PART_SIZE as u64 / MIB,
        DEFAULT_CONCURRENCY
    );
    let server = S3Server::start();
    let runtime = runtime();
    runtime.block_on(server.create_bucket(BUCKET));
    runtime.block_on(throughput(&server, quick));
    let sizes: &[u64] = if quick {
        &[10 * MIB, 100 * MIB, 250 * MIB]
    } else {
        &[10 * MIB, 100 * MIB, 1024 * MIB, 2048 * MIB]
    };
    memory(&server, sizes);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

/// Recording files only (video and audio), nothing fetched beside them.
fn recordings(zoom: &FakeZoom) -> Scope {
    let mut scope = whole_history(zoom);
    scope.filters.file_types = Some(vec!["MP4".into(), "M4A".into()]);
    scope.include = Include::NONE;
    scope
}

fn mib_per_s(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / MIB as f64 / elapsed.as_secs_f64()
}

async fn throughput(server: &S3Server, quick: bool) {
    // One user; meeting 0 is still recording, the others have an MP4 and an M4A (a quarter).
    let (meetings, low, high) = if quick {
        (3, 12 * MIB, 20 * MIB)
    } else {
        (5, 170 * MIB, 240 * MIB)
    };
    let config = Config::default()
        .users(1)
        .meetings(meetings)
        .file_sizes(low, high);
    let zoom = FakeZoom::start(config).await.expect("the fake Zoom starts");
    let s3: Arc<dyn ObjectStore> = Arc::new(builder_for(&server.endpoint(), BUCKET).build().unwrap());

    let store = destination(builder_for(&server.endpoint(), BUCKET), "archiver");
    let started = Instant::now();
    let report = Archiver::new(zoom_client(&zoom), Arc::clone(&store), recordings(&zoom))
        .archive()
        .await
        .expect("the archive run runs");
    let archiver_time = started.elapsed();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let manifest = Manifest::load(&*store).await.unwrap();
    let entries = manifest.entries();
    let bytes = report.totals().bytes_archived;

    // The same files, by their listed download URLs.
    let files = archivable_files(&zoom);
    let jobs: Vec<(String, String, String)> = entries
        .iter()
        .map(|entry| {
            let file = fake_file_of(&files, entry).expect("an archived file is a listed file");
            let url = file.download_url.clone().expect("a listed file has a URL");
            (entry.path.clone(), url, entry.sha256.clone())
        })
        .collect();
    let http = reqwest::Client::new();
    let token = zoom.issue_access_token();
    let started = Instant::now();
    let moved: Vec<(u64, String, String)> = futures::stream::iter(jobs.iter())
        .map(|(path, url, _)| baseline_file(&http, &token, &s3, path, url))
        .buffer_unordered(DEFAULT_CONCURRENCY)
        .collect()
        .await;
    let baseline_time = started.elapsed();
    let expected: HashMap<&str, &str> = jobs.iter().map(|(p, _, s)| (p.as_str(), s.as_str())).collect();
    for (_, path, sha) in &moved {
        assert_eq!(
            expected[path.as_str()],
            sha,
            "{path}: the baseline moved other bytes"
        );
    }
    let baseline_bytes: u64 = moved.iter().map(|m| m.0).sum();
    assert_eq!(baseline_bytes, bytes, "both moved the same files");

    let archiver_rate = mib_per_s(bytes, archiver_time);
    let baseline_rate = mib_per_s(bytes, baseline_time);
    println!(
        "\nthroughput, {} files, {:.1} MiB:",
        entries.len(),
        bytes as f64 / MIB as f64
    );
    println!(
        "  archiver (list, download, upload, manifest) {archiver_time:>9.2?}  {archiver_rate:7.1} MiB/s"
    );
    println!(
        "  baseline (reqwest GET -> WriteMultipart)    {baseline_time:>9.2?}  {baseline_rate:7.1} MiB/s"
    );
    println!(
        "  ratio archiver/baseline                     {:>9.2}",
        archiver_rate / baseline_rate
    );
    empty_bucket(&s3).await;
}

/// GET `url` (following the redirect to the file host) and stream it into a multipart upload at
/// `baseline/<path>`, hashing as it goes: `(bytes, path, sha256)`.
async fn baseline_file(
    http: &reqwest::Client,
    token: &str,
    s3: &Arc<dyn ObjectStore>,
    path: &str,
    url: &str,
) -> (u64, String, String) {
    let response = http
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .unwrap_or_else(|e| panic!("baseline GET of {path}: {e}"));
    let location = Path::parse(format!("baseline/{path}")).unwrap();
    let upload = s3.put_multipart(&location).await.unwrap();
    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.try_next().await.unwrap() {
        writer.wait_for_capacity(PARTS_IN_FLIGHT).await.unwrap();
        hasher.update(&chunk);
        size += chunk.len() as u64;
        writer.put(chunk);
    }
    writer.finish().await.unwrap();
    let sha: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (size, path.to_owned(), sha)
}

async fn empty_bucket(s3: &Arc<dyn ObjectStore>) {
    let keys: Vec<Path> = s3.list(None).map_ok(|m| m.location).try_collect().await.unwrap();
    for key in keys {
        s3.delete(&key).await.unwrap();
    }
}

/// Runs one child per size and prints what each reports.
fn memory(server: &S3Server, sizes: &[u64]) {
    println!("\npeak memory archiving one file (child process per size, VmHWM):");
    println!(
        "  {:>10}  {:>14}  {:>14}  {:>10}  {:>10}",
        "file", "before run", "peak", "growth", "time"
    );
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    for &size in sizes {
        let output = Command::new(&exe)
            .env(CHILD_ENV, size.to_string())
            .env(ENDPOINT_ENV, server.endpoint())
            .output()
            .expect("the child runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "child for {size} bytes failed: {}\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let fields: HashMap<&str, &str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("child "))
            .flat_map(|l| l.split_whitespace())
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let kib = |name: &str| fields.get(name).and_then(|v| v.parse::<u64>().ok());
        let shown = |v: Option<u64>| v.map_or("n/a".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        let (before, peak) = (kib("before_kib"), kib("peak_kib"));
        let growth = before.zip(peak).map(|(b, p)| p.saturating_sub(b));
        println!(
            "  {:>6} MiB  {:>14}  {:>14}  {:>10}  {:>9}s",
            size / MIB,
            shown(before),
            shown(peak),
            shown(growth),
            fields.get("secs").copied().unwrap_or("?")
        );
    }
}

/// In a child: archive one file of `size` bytes into S3 at `endpoint`, print `VmHWM` around it.
async fn child(size: u64, endpoint: &str) {
    // One user, meeting 0 still recording, meeting 1 with one MP4 of exactly `size` bytes.
    let config = Config::default().users(1).meetings(2).file_sizes(size, size);
    let zoom = FakeZoom::start(config).await.expect("the fake Zoom starts");
    let mut scope = recordings(&zoom);
    scope.filters.file_types = Some(vec!["MP4".into()]);
    let prefix = format!("memory-{size}");
    let store = destination(builder_for(endpoint, BUCKET), &prefix);
    // Reset the peak to what is resident now (Linux), so the peak below is this run's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = vm_hwm_kib();
    let started = Instant::now();
    let report = Archiver::new(zoom_client(&zoom), Arc::clone(&store), scope)
        .archive()
        .await
        .expect("the archive run runs");
    let secs = started.elapsed().as_secs_f64();
    let peak = vm_hwm_kib();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.totals().bytes_archived, size, "one file of {size} bytes");
    let show = |v: Option<u64>| v.map_or("n/a".to_owned(), |k| k.to_string());
    println!(
        "child before_kib={} peak_kib={} secs={secs:.2}",
        show(before),
        show(peak)
    );
    let s3 = builder_for(endpoint, BUCKET).build().unwrap();
    let keys: Vec<Path> = s3
        .list(Some(&Path::from(prefix.as_str())))
        .map_ok(|m| m.location)
        .try_collect()
        .await
        .unwrap();
    for key in keys {
        s3.delete(&key).await.unwrap();
    }
}

/// The process's peak resident set in KiB (`VmHWM`), where `/proc` has it.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
