"""The local engine: code a stream of articles in N worker processes, in input order.

Each worker builds one Pipeline (and loads the spaCy model) once, then codes chunks of articles
for the rest of the run. The main process reads the input, hands out chunks, and yields the
results in input order; at most `2 × workers` chunks are in flight, so memory stays flat however
long the input is. With `workers=1` everything runs in the calling process. Either way the
records are those of one Pipeline.process_many call over the whole input: with one process the
duplicate index carries over from chunk to chunk; with several, workers code every article and
the main process links duplicates in input order with the same index (DuplicateReplay).

Inside a worker, each chunk is parsed in a spaCy memory zone: the strings and lexemes the chunk
adds to the vocabulary are freed afterwards, so a process that codes a day of news does not grow
with every new name it has seen. An article that makes dyad fail becomes a Rejection, and a
worker that dies (killed, out of memory) turns its unfinished articles into Rejections and is
replaced; the run goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from dyad.dedupe import DuplicateIndex
from dyad.errors import ModelError
from dyad.nlp import loaded_pipelines
from dyad.pipeline import Pipeline, _internal_error, duplicate_rejection
from dyad.records import DocumentResult, RawDocument, Rejection

Result = DocumentResult | Rejection

# Articles per chunk handed to a worker: large enough that pickling and queueing cost little
# next to parsing, small enough that a worker crash loses little and memory stays low.
CHUNK_SIZE = 32
# A short English text every worker codes once at start-up, outside any memory zone, so the
# caches later chunks rely on (actor PhraseMatcher, memo tables) hold permanent vocabulary.
WARM_UP = RawDocument(
    source_id="dyad-warm-up",
    text="Russian Foreign Minister Sergey Lavrov met his Malian counterpart in Bamako on "
    "Tuesday. Lavrov said Russia would send aid, and the government welcomed it.",
    published="2023-02-07",
)


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """How to build the Pipeline in every worker: picklable, so it crosses process boundaries."""

    lang: str = "auto"
    published: str | None = None
    actor_files: tuple[str, ...] = ()
    pattern_files: tuple[str, ...] = ()
    batch_size: int = 16

    def build(self) -> Pipeline:
        return Pipeline(
            lang=self.lang,
            published=self.published,
            actor_files=self.actor_files,
            pattern_files=self.pattern_files,
            batch_size=self.batch_size,
        )


@dataclass(slots=True)
class EngineStats:
    """What a run measured: articles coded and each process's peak resident memory."""

    articles: int = 0
    seconds: float = 0.0
    main_peak_rss: int = 0  # bytes
    worker_peak_rss: list[int] = field(default_factory=list)  # bytes, one per worker process
    restarts: int = 0


# ---------------------------------------------------------------------------------------------
# The work one process does: shared by in-process runs, worker processes and Spark executors.


class Coder:
    """One Pipeline with the spaCy model loaded and accelerated, coding chunks of articles."""

    def __init__(self, options: PipelineOptions) -> None:
        from dyad.nlp import load_pipeline
        from dyad.speedups import one_blas_thread

        one_blas_thread()
        self.pipeline = options.build()
        # Other languages' pipelines load when their first article comes: the French one takes
        # ~7 s of CPU to build its tokenizer, paid by every worker of an English-only run.
        load_pipeline("en" if options.lang == "auto" else options.lang)
        list(self.pipeline.process_many([WARM_UP]))

    def code(self, chunk: list[RawDocument], duplicates: DuplicateIndex) -> list[Result]:
        """Results for `chunk` in order; an article dyad fails on becomes a Rejection."""
        recording = _Recording(duplicates)
        try:
            with self._memory_zone():
                return list(self.pipeline.process_many(chunk, duplicates=recording))
        except Exception:
            # Find the article that failed, coding the others one by one. The failed attempt
            # already put some of the chunk into `duplicates`: reuse its answers for those.
            out: list[Result] = []
            for raw in chunk:
                for item in self._code_one(raw):
                    if isinstance(item, DocumentResult):
                        article = item.article
                        earlier = recording.answer(article.doc_id, article.text)
                        item = link_duplicate(item, earlier)
                    out.append(item)
            return out

    def _code_one(self, raw: RawDocument) -> list[Result]:
        try:
            with self._memory_zone():
                return list(self.pipeline.process_many([raw], duplicates=NoDuplicates()))
        except Exception as exc:
            return [Rejection(raw.source_id, _internal_error(exc))]

    @contextlib.contextmanager
    def _memory_zone(self) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            # A pipeline first loaded inside this chunk keeps that chunk's strings: one chunk.
            for nlp in loaded_pipelines():
                stack.enter_context(nlp.memory_zone())
            yield


class NoDuplicates(DuplicateIndex):
    """The index a worker codes with when the main process links duplicates for the whole run."""

    def check_and_add(self, doc_id: str, text: str) -> str | None:
        return None


class _Recording(DuplicateIndex):
    """A view of a DuplicateIndex that remembers its answers, so a chunk coded again after a
    failure gets the same ones (the index itself changed when it first answered)."""

    def __init__(self, index: DuplicateIndex) -> None:  # a view: no index state of its own
        self.index = index
        self.answers: dict[str, list[str | None]] = {}

    def check_and_add(self, doc_id: str, text: str) -> str | None:
        earlier = self.index.check_and_add(doc_id, text)
        self.answers.setdefault(doc_id, []).append(earlier)
        return earlier

    def answer(self, doc_id: str, text: str) -> str | None:
        """The first recorded answer for `doc_id` not yet used, else a new one from the index."""
        recorded = self.answers.get(doc_id)
        if recorded:
            return recorded.pop(0)
        return self.index.check_and_add(doc_id, text)


class DuplicateReplay:
    """Links duplicates across a whole run, in input order, after parallel workers coded every
    article without looking: the same decisions Pipeline.process_many makes in one call, since
    DuplicateIndex sees the same (doc_id, text) sequence. Keep in step with process_many."""

    def __init__(self) -> None:
        self.index = DuplicateIndex()

    def __call__(self, item: Result) -> Result:
        if isinstance(item, Rejection):
            return item
        return link_duplicate(
            item, self.index.check_and_add(item.article.doc_id, item.article.text)
        )


def link_duplicate(item: DocumentResult, earlier: str | None) -> Result:
    """What process_many writes for an article whose earlier duplicate is `earlier` (or None)."""
    article = item.article
    if earlier is None:
        return item
    if earlier == article.doc_id:
        return duplicate_rejection(article.source_id, "an earlier input", earlier)
    article.duplicate_of = earlier
    return DocumentResult(article=article)


def peak_rss() -> int:
    """This process's peak resident set size in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


# ---------------------------------------------------------------------------------------------
# Worker processes


def _worker_main(options: PipelineOptions, tasks: Any, results: Any, worker_id: int) -> None:
    """Loop of one worker process: build the Coder once, then code chunks until told to stop."""
    try:
        coder = Coder(options)
    except Exception as exc:
        results.put(("fatal", worker_id, f"{type(exc).__name__}: {exc}"))
        return
    results.put(("ready", worker_id, None))
    no_duplicates = NoDuplicates()
    while True:
        task = tasks.get()
        if task is None:
            break
        seq, chunk = task
        results.put(("done", worker_id, (seq, coder.code(chunk, no_duplicates))))
    results.put(("stats", worker_id, peak_rss()))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    tasks: Any
    inflight: dict[int, list[RawDocument]] = field(default_factory=dict)
    ready: bool = False


class LocalEngine:
    """Code articles with `workers` processes; iterate `run(raws)` for results in input order."""

    def __init__(
        self,
        options: PipelineOptions | None = None,
        *,
        workers: int = 1,
        chunk_size: int = CHUNK_SIZE,
        start_timeout: float = 600.0,
    ) -> None:
        if workers < 1:
            raise ValueError(f"--workers {workers}: give 1 or more worker processes")
        self.options = options or PipelineOptions()
        self.workers = workers
        self.chunk_size = chunk_size
        self.start_timeout = start_timeout
        self.stats = EngineStats()
        self._coder: Coder | None = None
        self._pool: list[_Worker] = []
        self._results: Any = None
        self._ctx = mp.get_context("spawn")

    # ---- life cycle -----------------------------------------------------------------------

    def start(self) -> LocalEngine:
        """Build the pipelines (and load the model) now rather than on the first article."""
        if self.workers == 1:
            if self._coder is None:
                self._coder = Coder(self.options)
            return self
        if self._pool:
            return self
        # Fail here, with dyad's own message, on a bad --lang/--actors/--patterns, before any
        # process is spawned.
        self.options.build()
        self._results = self._ctx.Queue()
        self._pool = [self._spawn(i) for i in range(self.workers)]
        deadline = time.monotonic() + self.start_timeout
        while not all(w.ready for w in self._pool):
            if time.monotonic() > deadline:
                self.close()
                raise ModelError(
                    f"dyad's worker processes did not start within {self.start_timeout:.0f} s; "
                    "check that the spaCy model loads (`dyad extract --workers 1 ...`)"
                )
            self._handle(self._next_message(timeout=1.0), order=None)
        return self

    def _spawn(self, worker_id: int) -> _Worker:
        tasks = self._ctx.Queue()
        process = self._ctx.Process(
            target=_worker_main,
            args=(self.options, tasks, self._results, worker_id),
            name=f"dyad-worker-{worker_id}",
            daemon=True,
        )
        process.start()
        return _Worker(process=process, tasks=tasks)

    def close(self) -> None:
        """Stop the workers, collecting their peak memory; safe to call twice."""
        if not self._pool:
            self.stats.main_peak_rss = peak_rss()
            return
        for w in self._pool:
            if w.process.is_alive():
                with contextlib.suppress(Exception):
                    w.tasks.put(None)
        deadline = time.monotonic() + 10.0
        pending = {i for i, w in enumerate(self._pool) if w.process.is_alive()}
        peaks: dict[int, int] = {}
        while pending and time.monotonic() < deadline:
            try:
                kind, worker_id, payload = self._results.get(timeout=0.5)
            except queue.Empty:
                pending = {i for i in pending if self._pool[i].process.is_alive()}
                continue
            if kind == "stats":
                peaks[worker_id] = payload
                pending.discard(worker_id)
        for w in self._pool:
            w.process.join(timeout=2.0)
            if w.process.is_alive():
                w.process.terminate()
                w.process.join(timeout=2.0)
        self.stats.worker_peak_rss = [peaks[i] for i in sorted(peaks)]
        self.stats.main_peak_rss = peak_rss()
        self._pool = []

    def __enter__(self) -> LocalEngine:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- running --------------------------------------------------------------------------

    def run(self, raws: Iterable[RawDocument]) -> Iterator[Result]:
        """Results for `raws` in input order, streamed; duplicates coded once."""
        started = time.perf_counter()
        self.start()
        try:
            for item in self._ordered(raws):
                self.stats.articles += 1
                yield item
        finally:
            self.stats.seconds += time.perf_counter() - started
            if self.workers == 1:
                self.stats.main_peak_rss = peak_rss()
                self.stats.worker_peak_rss = [self.stats.main_peak_rss]

    def _ordered(self, raws: Iterable[RawDocument]) -> Iterator[Result]:
        chunks = _chunked(raws, self.chunk_size)
        if self.workers == 1:
            assert self._coder is not None
            duplicates = DuplicateIndex()  # one for the run, as one process_many call has
            for chunk in chunks:
                yield from self._coder.code(chunk, duplicates)
            return
        replay = DuplicateReplay()
        order: dict[int, list[Result]] = {}
        next_seq = 0  # the chunk whose results are yielded next
        submitted = 0
        exhausted = False
        limit = 2 * self.workers
        try:
            while True:
                while not exhausted and self._inflight() < limit:
                    try:
                        chunk = next(chunks)
                    except StopIteration:
                        exhausted = True
                        break
                    self._submit(submitted, chunk)
                    submitted += 1
                while next_seq in order:
                    for item in order.pop(next_seq):
                        yield replay(item)
                    next_seq += 1
                if exhausted and next_seq == submitted:
                    return
                self._handle(self._next_message(timeout=1.0), order=order)
        except GeneratorExit:
            # The caller stopped early (Ctrl-C, an error writing): don't leave workers behind.
            self.close()
            raise

    def _inflight(self) -> int:
        return sum(len(w.inflight) for w in self._pool)

    def _submit(self, seq: int, chunk: list[RawDocument]) -> None:
        worker = min(self._pool, key=lambda w: len(w.inflight))
        worker.inflight[seq] = chunk
        worker.tasks.put((seq, chunk))

    def _next_message(self, timeout: float) -> tuple[str, int, Any] | None:
        try:
            message: tuple[str, int, Any] = self._results.get(timeout=timeout)
            return message
        except queue.Empty:
            return None

    def _handle(
        self, message: tuple[str, int, Any] | None, order: dict[int, list[Result]] | None
    ) -> None:
        if message is None:
            self._replace_dead_workers(order)
            return
        kind, worker_id, payload = message
        worker = self._pool[worker_id]
        if kind == "ready":
            worker.ready = True
        elif kind == "fatal":
            self.close()
            raise ModelError(f"a dyad worker process could not start: {payload}")
        elif kind == "done":
            seq, items = payload
            worker.inflight.pop(seq, None)
            if order is not None:
                order[seq] = items

    def _replace_dead_workers(self, order: dict[int, list[Result]] | None) -> None:
        for i, w in enumerate(self._pool):
            if w.process.is_alive():
                continue
            code = w.process.exitcode
            why = _exit_reason(code)
            for seq, chunk in w.inflight.items():
                if order is not None:
                    order[seq] = [
                        Rejection(
                            raw.source_id,
                            f"the worker process coding this article died ({why}); it was "
                            "skipped. Rerun it alone, or with fewer --workers if memory is short",
                        )
                        for raw in chunk
                    ]
            self.stats.restarts += 1
            replacement = self._spawn(i)
            self._pool[i] = replacement
            # The replacement loads the model before it takes work; its queue holds the
            # chunks submitted from now on.
            replacement.ready = True


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        signals = {9: "killed, often by the out-of-memory killer", 11: "segmentation fault"}
        return f"signal {-code}: {signals.get(-code, 'terminated')}"
    return f"exit code {code}"


def _chunked(items: Iterable[RawDocument], n: int) -> Iterator[list[RawDocument]]:
    chunk: list[RawDocument] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def code_stream(
    raws: Iterable[RawDocument],
    options: PipelineOptions | None = None,
    *,
    workers: int = 1,
) -> Iterator[Result]:
    """Convenience: run a LocalEngine over `raws` and stop its workers at the end."""
    with LocalEngine(options, workers=workers) as engine:
        yield from engine.run(raws)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
