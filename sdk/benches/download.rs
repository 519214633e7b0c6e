//! Download throughput and peak heap: the SDK's
//! `client.download(DownloadRequest::new(url).expected_size(size)).to_path(..)`
//! (redirects followed by hand, SHA-256 while streaming, `.part` then fsync and
//! rename) against plain reqwest copies of the same file, in the same run,
//! on the same in-process fake Zoom: `reqwest` (bearer on the first hop, default
//! redirect policy, `chunk()`s into a tokio file) and `reqwest + sha256` (the
//! same, hashing with `sha2` while copying) so the hashing cost is visible. A
//! third, `reqwest + sha256 + fsync`, also calls `sync_all` at the end as the
//! SDK does before its rename, so the cost of durability is visible too (it
//! depends on the disk under the system temp dir).
//!
//! Run: `cargo bench -p zoom-cloud-recording --bench download`
//! (`BENCH_LARGE=1` adds a 2 GiB file). Sizes 10 MiB, 100 MiB and 1 GiB, one
//! fake per size; each variant 3 times per size (once from 1 GiB; `BENCH_RUNS=N`
//! makes it N times at every size, for a machine busy with other work), order
//! rotating, median throughput; the progress lines on stderr also show the
//! slowest and fastest run of each, to see how noisy the run was. The file
//! goes under the system temp dir (`TMPDIR`): on a disk, `fsync` waits for it;
//! on a tmpfs it costs nothing, which isolates the CPU work. Ratios are of throughputs (below 1.0 means the
//! SDK is slower). Peak heap is counted by this binary's global allocator as
//! the rise above the heap in use when the download starts; the fake runs in
//! the same process, so its allocations are counted too. Panics if the SDK's
//! peak for the largest size is not below 2x its peak for 10 MiB plus 1 MiB.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fake_zoom::{Config, FakeZoom};
use reqwest::header::AUTHORIZATION;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use zoom_cloud_recording::{Client, DownloadRequest};

/// Counts the bytes allocated now and the most ever allocated since [`reset_peak`].
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a new peak measurement; returns the heap in use now.
fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

/// The most heap in use since [`reset_peak`] returned `base`, above `base`.
fn peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

const MIB: u64 = 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    Sdk,
    Reqwest,
    ReqwestSha,
    ReqwestShaFsync,
}

const VARIANTS: [Variant; 4] = [
    Variant::Sdk,
    Variant::Reqwest,
    Variant::ReqwestSha,
    Variant::ReqwestShaFsync,
];

/// One size's fake, the file to fetch and the clients.
struct Target {
    zoom: FakeZoom,
    client: Client,
    url: String,
    size: u64,
    sha256: String,
}

/// What one download measured.
struct Sample {
    elapsed: Duration,
    peak_heap: usize,
    /// CPU time of the whole process (every thread, the fake's too).
    cpu: Option<Duration>,
}

/// The CPU time this process has used so far, user and system, all threads:
/// fields 14 and 15 of `/proc/self/stat`, in ticks of 1/100 s (`USER_HZ`).
/// `None` where there is no such file.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses, from field 3 on.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

async fn target(size: u64) -> Target {
    let zoom = FakeZoom::start(Config::default().seed(11).meetings(8).file_sizes(size, size))
        .await
        .expect("fake starts");
    let file = zoom
        .files()
        .into_iter()
        .find(|f| {
            f.file_type == "MP4"
                && !f.processing
                && !f.trashed
                && !f.participant_audio
                && !f.archive
                && f.size == Some(size)
        })
        .expect("an MP4 file of the size");
    let expected = zoom.expected_file(&file.id).expect("expected file");
    assert_eq!(expected.size, size);
    let client = Client::builder()
        .base_url(zoom.api_base_url())
        .oauth_base_url(zoom.oauth_base_url())
        .server_to_server(zoom.account_id(), zoom.client_id(), zoom.client_secret())
        .build()
        .expect("client");
    Target {
        url: file.download_url.expect("a download URL"),
        size,
        sha256: expected.sha256_hex,
        client,
        zoom,
    }
}

/// A plain copy: bearer on the first request, reqwest follows the 302 (and
/// drops `Authorization` on the way to the other origin); optionally hashed,
/// optionally synced to disk at the end.
async fn plain_copy(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    path: &Path,
    hash: bool,
    fsync: bool,
) -> (u64, String) {
    let mut response = http
        .get(url)
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .expect("baseline request");
    assert!(response.status().is_success(), "baseline: {}", response.status());
    let mut file = tokio::fs::File::create(path).await.expect("create");
    let mut hasher = hash.then(Sha256::new);
    let mut written = 0u64;
    while let Some(chunk) = response.chunk().await.expect("baseline body") {
        if let Some(hasher) = hasher.as_mut() {
            hasher.update(&chunk);
        }
        file.write_all(&chunk).await.expect("write");
        written += chunk.len() as u64;
    }
    file.flush().await.expect("flush");
    if fsync {
        file.sync_all().await.expect("fsync");
    }
    drop(file);
    let digest = hasher.map(|h| h.finalize().iter().map(|b| format!("{b:02x}")).collect());
    (written, digest.unwrap_or_default())
}

async fn run(variant: Variant, t: &Target, http: &reqwest::Client, token: &str, dir: &Path) -> Sample {
    let path = dir.join(format!("{variant:?}.mp4"));
    let base = reset_peak();
    let cpu_start = cpu_time();
    let start = Instant::now();
    match variant {
        Variant::Sdk => {
            let request = DownloadRequest::new(&t.url).expected_size(t.size);
            let done = t
                .client
                .download(request)
                .to_path(&path)
                .await
                .expect("SDK download");
            assert_eq!(done.bytes, t.size, "SDK: wrong size");
            assert_eq!(done.sha256, t.sha256, "SDK: wrong sha256");
        }
        Variant::Reqwest | Variant::ReqwestSha | Variant::ReqwestShaFsync => {
            let hash = variant != Variant::Reqwest;
            let fsync = variant == Variant::ReqwestShaFsync;
            let (written, sha256) = plain_copy(http, &t.url, token, &path, hash, fsync).await;
            assert_eq!(written, t.size, "{variant:?}: wrong size");
            if hash {
                assert_eq!(sha256, t.sha256, "{variant:?}: wrong sha256");
            }
        }
    }
    let elapsed = start.elapsed();
    let peak_heap = peak_since(base);
    let on_disk = std::fs::metadata(&path).expect("the file").len();
    assert_eq!(on_disk, t.size, "{variant:?}: wrong size on disk");
    std::fs::remove_file(&path).expect("remove");
    let cpu = cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| end.saturating_sub(start));
    Sample {
        elapsed,
        peak_heap,
        cpu,
    }
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("zoom-download-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn mib_s(size: u64, d: Duration) -> f64 {
    size as f64 / MIB as f64 / d.as_secs_f64()
}

fn human(bytes: usize) -> String {
    if bytes as u64 >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

/// One size's results: median throughput and the highest peak of each variant.
struct Row {
    size: u64,
    mib_s: [f64; 4],
    peak: [usize; 4],
    /// Median CPU seconds per GiB, when measured.
    cpu_s_gib: [Option<f64>; 4],
}

#[tokio::main]
async fn main() {
    let mut sizes = vec![10 * MIB, 100 * MIB, 1024 * MIB];
    if std::env::var("BENCH_LARGE").is_ok_and(|v| v == "1") {
        sizes.push(2048 * MIB);
    }
    let runs_override = std::env::var("BENCH_RUNS")
        .ok()
        .map(|v| v.parse::<usize>().expect("BENCH_RUNS is a number of runs"))
        .map(|n| n.max(1));
    let dir = TempDir::new();
    // The baseline's plain reqwest client needs a crypto provider: the SDK builds reqwest with
    // none (`rustls-no-provider`) and hands its own clients a ring configuration.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut rows = Vec::new();
    for (index, &size) in sizes.iter().enumerate() {
        let t = target(size).await;
        let token = t.zoom.issue_access_token();
        if index == 0 {
            // Warm-up: connections, the SDK's OAuth token, the file system.
            for variant in VARIANTS {
                run(variant, &t, &http, &token, &dir.0).await;
            }
        }
        let runs = runs_override.unwrap_or(if size >= 1024 * MIB { 1 } else { 3 });
        let mut samples: [Vec<Sample>; 4] = Default::default();
        for r in 0..runs {
            for k in 0..VARIANTS.len() {
                let i = (k + r) % VARIANTS.len();
                samples[i].push(run(VARIANTS[i], &t, &http, &token, &dir.0).await);
            }
        }
        let mut row = Row {
            size,
            mib_s: [0.0; 4],
            peak: [0; 4],
            cpu_s_gib: [None; 4],
        };
        let mut spread = [(0.0, 0.0); 4];
        for (i, s) in samples.iter().enumerate() {
            let mut times: Vec<Duration> = s.iter().map(|s| s.elapsed).collect();
            times.sort();
            row.mib_s[i] = mib_s(size, times[times.len() / 2]);
            spread[i] = (mib_s(size, times[times.len() - 1]), mib_s(size, times[0]));
            row.peak[i] = s.iter().map(|s| s.peak_heap).max().unwrap_or(0);
            let mut cpu: Vec<Duration> = s.iter().filter_map(|s| s.cpu).collect();
            cpu.sort();
            row.cpu_s_gib[i] = cpu
                .get(cpu.len() / 2)
                .map(|c| c.as_secs_f64() * (1024 * MIB) as f64 / size as f64);
        }
        let shown = |i: usize| format!("{:.0} ({:.0}-{:.0})", row.mib_s[i], spread[i].0, spread[i].1);
        eprintln!(
            "{} MiB done, median (slowest-fastest) of {runs}: SDK {} MiB/s, reqwest {}, +sha256 {}, \
             +sha256+fsync {}",
            size / MIB,
            shown(0),
            shown(1),
            shown(2),
            shown(3)
        );
        rows.push(row);
        t.zoom.shutdown().await;
    }

    println!("Download to a file on the in-process fake Zoom (302 to its file host), median MiB/s.");
    println!("Ratios are of throughputs (below 1.0: the SDK is slower); +fsync also calls sync_all at the");
    println!("end, as the SDK does before renaming its .part. Peak heap is the rise during the download,");
    println!("and it counts the fake server's allocations too: the fake runs in this process.");
    println!();
    println!(
        "{:>9} {:>7} {:>8} {:>8} {:>10} {:>8} {:>8} {:>10} {:>9} {:>9} {:>9} {:>11}",
        "size",
        "SDK",
        "reqwest",
        "+sha256",
        "+sha+fsync",
        "SDK/req",
        "SDK/+sha",
        "SDK/+fsync",
        "heap SDK",
        "heap req",
        "heap +sha",
        "heap +fsync"
    );
    for row in &rows {
        println!(
            "{:>5} MiB {:>7.0} {:>8.0} {:>8.0} {:>10.0} {:>8.3} {:>8.3} {:>10.3} {:>9} {:>9} {:>9} {:>11}",
            row.size / MIB,
            row.mib_s[0],
            row.mib_s[1],
            row.mib_s[2],
            row.mib_s[3],
            row.mib_s[0] / row.mib_s[1],
            row.mib_s[0] / row.mib_s[2],
            row.mib_s[0] / row.mib_s[3],
            human(row.peak[0]),
            human(row.peak[1]),
            human(row.peak[2]),
            human(row.peak[3])
        );
    }

    if rows.iter().any(|r| r.cpu_s_gib.iter().any(Option::is_some)) {
        println!();
        println!("CPU seconds per GiB, median, the whole process (the fake's work included; 10 ms ticks,");
        println!("so rough for 10 MiB). Unlike throughput it barely depends on what else the machine runs:");
        println!("less than reqwest + sha256 means the SDK does less work for the same guarantees.");
        println!();
        println!(
            "{:>9} {:>7} {:>8} {:>8} {:>10}",
            "size", "SDK", "reqwest", "+sha256", "+sha+fsync"
        );
        let cell = |c: Option<f64>| c.map_or_else(|| "-".to_owned(), |c| format!("{c:.2}"));
        for row in &rows {
            println!(
                "{:>5} MiB {:>7} {:>8} {:>8} {:>10}",
                row.size / MIB,
                cell(row.cpu_s_gib[0]),
                cell(row.cpu_s_gib[1]),
                cell(row.cpu_s_gib[2]),
                cell(row.cpu_s_gib[3])
            );
        }
    }

    let (small, large) = (&rows[0], &rows[rows.len() - 1]);
    let limit = 2 * small.peak[0] + MIB as usize;
    assert!(
        large.peak[0] < limit,
        "the SDK's peak heap grows with the file size: {} for {} MiB, but {} for {} MiB \
         (limit: 2x the small one + 1 MiB = {})",
        human(large.peak[0]),
        large.size / MIB,
        human(small.peak[0]),
        small.size / MIB,
        human(limit)
    );
    println!();
    println!(
        "SDK peak heap for {} MiB ({}) is below 2x its peak for {} MiB + 1 MiB ({}): constant memory.",
        large.size / MIB,
        human(large.peak[0]),
        small.size / MIB,
        human(limit)
    );
}
