#!/usr/bin/env bash
# Build cost of the SDK against the `zoom-api` 0.10 crate, measured in one run.
#
# Two throw-away binary projects are written under /tmp, each a `main.rs` that
# builds a client and lists a user's recordings:
#   sdk       depends on this repository's `sdk/` (default features) and walks
#             `client.recordings("me").between(..).meetings()`;
#   zoom-api  depends on `zoom-api = "=0.10.0"` (default features) and calls
#             `cloud_recording().recordings_list(..)`.
# Both use the same tokio features and the default dev profile. Dependencies
# are downloaded first (not timed); then each project is built from scratch,
# one after the other, in its own new target directory outside the repository,
# under `/usr/bin/time -v` (wall time, and the peak RSS of the largest single
# process: rustc or a build script). Everything under /tmp is deleted at exit.
#
# Usage: benches/build-cost.sh [--runs N] [--timings DIR] [--floor] [--check]
#   --runs N       repeat the pair N times (default 1), SDK first in each pair
#   --timings DIR  also pass `--timings` to cargo and copy the HTML reports to DIR
#   --floor        also build, after the pairs, a third binary: the same listing
#                  by hand on the SDK's HTTP stack alone (reqwest, rustls + ring,
#                  tokio, serde, chrono), the least a reqwest-based client costs
#   --check        exit 1 unless every run has ratio <= 1/3 and SDK peak RSS <= 1 GB
#
# Needs: cargo, /usr/bin/time (GNU time) and the crates registry.
set -euo pipefail

runs=1
timings=""
check=0
floor=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
        --timings) timings="${2:?--timings needs a directory}"; shift 2 ;;
        --check) check=1; shift ;;
        --floor) floor=1; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "build-cost.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
case "$runs" in
    ''|*[!0-9]*|0) echo "build-cost.sh: --runs needs a positive whole number, got '$runs'" >&2; exit 2 ;;
esac
if [ ! -x /usr/bin/time ]; then
    echo "build-cost.sh: /usr/bin/time (GNU time) is missing; on Debian: apt-get install time" >&2
    exit 2
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/zoom-build-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# A wrapper or a shared cache would time something else than a clean build.
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER CARGO_TARGET_DIR \
    CARGO_BUILD_TARGET_DIR RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_INCREMENTAL

tokio_dep='tokio = { version = "1", default-features = false, features = ["rt", "macros"] }'

# --- the SDK project -------------------------------------------------------
mkdir -p "$work/sdk/src"
cat >"$work/sdk/Cargo.toml" <<EOF
[package]
name = "build-cost-sdk"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
zoom-cloud-recording = { path = "$repo/sdk" }
$tokio_dep
futures = "0.3"
chrono = { version = "0.4", default-features = false }

[workspace]
EOF
cat >"$work/sdk/src/main.rs" <<'EOF'
use futures::TryStreamExt;
use zoom_cloud_recording::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("ZOOM_ACCESS_TOKEN").unwrap_or_default();
    let client = Client::builder().access_token(token).build()?;
    let from = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
    let to = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).ok_or("bad date")?;
    let mut meetings = client.recordings("me").between(from, to).meetings();
    while let Some(meeting) = meetings.try_next().await? {
        println!("{:?} {:?}", meeting.uuid, meeting.topic);
    }
    Ok(())
}
EOF
# The repository's lock file: the versions CI builds with (cargo drops the rest).
cp "$repo/Cargo.lock" "$work/sdk/Cargo.lock"

# --- the zoom-api project --------------------------------------------------
mkdir -p "$work/zoom-api/src"
cat >"$work/zoom-api/Cargo.toml" <<EOF
[package]
name = "build-cost-zoom-api"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
zoom-api = "=0.10.0"
$tokio_dep
chrono = { version = "0.4", default-features = false }

[workspace]
EOF
cat >"$work/zoom-api/src/main.rs" <<'EOF'
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("ZOOM_ACCESS_TOKEN").unwrap_or_default();
    let client = zoom_api::Client::new("", "", "", token, "");
    let from = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
    let to = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).ok_or("bad date")?;
    let page = client
        .cloud_recording()
        .recordings_list("me", 300, "", "", false, from, to, "")
        .await?;
    println!("{:?}", page.body);
    Ok(())
}
EOF

# --- the floor project (--floor) -------------------------------------------
mkdir -p "$work/floor/src"
cat >"$work/floor/Cargo.toml" <<EOF
[package]
name = "build-cost-floor"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "form", "stream", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["std", "tls12", "ring"] }
rustls-platform-verifier = "0.7"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$tokio_dep
chrono = { version = "0.4", default-features = false, features = ["serde"] }

[workspace]
EOF
cat >"$work/floor/src/main.rs" <<'EOF'
use std::sync::Arc;

#[derive(serde::Deserialize, Debug)]
struct Page {
    #[serde(default)]
    next_page_token: Option<String>,
    #[serde(default)]
    meetings: Vec<Meeting>,
}

#[derive(serde::Deserialize, Debug)]
struct Meeting {
    uuid: Option<String>,
    topic: Option<String>,
    start_time: Option<chrono::DateTime<chrono::Utc>>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let http = reqwest::Client::builder().tls_backend_preconfigured(tls).build()?;
    let token = std::env::var("ZOOM_ACCESS_TOKEN").unwrap_or_default();
    let mut next: Option<String> = None;
    loop {
        let mut query = vec![("from", "2025-01-01".to_owned()), ("to", "2025-01-31".to_owned())];
        if let Some(t) = &next {
            query.push(("next_page_token", t.clone()));
        }
        let page: Page = http
            .get("https://api.zoom.us/v2/users/me/recordings")
            .bearer_auth(&token)
            .query(&query)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for m in &page.meetings {
            println!("{:?} {:?} {:?}", m.uuid, m.topic, m.start_time);
        }
        match page.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => next = Some(t),
            None => return Ok(()),
        }
    }
}
EOF
cp "$repo/Cargo.lock" "$work/floor/Cargo.lock"

# --- download (not timed) --------------------------------------------------
echo "fetching dependencies (not timed)..." >&2
(cd "$work/sdk" && cargo fetch --quiet)
if [ "$floor" = 1 ]; then (cd "$work/floor" && cargo fetch --quiet); fi
(cd "$work/zoom-api" && cargo generate-lockfile --quiet && cargo fetch --quiet)

# build NAME RUN: a clean build of project NAME; prints "wall_seconds peak_kb cpu_seconds".
build() {
    local name="$1" run="$2"
    local target="$work/target-$name-$run"
    local log="$work/time-$name-$run.txt"
    local flags=(build --offline --quiet)
    [ -n "$timings" ] && flags+=(--timings)
    rm -rf "$target"
    if ! (cd "$work/$name" && CARGO_TARGET_DIR="$target" /usr/bin/time -v -o "$log" cargo "${flags[@]}"); then
        echo "build-cost.sh: the $name build failed (output above)" >&2
        exit 1
    fi
    if [ -n "$timings" ]; then
        mkdir -p "$timings"
        cp "$target/cargo-timings/cargo-timing.html" "$timings/$name-run$run.html"
    fi
    local wall peak cpu
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")"
    peak="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")"
    cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")"
    rm -rf "$target"
    echo "$wall $peak $cpu"
}

echo "$(rustc --version), $(nproc) cores, $runs run(s)" >&2
printf '%-4s %8s %8s %8s %10s %10s %12s %7s %7s\n' run "sdk s" "sdk cpu" "sdk MiB" \
    "zoom-api s" "zoom-api cpu" "zoom-api MiB" ratio "cpu"
failed=0
for run in $(seq 1 "$runs"); do
    # Not in $(..): a failed build must end the script.
    build sdk "$run" >"$work/result-sdk"
    build zoom-api "$run" >"$work/result-zoom-api"
    read -r sdk_s sdk_kb sdk_cpu <"$work/result-sdk"
    read -r zoom_s zoom_kb zoom_cpu <"$work/result-zoom-api"
    awk -v run="$run" -v a="$sdk_s" -v ak="$sdk_kb" -v ac="$sdk_cpu" -v b="$zoom_s" -v bk="$zoom_kb" -v bc="$zoom_cpu" \
        'BEGIN { printf "%-4s %8.1f %8.1f %8.0f %10.1f %10.1f %12.0f %7.2f %7.2f\n",
                 run, a, ac, ak / 1024, b, bc, bk / 1024, a / b, ac / bc }'
    if ! awk -v a="$sdk_s" -v ak="$sdk_kb" -v b="$zoom_s" \
        'BEGIN { exit !(a * 3 <= b && ak * 1024 <= 1000000000) }'; then
        failed=1
    fi
done
if [ "$floor" = 1 ]; then
    build floor 1 >"$work/result-floor"
    read -r floor_s floor_kb floor_cpu <"$work/result-floor"
    awk -v a="$floor_s" -v ak="$floor_kb" -v ac="$floor_cpu" -v b="$zoom_s" -v bc="$zoom_cpu" \
        'BEGIN { printf "floor %8.1f %8.1f %8.0f   (ratio to the last zoom-api run %.2f, cpu %.2f)\n",
                 a, ac, ak / 1024, a / b, ac / bc }'
fi
echo "s: wall seconds; cpu: user + system seconds of all processes; MiB: the largest process's peak RSS" >&2
echo "target: ratio (SDK wall / zoom-api wall) <= 0.33 and SDK peak RSS <= 1 GB" >&2
if [ "$check" = 1 ] && [ "$failed" = 1 ]; then
    echo "build-cost.sh: a run missed the target" >&2
    exit 1
fi
