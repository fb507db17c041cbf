"""Synthetic articles with real dyad records, for benchmarks and crash tests of the store.

Each article is a run of sentences such as "Mali accused Russia on 2021-03-04." whose records
point at real spans of the article text, with codes, Goldstein values and PLOVER types from
the shipped codebook. A seed makes every run the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator

from dyad.codebook import all_codes
from dyad.records import (
    Actor,
    Article,
    DocumentResult,
    Event,
    Location,
    Mention,
    Quote,
    Span,
)

# (key, name, lat, lon): a few dozen states and IGOs, weighted towards the first ones so some
# dyads are dense, as in real news.
ACTORS: tuple[tuple[str, str, float, float], ...] = (
    ("USA", "the United States", 38.9, -77.0),
    ("RUS", "Russia", 55.75, 37.62),
    ("CHN", "China", 39.9, 116.4),
    ("MLI", "Mali", 12.64, -8.0),
    ("FRA", "France", 48.86, 2.35),
    ("UKR", "Ukraine", 50.45, 30.52),
    ("ISR", "Israel", 31.77, 35.21),
    ("IRN", "Iran", 35.69, 51.39),
    ("GBR", "Britain", 51.51, -0.13),
    ("DEU", "Germany", 52.52, 13.4),
    ("TUR", "Turkey", 39.93, 32.86),
    ("IND", "India", 28.61, 77.21),
    ("PAK", "Pakistan", 33.68, 73.05),
    ("NER", "Niger", 13.51, 2.11),
    ("BFA", "Burkina Faso", 12.37, -1.52),
    ("SYR", "Syria", 33.51, 36.29),
    ("SAU", "Saudi Arabia", 24.71, 46.68),
    ("EGY", "Egypt", 30.04, 31.24),
    ("BRA", "Brazil", -15.79, -47.88),
    ("JPN", "Japan", 35.68, 139.69),
    ("UN", "the United Nations", 40.75, -73.97),
    ("EU", "the European Union", 50.85, 4.35),
)
WEIGHTS = tuple(1.0 / (i + 1) for i in range(len(ACTORS)))
VERBS = ("met", "accused", "praised", "threatened", "attacked", "aided", "criticized")
START = dt.date(2015, 1, 1)
DAYS = 3650


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _actor(key: str, name: str, start: int) -> Actor:
    igo = key if key in ("UN", "EU") else None
    return Actor(
        text=name,
        start=start,
        end=start + len(name),
        code=key if igo else f"{key}GOV",
        country=None if igo else key,
        igo=igo,
        sector=[] if igo else ["GOV"],
        name=None,
        kind="organisation" if igo else "state",
    )


def synthetic_documents(
    articles: int, *, events_per_article: int = 10, seed: int = 7
) -> Iterator[DocumentResult]:
    """`articles` documents of `events_per_article` events each, with quotes and mentions."""
    rng = random.Random(seed)
    codes = [c for c in all_codes() if c.level >= 1]
    for n in range(articles):
        published = START + dt.timedelta(days=rng.randrange(DAYS))
        parts: list[str] = []
        pos = 0
        specs = []
        for _ in range(events_per_article):
            (sk, sname, slat, slon), (tk, tname, _, _) = rng.choices(ACTORS, WEIGHTS, k=2)
            if sk == tk:
                tk, tname = ("RUS", "Russia") if sk != "RUS" else ("USA", "the United States")
            verb = rng.choice(VERBS)
            day = published - dt.timedelta(days=rng.randrange(30))
            sentence = f"{sname[0].upper()}{sname[1:]} {verb} {tname} on {day.isoformat()}."
            specs.append((pos, sentence, sk, sname, tk, tname, verb, day, slat, slon))
            parts.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(parts)
        doc_id = _id("synthetic", seed, n)
        article = Article(
            doc_id=doc_id,
            source_id=f"synthetic/{n:07d}",
            text=text,
            url=f"https://example.org/synthetic/{n}",
            title=f"Synthetic article {n}",
            published=published.isoformat(),
            lang="en",
        )
        events: list[Event] = []
        mentions: list[Mention] = []
        quotes: list[Quote] = []
        for start, sentence, sk, sname, tk, tname, verb, day, slat, slon in specs:
            source = _actor(sk, sname, start)
            t_start = start + len(sname) + 1 + len(verb) + 1
            target = _actor(tk, tname, t_start)
            code = rng.choice(codes)
            trig = Span(verb, start + len(sname) + 1, start + len(sname) + 1 + len(verb))
            events.append(
                Event(
                    event_id=_id(doc_id, start, code.code),
                    doc_id=doc_id,
                    sentence=(start, start + len(sentence)),
                    trigger=trig,
                    source=source,
                    target=target,
                    cameo=code.code,
                    root=code.root,
                    plover=code.plover or None,
                    quad_class=code.quad_class,
                    goldstein=code.goldstein,
                    date=day.isoformat(),
                    date_precision="day",
                    location=Location(sname, source.country, slat, slon, start, start + len(sname))
                    if rng.random() < 0.3
                    else None,
                    confidence=0.8,
                    rule="synthetic",
                )
            )
            mentions.append(
                Mention(doc_id, "actor", source.text, source.start, source.end, actor=source)
            )
            mentions.append(
                Mention(doc_id, "actor", target.text, target.start, target.end, actor=target)
            )
        first = specs[0]
        quotes.append(
            Quote(
                quote_id=_id(doc_id, "q"),
                doc_id=doc_id,
                text=first[1],
                start=first[0],
                end=first[0] + len(first[1]),
                kind="indirect",
                speaker=_actor(first[2], first[3], first[0]),
            )
        )
        yield DocumentResult(article=article, events=events, quotes=quotes, mentions=mentions)
