"""A forward HTTP proxy on 127.0.0.1 that records what passes through it (no tests here).

Clients send it absolute-form requests (`GET http://host:port/path`); it forwards each to its
target with `http.client` (hosts in `resolve` are mapped to 127.0.0.1, so a test can use names
that only the proxy knows) and returns the answer whole. Enough for the proxy tests; streams are
buffered, and CONNECT (https) is not supported.
"""

from __future__ import annotations

import http.client
import socketserver
import threading
import urllib.parse
from dataclasses import dataclass, field
from types import TracebackType


@dataclass
class Seen:
    method: str
    url: str
    headers: dict[str, str]


@dataclass
class ForwardProxy:
    resolve: dict[str, str] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                while proxy._forward_one(self.rfile, self.wfile):
                    pass

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ForwardProxy:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _forward_one(self, rfile: object, wfile: object) -> bool:
        line = rfile.readline()  # type: ignore[attr-defined]
        if not line.strip():
            return False
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (header := rfile.readline()) not in (b"\r\n", b"\n", b""):  # type: ignore[attr-defined]
            name, value = header.decode("latin-1").split(":", 1)
            headers[name.strip().lower()] = value.strip()
        body = rfile.read(int(headers.get("content-length", "0")))  # type: ignore[attr-defined]
        self.seen.append(Seen(method, target, headers))
        url = urllib.parse.urlsplit(target)
        host = self.resolve.get(url.hostname or "", url.hostname or "")
        upstream = http.client.HTTPConnection(host, url.port or 80, timeout=10)
        forwarded = {k: v for k, v in headers.items() if not k.startswith("proxy-")}
        upstream.request(method, url.path + (f"?{url.query}" if url.query else ""), body, forwarded)
        answer = upstream.getresponse()
        content = answer.read()
        framing = ("transfer-encoding", "content-length", "connection")
        kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in framing]
        head = f"HTTP/1.1 {answer.status} {answer.reason}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in kept)
        head += f"content-length: {len(content)}\r\n\r\n"
        wfile.write(head.encode("latin-1") + content)  # type: ignore[attr-defined]
        upstream.close()
        return True
