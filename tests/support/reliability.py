"""Shared helpers of the reliability suite (no tests here): a scripted raw HTTP server, a fake
server in a subprocess, pool inspection and a ResourceWarning trap."""

from __future__ import annotations

import contextlib
import gc
import os
import socket
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from support.driver import ADMIN_KEY, API_KEY

HI = [{"role": "user", "content": "hi"}]
CREDENTIAL_HEADERS = ("x-api-key", "x-admin-key", "authorization")


def posts(server: Any, path: str) -> list[Any]:
    return [r for r in server.requests if r.path == path]


# ---- a server that answers with exact bytes ---------------------------------------------------


def sse_head() -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
        b"cache-control: no-store\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    )


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def sse_body(*events: str, end: bool = True) -> bytes:
    """Chunked SSE events (`data: <event>\\r\\n\\r\\n` each), then the last chunk if `end`."""
    body = b"".join(chunk(f"data: {e}\r\n\r\n".encode()) for e in events)
    return body + (b"0\r\n\r\n" if end else b"")


class RawServer:
    """Answers every connection with `reply(request_bytes)` (bytes pieces), then closes it
    (replies should say `connection: close`: a silent close races with keep-alive reuse).

    For framings the fake server cannot produce (a stream that ends cleanly in a spot the
    fake never ends). `requests` holds the raw request heads+bodies received.
    """

    def __init__(self, reply: Callable[[bytes], Iterable[bytes | memoryview]]) -> None:
        self._reply = reply
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    request = self._read_request(conn)
                    self.requests.append(request)
                    for piece in self._reply(request):
                        conn.sendall(piece)
                    conn.shutdown(socket.SHUT_WR)
                    while conn.recv(65536):  # let the client close first: no RST
                        pass
                except OSError:
                    pass

    @staticmethod
    def _read_request(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            more = conn.recv(65536)
            if not more:
                return data
            data += more
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            body += conn.recv(65536)
        return head + b"\r\n\r\n" + body


# ---- the fake server in another process (keeps its sockets and CPU out of this process) ----


class SubprocessServer:
    """`python -m tabby_ext.testing` on a free port, with the suite's keys and no pings."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tabby_ext.testing",
                "--port",
                "0",
                "--ping-interval",
                "0",
                "--api-key",
                API_KEY,
                "--admin-key",
                ADMIN_KEY,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self._proc.stdout is not None
        self.url = self._proc.stdout.readline().strip()
        assert self.url.startswith("http://"), self.url

    def stop(self) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(10)
        finally:
            if self._proc.stdout is not None:
                self._proc.stdout.close()


# ---- resources --------------------------------------------------------------------------------


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def pool_of(client: Any) -> Any:
    """The connection pool (`HTTP11Pool` / `AsyncHTTP11Pool`) a client created for itself."""
    return client._inner


def connections(client: Any) -> int:
    """Connections open in a client's own pool, in use or idle."""
    stats = client._inner.stats()
    return int(stats["active"] + stats["idle"])


def pool_state(client: Any) -> tuple[int, int]:
    """(requests waiting for or holding a connection, connections that are not idle) of a
    client's pool: its own `HTTP11Pool`, or the httpcore pool of an injected httpx client."""
    pool = client._inner
    if hasattr(pool, "stats"):
        stats = pool.stats()
        return stats["waiting"] + stats["active"], stats["active"]
    core = pool.client._transport._pool  # a borrowed http_client's httpcore pool
    busy = [c for c in core.connections if not (c.is_idle() or c.is_closed())]
    return len(core._requests), len(busy)


@contextlib.contextmanager
def no_resource_warnings() -> Iterator[list[str]]:
    """Turn ResourceWarning into errors and catch the ones raised in `__del__` (which Python
    only reports through `sys.unraisablehook`); the test asserts the yielded list is empty."""
    caught: list[str] = []
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        caught.append(f"{unraisable.exc_type.__name__}: {unraisable.exc_value}")

    sys.unraisablehook = hook
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            try:
                yield caught
            finally:
                gc.collect()
    finally:
        sys.unraisablehook = previous
