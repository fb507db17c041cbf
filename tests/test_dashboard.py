"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

A store is built from the seed article and the dev corpus (../shared/data), plus one article
whose text carries <script> and an onerror handler; `dyad serve` serves it on 127.0.0.1. The
test picks Mali–Russia and sees its timeline points, opens an event and sees its sentence
highlighted, and opens the hostile article to see its markup shown as text, never run.
Set DYAD_SCREENSHOT=docs/dashboard.png to refresh the README's screenshot.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyad.api import static_dir
from dyad.ingest import ingest_documents
from dyad.pipeline import Pipeline
from dyad.records import RawDocument
from dyad.store import Store

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "000_857e34fc77add78a.txt"
DEV = REPO.parent / "shared" / "data" / "events" / "current_events_2025_gold.jsonl"
CHROMIUM = os.environ.get("DYAD_CHROMIUM", "/usr/bin/chromium")
DEV_ITEMS = 60
HOSTILE = (
    "Benin accused Niger of closing the border at Malanville. "
    "<script>window.__dyadPwned = 1</script> The statement "
    '<img src=x onerror="window.__dyadPwned = 2"> was read out in Cotonou.'
)

pytestmark = pytest.mark.skipif(
    not (static_dir() / "index.html").is_file(),
    reason="the dashboard is not built: cd dashboard && npm ci && npm run build",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEV.is_file():
        pytest.fail(f"the dev corpus is not at {DEV}; the dashboard test needs ../shared")
    db = tmp_path_factory.mktemp("dash") / "dash.duckdb"
    docs: list[RawDocument] = [
        RawDocument(
            source_id=str(SEED), text=SEED.read_text(encoding="utf-8"), published="2023-03-16"
        )
    ]
    with DEV.open(encoding="utf-8") as f:
        for line in list(f)[:DEV_ITEMS]:
            item = json.loads(line)
            docs.append(
                RawDocument(
                    source_id=item["id"],
                    text=item["text"],
                    published=item.get("published"),
                    url=item.get("url"),
                    lang="en",
                )
            )
    docs.append(RawDocument(source_id="hostile", text=HOSTILE, published="2025-03-01", lang="en"))
    pipeline = Pipeline(lang="en")
    with Store(db) as store:
        summary = ingest_documents(store, docs, make_pipeline=lambda: pipeline)
    assert summary.added == len(docs)
    return db


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dyad.cli", "serve", "--db", str(store_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read() if proc.stdout else ""
                pytest.fail(f"dyad serve did not start: {out}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout:
            assert "dashboard at http://127.0.0.1:" in proc.stdout.read()


@pytest.fixture(scope="module")
def page(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
            viewport={"width": 1280, "height": 900},
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        tab.on(
            "request",
            lambda r: None if r.url.startswith(server) else outside.append(r.url),
        )
        tab.goto(server)
        tab.wait_for_selector("body[data-ready=true]", timeout=60_000)
        yield tab
        context.close()
    assert errors == [], errors
    assert outside == [], f"the dashboard fetched from other hosts: {outside}"


def test_mali_russia_timeline_shows_its_points(page: Any) -> None:
    from playwright.sync_api import expect

    page.select_option("#actor-a", "MLI")
    page.select_option("#actor-b", "RUS")
    page.click("#add-dyad")
    points = page.locator('#timeline g[data-dyad="MLI-RUS"] circle.point')
    points.first.wait_for(timeout=20_000)
    assert points.count() >= 2
    events = sum(int(points.nth(i).get_attribute("data-events")) for i in range(points.count()))
    chip = page.locator('#dyad-chips li[data-dyad="MLI-RUS"]').inner_text()
    assert f"{events} events" in chip and "Mali" in chip
    # The table follows the dyad picked last.
    expect(page.locator("#events-scope")).to_contain_text("MLI", timeout=20_000)
    page.select_option("#actor-b", "FRA")
    page.click("#add-dyad")
    page.locator('#timeline g[data-dyad="MLI-FRA"] circle.point').first.wait_for(timeout=20_000)
    assert page.locator("#timeline g.series").count() == 2
    assert page.locator("#network g.node").count() >= 3
    assert page.locator("#map path.country.active").count() >= 3


def test_an_event_opens_its_article_with_the_sentence_highlighted(page: Any) -> None:
    row = page.locator("#events-table tbody tr").first
    row.wait_for(timeout=20_000)
    sentence = row.locator("td.sentence").inner_text().strip()
    row.click()
    marked = page.locator("#article-text .hl-sentence")
    marked.first.wait_for(timeout=20_000)
    joined = "".join(marked.all_inner_texts())
    assert " ".join(joined.split()) == " ".join(sentence.split())
    assert page.locator("#article-text .hl-source").count() >= 1
    assert page.locator("#article-text .hl-trigger").count() == 1
    actors = page.locator("#article-text .hl-source, #article-text .hl-target").all_inner_texts()
    assert any("Mali" in a or "France" in a or "French" in a for a in actors), actors
    assert page.locator("#article-title").inner_text().strip()
    shot = os.environ.get("DYAD_SCREENSHOT")
    page.screenshot(path=str(REPO / shot) if shot else None, full_page=True)


def test_an_article_with_script_stays_inert(page: Any) -> None:
    from playwright.sync_api import expect

    page.click("#events-all")
    page.fill("#events-q", "Malanville")
    page.click("#events-form button[type=submit]")
    row = page.locator("#events-table tbody tr").first
    # The page's CSP forbids eval, so waits go through locators, not wait_for_function.
    expect(page.locator("#events-page")).to_have_text("1–1 of 1", timeout=20_000)
    row.click()
    text = page.locator("#article-text")
    expect(text).to_contain_text("Cotonou", timeout=20_000)
    assert "Malanville" in "".join(text.locator(".hl-sentence").all_inner_texts())
    shown = text.inner_text()
    assert "<script>window.__dyadPwned = 1</script>" in shown
    assert 'onerror="window.__dyadPwned = 2"' in shown
    assert text.locator("script, img").count() == 0
    assert page.evaluate("typeof window.__dyadPwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0


def test_the_built_dashboard_is_in_the_package() -> None:
    index = (static_dir() / "index.html").read_text(encoding="utf-8")
    assert "<script" in index and "http" not in index.split("<body>")[0].replace(
        'crossorigin src="./', ""
    )
    assets = list((static_dir() / "assets").iterdir())
    assert any(a.suffix == ".js" for a in assets) and any(a.suffix == ".css" for a in assets)
    # Rebuilt from dashboard/ (npm ci && npm run build) whenever its sources change.
    assert shutil.which("node") is None or (REPO / "dashboard" / "package.json").is_file()
