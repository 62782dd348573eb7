"""Preview latency of `tune-or-prompt serve` on loopback: one user, then 10 at once.

Starts `serve` on 127.0.0.1 (a free port), then
* single user: 50 preview requests one after another (after 5 warm-up ones);
* concurrent: 10 sessions at once, each sending 20 preview requests one after
  another (a person typing: the next change once the last preview is back),
  each session with its own workload name and volumes.

Every answer is checked: status 200, no refused answer, the session's own
workload and volume in the returned link, and the whole preview (verdict,
confidence, totals, chart) equal to the one a lone request for the same
answers gets (so no answer leaks between sessions). It also reports the CPU
time the server spent per preview, which other work on the
machine does not inflate. Bounded: 250 requests in all, each with a 30 s timeout, 120 s for
the concurrent part. Target (issue 23): p95 of a preview under 500 ms with 10
sessions on a 2-core machine. Prints the load average before and after, since
other work on the machine shows in the figures. Exits 1 if the target or a
check fails.
Run: python benchmarks/bench_serve.py
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

SESSIONS = 10
REQUESTS = 20
SINGLE = 50
TARGET_P95_S = 0.5
TOTAL = re.compile(r'id="total-prompt">([^<]+)<')


def start() -> tuple[subprocess.Popen[str], str, int]:
    env = {**os.environ, "TUNE_OR_PROMPT_CACHE_DIR": os.environ.get("TUNE_OR_PROMPT_CACHE_DIR")
           or tempfile.mkdtemp(prefix="top-bench-")}
    proc = subprocess.Popen([sys.executable, "-m", "tune_or_prompt", "serve", "--host", "127.0.0.1"],
                            stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    url = urlsplit(line.split(" at ", 1)[1].strip())
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    return proc, url.hostname or "127.0.0.1", url.port or 0


def form(session: int, step: int) -> dict[str, str]:
    # From 20,000 to some 24 million queries a month: the sessions' verdicts differ.
    return {"workload": f"session {session}", "queries_per_month": str(int(20_000 * 2.2**session) + 1_000 * step)}


class Client:
    """One browser's connection (kept alive, as a browser does)."""

    def __init__(self, host: str, port: int) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def preview(self, fields: dict[str, str]) -> tuple[float, dict[str, object]]:
        body = urlencode(fields)
        started = time.perf_counter()
        self.conn.request("POST", "/preview", body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = self.conn.getresponse()
        data = response.read()
        took = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"status {response.status}: {data[:200]!r}")
        return took, json.loads(data)


def check(fields: dict[str, str], result: dict[str, object], expected: str | None) -> str | None:
    """Return what is wrong with a preview answer, or None."""
    if result["errors"]:
        return f"refused: {result['errors']}"
    query = str(result["query"])
    if urlencode({"workload": fields["workload"]}) not in query or \
            urlencode({"queries_per_month": fields["queries_per_month"]}) not in query:
        return f"another session's answers came back: {query[:120]}"
    if TOTAL.search(str(result["html"])) is None:
        return "no total in the preview"
    if expected is not None and result["html"] != expected:
        return "the preview differs from the one a lone request gets"
    return None


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/task/{pid}/children") as found:
            children = [int(c) for c in found.read().split()]
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(tree_cpu(child) for child in children)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    proc, host, port = start()
    try:
        lone = Client(host, port)
        for step in range(5):
            lone.preview(form(99, step))
        single = [lone.preview(form(99, step % REQUESTS))[0] for step in range(SINGLE)]
        # The total each session's answers should get, asked alone.
        expected = {}
        for s in range(SESSIONS):
            for step in range(REQUESTS):
                _, result = lone.preview(form(s, step))
                expected[s, step] = str(result["html"])

        problems: list[str] = []

        def session(s: int) -> list[float]:
            client = Client(host, port)
            took = []
            for step in range(REQUESTS):
                fields = form(s, step)
                seconds, result = client.preview(fields)
                took.append(seconds)
                wrong = check(fields, result, expected[s, step])
                if wrong:
                    problems.append(f"session {s} request {step}: {wrong}")
            return took

        cpu = tree_cpu(proc.pid)
        started = time.perf_counter()
        with ThreadPoolExecutor(SESSIONS) as pool:
            futures = [pool.submit(session, s) for s in range(SESSIONS)]
            latencies = [t for f in futures for t in f.result(timeout=120)]
        wall = time.perf_counter() - started
        cpu = tree_cpu(proc.pid) - cpu
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"single user, {SINGLE} previews: p50 {percentile(single, 50) * 1000:.0f} ms, "
          f"p95 {percentile(single, 95) * 1000:.0f} ms, max {max(single) * 1000:.0f} ms")
    print(f"{SESSIONS} sessions x {REQUESTS} previews ({len(latencies)} requests in {wall:.1f} s, "
          f"{len(latencies) / wall:.0f}/s): p50 {percentile(latencies, 50) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    print(f"CPU time of the server: {cpu * 1000 / len(latencies):.1f} ms a preview "
          f"({cpu / wall:.2f} cores busy on average)")
    print(f"errors or leaks: {len(problems)}")
    for line in problems[:10]:
        print("  " + line)
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = not problems and len(latencies) == SESSIONS * REQUESTS and percentile(latencies, 95) < TARGET_P95_S
    print("target p95 < 500 ms:", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
