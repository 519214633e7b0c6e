#!/usr/bin/env bash
# Builds fuzz/corpus/<target>/ (not committed) from the committed seeds in
# fuzz/seeds/<target>/ and the response fixtures in tests/fixtures/:
#   decode   every fixture body, prefixed with the byte that picks its type
#            (webhook bodies too, as recordings pages and as errors)
#   webhook  every webhook fixture, signed at the target's clock and unsigned
# Safe to re-run: it only adds files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../tests/fixtures"
corpus="$here/corpus"

for target in decode webhook headers naming manifest; do
    mkdir -p "$corpus/$target"
    if [ -d "$here/seeds/$target" ]; then
        cp -n "$here/seeds/$target/"* "$corpus/$target/" 2>/dev/null || true
    fi
done

# The selector byte of fuzz_targets/decode.rs for each fixture folder.
declare -A selector=(
    [recordings_list]=0 [recording_get]=1 [get_account_cloud_recording]=2 [list_archived_files]=3
    [get_archived_files]=4 [get_archived_file_statistics]=5 [get_meeting_transcript]=6
    [getameetingsummary]=7 [listmeetingsummaries]=8 [analytics_details]=9 [analytics_summary]=10
    [meeting_recording_registrant_create]=11 [meeting_recording_registrants]=12
    [recording_registrants_questions_get]=13 [recording_setting_update]=14 [users]=15 [errors]=16
    [webhooks]=0
)
for dir in "$fixtures"/*/; do
    name="$(basename "$dir")"
    byte="${selector[$name]:-}"
    [ -n "$byte" ] || continue
    for file in "$dir"*.json; do
        out="$corpus/decode/$name-$(basename "$file" .json)"
        { printf "\\x$(printf '%02x' "$byte")"; cat "$file"; } > "$out"
    done
done
for file in "$fixtures"/webhooks/*.json; do
    base="$(basename "$file" .json)"
    # Flag 1: signed with the secret at 2026-01-01T00:00:00Z (the target's clock).
    { printf '\x01\n1767225600\n'; cat "$file"; } > "$corpus/webhook/signed-$base"
    { printf '\x00v0=00\n1767225600\n'; cat "$file"; } > "$corpus/webhook/unsigned-$base"
    { printf '\x10'; cat "$file"; } > "$corpus/decode/as-errors-$base"
done
echo "corpus: $(find "$corpus" -type f | wc -l) files under $corpus"
