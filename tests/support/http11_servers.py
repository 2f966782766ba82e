"""A scriptable raw-socket HTTP server for the connection-pool tests (no tests here).

Every accepted connection runs `handler(peer)` in its own thread; the handler reads requests
with `peer.recv_request()` and writes exact response bytes with `peer.send(...)`, so a test can
produce any framing, malformed or not. When the handler returns the socket is closed.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: How long any server-side wait may last before a test is considered stuck.
STUCK = 5.0


def wait_until(predicate: Callable[[], object], timeout: float = STUCK) -> None:
    """Poll `predicate` until it is true (AssertionError after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.002)


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def response(
    body: bytes = b"ok", *, status: bytes = b"200 OK", headers: bytes = b"", version: bytes = b"1.1"
) -> bytes:
    """A complete content-length response."""
    return b"HTTP/%s %s\r\ncontent-length: %d\r\n%s\r\n%s" % (
        version,
        status,
        len(body),
        headers,
        body,
    )


@dataclass
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes  # de-chunked
    raw: bytes  # exactly the bytes received for this request
    chunked: bool = False

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name.lower():
                return value
        return None


@dataclass
class Peer:
    """One accepted connection, as its handler sees it."""

    sock: socket.socket
    index: int
    buffer: bytes = b""
    received: bytearray = field(default_factory=bytearray)
    requests: list[Request] = field(default_factory=list)
    client_closed: bool = False

    def _more(self, timeout: float) -> bool:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b""
        if not data:
            self.client_closed = True
            return False
        self.received += data
        self.buffer += data
        return True

    def _take(self, n: int, timeout: float) -> bytes:
        while len(self.buffer) < n:
            if not self._more(timeout):
                raise EOFError("client closed mid-request")
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _line(self, timeout: float) -> bytes:
        while b"\r\n" not in self.buffer:
            if not self._more(timeout):
                raise EOFError("client closed mid-request")
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def recv_request(self, timeout: float = STUCK) -> Request | None:
        """The next whole request (body de-chunked), or None if the client closed first."""
        start = len(self.received) - len(self.buffer)
        while b"\r\n\r\n" not in self.buffer:
            if not self._more(timeout):
                if self.buffer:
                    raise EOFError("client closed mid-head")
                return None
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, _version = request_line.split(" ")
        headers = []
        for line in lines:
            name, _, value = line.partition(":")
            headers.append((name.strip().lower(), value.strip()))
        request = Request(method, target, headers, b"", b"")
        if (request.header("transfer-encoding") or "").lower() == "chunked":
            request.chunked = True
            parts = []
            while True:
                size = int(self._line(timeout).split(b";")[0], 16)
                if size == 0:
                    while self._line(timeout):  # trailers up to the empty line
                        pass
                    break
                parts.append(self._take(size, timeout))
                if self._take(2, timeout) != b"\r\n":
                    raise ValueError("chunk not followed by CRLF")
            request.body = b"".join(parts)
        else:
            request.body = self._take(int(request.header("content-length") or 0), timeout)
        request.raw = bytes(self.received[start : len(self.received) - len(self.buffer)])
        self.requests.append(request)
        return request

    def send(self, *pieces: bytes, pause: float = 0.0) -> None:
        """Write each piece in its own send (`pause` seconds apart, to split TCP segments)."""
        for i, piece in enumerate(pieces):
            if i and pause:
                time.sleep(pause)
            self.sock.sendall(piece)

    def wait_eof(self, timeout: float = STUCK) -> bool:
        """Read (and keep) whatever comes until the client closes; False on timeout."""
        deadline = time.monotonic() + timeout
        while not self.client_closed:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                self._more(left)
            except TimeoutError:
                return False
            except OSError:
                self.client_closed = True
        return True

    def serve(self, reply: Callable[[Request], bytes]) -> None:
        """Answer requests with `reply(request)` until the client closes (keep-alive)."""
        while (request := self.recv_request()) is not None:
            self.sock.sendall(reply(request))


class ScriptServer:
    """A listening socket on 127.0.0.1 whose connections each run `handler(peer)`."""

    def __init__(
        self,
        handler: Callable[[Peer], object],
        *,
        ssl_context: ssl.SSLContext | None = None,
        rcvbuf: int | None = None,
    ) -> None:
        self.handler = handler
        self.ssl_context = ssl_context
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf is not None:  # inherited by accepted sockets: a client's writes block soon
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        sock.settimeout(0.02)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self.url = f"{'https' if ssl_context else 'http'}://127.0.0.1:{self.port}"
        self.peers: list[Peer] = []
        self.finished: list[Peer] = []  # peers whose handler returned and socket closed
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def accepts(self) -> int:
        return len(self.peers)

    @property
    def requests(self) -> list[Request]:
        return [r for p in list(self.peers) for r in p.requests]

    def __enter__(self) -> ScriptServer:
        self._accept_thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._accept_thread.join(STUCK)
        self._sock.close()
        for peer in list(self.peers):  # unblock handlers still reading a kept-alive connection
            with contextlib.suppress(OSError):
                peer.sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(STUCK)

    def _accept_loop(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            peer = Peer(conn, len(self.peers))
            self.peers.append(peer)
            thread = threading.Thread(target=self._handle, args=(peer,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _handle(self, peer: Peer) -> None:
        try:
            if self.ssl_context is not None:
                peer.sock.settimeout(STUCK)
                peer.sock = self.ssl_context.wrap_socket(peer.sock, server_side=True)
            self.handler(peer)
        except (ssl.SSLError, OSError, EOFError) as exc:
            self.errors.append(exc)
        except BaseException as exc:  # surfaced by tests that check `errors`
            self.errors.append(exc)
        finally:
            with contextlib.suppress(OSError):
                peer.sock.close()
            self.finished.append(peer)


def hold(peer: Peer) -> None:
    """Read one request, never answer, and keep the connection until the client drops it."""
    peer.recv_request()
    peer.wait_eof()


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
