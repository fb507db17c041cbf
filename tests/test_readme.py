"""The README is checked: its quick start is what CI runs, its excerpts are what dyad writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dyad.lexicon import load_lexicon
from dyad.patterns import parse_patterns
from dyad.pipeline import Pipeline
from dyad.records import RawDocument

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_quick_start_test_command_is_what_ci_runs() -> None:
    quick_start = code_blocks("sh")[0]
    commands = [line for line in quick_start.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2, "the quick start is exactly two commands"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].replace('".[test]"', '-q ".[test]"') in ci


def test_output_excerpts_are_what_dyad_writes() -> None:
    seed = REPO / "examples" / "000_857e34fc77add78a.txt"
    result = Pipeline().process(
        RawDocument(
            source_id=str(seed), text=seed.read_text(encoding="utf-8"), published="2023-03-16"
        )
    )
    event_excerpt, quote_excerpt = (json.loads(b) for b in code_blocks("json")[:2])
    events = {e.event_id: e.to_dict() for e in result.events}
    assert events[event_excerpt["event_id"]] == event_excerpt
    quotes = {q.quote_id: q.to_dict() for q in result.quotes}
    assert quotes[quote_excerpt["quote_id"]] == quote_excerpt
    assert f"One of the {len(result.events)} events" in README


def test_extension_examples_load(tmp_path: Path) -> None:
    actors = tmp_path / "actors.json"
    actors.write_text(code_blocks("json")[2], encoding="utf-8")
    lexicon = load_lexicon([actors])
    assert {e.country for e in lexicon.lookup("Blue Falcons")} == {"NOR"}
    assert any(e.form_type == "title" for e in lexicon.lookup("harbour master"))
    patterns_block = re.search(r"```\n(# code\tpos.*?)```", README, flags=re.S)
    assert patterns_block is not None
    patterns = parse_patterns(patterns_block.group(1), "README")
    assert [(p.code, p.lemma) for p in patterns] == [("111", "scold"), ("163", "blacklisting")]
