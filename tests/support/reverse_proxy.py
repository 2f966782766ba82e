"""A reverse proxy on 127.0.0.1 serving an upstream under a path prefix (no tests here).

Like TabbyAPI behind nginx at `https://host/tabby/`: a request for `/tabby/v1/models` is
forwarded to `upstream` as `/v1/models`, headers and body unchanged, and the answer returned
whole (streams are buffered). A request outside the prefix gets a 404 from the proxy itself.
"""

from __future__ import annotations

import http.client
import socketserver
import threading
import urllib.parse
from types import TracebackType


class PrefixProxy:
    def __init__(self, upstream: str, prefix: str = "/tabby") -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.prefix = prefix.rstrip("/")
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                while proxy._forward_one(self.rfile, self.wfile):
                    pass

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"

    def __enter__(self) -> PrefixProxy:
        threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True).start()
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
        headers: list[tuple[str, str]] = []
        while (header := rfile.readline()) not in (b"\r\n", b"\n", b""):  # type: ignore[attr-defined]
            name, value = header.decode("latin-1").split(":", 1)
            headers.append((name.strip().lower(), value.strip()))
        length = int(dict(headers).get("content-length", "0"))
        body = rfile.read(length)  # type: ignore[attr-defined]
        if target.startswith(self.prefix + "/"):
            upstream = http.client.HTTPConnection(
                self.upstream.hostname or "127.0.0.1", self.upstream.port or 80, timeout=10
            )
            upstream.putrequest(method, target[len(self.prefix) :], skip_host=True)
            for name, value in headers:
                upstream.putheader(name, value)
            upstream.endheaders(body)
            answer = upstream.getresponse()
            status, reason, content = answer.status, answer.reason, answer.read()
            framing = ("transfer-encoding", "content-length", "connection")
            kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in framing]
            upstream.close()
        else:
            status, reason, content, kept = 404, "Not Found", b"not under the prefix", []
        head = f"HTTP/1.1 {status} {reason}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in kept)
        head += f"content-length: {len(content)}\r\n\r\n"
        wfile.write(head.encode("latin-1") + content)  # type: ignore[attr-defined]
        return True
