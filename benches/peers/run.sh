#!/usr/bin/env bash
# Times this SDK, Python `zoomus` and Node `@zoom/rivet` listing the same year of one
# user's recordings (about 10,000 meetings, month by month, following
# next_page_token) from the same fake Zoom on 127.0.0.1, without and with a delay on
# every API request; prints wall time, requests and peak RSS per client and the
# ratios to the SDK. Installs what it needs on first use (a virtualenv in .venv,
# node_modules, release builds in the repository's target/); needs python3 (3.9+),
# node (18+) and npm, and reaches PyPI and the npm registry only when installing.
#
#   benches/peers/run.sh [--runs N] [--delay-runs N] [--delay-ms MS] [--meetings N] [--json-out FILE]
#
# Defaults: 5 rounds without delay (after one warm-up round), 2 rounds with 150 ms.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

zoomus_version=1.2.1   # pinned, with its dependencies, in requirements.txt
rivet_version=0.4.0    # pinned, with its dependencies, in package.json / package-lock.json

step() { printf '==> %s\n' "$*" >&2; }

installed_zoomus() {
    .venv/bin/python -c 'import importlib.metadata as m; print(m.version("zoomus"))' 2>/dev/null || true
}
if [[ "$(installed_zoomus)" != "$zoomus_version" ]]; then
    step "zoomus $zoomus_version into $here/.venv"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
    [[ "$(installed_zoomus)" == "$zoomus_version" ]] || { echo "zoomus $zoomus_version did not install" >&2; exit 1; }
fi

installed_rivet() {
    node -p 'require("./node_modules/@zoom/rivet/package.json").version' 2>/dev/null || true
}
if [[ "$(installed_rivet)" != "$rivet_version" ]]; then
    step "@zoom/rivet $rivet_version into $here/node_modules"
    npm ci --no-audit --no-fund --loglevel=error
    [[ "$(installed_rivet)" == "$rivet_version" ]] || { echo "@zoom/rivet $rivet_version did not install" >&2; exit 1; }
fi

step "release builds (fake-zoom, peers-sdk-lister) into $root/target"
cargo build --quiet --release --locked --manifest-path "$root/Cargo.toml" -p fake-zoom
# The lister is its own workspace; it gets the repository's lock file so that it
# uses (and shares the build of) the very versions the SDK is tested with.
cp "$root/Cargo.lock" sdk-lister/Cargo.lock
cargo build --quiet --release --manifest-path sdk-lister/Cargo.toml --target-dir "$root/target"

step "benchmark (progress on stderr, table on stdout)"
exec python3 bench.py \
    --fake "$root/target/release/fake-zoom" \
    --sdk "$root/target/release/peers-sdk-lister" \
    --python "$here/.venv/bin/python" \
    --node node \
    --here "$here" \
    "$@"
