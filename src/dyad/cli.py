"""dyad's command line: a thin adapter over the library.

    dyad extract INPUT... --out DIR [--published YYYY-MM-DD] [--lang en|fr|auto]
    dyad eval GOLD... [--json] [--limit N]

Exit status of extract: 0 every input used, 1 some rejected (the rest written), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from dyad import __version__
from dyad.errors import DyadError, ModelError, UsageError
from dyad.records import DocumentResult, RawDocument, Rejection


def _date_arg(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from exc


def _workers_arg(value: str) -> int:
    if value == "auto":
        from dyad.engine import default_workers

        return default_workers()
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of processes, 1 or more")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dyad",
        description="Turn news articles into source-linked political event records.",
    )
    parser.add_argument("--version", action="version", version=f"dyad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="code articles into JSONL records",
        description="Read articles and write articles/events/quotes/mentions/"
        "rejected .jsonl files into --out.",
    )
    ex.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files or folders (.txt .html .htm .gz .jsonl .warc .warc.gz, feeds .rss .atom "
        ".xml, URL lists .urls), http(s) URLs of pages or feeds; '-' reads JSONL from "
        "standard input",
    )
    ex.add_argument("--out", required=True, metavar="DIR", help="folder for the output files")
    ex.add_argument(
        "--published",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="publication date for inputs that carry none",
    )
    ex.add_argument(
        "--lang",
        default="auto",
        choices=["en", "fr", "auto"],
        help="language of the inputs (default: detect per article)",
    )
    ex.add_argument(
        "--actors",
        action="append",
        default=[],
        metavar="FILE",
        help="your own actor lexicon (JSON, see README); may be repeated",
    )
    ex.add_argument(
        "--patterns",
        action="append",
        default=[],
        metavar="FILE",
        help="your own event patterns (TSV, see README); may be repeated",
    )
    ex.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    ex.add_argument(
        "--workers",
        type=_workers_arg,
        default=1,
        metavar="N",
        help="worker processes, each loading the model once (default 1; 'auto' = one per core)",
    )
    ex.add_argument(
        "--engine",
        choices=["local", "spark"],
        default="local",
        help="local processes (JSONL output) or Apache Spark (Parquet output; docs/spark.md)",
    )
    ex.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master for --engine spark (default: local[N] with N = --workers)",
    )
    ex.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between two requests to the same site (default 1; robots.txt may ask more)",
    )
    ex.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="seconds to wait for a web server to answer (default 15)",
    )

    ev = sub.add_parser(
        "eval",
        help="score dyad against gold sets",
        description="Print precision / recall / F1 against gold sets "
        "(seed gold.json, triple JSONL, pair JSONL, actor tests).",
    )
    ev.add_argument("gold", nargs="+", metavar="GOLD")
    ev.add_argument("--json", action="store_true", help="print the reports as JSON")
    ev.add_argument("--limit", type=int, metavar="N", help="score only the first N items")
    ev.add_argument(
        "--predictions",
        metavar="DIR",
        help="score an existing `dyad extract --out DIR` instead of running dyad",
    )
    from dyad.store_cli import add_store_commands

    add_store_commands(sub)
    return parser


def _progress(
    items: Iterator[DocumentResult | Rejection], *, enabled: bool, stream: TextIO
) -> Iterator[DocumentResult | Rejection]:
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(unit=" articles", file=stream, dynamic_ncols=True) as bar:
        for item in items:
            bar.update(1)
            yield item


def run_extract(args: argparse.Namespace, *, stdin: TextIO, stderr: TextIO) -> int:
    if args.engine == "spark":
        from dyad.spark import run_extract_spark

        return run_extract_spark(args, stderr=stderr)
    from dyad.engine import LocalEngine, PipelineOptions
    from dyad.fetch import FetchSettings
    from dyad.read import iter_inputs
    from dyad.write import OutputWriter

    options = PipelineOptions(
        lang=args.lang,
        published=args.published,
        actor_files=tuple(args.actors),
        pattern_files=tuple(args.patterns),
    )
    engine = LocalEngine(options, workers=args.workers).start()
    rejected = 0

    def documents() -> Iterator[RawDocument]:
        nonlocal rejected
        settings = FetchSettings(delay=args.delay, timeout=args.timeout)
        for item in iter_inputs(args.inputs, stdin=stdin, fetch_settings=settings):
            if isinstance(item, Rejection):
                rejected += 1
                writer.write(item)
                print(f"dyad: rejected {item.input}: {item.reason}", file=stderr)
            else:
                yield item

    show = not args.no_progress and stderr.isatty()
    with engine, OutputWriter(args.out) as writer:
        for item in _progress(engine.run(documents()), enabled=show, stream=stderr):
            if isinstance(item, Rejection):
                rejected += 1
                print(f"dyad: rejected {item.input}: {item.reason}", file=stderr)
            writer.write(item)
        counts = dict(writer.counts)
    print(
        f"dyad: {counts['articles']} articles, {counts['events']} events, "
        f"{counts['quotes']} quotes, {counts['mentions']} mentions, "
        f"{counts['rejected']} rejected → {args.out}",
        file=stderr,
    )
    return 1 if rejected else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return run_extract(args, stdin=sys.stdin, stderr=sys.stderr)
        from dyad.store_cli import STORE_COMMANDS, run_store_command

        if args.command in STORE_COMMANDS:
            return run_store_command(args)
        from dyad.evaluate import main_eval

        return main_eval(
            args.gold, as_json=args.json, limit=args.limit, predictions=args.predictions
        )
    except UsageError as exc:
        print(f"dyad: {exc}", file=sys.stderr)
        return 2
    except ModelError as exc:
        print(f"dyad: {exc}", file=sys.stderr)
        return 2
    except DyadError as exc:
        print(f"dyad: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dyad: interrupted; finished articles are written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
