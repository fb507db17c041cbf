"""A real HTTP server on 127.0.0.1 for the tests of fetching, feeds and URL inputs.

Tests never touch the network: `serving()` starts a ThreadingHTTPServer on a random port of
the loopback interface, and each test declares the routes it needs (pages, feeds, robots.txt,
redirects, slow and failing answers). Every request is recorded with its time and User-Agent,
so tests can check politeness, retries and the headers dyad sends. Test modules use it as

    @pytest.fixture
    def server() -> Iterator[LocalServer]:
        with serving() as running:
            yield running
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering at all (a server that does not answer in time).
    delay: float = 0.0
    # Send the body in this many pieces, `drip` seconds apart (a server that answers slowly).
    pieces: int = 1
    drip: float = 0.0
    # Answer `fail_status` this many times before answering normally (a flaky server).
    fail_first: int = 0
    fail_status: int = 503
    fail_headers: dict[str, str] = field(default_factory=dict)
    # Omit Content-Length (so only the streamed size shows how large the body is).
    chunked: bool = False


@dataclass
class Hit:
    path: str
    user_agent: str
    at: float


class LocalServer:
    """Routes by path; unknown paths get 404 (so a missing robots.txt allows everything)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        handler = _handler_for(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route | None = None, **fields: object) -> str:
        """Serve `route` (or a Route made from `fields`) at `path`; returns the full URL."""
        self.routes[path] = route or Route(**fields)  # type: ignore[arg-type]
        return self.url(path)

    def page(self, path: str, html: str | bytes, **fields: object) -> str:
        body = html.encode("utf-8") if isinstance(html, str) else html
        return self.add(path, Route(body=body, **fields))  # type: ignore[arg-type]

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def record(self, path: str, user_agent: str) -> int:
        with self._lock:
            self.hits.append(Hit(path, user_agent, time.monotonic()))
            self._served[path] = self._served.get(path, 0) + 1
            return self._served[path]

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

        def do_GET(self) -> None:
            count = server.record(self.path, self.headers.get("User-Agent", ""))
            route = server.routes.get(self.path)
            if route is None:
                self._send(404, "text/plain", b"not found", {})
                return
            if route.delay:
                time.sleep(route.delay)
            if count <= route.fail_first:
                self._send(route.fail_status, "text/plain", b"try later", route.fail_headers)
                return
            self._send(route.status, route.content_type, route.body, route.headers, route)

        def _send(
            self,
            status: int,
            content_type: str,
            body: bytes,
            headers: dict[str, str],
            route: Route | None = None,
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                if route is not None and route.chunked:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                pieces = route.pieces if route else 1
                size = max(1, -(-len(body) // pieces))
                for start in range(0, len(body), size):
                    self.wfile.write(body[start : start + size])
                    self.wfile.flush()
                    if route is not None and route.drip:
                        time.sleep(route.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a size cap or a timeout): that is the test

    return Handler


@contextmanager
def serving() -> Iterator[LocalServer]:
    """A started LocalServer, stopped on exit; test modules wrap it in a fixture."""
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
