"""List a year of one user's recordings with Python `zoomus`, for benches/peers.

    python zoomus_lister.py FROM TO UUIDS_OUT     (or: --idle)

Walks calendar months from FROM to TO (inclusive yyyy-mm-dd dates) one after
another, as Zoom allows one month per call, and follows `next_page_token` with
`page_size=300`; writes the meeting UUIDs to UUIDS_OUT (one a line) and prints one
JSON line {"client", "meetings", "list_seconds", "peak_rss_kib"} (the process's
VmHWM). `--idle` only builds the client (zoomus asks for a token when it is built)
and prints {"client", "meetings": 0, "peak_rss_kib"}.

zoomus takes its API base URL (`base_uri`) and token endpoint (`oauth_uri`) as
arguments: they come from ZOOM_API_BASE_URL and ZOOM_OAUTH_BASE_URL, the
credentials from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET. The timed
part is building the client (its Server-to-Server token request) and listing.
"""

import datetime
import json
import os
import sys
import time

from zoomus import ZoomClient


def peak_rss_kib():
    """This process's peak resident set (VmHWM of /proc/self/status, KiB), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def month_windows(start, end):
    """Inclusive (from, to) pairs, each inside one calendar month, covering start..end."""
    windows = []
    while start <= end:
        next_month = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        last = min(next_month - datetime.timedelta(days=1), end)
        windows.append((start, last))
        start = last + datetime.timedelta(days=1)
    return windows


def client():
    env = os.environ
    return ZoomClient(
        env["ZOOM_CLIENT_ID"],
        env["ZOOM_CLIENT_SECRET"],
        env["ZOOM_ACCOUNT_ID"],
        base_uri=env["ZOOM_API_BASE_URL"],
        oauth_uri=env["ZOOM_OAUTH_BASE_URL"].rstrip("/") + "/oauth/token",
    )


def list_recordings(zoom, start, end):
    uuids = []
    for first, last in month_windows(start, end):
        token = ""
        while True:
            # `from` is a Python keyword; zoomus passes extra keywords as query parameters.
            params = {"from": first.isoformat(), "to": last.isoformat(), "page_size": 300}
            if token:
                params["next_page_token"] = token
            response = zoom.recording.list(user_id="me", **params)
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
            page = response.json()
            uuids.extend(m["uuid"] for m in page.get("meetings", []))
            token = page.get("next_page_token") or ""
            if not token:
                break
    return uuids


def main(argv):
    if argv == ["--idle"]:
        client()
        print(json.dumps({"client": "zoomus", "meetings": 0, "peak_rss_kib": peak_rss_kib()}))
        return 0
    if len(argv) != 3:
        print("usage: zoomus_lister.py FROM TO UUIDS_OUT | --idle", file=sys.stderr)
        return 2
    start, end = (datetime.date.fromisoformat(d) for d in argv[:2])
    began = time.perf_counter()
    zoom = client()
    if not zoom.config.get("token"):
        raise RuntimeError("zoomus got no access token from the token endpoint")
    uuids = list_recordings(zoom, start, end)
    seconds = time.perf_counter() - began
    with open(argv[2], "w", encoding="utf-8") as out:
        out.writelines(u + "\n" for u in uuids)
    print(json.dumps({"client": "zoomus", "meetings": len(uuids), "list_seconds": seconds,
                      "peak_rss_kib": peak_rss_kib()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
