"""API latency on a store of 1,000,000 synthetic events: p50 / p95 for the dyad series and the
events page, measured over HTTP against a real `dyad serve` on 127.0.0.1.

    python bench/api_latency.py [--events 1000000] [--requests 300] [--db PATH]

The store is built once through `Store.add` (100,000 articles of 10 events; reused when the
file already holds as many, after bringing its schema up to date) and served read-only.
Requests go one at a time, then from four clients at once; each kind draws its dyads,
intervals, filters and pages from a fixed seed.
The target is p95 under 100 ms. The server's CPU time per request is printed too: on a
shared machine it says more about the code than latency does.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from dyad.store import Store
from dyad.synthetic import ACTORS, synthetic_documents

TARGET_MS = 100.0
EVENTS_PER_ARTICLE = 10
WARMUP = 10


def build(db: Path, events: int) -> None:
    articles = events // EVENTS_PER_ARTICLE
    if db.exists():
        with Store(db) as store:  # opened for writing: brings an older store up to date
            if store.counts()["events"] >= events:
                print(f"reusing {db} ({store.counts()['events']:,} events)")
                return
        db.unlink()
    started = time.perf_counter()
    docs = synthetic_documents(articles, events_per_article=EVENTS_PER_ARTICLE, seed=1)
    with Store(db) as store:
        while chunk := list(itertools.islice(docs, 2000)):
            store.add(chunk)
        # Synthetic articles come in no day order, unlike a news feed: put the events in
        # page order once, as after any bulk load (Store.cluster).
        store.cluster()
        counts = store.counts()
    print(
        f"built {db}: {counts['articles']:,} articles, {counts['events']:,} events "
        f"in {time.perf_counter() - started:.0f} s"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dyad.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("dyad serve did not start within 60 s")


def series_params(rng: random.Random) -> tuple[str, dict[str, str | int]]:
    a, b = rng.sample([k for k, *_ in ACTORS[:12]], 2)
    interval = rng.choice(["day", "week", "month"])
    return "/api/series", {"a": a, "b": b, "interval": interval}


def events_params(rng: random.Random) -> tuple[str, dict[str, str | int]]:
    params: dict[str, str | int] = {"limit": 50, "offset": rng.choice([0, 0, 50, 500, 5000])}
    kind = rng.randrange(4)
    a, b = rng.sample([k for k, *_ in ACTORS[:12]], 2)
    if kind == 0:
        params["dyad"] = f"{a}-{b}"
    elif kind == 1:
        params["actor"] = a
        params["root"] = f"{rng.randint(1, 20):02d}"
    elif kind == 2:
        params["since"] = f"{rng.randint(2015, 2023)}-01-01"
        params["quad_class"] = rng.randint(1, 4)
    return "/api/events", params


def measure(
    base: str,
    make: Callable[[random.Random], tuple[str, dict[str, str | int]]],
    n: int,
    workers: int,
) -> list[float]:
    rng = random.Random(42)
    calls = [make(rng) for _ in range(n)]

    def one(call: tuple[str, dict[str, str | int]], client: httpx.Client) -> float:
        start = time.perf_counter()
        response = client.get(base + call[0], params=call[1])
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{call}: HTTP {response.status_code} {response.text[:200]}")
        return elapsed

    with httpx.Client(timeout=30) as client:
        for call in calls[:WARMUP]:  # warm-up: first reads load columns into DuckDB's cache
            one(call, client)
        if workers == 1:
            return [one(call, client) for call in calls]
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda c: one(c, client), calls))


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(name: str, times: list[float], cpu: float | None) -> bool:
    q = statistics.quantiles(times, n=100)
    p50, p95 = q[49], q[94]
    ok = p95 < TARGET_MS
    # The server's CPU per request does not depend on what else the machine runs.
    served = len(times) + WARMUP
    per = f"   server CPU {cpu * 1000 / served:5.1f} ms/req" if cpu is not None else ""
    print(
        f"{name:<34} n={len(times):<4} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
        f"{'OK' if ok else 'OVER'} (target p95 < {TARGET_MS:.0f} ms){per}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "dyad-bench.duckdb"
    )
    args = parser.parse_args()
    build(args.db, args.events)
    proc, base = serve(args.db)
    try:
        ok = True
        for workers in (1, 4):
            label = "one client" if workers == 1 else f"{workers} clients"
            for path, make in (("series", series_params), ("events", events_params)):
                before = cpu_seconds(proc.pid)
                times = measure(base, make, args.requests, workers)
                after = cpu_seconds(proc.pid)
                cpu = after - before if after is not None and before is not None else None
                ok &= report(f"GET /api/{path} ({label})", times, cpu)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
