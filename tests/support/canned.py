"""A server on 127.0.0.1 that answers every request with the same bytes (no tests here).

For answers the fake server does not give (a reason phrase of a proxy's own, an SSE body with
nothing but its terminator), or to stand in for a forward proxy (it answers absolute-form
requests itself). It reads each request whole (`content-length` bodies), answers, and keeps
the connection for the next one until the client closes it; it counts the connections.
"""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType


class CannedServer:
    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        #: Connections accepted so far, and those the client has closed.
        self.connections = 0
        self.closed = 0
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                server.connections += 1
                while True:
                    head = b""
                    while (line := self.rfile.readline()) not in (b"\r\n", b"\n", b""):
                        head += line
                    if not head:
                        server.closed += 1
                        return
                    length = 0
                    for header in head.split(b"\r\n"):
                        name, _, value = header.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    server.requests.append(head + self.rfile.read(length))
                    self.wfile.write(server.answer)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> CannedServer:
        threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def answer(status: str, body: bytes, content_type: str, *, chunked: bool = False) -> bytes:
    """A whole HTTP/1.1 response: `status` like "502 Upstream Timed Out"."""
    head = f"HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\n"
    if chunked:
        framed = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
        return (head + "transfer-encoding: chunked\r\n\r\n").encode() + framed
    return (head + f"content-length: {len(body)}\r\n\r\n").encode() + body
