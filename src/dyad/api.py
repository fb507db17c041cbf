"""dyad's HTTP API and dashboard: a FastAPI app over one store (`dyad serve --db PATH`).

Read-only by default. When DYAD_API_TOKEN is set in the server's environment the store is
opened for writing and POST /api/ingest accepts articles from clients that send
`Authorization: Bearer <token>`. Every query is parameterised (dyad.query). The dashboard is
served from the package's static/ folder, with a Content-Security-Policy that allows scripts
from this server only, so nothing an article contains can run.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import sys
import threading
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TextIO

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad import __version__, query
from dyad.errors import DyadError, UsageError
from dyad.query import EventFilter, QuoteFilter
from dyad.records import RawDocument, Rejection
from dyad.store import Store

TOKEN_ENV = "DYAD_API_TOKEN"
MAX_INGEST = 200

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'none'"
)

# Query parameter shapes: actor keys and codes are letters and underscores (MLI, MLIGOV,
# WORLD_BANK); CAMEO codes are digits. Anything else is refused with 422 before any query.
Key = Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$")]
Day = Annotated[dt.date | None, Query()]
Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
Limit = Annotated[int, Query(ge=1, le=query.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


class Page(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class SeriesPoint(BaseModel):
    period: dt.date
    events: int
    goldstein: float
    events_ab: int
    events_ba: int
    goldstein_ab: float
    goldstein_ba: float


class Series(BaseModel):
    a: str
    b: str
    interval: str
    points: list[SeriesPoint]


class Health(BaseModel):
    status: str
    version: str
    schema_version: int
    read_only: bool
    ingest: bool


class ArticleIn(BaseModel):
    """One input article, as a line of dyad's JSONL input."""

    id: str = Field(min_length=1, max_length=500)
    text: str | None = Field(default=None, max_length=2_000_000)
    html: str | None = Field(default=None, max_length=5_000_000)
    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=4000)
    lang: str | None = Field(default=None, max_length=10)


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST)


class IngestOut(BaseModel):
    added: int
    skipped: int
    duplicates: int
    events: int
    quotes: int
    mentions: int
    rejected: list[dict[str, str]]


SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response. A plain ASGI middleware: the
    `@app.middleware("http")` kind runs each request through extra tasks and streams."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": [*kept, *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)


def static_dir() -> Path:
    return Path(str(resources.files("dyad").joinpath("static")))


def events_filter(
    since: Day = None,
    until: Day = None,
    source: Key = None,
    target: Key = None,
    actor: Key = None,
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}-[A-Za-z_]{1,40}$")] = None,
    directed: bool = False,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$")] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    q: Text = None,
) -> EventFilter:
    return EventFilter(
        since=since,
        until=until,
        source=source,
        target=target,
        actor=actor,
        dyad=query.parse_dyad(dyad) if dyad else None,
        directed=directed,
        root=root,
        code=code,
        quad_class=quad_class,
        q=q,
    )


Filter = Annotated[EventFilter, Depends(events_filter)]


class _State:
    def __init__(self, db: str | Path, token: str | None) -> None:
        self.token = token or None
        self.store = Store(db, read_only=self.token is None)
        self.pipeline: Any = None
        self.ingest_lock = threading.Lock()


def create_app(db: str | Path, *, token: str | None = None) -> FastAPI:
    """The app for store `db`; `token` (default: $DYAD_API_TOKEN) turns on POST /api/ingest."""
    state = _State(db, token if token is not None else os.environ.get(TOKEN_ENV))

    app = FastAPI(
        title="dyad",
        version=__version__,
        description="Source-linked political event records: events, dyad series, actors, "
        "articles with their evidence spans, and quotes.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN; the dashboard must not
        redoc_url=None,
    )
    app.state.dyad = state

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(DyadError)
    async def dyad_error(_: Request, exc: DyadError) -> JSONResponse:
        status = 422 if isinstance(exc, UsageError) else 500
        return JSONResponse({"detail": str(exc)}, status_code=status)

    store = state.store

    @app.get("/api/health", response_model=Health, tags=["store"])
    def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "schema_version": store.schema_version(),
            "read_only": store.read_only,
            "ingest": state.token is not None,
        }

    @app.get("/api/stats", tags=["store"])
    def stats() -> dict[str, Any]:
        """How many articles, events, quotes and mentions, and the days the events span."""
        return query.stats(store)

    @app.get("/api/events", response_model=Page, tags=["events"])
    def events(f: Filter, limit: Limit = 50, offset: Offset = 0) -> Response:
        """Events newest first, filtered; each with its sentence text and article."""
        total, items = query.events_page(store, f, limit=limit, offset=offset)
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[str, Field(max_length=64)]) -> dict[str, Any]:
        found = query.event_by_id(store, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r} in this store")
        return found

    @app.get("/api/series", response_model=Series, tags=["dyads"])
    def series(
        a: Annotated[str, Query(pattern=r"^[A-Za-z_]{1,40}$")],
        b: Annotated[str, Query(pattern=r"^[A-Za-z_]{1,40}$")],
        interval: Literal["day", "week", "month"] = "month",
        since: Day = None,
        until: Day = None,
    ) -> Response:
        """Events and Goldstein sums between actors A and B per day, week or month (both
        directions, and each); negated and hypothetical events are not counted."""
        points = query.dyad_series_json(
            store, a, b, interval=interval, f=EventFilter(since=since, until=until)
        )
        head = _json_text({"a": a.upper(), "b": b.upper(), "interval": interval})
        return _json_body(f'{head[:-1]},"points":{points}}}')

    @app.get("/api/dyads", tags=["dyads"])
    def dyads(f: Filter, limit: Limit = 50) -> list[dict[str, Any]]:
        """Actor pairs with the most events, either direction."""
        return query.top_dyads(store, f, limit=limit)

    @app.get("/api/network", tags=["dyads"])
    def network(f: Filter, limit: Limit = 150) -> dict[str, Any]:
        """Directed edges between actors (events, mean Goldstein) and the actors they join."""
        return query.network(store, f, limit=limit)

    @app.get("/api/map", tags=["events"])
    def event_map(f: Filter) -> dict[str, Any]:
        """Where events happened (points) and how many events involve each country."""
        return query.event_map(store, f)

    @app.get("/api/actors", tags=["actors"])
    def actors(q: Text = None, limit: Limit = 100) -> list[dict[str, Any]]:
        """Actor keys with their mention and event counts, most mentioned first."""
        return query.actors(store, q=q, limit=limit)

    @app.get("/api/actors/{key}", tags=["actors"])
    def actor(
        key: Annotated[str, Field(max_length=64)], limit: Limit = 50, offset: Offset = 0
    ) -> dict[str, Any]:
        """One actor: the identities it was resolved to (codes, names) and its mentions."""
        found = query.actor_detail(store, key, limit=limit, offset=offset)
        if found is None:
            raise HTTPException(404, f"no actor {key!r} in this store")
        return found

    @app.get("/api/articles/{doc_id}", tags=["articles"])
    def article(doc_id: Annotated[str, Field(max_length=64)]) -> dict[str, Any]:
        """An article's cleaned text with its evidence spans (sentences, triggers, actors,
        quotes, speakers) as character offsets into that text."""
        found = query.article_detail(store, doc_id)
        if found is None:
            raise HTTPException(404, f"no article {doc_id!r} in this store")
        return found

    @app.get("/api/quotes", response_model=Page, tags=["quotes"])
    def quotes(
        speaker: Text = None, q: Text = None, limit: Limit = 50, offset: Offset = 0
    ) -> dict[str, Any]:
        """Quotes, filtered by speaker (actor key, code or name) and words."""
        total, items = query.quotes_page(
            store, QuoteFilter(speaker=speaker, q=q), limit=limit, offset=offset
        )
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/speakers", tags=["quotes"])
    def speakers(limit: Limit = 100) -> list[dict[str, Any]]:
        """Who is quoted, most quoted first."""
        return query.speakers(store, limit=limit)

    @app.post(
        "/api/ingest",
        response_model=IngestOut,
        tags=["store"],
        responses={401: {"description": "no or wrong token"}, 403: {"description": "off"}},
    )
    def ingest(
        body: IngestIn, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        """Code and store articles. Needs `Authorization: Bearer <DYAD_API_TOKEN>`; off when
        the server was started without DYAD_API_TOKEN."""
        if state.token is None:
            raise HTTPException(
                403, f"ingest over HTTP is off: start `dyad serve` with {TOKEN_ENV} set"
            )
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), state.token.encode()):
            raise HTTPException(401, "send Authorization: Bearer <the server's DYAD_API_TOKEN>")
        return _ingest(state, body)

    static = static_dir()
    if (static / "index.html").is_file():
        app.mount("/", StaticFiles(directory=static, html=True), name="dashboard")
    return app


def _json_text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _json_body(text: str) -> Response:
    return Response(text.encode("utf-8"), media_type="application/json")


def _json(payload: dict[str, Any]) -> Response:
    """A response already in the shape of its response_model, encoded once. Letting FastAPI
    validate and re-encode a page or a day series (thousands of points) took longer than
    the query."""
    return _json_body(_json_text(payload))


def _ingest(state: _State, body: IngestIn) -> dict[str, Any]:
    from dyad.ingest import ingest_documents

    items: list[RawDocument | Rejection] = []
    for a in body.articles:
        if not (a.text or a.html):
            items.append(Rejection(a.id, "the article has neither text nor html"))
            continue
        items.append(
            RawDocument(
                source_id=a.id,
                text=a.text,
                html=a.html,
                title=a.title,
                published=a.published,
                url=a.url,
                lang=a.lang,
            )
        )
    rejected: list[dict[str, str]] = []

    def make_pipeline() -> Any:
        if state.pipeline is None:
            from dyad.pipeline import Pipeline

            state.pipeline = Pipeline()
        return state.pipeline

    with state.ingest_lock:  # one writer: requests ingest one after another
        summary = ingest_documents(
            state.store,
            items,
            make_pipeline=make_pipeline,
            on_rejection=lambda r: rejected.append(r.to_dict()),
        )
    return {
        "added": summary.added,
        "skipped": summary.skipped,
        "duplicates": summary.duplicates,
        "events": summary.events,
        "quotes": summary.quotes,
        "mentions": summary.mentions,
        "rejected": rejected,
    }


def serve(db: str | Path, *, host: str, port: int, stderr: TextIO = sys.stderr) -> int:
    """Run the API and dashboard with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db)
    mode = "ingest on (token set)" if app.state.dyad.token else "read-only"
    shown = f"[{host}]" if ":" in host else host
    print(
        f"dyad: serving {db} ({mode}) — dashboard at http://{shown}:{port}/ , "
        f"API at http://{shown}:{port}/api/ (OpenAPI: /api/openapi.json); Ctrl-C stops",
        file=stderr,
        flush=True,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        # Not at ASGI shutdown: one app may see several lifespans (tests, reloads).
        app.state.dyad.store.close()
    return 0
