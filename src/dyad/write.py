"""The write stage: the output files of `dyad extract`, one JSON record per line.

One writer owns the output folder; every record goes through it, in input order.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from dyad.errors import UsageError
from dyad.records import DocumentResult, Rejection

OUTPUT_FILES = ("articles", "events", "quotes", "mentions", "rejected")


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class OutputWriter:
    """Writes DIR/articles.jsonl, events.jsonl, quotes.jsonl, mentions.jsonl, rejected.jsonl."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise UsageError(f"--out {out_dir} is a file; give a folder for dyad's output")
        self._files: dict[str, IO[str]] = {}
        self.counts = dict.fromkeys(OUTPUT_FILES, 0)

    def __enter__(self) -> OutputWriter:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for name in OUTPUT_FILES:
                self._files[name] = (self.out_dir / f"{name}.jsonl").open("w", encoding="utf-8")
        except OSError as exc:
            self.close()
            raise UsageError(f"cannot write to {self.out_dir}: {exc.strerror or exc}") from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()

    def _write(self, name: str, record: dict[str, Any]) -> None:
        self._files[name].write(_dumps(record) + "\n")
        self.counts[name] += 1

    def write(self, item: DocumentResult | Rejection) -> None:
        if isinstance(item, Rejection):
            self._write("rejected", item.to_dict())
        else:
            self._write("articles", item.article.to_dict())
            for event in item.events:
                self._write("events", event.to_dict())
            for quote in item.quotes:
                self._write("quotes", quote.to_dict())
            for mention in item.mentions:
                self._write("mentions", mention.to_dict())
        # Flush per article so an interrupted run keeps every finished article.
        for f in self._files.values():
            f.flush()
