"""Fetch web pages and feeds over HTTP, politely, for the read stage.

One `Fetcher` serves a whole run: it keeps a connection pool, a per-host clock (a politeness
delay between two requests to the same host, longer if robots.txt asks for it) and each host's
robots.txt rules. Every request has timeouts (per read and for the whole response), is retried
with exponential backoff on 5xx/429 answers and connection failures, follows redirects up to a
limit (checking robots.txt on every hop) and streams the body under a size cap, so a huge or
endless response never sits in memory.

Every failure is an InputError subclass whose message names the URL's problem and what to do;
the read stage turns it into one rejected line and goes on with the next input.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from dyad import __version__
from dyad.errors import InputError, MalformedInput, OversizedInput

USER_AGENT = f"dyad/{__version__} (+https://github.com/dyad)"
# What dyad reads: web pages first, then feeds; anything else is still accepted and judged
# by its Content-Type afterwards.
ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,"
    "application/atom+xml;q=0.8,application/xml;q=0.7,text/xml;q=0.7,*/*;q=0.1"
)
# Answers worth asking again: the server is overloaded or failing, not refusing.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# RFC 9309: crawlers must parse at least 500 KiB of a robots.txt; more is not needed.
ROBOTS_MAX_BYTES = 512 * 1024
# A server's Retry-After is honoured up to this many seconds.
MAX_RETRY_AFTER = 60.0
# A robots.txt Crawl-delay above this is capped, so one odd file cannot stall a run for hours.
MAX_CRAWL_DELAY = 30.0
# How many hosts' robots rules and clocks are remembered (least recently used are forgotten).
HOST_CACHE_SIZE = 4096
CHUNK_BYTES = 64 * 1024


class FetchError(InputError):
    """A URL could not be fetched."""


class FetchTimeout(FetchError):
    pass


class HTTPStatusFailure(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ConnectionFailed(FetchError):
    pass


class TooManyRedirects(FetchError):
    pass


class RobotsDisallowed(FetchError):
    pass


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How dyad behaves on the web. The defaults are polite to news sites."""

    # Seconds to wait for a connection or for the next bytes of an answer.
    timeout: float = 15.0
    # Seconds one whole response may take, so a server dripping bytes cannot hold a run.
    total_timeout: float = 60.0
    # How many times a failing request is tried again (so at most retries + 1 requests).
    retries: int = 2
    # Seconds before the first retry; each later retry waits twice as long as the one before.
    backoff: float = 1.0
    # Seconds between two requests to the same host (robots.txt may ask for more).
    delay: float = 1.0
    # Largest body read, in bytes; a larger page is rejected without being held in memory.
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response: the body and what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


def check_url(url: str) -> str:
    """The URL, stripped, if it is an absolute http(s) URL with a host; MalformedInput if not."""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise MalformedInput(f"{text!r} is not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise MalformedInput(
            f"{text!r} is not an http(s) URL; dyad fetches URLs that start with http:// or https://"
        )
    return text


def host_key(url: str) -> str:
    """scheme://host[:port]: the unit of politeness and of robots.txt."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


class Fetcher:
    """A polite HTTP client for one run. Use as a context manager, or call close()."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._last_request: OrderedDict[str, float] = OrderedDict()
        self._robots: OrderedDict[str, _Robots] = OrderedDict()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # ---- public -----------------------------------------------------------------------------

    def fetch(self, url: str) -> Fetched:
        """GET `url`, following redirects; the 2xx response or a FetchError/InputError."""
        current = check_url(url)
        for _ in range(self.settings.max_redirects + 1):
            if self.settings.respect_robots:
                self._check_robots(current)
            answer = self._get(current, self.settings.max_bytes)
            if isinstance(answer, Fetched):
                return replace(answer, url=url)
            current = self._redirect_target(current, answer.location)
        raise TooManyRedirects(
            f"{url} redirects more than {self.settings.max_redirects} times (last to {current}); "
            "open it in a browser to find the page's real address and give dyad that"
        )

    # ---- robots.txt -------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        robots = self._robots_for(url)
        if robots.down is not None:
            # The host itself does not answer: say so, not that robots.txt forbids the page.
            raise type(robots.down)(f"{url}: {_first_clause(str(robots.down))}; try again later")
        if robots.unreachable is not None:
            raise RobotsDisallowed(
                f"{url}: the site's robots.txt could not be fetched ({robots.unreachable}); by "
                "the robots.txt standard (RFC 9309) dyad then treats the whole site as closed. "
                "Try again later"
            )
        if not robots.parser.can_fetch(self.settings.user_agent, url):
            raise RobotsDisallowed(
                f"{url}: the site's robots.txt does not allow crawlers (User-agent dyad or *) "
                "to fetch this page; dyad respects it. Save the page yourself if you may use it"
            )

    def _robots_for(self, url: str) -> _Robots:
        key = host_key(url)
        cached = self._robots.get(key)
        if cached is not None:
            self._robots.move_to_end(key)
            return cached
        robots = self._load_robots(key)
        self._robots[key] = robots
        if len(self._robots) > HOST_CACHE_SIZE:
            self._robots.popitem(last=False)
        return robots

    def _load_robots(self, key: str) -> _Robots:
        parser = urllib.robotparser.RobotFileParser(key + "/robots.txt")
        current = key + "/robots.txt"
        try:
            for _ in range(self.settings.max_redirects + 1):
                answer = self._get(current, ROBOTS_MAX_BYTES)
                if isinstance(answer, Fetched):
                    break
                current = self._redirect_target(current, answer.location)
            else:
                return _Robots(parser, unreachable="it redirects too many times")
        except HTTPStatusFailure as exc:
            if 400 <= exc.status < 500:
                # RFC 9309: a robots.txt that is "unavailable" (4xx) puts no limit on crawling.
                parser.parse([])
                return _Robots(parser)
            return _Robots(parser, unreachable=f"HTTP {exc.status}")
        except OversizedInput:
            return _Robots(parser, unreachable="it is larger than 512 KiB")
        except (ConnectionFailed, FetchTimeout) as exc:
            return _Robots(parser, unreachable=_first_clause(str(exc)), down=exc)
        except FetchError as exc:
            return _Robots(parser, unreachable=_first_clause(str(exc)))
        body = answer.body.decode("utf-8", errors="replace")
        parser.parse(body.splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        crawl_delay = min(float(delay), MAX_CRAWL_DELAY) if delay is not None else 0.0
        return _Robots(parser, crawl_delay=crawl_delay)

    # ---- one request ------------------------------------------------------------------------

    def _get(self, url: str, max_bytes: int) -> Fetched | _Redirect:
        """One GET with retries: a 2xx response or a redirect, else a FetchError."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self._wait_for_host(url)
            try:
                return self._get_once(url, max_bytes)
            except _Retryable as retryable:
                problem = retryable
            finally:
                self._mark_host(url)
            if attempt == attempts - 1:
                raise problem.error(attempts) from problem
            self._sleep(self._backoff(attempt, problem.retry_after))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _get_once(self, url: str, max_bytes: int) -> Fetched | _Redirect:
        started = self._clock()
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                if 300 <= status < 400 and status != 304:
                    location = response.headers.get("Location")
                    if not location:
                        raise HTTPStatusFailure(
                            f"{url} answered HTTP {status} (a redirect) without saying where to; "
                            "the site is misconfigured, try the page's address in a browser",
                            status,
                        )
                    return _Redirect(location)
                if status in RETRY_STATUSES:
                    raise _Retryable(
                        url,
                        status=status,
                        retry_after=_retry_after(response.headers.get("Retry-After")),
                    )
                if not 200 <= status < 300:
                    raise HTTPStatusFailure(_status_message(url, status), status)
                body = self._read_body(url, response, max_bytes, started)
                content_type = response.headers.get("Content-Type", "")
                return Fetched(
                    url=url,
                    final_url=str(response.url),
                    status=status,
                    content_type=content_type,
                    charset=response.charset_encoding,
                    body=body,
                )
        except httpx.TimeoutException as exc:
            raise _Retryable(url, timeout=True) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise MalformedInput(f"{url} cannot be fetched ({exc}); check the URL") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            # Refused connections, resets, DNS failures, broken chunked or gzip bodies.
            raise _Retryable(url, failure=f"{type(exc).__name__}: {exc}") from exc

    def _read_body(
        self, url: str, response: httpx.Response, max_bytes: int, started: float
    ) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise OversizedInput(_too_large(url, max_bytes, f"says it is {declared} bytes"))
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes(CHUNK_BYTES):
            total += len(chunk)
            if total > max_bytes:
                raise OversizedInput(_too_large(url, max_bytes, "is larger"))
            chunks.append(chunk)
            if self._clock() - started > self.settings.total_timeout:
                raise _Retryable(url, timeout=True, total=True)
        return b"".join(chunks)

    # ---- timing -----------------------------------------------------------------------------

    def _wait_for_host(self, url: str) -> None:
        """Sleep until this host's politeness delay has passed since its last request."""
        key = host_key(url)
        robots = self._robots.get(key)
        delay = max(self.settings.delay, robots.crawl_delay if robots else 0.0)
        last = self._last_request.get(key)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._mark_host(url)

    def _mark_host(self, url: str) -> None:
        """Note the time of a request to `url`'s host (again when it ends, so the delay runs
        from the end of one response to the start of the next)."""
        key = host_key(url)
        self._last_request[key] = self._clock()
        self._last_request.move_to_end(key)
        if len(self._last_request) > HOST_CACHE_SIZE:
            self._last_request.popitem(last=False)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        wait = self.settings.backoff * (2**attempt)
        return max(wait, retry_after) if retry_after is not None else wait

    def _redirect_target(self, current: str, location: str) -> str:
        target = urljoin(current, location.strip())
        try:
            return check_url(target)
        except MalformedInput as exc:
            raise MalformedInput(
                f"{current} redirects to {target!r}, which is not an http(s) page; dyad does not "
                "follow it"
            ) from exc


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser
    crawl_delay: float = 0.0
    # Why robots.txt could not be read (RFC 9309: the site counts as closed), or None.
    unreachable: str | None = None
    # The connection failure or timeout that kept robots.txt from being read, if that was why.
    down: FetchError | None = None


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


class _Retryable(Exception):
    """A failure worth trying again; `error` builds what is raised when no try is left."""

    def __init__(
        self,
        url: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        timeout: bool = False,
        total: bool = False,
        failure: str | None = None,
    ) -> None:
        super().__init__(url)
        self.url = url
        self.status = status
        self.retry_after = retry_after
        self.timeout = timeout
        self.total = total
        self.failure = failure

    def error(self, attempts: int) -> FetchError:
        tries = f"{attempts} tries" if attempts > 1 else "1 try"
        if self.status is not None:
            return HTTPStatusFailure(
                f"{_status_message(self.url, self.status)} (after {tries})", self.status
            )
        if self.timeout:
            what = "took too long to send the page" if self.total else "did not answer in time"
            return FetchTimeout(
                f"{self.url} {what} ({tries}); the server is slow or down: try again later"
            )
        return ConnectionFailed(
            f"{self.url} could not be reached ({self.failure}; {tries}); check the address and "
            "your network connection"
        )


def _status_message(url: str, status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "unknown status"
    if status in (401, 403):
        advice = "the site refuses access; if you may read the page, save it and give dyad the file"
    elif status in (404, 410):
        advice = "the page is gone or the address is wrong; check the URL"
    elif status == 429:
        advice = "the site limits how often it may be asked; try again later"
    elif status >= 500:
        advice = "the server is failing; try again later"
    else:
        advice = "check the URL"
    return f"{url} answered HTTP {status} {phrase}; {advice}"


def _too_large(url: str, max_bytes: int, how: str) -> str:
    limit = f"{max_bytes / (1024 * 1024):.1f} MiB" if max_bytes >= 1024 * 1024 else f"{max_bytes} B"
    return (
        f"{url} {how} than the {limit} ({max_bytes} bytes) limit for one page; dyad did not "
        "download the rest. Save the article text yourself if you need it"
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _first_clause(message: str) -> str:
    return message.split(";")[0]
