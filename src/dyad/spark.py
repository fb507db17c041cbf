"""The Spark engine: `dyad extract --engine spark`, for corpora larger than one machine codes.

The input files are listed on the driver in the order the local engine reads them. Each file is
read by one task with dyad's own readers (JSONL, WARC, HTML, text, as Common Crawl's PySpark
jobs read one WARC per task); Parquet inputs are read by Spark itself. The articles are then
spread over `partitions` partitions and coded with `mapPartitions`: every Python worker builds
one dyad Coder (spaCy model included) the first time it runs a task and keeps it for every later
partition, because Spark reuses its Python workers (spark.python.worker.reuse). Duplicates are
linked on the driver in input order, exactly as the local engine links them, and the records are
written as Parquet folders with the fields of the local engine's JSONL files:
DIR/articles, DIR/events, DIR/quotes, DIR/mentions, DIR/rejected.

Running on a cluster (spark-submit, shipping dyad and the model, partition sizing): docs/spark.md.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from dyad.engine import CHUNK_SIZE, Coder, NoDuplicates, PipelineOptions, Result
from dyad.errors import DyadError, InputError, UsageError
from dyad.records import DocumentResult, RawDocument, Rejection

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

OUTPUTS = ("articles", "events", "quotes", "mentions", "rejected")
# Parquet input columns dyad reads; any other column is ignored, as in JSONL.
INPUT_COLUMNS = ("id", "text", "html", "title", "published", "url", "lang")
# Position of a record in the run: (input file number, record number in that file).
Seq = tuple[int, int]

# One Coder per Python worker process, built on its first task and reused by every later one.
_CODERS: dict[PipelineOptions, Coder] = {}


def _coder(options: PipelineOptions) -> Coder:
    coder = _CODERS.get(options)
    if coder is None:
        coder = _CODERS[options] = Coder(options)
    return coder


# ---------------------------------------------------------------------------------------------
# Output schema: the fields of the JSONL records (records.py to_dict), given explicitly.


def _schemas() -> dict[str, StructType]:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def struct(**fields: DataType) -> StructType:
        return StructType([StructField(name, kind, nullable=True) for name, kind in fields.items()])

    text, integer, number = StringType(), LongType(), DoubleType()
    span = struct(text=text, start=integer, end=integer)
    actor = struct(
        text=text,
        start=integer,
        end=integer,
        code=text,
        country=text,
        igo=text,
        sector=ArrayType(text),
        name=text,
        kind=text,
    )
    location = struct(name=text, country=text, lat=number, lon=number, start=integer, end=integer)
    return {
        "articles": struct(
            doc_id=text,
            source_id=text,
            url=text,
            title=text,
            published=text,
            lang=text,
            authors=ArrayType(text),
            text=text,
            captions=ArrayType(text),
            site_name=text,
            duplicate_of=text,
        ),
        "events": struct(
            event_id=text,
            doc_id=text,
            sentence=struct(start=integer, end=integer),
            trigger=span,
            source=actor,
            target=actor,
            cameo=text,
            root=text,
            plover=text,
            quad_class=integer,
            goldstein=number,
            date=text,
            date_precision=text,
            location=location,
            negated=BooleanType(),
            modality=text,
            quote_id=text,
            confidence=number,
            rule=text,
        ),
        "quotes": struct(
            quote_id=text,
            doc_id=text,
            text=text,
            start=integer,
            end=integer,
            kind=text,
            cue=span,
            speaker=actor,
        ),
        # One schema for the three kinds of mention: the fields a kind does not have are null.
        "mentions": struct(
            doc_id=text,
            kind=text,
            text=text,
            start=integer,
            end=integer,
            actor=actor,
            value=text,
            precision=text,
            name=text,
            country=text,
            lat=number,
            lon=number,
        ),
        "rejected": struct(input=text, reason=text),
    }


class SchemaMismatch(DyadError):
    pass


def to_row(record: dict[str, Any], schema: StructType, where: str) -> tuple[Any, ...]:
    """`record` (a to_dict) as a tuple in `schema` order; a field the schema lacks is an error,
    so a new record field cannot silently go missing from the Parquet output."""
    from pyspark.sql.types import ArrayType, DoubleType, StructType

    extra = set(record) - set(schema.fieldNames())
    if extra:
        raise SchemaMismatch(
            f"{where} records have field(s) {sorted(extra)} that dyad.spark's Parquet schema "
            "lacks; add them to dyad.spark._schemas so Spark writes what the local engine writes"
        )
    row: list[Any] = []
    for field in schema.fields:
        value = record.get(field.name)
        kind = field.dataType
        if value is None:
            row.append(None)
        elif isinstance(kind, StructType):
            row.append(to_row(value, kind, f"{where}.{field.name}"))
        elif isinstance(kind, ArrayType):
            row.append(list(value))
        elif isinstance(kind, DoubleType):
            row.append(float(value))
        else:
            row.append(value)
    return tuple(row)


def records_of(item: Result) -> Iterator[tuple[str, dict[str, Any]]]:
    """(output name, record) for everything the local engine's writer writes for `item`."""
    if isinstance(item, Rejection):
        yield "rejected", item.to_dict()
        return
    yield "articles", item.article.to_dict()
    for event in item.events:
        yield "events", event.to_dict()
    for quote in item.quotes:
        yield "quotes", quote.to_dict()
    for mention in item.mentions:
        yield "mentions", mention.to_dict()


# ---------------------------------------------------------------------------------------------
# Tasks (run on executors; module-level so Spark pickles them by reference)


def _read_file(item: tuple[int, str]) -> Iterator[tuple[Seq, RawDocument | Rejection]]:
    from dyad.read import iter_inputs

    file_no, path = item
    for record_no, found in enumerate(iter_inputs([path])):
        yield (file_no, record_no), found


def _parquet_values(file_no: int, path: str, row: Any) -> tuple[int, str, dict[str, Any]]:
    return file_no, path, {k: v for k, v in row.asDict().items() if v is not None}


def _parquet_article(item: tuple[tuple[int, str, dict[str, Any]], int]) -> tuple[Seq, Any]:
    from dyad.read import parse_jsonl_article

    (file_no, path, values), row_no = item
    where = f"{path}:{row_no + 1}"
    try:
        return (file_no, row_no), parse_jsonl_article(json.dumps(values), where)
    except InputError as error:
        return (file_no, row_no), Rejection(input=where, reason=str(error))


def _code_partition(
    options: PipelineOptions, chunk_size: int
) -> Callable[[Iterable[tuple[Seq, RawDocument | Rejection]]], Iterator[tuple[Any, ...]]]:
    def run(items: Iterable[tuple[Seq, RawDocument | Rejection]]) -> Iterator[tuple[Any, ...]]:
        from dyad.dedupe import DuplicateIndex

        coder = _coder(options)
        schemas = _schemas()
        fingerprints = DuplicateIndex()  # only its hash functions: the driver keeps the index
        # The driver links duplicates across the whole run; here every article is coded.
        no_duplicates = NoDuplicates()
        stream = iter(items)
        while chunk := list(itertools.islice(stream, chunk_size)):
            raws = [x for _, x in chunk if isinstance(x, RawDocument)]
            coded = iter(coder.code(raws, no_duplicates))
            for seq, x in chunk:
                # process_many yields exactly one result per article, in order.
                item = x if isinstance(x, Rejection) else next(coded)
                yield _coded_row(seq, item, schemas, fingerprints)

    return run


def _coded_row(
    seq: Seq, item: Result, schemas: dict[str, StructType], index: Any
) -> tuple[Any, ...]:
    """One row of the coded table: an input's records in every output, and its fingerprint."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in OUTPUTS}
    for name, record in records_of(item):
        rows[name].append(to_row(record, schemas[name], name))
    signature, shingles = None, 0
    if isinstance(item, DocumentResult):
        found, shingles = index.fingerprint(item.article.text)
        signature = None if found is None else found.tobytes()
    article = rows["articles"][0] if rows["articles"] else None
    rejected = rows["rejected"][0] if rows["rejected"] else None
    return (
        *seq,
        article,
        rows["events"],
        rows["quotes"],
        rows["mentions"],
        rejected,
        signature,
        shingles,
    )


def _coded_schema() -> StructType:
    from pyspark.sql.types import ArrayType, BinaryType, LongType, StructField, StructType

    schemas = _schemas()
    return StructType(
        [
            StructField("file_no", LongType(), False),
            StructField("record_no", LongType(), False),
            StructField("article", schemas["articles"]),
            *[StructField(name, ArrayType(schemas[name])) for name in OUTPUTS[1:4]],
            StructField("rejected", schemas["rejected"]),
            StructField("signature", BinaryType()),
            StructField("shingles", LongType()),
        ]
    )


# ---------------------------------------------------------------------------------------------
# The driver


@dataclass(slots=True)
class SparkRun:
    counts: dict[str, int]
    seconds: float
    partitions: int


def spark_session(master: str, *, app_name: str = "dyad") -> SparkSession:
    """A SparkSession for dyad: Python workers reused (the model loads once per worker), no
    console progress bar, and executors running this interpreter when Spark runs locally."""
    # The default is the system `python3`, which lacks dyad and spaCy; on a cluster, set
    # PYSPARK_PYTHON to the executors' interpreter yourself (docs/spark.md).
    if master.startswith("local"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise UsageError(
            "--engine spark needs pyspark: install dyad with `pip install 'dyad[spark]'` "
            "(and Java 17 or newer)"
        ) from exc
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.python.worker.reuse", "true")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # pyspark raises its own runtime errors when the JVM won't start
        raise UsageError(
            f"Spark could not start ({str(exc).splitlines()[0][:200]}); it needs Java 17 or "
            "newer: check `java -version`, or set JAVA_HOME to a JDK 17+"
        ) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def list_inputs(inputs: Iterable[str]) -> list[str]:
    """Every file the inputs name, in the local engine's order (folders walked, sorted)."""
    from dyad.read import _sources

    files = []
    for item in inputs:
        if item == "-" or "://" in item:
            raise UsageError(
                f"{item!r}: --engine spark reads files and folders (JSONL, WARC, HTML, text, "
                "Parquet) that every executor can open; use the local engine for standard "
                "input and URLs"
            )
        # A Parquet dataset folder holds Spark's marker files (_SUCCESS) beside its parts.
        files += [label for label, _ in _sources(item) if not _spark_marker(Path(label).name)]
    return files


def _spark_marker(name: str) -> bool:
    return name == "_SUCCESS" or name.startswith(("_committed_", "_started_"))


def read_articles(spark: SparkSession, files: list[str]) -> RDD[tuple[Seq, Any]]:
    """(seq, RawDocument or Rejection) for every record of `files`."""
    sc = spark.sparkContext
    readable = [(n, f) for n, f in enumerate(files) if not f.lower().endswith(".parquet")]
    rdds = []
    if readable:
        rdds.append(sc.parallelize(readable, len(readable)).flatMap(_read_file))
    for n, path in enumerate(files):
        if not path.lower().endswith(".parquet"):
            continue
        df = spark.read.parquet(path)
        columns = [c for c in INPUT_COLUMNS if c in df.columns]
        rows = df.select(*[df[c].cast("string").alias(c) for c in columns]).rdd
        tagged = rows.map(functools.partial(_parquet_values, n, path))
        rdds.append(tagged.zipWithIndex().map(_parquet_article))
    if not rdds:
        return sc.emptyRDD()
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def extract(
    spark: SparkSession,
    inputs: Iterable[str],
    out_dir: str | Path,
    options: PipelineOptions | None = None,
    *,
    partitions: int | None = None,
) -> SparkRun:
    """Code every article in `inputs` and write the records as Parquet under `out_dir`.

    Executors code the articles and turn each result into one row holding its records for every
    output and its duplicate fingerprint, all in one pass. The driver then links duplicates in
    input order from the fingerprints alone, and Spark writes the five outputs from the cached
    rows without going back to Python.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    options = options or PipelineOptions()
    # Build the options once here, so a bad --lang/--actors/--patterns fails before any task.
    options.build()
    started = time.perf_counter()
    sc = spark.sparkContext
    partitions = partitions or 4 * sc.defaultParallelism
    files = list_inputs(inputs)
    articles = read_articles(spark, files).repartition(partitions)
    rows = articles.mapPartitions(_code_partition(options, CHUNK_SIZE))
    # to_row already checked every record against the schema; Spark need not check again.
    coded = spark.createDataFrame(rows, _coded_schema(), verifySchema=False).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    try:
        links, repeats, counts = _link_duplicates(spark, coded)
        seq = ["file_no", "record_no"]
        linked = coded.join(F.broadcast(links), seq, "left")
        kept = F.col("earlier").isNull()
        out = Path(out_dir)
        article = F.col("article").withField(
            "duplicate_of", F.coalesce(F.col("earlier"), F.col("article.duplicate_of"))
        )
        frames = {
            "articles": linked.where(F.col("article").isNotNull() & F.col("repeat").isNull())
            .select(article.alias("r"))
            .select("r.*"),
            **{
                name: linked.where(kept).select(F.explode(name).alias("r")).select("r.*")
                for name in OUTPUTS[1:4]
            },
            "rejected": linked.where(F.col("rejected").isNotNull())
            .select("rejected.*")
            .unionByName(repeats),
        }
        # Five small jobs over cached rows: most of each is fixed scheduling and commit time,
        # which concurrent jobs (one driver thread each) overlap.
        with ThreadPoolExecutor(max_workers=len(OUTPUTS)) as pool:
            writes = [
                pool.submit(frames[name].write.mode("overwrite").parquet, str(out / name))
                for name in OUTPUTS
            ]
            for write in writes:
                write.result()
    finally:
        coded.unpersist()
    return SparkRun(counts=counts, seconds=time.perf_counter() - started, partitions=partitions)


def _link_duplicates(spark: SparkSession, coded: Any) -> tuple[Any, Any, dict[str, int]]:
    """Run the run-wide duplicate index on the driver, in input order, over the fingerprints
    the executors computed. Returns (links, repeats, counts): the articles with an earlier
    duplicate (file_no, record_no, earlier doc_id, repeat flag), the rejected lines for exact
    repeats, as the local engine writes them (engine.link_duplicate), and the number of records
    each output gets."""
    import numpy as np
    from pyspark.sql import functions as F
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    from dyad.dedupe import DuplicateIndex
    from dyad.pipeline import duplicate_rejection

    keys = coded.select(
        "file_no",
        "record_no",
        "article.doc_id",
        "article.source_id",
        "signature",
        "shingles",
        *[F.size(name).alias(name) for name in OUTPUTS[1:4]],
        coded.rejected.isNotNull().alias("rejected"),
    ).orderBy("file_no", "record_no")
    index = DuplicateIndex()
    links: list[tuple[int, int, str, bool | None]] = []
    repeats: list[tuple[str, str]] = []
    # What the outputs will hold, counted on the way: no query of their own.
    counts = dict.fromkeys(OUTPUTS, 0)
    for row in keys.toLocalIterator(prefetchPartitions=True):
        if row.rejected:
            counts["rejected"] += 1
            continue
        signature = None if row.signature is None else np.frombuffer(row.signature, np.uint32)
        earlier = index.check_and_add_fingerprint(row.doc_id, signature, row.shingles)
        if earlier is None:
            counts["articles"] += 1
            for name in OUTPUTS[1:4]:
                counts[name] += row[name]
            continue
        repeat = earlier == row.doc_id
        counts["rejected" if repeat else "articles"] += 1
        links.append((row.file_no, row.record_no, earlier, True if repeat else None))
        if repeat:
            rejection = duplicate_rejection(row.source_id, "an earlier input", earlier)
            repeats.append((rejection.input, rejection.reason))
    link_schema = StructType(
        [
            StructField("file_no", LongType(), False),
            StructField("record_no", LongType(), False),
            StructField("earlier", StringType()),
            StructField("repeat", BooleanType()),
        ]
    )
    return (
        spark.createDataFrame(links, link_schema),
        spark.createDataFrame(repeats, _schemas()["rejected"]),
        counts,
    )


def warm_up(spark: SparkSession, options: PipelineOptions | None = None) -> None:
    """Load the pipeline in the Python workers now, so a timed run measures coding only."""
    options = options or PipelineOptions()
    sc = spark.sparkContext
    slots = sc.defaultParallelism

    def load(_: Iterable[int]) -> Iterator[int]:
        _coder(options)
        yield os.getpid()

    sc.parallelize(range(slots), slots).mapPartitions(load).collect()


def run_extract_spark(args: argparse.Namespace, *, stderr: TextIO) -> int:
    """`dyad extract --engine spark`: the CLI's adapter over `extract`."""
    from py4j.protocol import Py4JJavaError

    options = PipelineOptions(
        lang=args.lang,
        published=args.published,
        actor_files=tuple(os.path.abspath(f) for f in args.actors),
        pattern_files=tuple(os.path.abspath(f) for f in args.patterns),
    )
    list_inputs(args.inputs)  # usage errors before Spark starts
    master = args.spark_master or f"local[{args.workers}]"
    spark = spark_session(master)
    try:
        run = extract(spark, args.inputs, args.out, options)
    except Py4JJavaError as exc:
        raise DyadError(
            f"the Spark job failed: {_python_error(exc)}. If the executors lack dyad or its "
            "spaCy model, see docs/spark.md (shipping the package to executors)"
        ) from exc
    finally:
        spark.stop()
    counts = run.counts
    print(
        f"dyad: {counts['articles']} articles, {counts['events']} events, "
        f"{counts['quotes']} quotes, {counts['mentions']} mentions, "
        f"{counts['rejected']} rejected → {args.out} (Parquet, {run.seconds:.1f} s)",
        file=stderr,
    )
    return 1 if counts["rejected"] else 0


def _python_error(exc: Exception) -> str:
    """The last line of the Python traceback inside a Spark task failure, else the first line."""
    text = str(exc)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.split(":")[0].endswith(("Error", "Exception")):
            return line
    return lines[0] if lines else type(exc).__name__
