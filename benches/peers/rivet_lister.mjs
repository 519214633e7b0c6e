// List a year of one user's recordings with Node `@zoom/rivet`, for benches/peers.
//
//     node rivet_lister.mjs FROM TO UUIDS_OUT     (or: --idle)
//
// Walks calendar months from FROM to TO (inclusive yyyy-mm-dd dates) one after
// another, as Zoom allows one month per call, and follows `next_page_token` with
// `page_size=300` through `endpoints.cloudRecording.listAllRecordings`; writes the
// meeting UUIDs to UUIDS_OUT (one a line) and prints one JSON line
// {"client", "meetings", "list_seconds", "peak_rss_kib"} (the process's VmHWM).
// `--idle` only builds the client.
//
// Rivet's token endpoint is fixed (https://zoom.us/oauth/token), so it cannot be
// pointed at the fake: the fake's token (ZOOM_ACCESS_TOKEN, valid
// ZOOM_ACCESS_TOKEN_EXPIRES_IN seconds) is handed to it through the `tokenStore`
// option, and `baseUrl` is ZOOM_API_BASE_URL. The timed part is building the
// client and listing (no token request: the store already has one).

import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { MeetingsS2SAuthClient } from "@zoom/rivet/meetings";

// This process's peak resident set (VmHWM of /proc/self/status, KiB), or null.
function peakRssKib() {
  try {
    const line = readFileSync("/proc/self/status", "ascii").split("\n").find((l) => l.startsWith("VmHWM:"));
    return line ? Number(line.split(/\s+/)[1]) : null;
  } catch {
    return null;
  }
}

function monthWindows(start, end) {
  const windows = [];
  const day = 24 * 3600 * 1000;
  let first = start;
  while (first <= end) {
    const nextMonth = Date.UTC(new Date(first).getUTCFullYear(), new Date(first).getUTCMonth() + 1, 1);
    const last = Math.min(nextMonth - day, end);
    windows.push([first, last]);
    first = last + day;
  }
  return windows.map(([a, b]) => [new Date(a).toISOString().slice(0, 10), new Date(b).toISOString().slice(0, 10)]);
}

function parseDate(name, value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? "")) throw new Error(`${name}: not a yyyy-mm-dd date: ${value}`);
  return Date.parse(`${value}T00:00:00Z`);
}

function client() {
  const env = process.env;
  const expiresIn = Number(env.ZOOM_ACCESS_TOKEN_EXPIRES_IN);
  if (!env.ZOOM_ACCESS_TOKEN || !(expiresIn > 0)) {
    throw new Error("ZOOM_ACCESS_TOKEN and ZOOM_ACCESS_TOKEN_EXPIRES_IN must be set");
  }
  const token = {
    accessToken: env.ZOOM_ACCESS_TOKEN,
    expirationTimeIso: new Date(Date.now() + expiresIn * 1000).toISOString(),
    scopes: ["cloud_recording:read:list_user_recordings:admin"],
  };
  return new MeetingsS2SAuthClient({
    clientId: env.ZOOM_CLIENT_ID,
    clientSecret: env.ZOOM_CLIENT_SECRET,
    accountId: env.ZOOM_ACCOUNT_ID,
    baseUrl: env.ZOOM_API_BASE_URL,
    tokenStore: { getLatestToken: () => token, storeToken: () => {} },
    disableReceiver: true,
  });
}

async function listRecordings(zoom, start, end) {
  const uuids = [];
  for (const [from, to] of monthWindows(start, end)) {
    let token = "";
    do {
      const query = { from, to, page_size: 300 };
      if (token) query.next_page_token = token;
      // Rivet throws ApiResponseError on a non-2xx answer.
      const { data } = await zoom.endpoints.cloudRecording.listAllRecordings({ path: { userId: "me" }, query });
      for (const meeting of data.meetings ?? []) uuids.push(meeting.uuid);
      token = data.next_page_token ?? "";
    } while (token);
  }
  return uuids;
}

async function main(argv) {
  if (argv.length === 1 && argv[0] === "--idle") {
    client();
    console.log(JSON.stringify({ client: "rivet", meetings: 0, peak_rss_kib: peakRssKib() }));
    return;
  }
  if (argv.length !== 3) throw new Error("usage: rivet_lister.mjs FROM TO UUIDS_OUT | --idle");
  const [start, end] = [parseDate("FROM", argv[0]), parseDate("TO", argv[1])];
  const began = performance.now();
  const zoom = client();
  const uuids = await listRecordings(zoom, start, end);
  const seconds = (performance.now() - began) / 1000;
  writeFileSync(argv[2], uuids.map((u) => `${u}\n`).join(""));
  console.log(
    JSON.stringify({ client: "rivet", meetings: uuids.length, list_seconds: seconds, peak_rss_kib: peakRssKib() }),
  );
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`rivet_lister: ${err.message}`);
  process.exit(1);
});
