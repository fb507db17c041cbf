"""Throughput and memory of dyad extract, measured side by side with the bare spaCy pipeline.

    python bench/throughput.py [--articles 1000] [--workers 1 2] [--rss 1000 10000]
                               [--rss-words 150] [--spark-articles N] [--data DIR]
                               [--words N] [--no-compare] [--no-spark] [--no-rss]

Prints, in one run on the same texts (news articles from ../shared/data: PolNeAR's political
news, then English Wikinews, ~730 words on average; with --words N, articles of about N words
each made of those articles' paragraphs drawn at random):

1. For 1 and 2 processes: (a) the bare spaCy pipeline, `nlp.pipe` over the full texts with the
   same model as spaCy ships it (no dyad speed-ups), in N processes that each load it once;
   (b) `dyad extract --workers N` end to end (read, clean, parse, code, write JSONL), as a
   subprocess. Both timings include process
   start-up and model loading. Articles/s and input tokens/s (spaCy tokens of the full texts),
   by wall clock and per CPU-second (the machine may be shared; CPU time is what contention does
   not inflate), peak RSS per process, and the ratio b/a.
2. Spark local[N] against the local N-process engine on the same JSONL file, after start-up
   (workers started and model loaded before the clock starts; Spark also runs a warm-up job).
3. Streaming memory: `dyad extract --workers N` on the first `--rss` counts of a stream of
   distinct articles (paragraphs of the corpus recombined, `--rss-words` words each, so no two
   are near-duplicates that dyad would skip), with each process's peak RSS.
"""

from __future__ import annotations

import argparse
import glob
import json
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MIB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Corpus


def news_articles(data: Path) -> list[dict[str, str]]:
    """Real news articles: PolNeAR (political news, train + dev), then English Wikinews."""
    out = []
    for path in sorted(glob.glob(str(data / "quotes/polnear/*/text/*.txt"))):
        out.append({"id": Path(path).stem, "text": Path(path).read_text(encoding="utf-8")})
    wikinews = data / "corpus/wikinews_en.jsonl"
    if wikinews.exists():
        with wikinews.open(encoding="utf-8") as f:
            for line in f:
                item = json.loads(line)
                out.append({k: item[k] for k in ("id", "text", "title", "published") if k in item})
    if not out:
        sys.exit(f"no articles under {data}; pass --data pointing at shared/data")
    return out


def corpus(data: Path, n: int) -> list[dict[str, str]]:
    articles = news_articles(data)
    if n > len(articles):
        sys.exit(
            f"only {len(articles)} distinct news articles under {data}; ask for fewer "
            "(repeating them would make dyad skip the copies as duplicates)"
        )
    return articles[:n]


def recombined(data: Path, n: int, words: int, seed: int = 7) -> list[dict[str, str]]:
    """`n` distinct articles of about `words` words, each a random draw of corpus paragraphs."""
    paragraphs = [
        p.strip()
        for a in news_articles(data)
        for p in a["text"].split("\n")
        if len(p.split()) >= 12
    ]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = []
        count = 0
        while count < words:
            parts.append(rng.choice(paragraphs))
            count += len(parts[-1].split())
        # End nearest `words`: without the last paragraph when that overshoots by more than
        # stopping short would miss, so the average is about `words`, not above it.
        last = len(parts[-1].split())
        if len(parts) > 1 and count - words > words - (count - last):
            parts.pop()
        out.append({"id": f"mix-{i:06d}", "text": "\n\n".join(parts), "published": "2016-06-01"})
    return out


def write_jsonl(items: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------
# Measuring processes


@dataclass
class Measure:
    seconds: float
    cpu_seconds: float
    peaks: dict[str, int] = field(default_factory=dict)  # process label -> peak RSS bytes


class RssWatcher:
    """Polls the peak RSS (VmHWM) of a process and all its descendants until stopped."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        self.root = root
        self.interval = interval
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval)

    def poll(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        family = {self.root}
        grew = True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    grew = True
        for pid in family:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            hwm = int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
            name = _label(cmd)
            if hwm > self.peaks.get(pid, ("", 0))[1]:
                self.peaks[pid] = (name, hwm)

    def by_label(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, peak in self.peaks.values():
            out[name] = max(out.get(name, 0), peak)
        return out


def _label(cmd: str) -> str:
    if "multiprocessing" in cmd or "spawn_main" in cmd:
        return "worker"
    if "pyspark.daemon" in cmd or "pyspark/daemon" in cmd or "pyspark.worker" in cmd:
        return "spark python worker"
    if "java" in cmd.split(" ")[0]:
        return "spark jvm"
    if "dyad.cli" in cmd:
        return "main"
    return "other"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(args: list[str]) -> Measure:
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dyad.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    with RssWatcher(proc.pid) as watcher:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"dyad extract failed ({proc.returncode}):\n{err[-2000:]}")
    summary = [line for line in err.splitlines() if line.startswith("dyad: ") and "→" in line]
    if summary:
        print(f"    {summary[-1]}")
    return Measure(seconds, children_cpu() - cpu0, watcher.by_label())


# ---------------------------------------------------------------------------------------------
# (a) bare spaCy


def _bare_worker(texts: list[str], results: mp.Queue) -> None:  # type: ignore[type-arg]
    import importlib

    from dyad.nlp import MAX_LENGTH, MODEL_PACKAGES

    cpu0 = time.process_time()
    # The stock pipeline as spaCy ships it: not dyad.nlp.load_pipeline, which adds dyad's speed-ups.
    nlp = importlib.import_module(MODEL_PACKAGES["en"]).load()
    nlp.max_length = MAX_LENGTH
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    results.put((tokens, time.process_time() - cpu0, peak))


def run_bare(texts: list[str], processes: int) -> tuple[Measure, int]:
    ctx = mp.get_context("spawn")
    results: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    start = time.perf_counter()
    procs = [
        ctx.Process(target=_bare_worker, args=(texts[i::processes], results))
        for i in range(processes)
    ]
    for p in procs:
        p.start()
    outs = [results.get() for _ in procs]
    for p in procs:
        p.join()
    seconds = time.perf_counter() - start
    tokens = sum(o[0] for o in outs)
    return Measure(seconds, sum(o[1] for o in outs), {"worker": max(o[2] for o in outs)}), tokens


# ---------------------------------------------------------------------------------------------
# Spark vs the local engine, after start-up


def run_local_engine(path: Path, out: Path, workers: int) -> tuple[float, int, int]:
    from dyad.engine import LocalEngine
    from dyad.read import iter_inputs
    from dyad.records import RawDocument
    from dyad.write import OutputWriter

    with LocalEngine(workers=workers) as engine, OutputWriter(out) as writer:
        raws = (r for r in iter_inputs([str(path)]) if isinstance(r, RawDocument))
        start = time.perf_counter()
        for item in engine.run(raws):
            writer.write(item)
        seconds = time.perf_counter() - start
    return seconds, writer.counts["articles"], writer.counts["events"]


def run_spark(path: Path, out: Path, workers: int) -> tuple[float, float, int, int]:
    from dyad.spark import extract, spark_session, warm_up

    start = time.perf_counter()
    spark = spark_session(f"local[{workers}]")
    try:
        warm_up(spark)
        startup = time.perf_counter() - start
        run = extract(spark, [str(path)], out)
    finally:
        spark.stop()
    return run.seconds, startup, run.counts["articles"], run.counts["events"]


# ---------------------------------------------------------------------------------------------


def mib(n: int) -> str:
    return f"{n / MIB:.0f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rss", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rss-words", type=int, default=150)
    parser.add_argument(
        "--spark-articles", type=int, help="articles for part 2 (default: --articles)"
    )
    parser.add_argument(
        "--words", type=int, help="parts 1-2 on articles of about N words (paragraphs recombined)"
    )
    parser.add_argument("--no-compare", action="store_true", help="skip part 1")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--no-rss", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="dyad-bench-"))
    items = (
        recombined(args.data, args.articles, args.words)
        if args.words
        else corpus(args.data, args.articles)
    )
    path = tmp / "articles.jsonl"
    write_jsonl(items, path)
    texts = [item["text"] for item in items]
    words = sum(len(t.split()) for t in texts)
    print(f"dyad throughput bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs")
    print(f"corpus: {len(items)} articles, {words / len(items):.0f} words on average ({path})")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")

    print("\n== 1. bare spaCy (a) vs dyad extract (b), start-up included")
    header = f"{'':22s}{'seconds':>8s}{'art/s':>8s}{'tok/s':>8s}{'art/CPU-s':>10s}{'peak RSS':>24s}"
    for n in [] if args.no_compare else args.workers:
        bare, tokens = run_bare(texts, n)
        dyad = run_cli(
            [
                "extract",
                str(path),
                "--out",
                str(tmp / f"out{n}"),
                "--workers",
                str(n),
                "--no-progress",
            ]
        )
        print(header)
        for label, m in ((f"(a) spaCy, {n} proc", bare), (f"(b) dyad, {n} proc", dyad)):
            peaks = ", ".join(f"{k} {mib(v)}" for k, v in sorted(m.peaks.items()))
            print(
                f"{label:22s}{m.seconds:8.1f}{len(items) / m.seconds:8.2f}"
                f"{tokens / m.seconds:8.0f}{len(items) / m.cpu_seconds:10.2f}   {peaks}"
            )
        ratio, cpu_ratio = bare.seconds / dyad.seconds, bare.cpu_seconds / dyad.cpu_seconds
        print(f"    ratio b/a ({n} proc): {ratio:.2f} by wall clock, {cpu_ratio:.2f} by CPU time")

    if not args.no_spark:
        n = max(args.workers)
        print(f"\n== 2. Spark local[{n}] vs the local {n}-process engine, after start-up")
        count = min(args.spark_articles or len(items), len(items))
        spark_path = tmp / "spark_input.jsonl"
        write_jsonl(items[:count], spark_path)
        local_s, local_articles, local_events = run_local_engine(spark_path, tmp / "local", n)
        spark_s, startup, spark_articles, spark_events = run_spark(spark_path, tmp / "spark", n)
        print(
            f"local engine, {n} proc: {local_s:7.1f} s  {count / local_s:6.2f} art/s  "
            f"({local_articles} articles, {local_events} events)"
        )
        print(
            f"Spark local[{n}]:        {spark_s:7.1f} s  {count / spark_s:6.2f} art/s  "
            f"({spark_articles} articles, {spark_events} events; start-up {startup:.1f} s "
            "not counted)"
        )
        print(f"    Spark / local: {local_s / spark_s:.2f}")

    if not args.no_rss:
        n = max(args.workers)
        print(f"\n== 3. streaming memory, dyad extract --workers {n}")
        stream = recombined(args.data, max(args.rss), args.rss_words)
        for count in args.rss:
            sub = tmp / f"stream{count}.jsonl"
            write_jsonl(stream[:count], sub)
            m = run_cli(
                [
                    "extract",
                    str(sub),
                    "--out",
                    str(tmp / f"rss{count}"),
                    "--workers",
                    str(n),
                    "--no-progress",
                ]
            )
            peaks = ", ".join(f"{k} {mib(v)}" for k, v in sorted(m.peaks.items()))
            print(
                f"{count:6d} articles of ~{args.rss_words} words: {m.seconds:7.1f} s, "
                f"{count / m.seconds:6.2f} art/s, peak RSS {peaks}"
            )
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}; outputs in {tmp}")


if __name__ == "__main__":
    main()
