"""`dyad extract --engine spark` in local[2]: the same records as the local engine, as Parquet.

Needs pyspark (the `test` and `spark` extras install it) and Java 17+; skipped without them.
"""

from __future__ import annotations

import html
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java 17 or newer on PATH", allow_module_level=True)

from dyad.engine import LocalEngine, PipelineOptions  # noqa: E402
from dyad.read import iter_inputs  # noqa: E402
from dyad.records import RawDocument  # noqa: E402
from dyad.spark import OUTPUTS, _schemas, extract, spark_session  # noqa: E402
from dyad.write import OutputWriter  # noqa: E402

# dyad uses no pandas-based Spark API; pyspark warns about pandas 3 all the same.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
WIKINEWS = REPO.parent / "shared" / "data" / "corpus" / "wikinews_en.jsonl"


def articles(n: int) -> list[dict[str, str]]:
    items = [{"id": "seed", "text": SEED.read_text(encoding="utf-8"), "published": "2023-03-16"}]
    if WIKINEWS.exists():
        with WIKINEWS.open(encoding="utf-8") as f:
            for _, line in zip(range(n), f, strict=False):
                item = json.loads(line)
                items.append(
                    {k: item[k] for k in ("id", "text", "title", "published") if k in item}
                )
    return items


def write_jsonl(items: list[dict[str, str]], path: Path) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    return path


def write_warc(items: list[dict[str, str]], path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for item in items:
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n") if p)
            page = (
                f"<html><head><title>{html.escape(item.get('title', ''))}</title></head><body>"
                f"<article><h1>{html.escape(item.get('title', ''))}</h1>{paragraphs}</article>"
                "</body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{item['id']}",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
            writer.write_record(record)
    return path


def local_records(inputs: list[str], out: Path) -> dict[str, list[dict[str, Any]]]:
    with LocalEngine(PipelineOptions(), workers=1) as engine, OutputWriter(out) as writer:
        raws = []
        for item in iter_inputs(inputs):
            if isinstance(item, RawDocument):
                raws.append(item)
            else:
                writer.write(item)
        for result in engine.run(raws):
            writer.write(result)
    return {
        name: [json.loads(line) for line in (out / f"{name}.jsonl").read_text().splitlines()]
        for name in OUTPUTS
    }


def canonical(rows: list[dict[str, Any]], name: str) -> list[str]:
    """Records as sorted JSON, every schema field present (absent in JSONL = null in Parquet)."""
    fields = _schemas()[name].fieldNames()
    return sorted(
        json.dumps({f: row.get(f) for f in fields}, sort_keys=True, ensure_ascii=False)
        for row in rows
    )


@pytest.fixture(scope="module")
def spark() -> Any:
    session = spark_session("local[2]", app_name="dyad-test")
    yield session
    session.stop()


def test_spark_writes_the_local_engines_records(spark: Any, tmp_path: Path) -> None:
    items = articles(24)
    assert len(items) >= 3
    special = [
        {**items[1], "id": "same-again"},  # exact duplicate: a rejected line
        {"id": "near-copy", "text": items[2]["text"].replace("the", "a", 3)},  # duplicate_of
        {"id": "blank", "text": "  "},  # unusable
    ]
    jsonl = write_jsonl(items[:-5] + special, tmp_path / "a.jsonl")
    warc = write_warc(items[-5:-3], tmp_path / "pages.warc.gz")
    twin = write_jsonl(items[-3:], tmp_path / "b.jsonl")
    parquet = tmp_path / "b_parquet"
    spark.createDataFrame(items[-3:]).coalesce(1).write.parquet(str(parquet))

    local = local_records([str(jsonl), str(warc), str(twin)], tmp_path / "local")
    run = extract(spark, [str(jsonl), str(warc), str(parquet)], tmp_path / "spark")

    assert run.counts == {name: len(local[name]) for name in OUTPUTS}
    assert len(local["events"]) > 0 and len(local["quotes"]) > 0
    rejected = {r["input"] for r in local["rejected"]}
    assert "same-again" in rejected and any(r.startswith(str(jsonl)) for r in rejected)
    assert any(a["duplicate_of"] for a in local["articles"])
    assert any(a["source_id"].startswith(str(warc)) for a in local["articles"])
    for name in OUTPUTS:
        frame = spark.read.parquet(str(tmp_path / "spark" / name))
        assert frame.schema == _schemas()[name], name
        rows = [row.asDict(recursive=True) for row in frame.collect()]
        assert canonical(rows, name) == canonical(local[name], name), name


def test_spark_rejects_standard_input_with_advice(tmp_path: Path) -> None:
    from dyad.errors import UsageError
    from dyad.spark import list_inputs

    with pytest.raises(UsageError, match="use the local engine"):
        list_inputs(["-"])
