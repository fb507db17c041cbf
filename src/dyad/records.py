"""Typed records that cross dyad's stage boundaries.

Field names follow ../shared/spec/records.md (the output contract); `to_dict` gives exactly the
JSON each output file holds. Offsets are `str` indices into `Article.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ActorKind = Literal["state", "person", "organisation", "group"]
Modality = Literal["asserted", "reported", "intended", "hypothetical"]
Precision = Literal["day", "month", "year"]
QuoteKind = Literal["direct", "indirect", "partial"]


@dataclass(slots=True)
class RawDocument:
    """One input as a reader found it, before cleaning."""

    source_id: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str | None = None


@dataclass(slots=True)
class CleanDocument:
    """An input after cleaning: the body text dyad codes, and what was found about it."""

    source_id: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    lang: str | None = None
    site_name: str | None = None


@dataclass(slots=True)
class Rejection:
    """An input dyad could not use, with a reason a person can act on."""

    input: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "reason": self.reason}


@dataclass(slots=True)
class Article:
    doc_id: str
    source_id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    authors: list[str] = field(default_factory=list)
    # Photo captions found in the page, kept apart from the body (not offset into `text`).
    captions: list[str] = field(default_factory=list)
    site_name: str | None = None
    # The doc_id of an earlier article with the same (or nearly the same) text; such an
    # article is recorded but not coded again.
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source_id": self.source_id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "lang": self.lang,
            "authors": list(self.authors),
            "text": self.text,
            "captions": list(self.captions),
            "site_name": self.site_name,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Actor:
    """An actor mention resolved to a country or organisation and its sectors."""

    text: str
    start: int
    end: int
    code: str
    country: str | None = None
    igo: str | None = None
    sector: list[str] = field(default_factory=list)
    name: str | None = None
    kind: ActorKind = "state"

    @property
    def key(self) -> str | None:
        """The evaluation key: country, else IGO acronym, else IMG for stateless armed groups."""
        if self.country:
            return self.country
        if self.igo:
            return self.igo
        if "IMG" in self.sector:
            return "IMG"
        return None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sector"] = list(self.sector)
        return d


@dataclass(slots=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Event:
    event_id: str
    doc_id: str
    sentence: tuple[int, int]
    trigger: Span
    source: Actor
    target: Actor | None
    cameo: str
    root: str
    plover: str | None
    quad_class: int
    goldstein: float
    date: str | None = None
    date_precision: Precision | None = None
    location: Location | None = None
    negated: bool = False
    modality: Modality = "asserted"
    quote_id: str | None = None
    confidence: float = 0.5
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence": {"start": self.sentence[0], "end": self.sentence[1]},
            "trigger": self.trigger.to_dict(),
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated,
            "modality": self.modality,
            "quote_id": self.quote_id,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }


@dataclass(slots=True)
class Quote:
    quote_id: str
    doc_id: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: Span | None = None
    speaker: Actor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote_id": self.quote_id,
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
        }


@dataclass(slots=True)
class TimeMention:
    """A time expression in the text, normalised as in events.date."""

    text: str
    start: int
    end: int
    value: str
    precision: Precision


@dataclass(slots=True)
class Mention:
    """One line of mentions.jsonl: an actor, time or place mention."""

    doc_id: str
    kind: Literal["actor", "time", "place"]
    text: str
    start: int
    end: int
    actor: Actor | None = None
    value: str | None = None
    precision: Precision | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.kind == "actor":
            d["actor"] = self.actor.to_dict() if self.actor else None
        elif self.kind == "time":
            d["value"] = self.value
            d["precision"] = self.precision
        else:
            d.update(name=self.name, country=self.country, lat=self.lat, lon=self.lon)
        return d


@dataclass(slots=True)
class DocumentResult:
    """Everything dyad extracted from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
