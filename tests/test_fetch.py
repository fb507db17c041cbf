"""dyad.fetch against a real HTTP server on 127.0.0.1: politeness, robots.txt, retries, caps."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from dyad import __version__
from dyad.errors import InputError, MalformedInput, OversizedInput
from dyad.fetch import (
    USER_AGENT,
    ConnectionFailed,
    Fetcher,
    FetchSettings,
    FetchTimeout,
    HTTPStatusFailure,
    RobotsDisallowed,
    TooManyRedirects,
    check_url,
)
from http_fixtures import LocalServer, Route, serving

PAGE = "<html><body><article><p>The ministers met on Monday.</p></article></body></html>"
# Short timeouts and delays keep the suite fast; the behaviour is the same as with defaults.
FAST = FetchSettings(timeout=0.5, total_timeout=2.0, retries=2, backoff=0.01, delay=0.0)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with serving() as running:
        yield running


def fetcher(**changes: object) -> Fetcher:
    fields = {name: getattr(FAST, name) for name in FAST.__dataclass_fields__}
    fields.update(changes)
    return Fetcher(FetchSettings(**fields))  # type: ignore[arg-type]


def test_fetches_a_page_with_an_honest_user_agent(server: LocalServer) -> None:
    url = server.page("/a", PAGE)
    with fetcher() as client:
        got = client.fetch(url)
    assert got.status == 200
    assert got.body == PAGE.encode()
    assert got.media_type == "text/html"
    assert got.charset == "utf-8"
    assert f"dyad/{__version__} (+https://github.com/dyad)" == USER_AGENT
    assert {hit.user_agent for hit in server.hits} == {USER_AGENT}
    # robots.txt is asked first (a 404 here, which allows everything), then the page.
    assert server.paths() == ["/robots.txt", "/a"]


def test_robots_txt_is_respected_and_read_once_per_host(server: LocalServer) -> None:
    server.add(
        "/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    open_url = server.page("/public/a", PAGE)
    closed = server.page("/private/b", PAGE)
    with fetcher() as client:
        assert client.fetch(open_url).status == 200
        with pytest.raises(RobotsDisallowed, match=r"robots\.txt does not allow"):
            client.fetch(closed)
        assert client.fetch(server.page("/public/c", PAGE)).status == 200
    assert server.paths().count("/robots.txt") == 1
    assert "/private/b" not in server.paths()
    # With respect_robots off (the user's own site), the page is fetched.
    with fetcher(respect_robots=False) as client:
        assert client.fetch(closed).status == 200


def test_a_group_for_dyad_replaces_the_star_group(server: LocalServer) -> None:
    server.add(
        "/robots.txt",
        body=b"User-agent: dyad\nDisallow: /no-dyad/\n\nUser-agent: *\nDisallow: /others/\n",
        content_type="text/plain",
    )
    with fetcher() as client:
        with pytest.raises(RobotsDisallowed):
            client.fetch(server.page("/no-dyad/a", PAGE))
        # RFC 9309: a crawler follows the group that names it, and only that group.
        assert client.fetch(server.page("/others/b", PAGE)).status == 200


def test_unreachable_robots_txt_closes_the_site(server: LocalServer) -> None:
    server.add("/robots.txt", status=500, content_type="text/plain")
    url = server.page("/a", PAGE)
    with fetcher(retries=0) as client, pytest.raises(RobotsDisallowed, match="RFC 9309"):
        client.fetch(url)
    assert "/a" not in server.paths()


def test_politeness_delay_between_requests_to_one_host(server: LocalServer) -> None:
    urls = [server.page(f"/p{i}", PAGE) for i in range(3)]
    with fetcher(delay=0.15) as client:
        for url in urls:
            client.fetch(url)
    times = [hit.at for hit in server.hits]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(gaps) == 3  # robots.txt + 3 pages
    assert min(gaps) >= 0.14


def test_crawl_delay_from_robots_txt(server: LocalServer) -> None:
    # Python's robots.txt parser reads whole seconds only.
    server.add("/robots.txt", body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    first, second = server.page("/1", PAGE), server.page("/2", PAGE)
    with fetcher(delay=0.0) as client:
        client.fetch(first)
        client.fetch(second)
    page_times = [hit.at for hit in server.hits if hit.path != "/robots.txt"]
    assert page_times[1] - page_times[0] >= 0.95


def test_5xx_is_retried_with_backoff_then_succeeds(server: LocalServer) -> None:
    url = server.add("/flaky", Route(body=PAGE.encode(), fail_first=2, fail_status=503))
    waits: list[float] = []
    client = Fetcher(FetchSettings(retries=3, backoff=0.5, delay=0.0), sleep=waits.append)
    with client:
        assert client.fetch(url).body == PAGE.encode()
    assert server.paths().count("/flaky") == 3
    # Exponential: 0.5 s, then 1 s.
    assert waits == [0.5, 1.0]


def test_http_500_after_all_retries_is_one_clear_error(server: LocalServer) -> None:
    url = server.add("/broken", status=500)
    with fetcher() as client, pytest.raises(HTTPStatusFailure) as caught:
        client.fetch(url)
    assert caught.value.status == 500
    assert "HTTP 500 Internal Server Error" in str(caught.value)
    assert "after 3 tries" in str(caught.value)
    assert "try again later" in str(caught.value)
    assert server.paths().count("/broken") == 3


def test_404_is_not_retried(server: LocalServer) -> None:
    with fetcher() as client, pytest.raises(HTTPStatusFailure, match="HTTP 404 Not Found"):
        client.fetch(server.url("/missing"))
    assert server.paths().count("/missing") == 1


def test_retry_after_is_honoured(server: LocalServer) -> None:
    url = server.add(
        "/busy",
        Route(body=PAGE.encode(), fail_first=1, fail_status=429, fail_headers={"Retry-After": "2"}),
    )
    waits: list[float] = []
    with Fetcher(FetchSettings(backoff=0.01, delay=0.0), sleep=waits.append) as client:
        assert client.fetch(url).status == 200
    # The server's Retry-After (2 s) wins over the shorter backoff.
    assert waits == [2.0]


def test_timeout_is_a_fetch_timeout(server: LocalServer) -> None:
    url = server.add("/slow", Route(body=PAGE.encode(), delay=1.5))
    with fetcher(timeout=0.3, retries=0) as client, pytest.raises(FetchTimeout) as caught:
        client.fetch(url)
    assert "did not answer in time" in str(caught.value)


def test_dripping_server_hits_the_total_timeout(server: LocalServer) -> None:
    url = server.add("/drip", Route(body=b"x" * 200_000, pieces=50, drip=0.05))
    with (
        fetcher(timeout=1.0, total_timeout=0.4, retries=0) as client,
        pytest.raises(FetchTimeout, match="took too long"),
    ):
        client.fetch(url)


def test_size_cap_from_content_length_and_from_the_stream(server: LocalServer) -> None:
    big = b"<html>" + b"x" * 300_000
    declared = server.add("/big", Route(body=big))
    streamed = server.add("/big-chunked", Route(body=big, chunked=True, pieces=10))
    with fetcher(max_bytes=100_000) as client:
        with pytest.raises(OversizedInput, match="says it is 300006 bytes"):
            client.fetch(declared)
        with pytest.raises(OversizedInput, match="is larger than"):
            client.fetch(streamed)
        # The real default (20 MiB) lets the same page through.
    with fetcher() as client:
        assert len(client.fetch(declared).body) == len(big)


def test_redirects_are_followed_up_to_the_limit(server: LocalServer) -> None:
    server.page("/final", PAGE)
    server.add("/r1", status=301, headers={"Location": "/r2"})
    server.add("/r2", status=302, headers={"Location": server.url("/final")})
    with fetcher() as client:
        got = client.fetch(server.url("/r1"))
    assert got.url == server.url("/r1")
    assert got.final_url == server.url("/final")
    for i in range(10):
        server.add(f"/loop{i}", status=302, headers={"Location": f"/loop{i + 1}"})
    with fetcher(max_redirects=3) as client, pytest.raises(TooManyRedirects):
        client.fetch(server.url("/loop0"))


def test_redirect_to_a_disallowed_page_is_refused(server: LocalServer) -> None:
    server.add("/robots.txt", body=b"User-agent: *\nDisallow: /secret\n", content_type="text/plain")
    server.add("/open", status=301, headers={"Location": "/secret"})
    server.page("/secret", PAGE)
    with fetcher() as client, pytest.raises(RobotsDisallowed):
        client.fetch(server.url("/open"))
    assert "/secret" not in server.paths()


def test_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    server.add("/ftp", status=301, headers={"Location": "ftp://example.org/file"})
    with fetcher() as client, pytest.raises(MalformedInput, match="not an http"):
        client.fetch(server.url("/ftp"))


def test_connection_refused_is_a_connection_failure() -> None:
    with (
        LocalServerClosed() as url,
        fetcher(retries=1) as client,
        pytest.raises(ConnectionFailed, match="could not be reached"),
    ):
        client.fetch(url)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "example.org/page", "http://", "not a url", "file:///etc/hosts"]
)
def test_only_http_urls(url: str) -> None:
    with pytest.raises(MalformedInput, match="http"):
        check_url(url)


def test_every_failure_is_an_input_error() -> None:
    for error in (
        ConnectionFailed,
        FetchTimeout,
        HTTPStatusFailure,
        RobotsDisallowed,
        TooManyRedirects,
    ):
        assert issubclass(error, InputError)


class LocalServerClosed:
    """The URL of a port on 127.0.0.1 where nothing listens any more."""

    def __enter__(self) -> str:
        with serving() as running:
            url = running.url("/gone")
        return url

    def __exit__(self, *exc_info: object) -> None:
        pass
