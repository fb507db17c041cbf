"""dyad's pipeline: read → clean → language → NLP → actors → quotes → events → dates.

`Pipeline.process` turns one RawDocument into a DocumentResult; `process_many` streams a batch
through spaCy's `nlp.pipe`, turning unusable inputs into Rejections so the batch goes on.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from dyad.actors import DocumentActors
from dyad.clean import clean_document
from dyad.dates import date_for_span, find_time_expressions, parse_published
from dyad.dedupe import DuplicateIndex
from dyad.errors import InputError, UnsupportedInput
from dyad.events import EventCoder
from dyad.language import detect_language
from dyad.lexicon import Lexicon, load_lexicon
from dyad.nlp import MODEL_PACKAGES, load_pipeline
from dyad.patterns import load_patterns
from dyad.places import PlaceMention, find_places, location_for_event
from dyad.quotes import QuoteCandidate, find_quotes
from dyad.records import (
    Actor,
    Article,
    CleanDocument,
    DocumentResult,
    Event,
    Location,
    Mention,
    Quote,
    RawDocument,
    Rejection,
    TimeMention,
)

SUPPORTED_LANGUAGES = frozenset(MODEL_PACKAGES)


class UnsupportedLanguage(UnsupportedInput):
    pass


def content_id(text: str) -> str:
    """A stable document id from normalised content: same text, same id, on any machine."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def _short_id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Prepared:
    raw: RawDocument
    clean: CleanDocument
    doc_id: str
    lang: str


class Pipeline:
    """Everything needed to code articles, loaded once and reused for every article."""

    def __init__(
        self,
        *,
        lang: str = "auto",
        published: str | None = None,
        actor_files: Iterable[str | Path] = (),
        pattern_files: Iterable[str | Path] = (),
        batch_size: int = 16,
    ) -> None:
        if lang != "auto" and lang not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguage(
                f"--lang {lang}: dyad codes {', '.join(sorted(SUPPORTED_LANGUAGES))} (or auto)"
            )
        self.lang = lang
        self.published = published
        self.lexicon: Lexicon = load_lexicon(actor_files)
        self.coder = EventCoder(load_patterns(pattern_files))
        self.batch_size = batch_size

    # ---- stages before parsing ------------------------------------------------------------

    def prepare(self, raw: RawDocument) -> _Prepared:
        clean = clean_document(raw)
        if clean.published is None and self.published:
            clean.published = self.published
        lang = self.lang if self.lang != "auto" else (raw.lang or clean.lang)
        if not lang or lang == "auto":
            lang, _ = detect_language(clean.text)
        lang = lang.split("-")[0].lower()
        if lang not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguage(
                f"language {lang!r} detected; dyad codes "
                f"{', '.join(sorted(SUPPORTED_LANGUAGES))} — skipped (pass --lang to force)"
            )
        clean.lang = lang
        return _Prepared(raw=raw, clean=clean, doc_id=content_id(clean.text), lang=lang)

    # ---- public API -----------------------------------------------------------------------

    def process(self, raw: RawDocument) -> DocumentResult:
        prepared = self.prepare(raw)
        doc = load_pipeline(prepared.lang)(prepared.clean.text)
        return self.analyse(prepared, doc)

    def process_many(
        self, raws: Iterable[RawDocument], *, duplicates: DuplicateIndex | None = None
    ) -> Iterator[DocumentResult | Rejection]:
        """Stream results in input order; bad inputs become Rejections and the batch goes on.

        A near-duplicate of an earlier article (the same wire story on another site) is written
        as an article record with `duplicate_of` and is not coded again; the same text twice
        is one article and a rejected line. `duplicates` carries what earlier calls saw (the
        engines code a stream in chunks); by default each call starts afresh.
        """
        duplicates = DuplicateIndex() if duplicates is None else duplicates

        def prepared_stream() -> Iterator[tuple[str, _Prepared | DocumentResult | Rejection]]:
            for raw in raws:
                try:
                    prepared = self.prepare(raw)
                except InputError as exc:
                    yield "", Rejection(raw.source_id, str(exc))
                    continue
                except Exception as exc:  # one article's bug must not cost the batch
                    yield "", Rejection(raw.source_id, _internal_error(exc))
                    continue
                earlier = duplicates.check_and_add(prepared.doc_id, prepared.clean.text)
                if earlier == prepared.doc_id:
                    # The very same text again: one doc_id, one article record.
                    yield "", duplicate_rejection(raw.source_id, "an earlier input", earlier)
                    continue
                if earlier is not None:
                    article = self._article(prepared)
                    article.duplicate_of = earlier
                    yield "", DocumentResult(article=article)
                    continue
                yield prepared.clean.text, prepared

        for lang_batch in _batched(prepared_stream(), self.batch_size):
            texts = [(text, item) for text, item in lang_batch if isinstance(item, _Prepared)]
            docs: dict[int, Doc] = {}
            by_lang: dict[str, list[tuple[str, _Prepared]]] = {}
            for text, item in texts:
                assert isinstance(item, _Prepared)
                by_lang.setdefault(item.lang, []).append((text, item))
            for lang, pairs in by_lang.items():
                nlp = load_pipeline(lang)
                for doc, item in nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
                    docs[id(item)] = doc
            for _, entry in lang_batch:
                if not isinstance(entry, _Prepared):
                    yield entry
                    continue
                try:
                    yield self.analyse(entry, docs[id(entry)])
                except InputError as exc:
                    yield Rejection(entry.raw.source_id, str(exc))
                except Exception as exc:  # one article's bug must not cost the batch
                    yield Rejection(entry.raw.source_id, _internal_error(exc))

    # ---- stages after parsing -------------------------------------------------------------

    def _article(self, prepared: _Prepared) -> Article:
        clean = prepared.clean
        return Article(
            doc_id=prepared.doc_id,
            source_id=clean.source_id,
            text=clean.text,
            url=clean.url,
            title=clean.title,
            published=_iso_date(clean.published),
            lang=prepared.lang,
            authors=list(clean.authors),
            captions=list(clean.captions),
            site_name=clean.site_name,
        )

    def analyse(self, prepared: _Prepared, doc: Doc) -> DocumentResult:
        clean, doc_id = prepared.clean, prepared.doc_id
        article = self._article(prepared)
        actors = DocumentActors(doc, self.lexicon, date=article.published)
        quotes = self._quotes(doc, actors, doc_id)
        speakers = [(q.start, q.end, q.speaker, q.quote_id) for q in quotes]
        events = self.coder.code(doc, actors, doc_id=doc_id, speakers=speakers)
        times = find_time_expressions(clean.text, published=article.published, lang=prepared.lang)
        _date_events(events, times, article)
        places = find_places(doc)
        _locate_events(events, places, article.text)
        mentions = [
            Mention(doc_id=doc_id, kind="actor", text=a.text, start=a.start, end=a.end, actor=a)
            for a in actors.mentions()
        ]
        mentions += [
            Mention(
                doc_id=doc_id,
                kind="time",
                text=t.text,
                start=t.start,
                end=t.end,
                value=t.value,
                precision=t.precision,
            )
            for t in times
        ]
        mentions += [
            Mention(
                doc_id=doc_id,
                kind="place",
                text=p.text,
                start=p.start,
                end=p.end,
                name=p.name,
                country=p.country,
                lat=p.lat,
                lon=p.lon,
            )
            for p in places
        ]
        mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        return DocumentResult(article=article, events=events, quotes=quotes, mentions=mentions)

    def _quotes(self, doc: Doc, actors: DocumentActors, doc_id: str) -> list[Quote]:
        out: list[Quote] = []
        for cand in find_quotes(doc):
            out.append(
                Quote(
                    quote_id=_short_id(doc_id, cand.start, cand.end),
                    doc_id=doc_id,
                    text=cand.text,
                    start=cand.start,
                    end=cand.end,
                    kind=cand.kind,
                    cue=cand.cue,
                    speaker=_speaker_actor(doc, actors, cand),
                )
            )
        return out


def _speaker_actor(doc: Doc, actors: DocumentActors, cand: QuoteCandidate) -> Actor | None:
    if cand.speaker is None:
        return None
    span = doc.char_span(cand.speaker.start, cand.speaker.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    actor = actors.resolve(span.root)
    if actor is None:
        return None
    if actor.kind == "person" and (actor.start, actor.end) != (
        cand.speaker.start,
        cand.speaker.end,
    ):
        # Keep the speaker span as the quote writes it; the identity comes from the registry.
        actor.text, actor.start, actor.end = cand.speaker.text, cand.speaker.start, cand.speaker.end
    return actor


def _date_events(events: list[Event], times: list[TimeMention], article: Article) -> None:
    """Each event takes the time expression that governs its trigger, else the article's date."""
    for event in events:
        mention = date_for_span(
            times,
            event.trigger.start,
            event.trigger.end,
            sentence=event.sentence,
            text=article.text,
            lang=article.lang or "en",
        )
        if mention is not None:
            event.date, event.date_precision = mention.value, mention.precision
        elif article.published:
            event.date, event.date_precision = article.published, "day"


def _locate_events(events: list[Event], places: list[PlaceMention], text: str) -> None:
    """Each event takes the place its clause puts it in, when the text says where."""
    for event in events:
        place = location_for_event(
            places, event.trigger.start, event.trigger.end, event.sentence, text
        )
        if place is not None:
            event.location = Location(
                name=place.name,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
                start=place.start,
                end=place.end,
            )


def duplicate_rejection(source_id: str, first: str, doc_id: str) -> Rejection:
    """The Rejection for an article whose content `first` already had (the engines share it)."""
    return Rejection(source_id, f"same content as {first} (doc_id {doc_id}); coded once")


def _internal_error(exc: Exception) -> str:
    return (
        f"internal error in dyad ({type(exc).__name__}: {exc}); the rest of the batch was "
        "processed — please report this input"
    )


def _iso_date(value: str | None) -> str | None:
    parsed = parse_published(value)
    return parsed.isoformat() if parsed else value


def _batched(
    items: Iterable[tuple[str, _Prepared | DocumentResult | Rejection]], n: int
) -> Iterator[list[tuple[str, _Prepared | DocumentResult | Rejection]]]:
    batch: list[tuple[str, _Prepared | DocumentResult | Rejection]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch
