"""Times three Zoom clients listing the same year of recordings from the same fake Zoom.

Started by run.sh (which installs the clients and builds the binaries); standard
library only. For each mode (no delay, then a fixed delay on every API request) it
starts the fake Zoom binary on 127.0.0.1, asks it which meetings a year's listing of
user `me` must return, and runs each client as its own process, rotating which goes
first in each round. Every run is checked: the client must return exactly the
fake's meetings, each once. The fake's counters give each run's requests. Each
client reports its own peak RSS (VmHWM of /proc/self/status: the kernel's rusage of
a child spawned from Python also counts the pages of the Python parent it was
forked from, about 17 MiB, so it is only the fallback). The client itself times
building its client plus listing ("list s"); the wall time of the whole process
(interpreter start and imports included) is "process s".
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CLIENT_TIMEOUT_S = 600
FAKE_START_TIMEOUT_S = 300


class BenchError(Exception):
    """A run that cannot be trusted: wrong meetings, a failed client, a fake that did not start."""


class Fake:
    """The fake Zoom binary, driven through its standard input commands."""

    def __init__(self, binary, meetings, seed, delay_ms):
        args = [binary, "--seed", str(seed), "--users", "1", "--meetings", str(meetings),
                "--history-days", "365", "--print-token"]
        if delay_ms:
            args += ["--delay-ms", str(delay_ms)]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1)
        watchdog = threading.Timer(FAKE_START_TIMEOUT_S, self.proc.kill)
        watchdog.start()
        self.banner = {}
        try:
            for line in self.proc.stdout:
                line = line.strip()
                if line == "ready":
                    break
                key, _, value = line.partition(" ")
                self.banner[key] = value.strip()
        finally:
            watchdog.cancel()
        needed = {"api_base_url", "oauth_base_url", "account_id", "client_id", "client_secret",
                  "access_token", "expires_in", "now"}
        if not needed <= self.banner.keys():
            self.stop()
            raise BenchError(f"the fake did not start (banner: {sorted(self.banner)})")

    def command(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if "error" in answer:
            raise BenchError(f"fake answered {line!r} with {answer['error']}")
        return answer

    def env(self):
        b = self.banner
        return {
            "ZOOM_API_BASE_URL": b["api_base_url"],
            "ZOOM_OAUTH_BASE_URL": b["oauth_base_url"],
            "ZOOM_ACCOUNT_ID": b["account_id"],
            "ZOOM_CLIENT_ID": b["client_id"],
            "ZOOM_CLIENT_SECRET": b["client_secret"],
            "ZOOM_ACCESS_TOKEN": b["access_token"],
            "ZOOM_ACCESS_TOKEN_EXPIRES_IN": b["expires_in"],
        }

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def run_client(name, command, env):
    """One process: its JSON line, wall seconds and peak RSS in MiB."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        watchdog = threading.Timer(CLIENT_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise BenchError(f"{name} exited with {proc.returncode}: {err.read()[-2000:]}")
        lines = [line for line in out.read().splitlines() if line.startswith("{")]
        if not lines:
            raise BenchError(f"{name} printed no result line")
        result = json.loads(lines[-1])
    peak_kib = result.get("peak_rss_kib") or usage.ru_maxrss  # Linux: both in KiB
    return result, wall, peak_kib / 1024.0


def check_listing(name, result, uuids_path, expected):
    with open(uuids_path, encoding="utf-8") as f:
        uuids = f.read().splitlines()
    if result["meetings"] != len(uuids):
        raise BenchError(f"{name} reported {result['meetings']} meetings but wrote {len(uuids)}")
    got = set(uuids)
    if len(got) != len(uuids):
        raise BenchError(f"{name} returned {len(uuids) - len(got)} meetings twice")
    if got != expected:
        missing, extra = len(expected - got), len(got - expected)
        raise BenchError(f"{name} listed {len(got)} meetings, the fake holds {len(expected)}: "
                         f"{missing} missing, {extra} not expected")


def median(values):
    return statistics.median(values)


def spread(values):
    """(max - min) / median, as a percentage: how noisy the runs were."""
    m = median(values)
    return 100.0 * (max(values) - min(values)) / m if m else 0.0


def run_mode(args, clients, delay_ms, runs, warmup):
    fake = Fake(args.fake, args.meetings, args.seed, delay_ms)
    try:
        to = datetime.datetime.fromisoformat(fake.banner["now"][:19]).date()
        start = to - datetime.timedelta(days=365)
        expected = set(fake.command(f"listed {start} {to}")["uuids"])
        if not expected:
            raise BenchError("the fake holds no meeting in the year listed")
        env = dict(os.environ, **fake.env())
        work = tempfile.mkdtemp(prefix="peers-bench-")
        results = {name: [] for name in clients}
        idle = {}
        if warmup:
            for name, command in clients.items():
                _, _, rss = run_client(name, command + ["--idle"], env)
                idle[name] = rss
        total_rounds = (1 if warmup else 0) + runs
        for round_no in range(total_rounds):
            names = list(clients)
            shift = round_no % len(names)
            for name in names[shift:] + names[:shift]:
                uuids_path = os.path.join(work, f"{name}.txt")
                before = fake.command("stats")
                result, wall, rss = run_client(
                    name, clients[name] + [str(start), str(to), uuids_path], env)
                after = fake.command("stats")
                check_listing(name, result, uuids_path, expected)
                os.remove(uuids_path)
                delta = {k: after[k] - before[k] for k in after}
                if warmup and round_no == 0:
                    continue
                results[name].append({"list_s": result["list_seconds"], "process_s": wall,
                                      "rss_mib": rss, "requests": delta})
                print(f"  {'delay' if delay_ms else 'no delay'} round {round_no}: {name:<7} "
                      f"{result['list_seconds']:.3f} s, {rss:.0f} MiB, "
                      f"{delta['recordings_list']} list + {delta['oauth_token']} token requests",
                      file=sys.stderr)
        os.rmdir(work)
        return {"from": str(start), "to": str(to), "meetings": len(expected),
                "results": results, "idle": idle}
    finally:
        fake.stop()


def report(title, mode, delay_ms):
    results = mode["results"]
    sdk = results["sdk"]
    sdk_rss = median([r["rss_mib"] for r in sdk])

    def paired(rows, key):
        """Median over rounds of this client's time / the SDK's time in the same round."""
        return median([r[key] / s[key] for r, s in zip(rows, sdk)])

    runs = len(sdk)
    print(f"\n{title}: {mode['meetings']} meetings of `me` from {mode['from']} to {mode['to']}, "
          f"{'%d ms per API request' % delay_ms if delay_ms else 'no delay'}, "
          f"median of {runs} run{'s' if runs > 1 else ''} each (spread = (max-min)/median; "
          f"time ratios: median over rounds of the ratio to the SDK's run in the same round)")
    header = (f"{'client':<8} {'requests':>14} {'list s':>8} {'spread':>7} {'process s':>10} "
              f"{'peak RSS MiB':>13} {'idle MiB':>9} {'list/SDK':>9} {'proc/SDK':>9} {'RSS/SDK':>8}")
    print(header)
    print("-" * len(header))
    for name, rows in results.items():
        lists = [r["list_s"] for r in rows]
        procs = [r["process_s"] for r in rows]
        rss = median([r["rss_mib"] for r in rows])
        req = rows[-1]["requests"]
        if any(r["requests"] != req for r in rows):
            requests = "varied"
        else:
            requests = f"{req['recordings_list']} + {req['oauth_token']} token"
        idle = mode["idle"].get(name)
        idle_text = f"{idle:.0f}" if idle is not None else "-"
        print(f"{name:<8} {requests:>14} {median(lists):>8.3f} {spread(lists):>6.0f}% "
              f"{median(procs):>10.3f} {rss:>13.1f} {idle_text:>9} "
              f"{paired(rows, 'list_s'):>9.2f} {paired(rows, 'process_s'):>9.2f} {rss / sdk_rss:>8.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fake", required=True, help="the fake-zoom binary (release)")
    parser.add_argument("--sdk", required=True, help="the peers-sdk-lister binary (release)")
    parser.add_argument("--python", required=True, help="the virtualenv's python, with zoomus")
    parser.add_argument("--node", default="node")
    parser.add_argument("--here", required=True, help="benches/peers")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay-runs", type=int, default=2)
    parser.add_argument("--delay-ms", type=int, default=150)
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json-out", help="also write every run's figures here")
    args = parser.parse_args()
    if args.runs < 1 or args.delay_runs < 0 or args.delay_ms < 0 or args.meetings < 1:
        parser.error("--runs must be at least 1; --delay-runs, --delay-ms and --meetings not negative")

    clients = {
        "sdk": [args.sdk],
        "zoomus": [args.python, os.path.join(args.here, "zoomus_lister.py")],
        "rivet": [args.node, os.path.join(args.here, "rivet_lister.mjs")],
    }
    modes = {}
    try:
        print(f"no delay: 1 warm-up round, then {args.runs} rounds", file=sys.stderr)
        modes["no_delay"] = run_mode(args, clients, 0, args.runs, warmup=True)
        if args.delay_runs and args.delay_ms:
            print(f"{args.delay_ms} ms delay: {args.delay_runs} rounds", file=sys.stderr)
            modes["delay"] = run_mode(args, clients, args.delay_ms, args.delay_runs, warmup=False)
    except BenchError as e:
        print(f"bench failed: {e}", file=sys.stderr)
        return 1
    report("Listing a year, fake Zoom on loopback", modes["no_delay"], 0)
    if "delay" in modes:
        report("Listing a year, every API request delayed", modes["delay"], args.delay_ms)
    print("\nEvery run listed exactly the fake's meetings, each once. requests = recordingsList "
          "calls + token requests (rivet is handed a token through tokenStore).")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(modes, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
