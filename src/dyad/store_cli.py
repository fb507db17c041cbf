"""The store's subcommands, `dyad ingest`, `dyad export` and `dyad serve`: thin adapters over
dyad.ingest, dyad.export and dyad.api that cli.py mounts.

    dyad ingest [INPUT...] [--records DIR] [--db PATH] [--published D] [--lang L] [--no-progress]
    dyad export --format jsonl|parquet|plover|gdelt --out FILE [--db PATH] [filters]
    dyad serve [--db PATH] [--host H] [--port N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from dyad.records import Rejection

STORE_COMMANDS = ("ingest", "export", "serve")


def default_db() -> str:
    from dyad.store import DEFAULT_DB

    return os.environ.get("DYAD_DB") or DEFAULT_DB


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from exc


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=None,
        metavar="PATH",
        help="the store file (default: $DYAD_DB, else ./dyad.duckdb)",
    )


def add_store_commands(sub: Any) -> None:
    """Add ingest, export and serve to cli.py's subparsers."""
    ing = sub.add_parser(
        "ingest",
        help="code articles into a store (incremental, idempotent, resumable)",
        description="Code inputs into the store; inputs already stored are skipped, so an "
        "interrupted run continues where it stopped when run again.",
    )
    ing.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or folders as for `dyad extract`; '-' reads JSONL from standard input",
    )
    _db_arg(ing)
    ing.add_argument(
        "--records",
        action="append",
        default=[],
        metavar="DIR",
        help="also load a folder written by `dyad extract --out DIR` (no re-coding)",
    )
    ing.add_argument("--published", type=_date, metavar="YYYY-MM-DD")
    ing.add_argument("--lang", default="auto", choices=["en", "fr", "auto"])
    ing.add_argument("--actors", action="append", default=[], metavar="FILE")
    ing.add_argument("--patterns", action="append", default=[], metavar="FILE")
    ing.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    ex = sub.add_parser(
        "export",
        help="write the store's events as JSONL, Parquet, PLOVER JSON or GDELT TSV",
        description="Write the events that match the filters.",
    )
    _db_arg(ex)
    ex.add_argument(
        "--format", required=True, choices=["jsonl", "parquet", "plover", "gdelt"], dest="fmt"
    )
    ex.add_argument("--out", required=True, metavar="FILE", help="output file; '-' for stdout")
    ex.add_argument("--since", type=_date, metavar="YYYY-MM-DD")
    ex.add_argument("--until", type=_date, metavar="YYYY-MM-DD")
    ex.add_argument("--actor", metavar="KEY", help="either side: MLI, UN, or a code (MLIGOV)")
    ex.add_argument("--source", metavar="KEY")
    ex.add_argument("--target", metavar="KEY")
    ex.add_argument("--dyad", metavar="A-B", help="both directions, e.g. MLI-RUS")
    ex.add_argument("--directed", action="store_true", help="--dyad A-B only from A to B")
    ex.add_argument("--code", metavar="CAMEO", help="code prefix: 04, 042, 0421")
    ex.add_argument("--root", metavar="RR")
    ex.add_argument("--quad-class", type=int, choices=[1, 2, 3, 4])

    sv = sub.add_parser(
        "serve",
        help="serve the HTTP API and the dashboard",
        description="Serve the store read-only (DYAD_API_TOKEN set: POST /api/ingest too).",
    )
    _db_arg(sv)
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)


def _progress(enabled: bool, stream: TextIO) -> tuple[Callable[[], None], Callable[[], None]]:
    if not enabled:
        return (lambda: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(unit=" inputs", file=stream, dynamic_ncols=True)
    return (lambda: bar.update(1)), bar.close


def run_ingest(args: argparse.Namespace, *, stdin: TextIO, stderr: TextIO) -> int:
    from dyad.ingest import IngestSummary, ingest_inputs, ingest_records
    from dyad.store import Store

    db = args.db or default_db()
    tick, done = _progress(not args.no_progress and stderr.isatty(), stderr)

    def rejected(item: Rejection) -> None:
        print(f"dyad: rejected {item.input}: {item.reason}", file=stderr)

    total = IngestSummary()
    with Store(db) as store:
        try:
            if args.records:
                part = ingest_records(store, args.records, tick=tick)
                _merge(total, part)
            if args.inputs:

                def make_pipeline() -> Any:
                    from dyad.pipeline import Pipeline

                    return Pipeline(
                        lang=args.lang,
                        published=args.published.isoformat() if args.published else None,
                        actor_files=args.actors,
                        pattern_files=args.patterns,
                    )

                part = ingest_inputs(
                    store,
                    args.inputs,
                    make_pipeline=make_pipeline,
                    stdin=stdin,
                    tick=tick,
                    on_rejection=rejected,
                )
                _merge(total, part)
        finally:
            done()
        totals = store.counts()
    print(total.line(db, totals), file=stderr)
    return 1 if total.rejected else 0


def _merge(total: Any, part: Any) -> None:
    for name in total.__slots__:
        setattr(total, name, getattr(total, name) + getattr(part, name))


def run_export(args: argparse.Namespace, *, stdout: TextIO, stderr: TextIO) -> int:
    from dyad.export import export_events
    from dyad.query import EventFilter, parse_dyad
    from dyad.store import Store

    db = args.db or default_db()
    f = EventFilter(
        since=args.since,
        until=args.until,
        actor=args.actor,
        source=args.source,
        target=args.target,
        dyad=parse_dyad(args.dyad) if args.dyad else None,
        directed=args.directed,
        code=args.code,
        root=args.root,
        quad_class=args.quad_class,
    )
    with Store(db, read_only=True) as store:
        count = export_events(store, args.fmt, args.out, f, stdout=stdout)
    where = "standard output" if args.out == "-" else args.out
    print(f"dyad: {count} events → {where} ({args.fmt})", file=stderr)
    return 0


def run_serve(args: argparse.Namespace, *, stderr: TextIO) -> int:
    from dyad.api import serve

    return serve(args.db or default_db(), host=args.host, port=args.port, stderr=stderr)


def run_store_command(args: argparse.Namespace) -> int:
    if args.command == "ingest":
        return run_ingest(args, stdin=sys.stdin, stderr=sys.stderr)
    if args.command == "export":
        return run_export(args, stdout=sys.stdout, stderr=sys.stderr)
    return run_serve(args, stderr=sys.stderr)
