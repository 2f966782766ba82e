"""The default connection pool (`HTTP11Pool` / `AsyncHTTP11Pool`) as an httpx transport, sync and
async, against real sockets on 127.0.0.1 whose exact response bytes each test scripts.

Reuse is judged by the server: how many connections it accepted, and whether the client closed
the ones that must not be reused.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from support.driver import Driver
from support.http11_servers import (
    STUCK,
    Peer,
    Request,
    ScriptServer,
    chunk,
    closed_port,
    hold,
    response,
    wait_until,
)

from tabby_ext._async.http11 import COALESCE_BYTES, MAX_HEAD_BYTES, AsyncHTTP11Pool
from tabby_ext._sync.http11 import HTTP11Pool

OK = response(b"ok")
IDLE = {"waiting": 0, "active": 0, "idle": 1}
EMPTY = {"waiting": 0, "active": 0, "idle": 0}


def ok(_: Request) -> bytes:
    return OK


def serve_ok(peer: Peer) -> None:
    peer.serve(ok)


class Side:
    """One test body for the sync pool and the async one: awaits what needs awaiting (on the
    `drive` fixture's event loop) and closes the clients it made."""

    def __init__(self, drive: Driver) -> None:
        self.drive = drive
        self.is_async = drive.kind == "async"
        self.clients: list[Any] = []

    def pool(self, **kwargs: Any) -> Any:
        return (AsyncHTTP11Pool if self.is_async else HTTP11Pool)(**kwargs)

    def client(self, pool: Any = None, *, timeout: Any = STUCK, **pool_kwargs: Any) -> Any:
        transport = pool if pool is not None else self.pool(**pool_kwargs)
        cls = httpx.AsyncClient if self.is_async else httpx.Client
        client = cls(transport=transport, timeout=timeout)
        self.clients.append(client)
        return client

    def __call__(self, value: Any) -> Any:
        return self.drive(value)

    def request(self, client: Any, url: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
        return self(client.request(method, url, **kwargs))  # type: ignore[no-any-return]

    def open(self, client: Any, url: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
        """A response whose body is not read yet (and which holds its connection)."""
        request = client.build_request(method, url, **kwargs)
        return self(client.send(request, stream=True))  # type: ignore[no-any-return]

    def read(self, response: httpx.Response) -> bytes:
        return self(response.aread() if self.is_async else response.read())  # type: ignore[no-any-return]

    def close(self, thing: Any) -> None:
        self(thing.aclose() if self.is_async else thing.close())

    def bounded(self, call: Callable[[], Any], limit: float = STUCK) -> Any:
        """`call()`'s result (awaited if need be), failing the test rather than hanging."""
        if self.is_async:

            async def run() -> Any:
                return await asyncio.wait_for(call(), limit)

            return self(run())
        outcome: list[Any] = []

        def target() -> None:
            try:
                outcome.append((True, call()))
            except BaseException as exc:
                outcome.append((False, exc))

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(limit)
        if not outcome:
            pytest.fail(f"still blocked after {limit}s")
        succeeded, value = outcome[0]
        if not succeeded:
            raise value
        return value

    def finish(self) -> None:
        for client in self.clients:
            self.close(client)


@pytest.fixture
def side(drive: Driver) -> Iterator[Side]:
    s = Side(drive)
    yield s
    s.finish()


def stats(client: Any) -> dict[str, int]:
    return client._transport.stats()  # type: ignore[no-any-return]


def by_connection(*handlers: Any) -> Any:
    """A handler running `handlers[i]` on the i-th accepted connection (the last one after)."""

    def handle(peer: Peer) -> None:
        handlers[min(peer.index, len(handlers) - 1)](peer)

    return handle


def answer_once(*pieces: bytes, pause: float = 0.0, then_close: bool = True) -> Any:
    """A handler reading one request and writing `pieces`; then it closes the connection, or
    keeps it open until the client closes it."""

    def handle(peer: Peer) -> None:
        peer.recv_request()
        peer.send(*pieces, pause=pause)
        if not then_close:
            peer.wait_eof()

    return handle


def client_closed(server: ScriptServer, index: int) -> None:
    """Wait until the client closed the server's `index`-th connection."""
    wait_until(lambda: server.accepts > index and server.peers[index].client_closed)


# ---- 1. response framing ----------------------------------------------------------------------


def test_content_length_body(side: Side) -> None:
    body = bytes(range(256)) * 4
    reply = response(body, status=b"201 Fine", headers=b"x-one: 1\r\nx-two: 2\r\n")
    with ScriptServer(lambda p: p.serve(lambda _: reply)) as srv:
        client = side.client()
        r = side.request(client, srv.url + "/a?b=c")
        assert (r.status_code, r.reason_phrase, r.http_version) == (201, "Fine", "HTTP/1.1")
        assert r.content == body
        assert (r.headers["x-one"], r.headers["x-two"]) == ("1", "2")
        assert srv.requests[0].target == "/a?b=c"
        assert srv.requests[0].header("host") == f"127.0.0.1:{srv.port}"


def test_large_content_length_body(side: Side) -> None:
    body = bytes(range(256)) * (12 * 1024)  # 3 MiB: many socket reads
    with ScriptServer(lambda p: p.serve(lambda _: response(body))) as srv:
        client = side.client()
        assert side.request(client, srv.url).content == body
        assert side.request(client, srv.url).content == body
        assert srv.accepts == 1


CHUNKED_HEAD = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"


def test_chunked_body_in_one_write(side: Side) -> None:
    wire = (
        CHUNKED_HEAD
        + chunk(b"hello ")
        + b"5;name=value\r\nworld\r\n"  # a chunk extension
        + chunk(b"!" * 300)
        + b"0\r\nx-trailer: t\r\n\r\n"  # trailers
    )
    with ScriptServer(lambda p: p.serve(lambda _: wire)) as srv:
        client = side.client()
        for _ in range(2):  # the trailers were consumed: the next response parses cleanly
            r = side.request(client, srv.url)
            assert r.content == b"hello world" + b"!" * 300
            assert "x-trailer" not in r.headers
        assert srv.accepts == 1


def test_chunked_body_split_across_writes(side: Side) -> None:
    pieces = [
        CHUNKED_HEAD[:20],  # even the head is split
        CHUNKED_HEAD[20:] + b"1",  # a chunk-size line split across writes: 0x10 bytes
        b"0\r\n0123456789",
        b"abcdef\r",
        b"\n3\r\nxyz\r\n0",
        b"\r\n",
        b"\r\n",
    ]

    def handle(peer: Peer) -> None:
        peer.recv_request()
        peer.send(*pieces, pause=0.01)
        peer.serve(ok)  # then keep-alive: the parser must be back at a response's start

    with ScriptServer(handle) as srv:
        client = side.client()
        r = side.request(client, srv.url)
        assert r.content == b"0123456789abcdefxyz"
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 1


@pytest.mark.parametrize("version", [b"1.1", b"1.0"])
def test_close_delimited_body(side: Side, version: bytes) -> None:
    head = b"HTTP/%s 200 OK\r\ncontent-type: text/plain\r\n\r\n" % version
    with ScriptServer(answer_once(head, b"first part, ", b"second part", pause=0.01)) as srv:
        client = side.client()
        for _ in range(2):
            r = side.request(client, srv.url)
            assert r.content == b"first part, second part"
        assert srv.accepts == 2  # the connection that ended the body is never reused
        assert stats(client) == EMPTY


# ---- 2. keep-alive ----------------------------------------------------------------------------


def test_keep_alive_reuses_one_connection(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client()
        for _ in range(3):
            assert side.request(client, srv.url).content == b"ok"
            assert stats(client) == IDLE
        assert srv.accepts == 1
        assert len(srv.peers[0].requests) == 3


@pytest.mark.parametrize(
    ("version", "headers", "reused"),
    [
        (b"1.1", b"connection: close\r\n", False),
        (b"1.1", b"connection: keep-alive\r\n", True),
        (b"1.0", b"", False),
        (b"1.0", b"connection: keep-alive\r\n", True),
    ],
)
def test_connection_header_decides_reuse(
    side: Side, version: bytes, headers: bytes, reused: bool
) -> None:
    # The server would happily answer again on the same connection: only the client decides.
    reply = response(b"hi", headers=headers, version=version)
    with ScriptServer(lambda p: p.serve(lambda _: reply)) as srv:
        client = side.client()
        for _ in range(2):
            r = side.request(client, srv.url)
            assert (r.content, r.http_version) == (b"hi", "HTTP/" + version.decode())
        if reused:
            assert srv.accepts == 1
            assert stats(client) == IDLE
        else:
            assert srv.accepts == 2
            client_closed(srv, 0)
            assert stats(client) == EMPTY


# ---- 3. informational and bodiless responses ---------------------------------------------------


@pytest.mark.parametrize("split", [False, True])
def test_informational_responses_are_skipped(side: Side, split: bool) -> None:
    informational = [
        b"HTTP/1.1 100 Continue\r\n\r\n",
        b"HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n",
    ]
    final = response(b"real", status=b"202 Accepted", headers=b"x-final: 1\r\n")

    def handle(peer: Peer) -> None:
        peer.recv_request()
        if split:
            peer.send(*informational, final, pause=0.01)
        else:
            peer.send(b"".join([*informational, final]))
        peer.serve(ok)

    with ScriptServer(handle) as srv:
        client = side.client()
        r = side.request(client, srv.url, "POST", content=b"payload")
        assert (r.status_code, r.reason_phrase, r.content) == (202, "Accepted", b"real")
        assert r.headers["x-final"] == "1"
        assert "link" not in r.headers
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 1


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 204 No Content\r\n\r\n",
        b'HTTP/1.1 304 Not Modified\r\netag: "x"\r\n\r\n',
        # the length of the representation a 304 stands for: still no body on the wire
        b"HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n",
        b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n",
    ],
)
def test_bodiless_statuses_are_empty_and_reused(side: Side, head: bytes) -> None:
    def reply(request: Request) -> bytes:
        return head if request.target == "/empty" else OK

    with ScriptServer(lambda p: p.serve(reply)) as srv:
        client = side.client(timeout=1.0)  # a pool waiting for a body fails, not hangs
        for _ in range(2):
            r = side.open(client, srv.url + "/empty")
            assert (r.status_code, side.read(r)) == (int(head[9:12]), b"")
            side.close(r)
            assert stats(client) == IDLE
            assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 1


def test_head_request_with_content_length(side: Side) -> None:
    def reply(request: Request) -> bytes:
        if request.method == "HEAD":
            return b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n"
        return OK

    with ScriptServer(lambda p: p.serve(reply)) as srv:
        client = side.client(timeout=1.0)  # a pool waiting for 1000 bytes fails, not hangs
        r = side.request(client, srv.url, "HEAD")
        assert (r.status_code, r.content, r.headers["content-length"]) == (200, b"", "1000")
        # whatever the pool did with that connection, the next answer is parsed right
        assert side.request(client, srv.url).content == b"ok"
        assert side.request(client, srv.url, "HEAD").content == b""
        assert stats(client)["active"] == 0


# ---- 4. errors --------------------------------------------------------------------------------


def test_server_closes_without_responding(side: Side) -> None:
    with ScriptServer(answer_once()) as srv:
        client = side.client()
        with pytest.raises(httpx.RemoteProtocolError):
            side.request(client, srv.url)
        assert stats(client) == EMPTY


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 abc OK\r\ncontent-length: 0\r\n\r\n",
        b"HTXP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
        b"garbage\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nno colon here\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nbad name: x\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: abc\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\nab",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-folded: a\r\n b\r\n\r\nok",
        b"HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n",
    ],
)
def test_malformed_response_head(side: Side, head: bytes) -> None:
    with ScriptServer(by_connection(answer_once(head, then_close=False), serve_ok)) as srv:
        client = side.client()
        with pytest.raises(httpx.RemoteProtocolError):
            side.request(client, srv.url)
        assert stats(client) == EMPTY
        client_closed(srv, 0)
        assert side.request(client, srv.url).content == b"ok"  # on a new connection
        assert srv.accepts == 2


@pytest.mark.parametrize(
    "wire",
    [
        b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\nabc",
        b"HTTP/1.0 200 OK\r\ncontent-length: 10\r\n\r\nabc",
        CHUNKED_HEAD + chunk(b"abc"),  # no last chunk
        CHUNKED_HEAD + chunk(b"abc") + b"5\r\nab",  # cut inside a chunk
        # Chunked on a connection the server closes: the close does not end the body.
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        + chunk(b"abc"),
    ],
)
def test_body_cut_short(side: Side, wire: bytes) -> None:
    with ScriptServer(answer_once(wire)) as srv:
        client = side.client()
        r = side.open(client, srv.url)
        assert r.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            side.read(r)
        side.close(r)
        assert stats(client) == EMPTY


@pytest.mark.parametrize("where", ["head", "body"])
def test_read_timeout(side: Side, where: str) -> None:
    if where == "head":
        handler = hold
    else:
        handler = answer_once(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc", then_close=False)
    with ScriptServer(by_connection(handler, serve_ok)) as srv:
        client = side.client(timeout=httpx.Timeout(STUCK, read=0.2))
        with pytest.raises(httpx.ReadTimeout):
            side.request(client, srv.url)
        assert stats(client) == EMPTY
        client_closed(srv, 0)
        assert side.request(client, srv.url).content == b"ok"


def test_connect_error(side: Side) -> None:
    client = side.client()
    with pytest.raises(httpx.ConnectError):
        side.request(client, f"http://127.0.0.1:{closed_port()}/")
    assert stats(client) == EMPTY


def big_head(size: int) -> bytes:
    line = b"x-filler: " + b"f" * 1000 + b"\r\n"
    return b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n" + line * (size // len(line)) + b"\r\nok"


def test_response_head_too_large(side: Side) -> None:
    # Far over the limit: no read that crosses MAX_HEAD_BYTES can also hold the head's end.
    with ScriptServer(answer_once(big_head(MAX_HEAD_BYTES * 2), then_close=False)) as srv:
        client = side.client()
        with pytest.raises(httpx.RemoteProtocolError, match="larger than"):
            side.request(client, srv.url)
        assert stats(client) == EMPTY
        client_closed(srv, 0)


def test_response_head_just_over_the_limit(side: Side) -> None:
    """Regression: the limit was only checked while the head was still incomplete after a read,
    so a head crossing MAX_HEAD_BYTES and ending in that same read (up to READ_SIZE more) was
    accepted."""
    wire = big_head(MAX_HEAD_BYTES + 8192)
    cut = MAX_HEAD_BYTES - 4096  # the client has read this much when the rest arrives at once
    with ScriptServer(answer_once(wire[:cut], wire[cut:], pause=0.05, then_close=False)) as srv:
        client = side.client()
        with pytest.raises(httpx.RemoteProtocolError, match="larger than"):
            side.request(client, srv.url)


def test_response_head_below_the_limit(side: Side) -> None:
    wire = big_head(MAX_HEAD_BYTES - 8192)
    with ScriptServer(lambda p: p.serve(lambda _: wire)) as srv:
        client = side.client()
        r = side.request(client, srv.url)
        assert r.content == b"ok"
        assert len(r.headers.get_list("x-filler")) == wire.count(b"x-filler") > 200


@pytest.mark.parametrize(
    "garbage",
    [b"GARBAGE\r\n\r\n", b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nextra"],
    ids=["garbage", "unsolicited-response"],
)
@pytest.mark.parametrize("later", [False, True], ids=["same-write", "later-write"])
def test_bytes_after_a_complete_response(side: Side, garbage: bytes, later: bool) -> None:
    sent = threading.Event()

    def first(peer: Peer) -> None:
        peer.recv_request()
        if later:
            peer.send(OK)
            time.sleep(0.05)
            peer.send(garbage)
        else:
            peer.send(OK + garbage)
        sent.set()
        peer.serve(lambda _: response(b"wrong connection"))

    with ScriptServer(by_connection(first, serve_ok)) as srv:
        client = side.client()
        assert side.request(client, srv.url).content == b"ok"
        assert sent.wait(STUCK)
        time.sleep(0.02)  # the late garbage reaches the client's socket
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 2
        client_closed(srv, 0)


# ---- 5. the request side ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "value"),
    [
        ("GET", "x-a", "a\r\nx-injected: 1"),
        ("GET", "x-a", "a\nb"),
        ("GET", "x-a", "a\rb"),
        ("GET", "x-a", "a\x00b"),
        ("GET", "x:a", "v"),
        ("GET", "x a", "v"),
        ("GET", "", "v"),
        ("GET /x HTTP/1.1\r\nx-injected: 1\r\nx:", "x-a", "v"),
    ],
)
def test_invalid_request_is_refused_before_writing(
    side: Side, method: str, name: str, value: str
) -> None:
    with ScriptServer(lambda p: p.wait_eof()) as srv:
        client = side.client()
        with pytest.raises(httpx.LocalProtocolError):
            side.request(client, srv.url, method, headers={name: value})
        assert stats(client) == EMPTY
        side.close(client)
        wait_until(lambda: len(srv.finished) == srv.accepts)
        assert [bytes(p.received) for p in srv.peers] == [b""] * srv.accepts


def test_streamed_request_body_is_chunked(side: Side) -> None:
    parts = [b"first ", b"", b"second " * 1000, b"third", b"0\r\n\r\n"]  # b"": not the end

    def sync_body() -> Iterator[bytes]:
        yield from parts

    async def async_body() -> AsyncIterator[bytes]:
        for part in parts:
            await asyncio.sleep(0)
            yield part

    with ScriptServer(serve_ok) as srv:
        client = side.client()
        body = async_body() if side.is_async else sync_body()
        assert side.request(client, srv.url, "POST", content=body).content == b"ok"
        assert side.request(client, srv.url).content == b"ok"  # the framing ended cleanly
        request = srv.requests[0]
        assert request.chunked
        assert request.header("content-length") is None
        assert request.body == b"".join(parts)
        assert request.raw.endswith(b"\r\n0\r\n\r\n")
        assert srv.accepts == 1


@pytest.mark.parametrize(
    "size", [0, 10, COALESCE_BYTES, COALESCE_BYTES + 1, 3 * COALESCE_BYTES + 7]
)
def test_request_body_arrives_intact(side: Side, size: int) -> None:
    content = (bytes(range(251)) * (size // 251 + 1))[:size]
    with ScriptServer(lambda p: p.serve(lambda r: response(b"%d" % len(r.body)))) as srv:
        client = side.client()
        for _ in range(2):
            r = side.request(client, srv.url, "PUT", content=content)
            assert r.content == b"%d" % size
        assert [r.body == content for r in srv.requests] == [True, True]
        assert srv.requests[0].header("content-length") == str(size)
        assert srv.accepts == 1


@pytest.mark.parametrize("streamed", [False, True])
def test_write_timeout(side: Side, streamed: bool) -> None:
    """Regression: a write timeout escaped as httpcore.WriteTimeout, which no httpx handler (nor
    the retry layer, catching httpx.TransportError) catches: send() only mapped WriteError."""
    part, parts = b"x" * (1 << 20), 16  # far more than the socket buffers hold

    def sync_body() -> Iterator[bytes]:
        for _ in range(parts):
            yield part

    async def async_body() -> AsyncIterator[bytes]:
        for _ in range(parts):
            yield part

    if streamed:
        content: Any = async_body() if side.is_async else sync_body()
    else:
        content = part * parts
    gate = threading.Event()
    with ScriptServer(lambda p: gate.wait(STUCK), rcvbuf=4096) as srv:  # never reads
        client = side.client(timeout=httpx.Timeout(STUCK, write=0.2))
        try:
            with pytest.raises(httpx.WriteTimeout):
                side.bounded(lambda: client.post(srv.url, content=content))
            assert stats(client) == EMPTY
        finally:
            gate.set()


SMALL_SEND_BUFFER = [(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)]


class SmallBuffers(httpcore.SyncBackend):
    def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:
        return super().connect_tcp(*args, **{**kwargs, "socket_options": SMALL_SEND_BUFFER})


class AsyncSmallBuffers(httpcore.AnyIOBackend):
    async def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:
        return await super().connect_tcp(*args, **{**kwargs, "socket_options": SMALL_SEND_BUFFER})


def test_write_timeout_of_a_body_sent_with_the_head(side: Side) -> None:
    """A body up to COALESCE_BYTES goes out in one send with the head; the write timeout holds
    for that send too (it only fills the socket buffers when they are small)."""
    backend = AsyncSmallBuffers() if side.is_async else SmallBuffers()
    gate = threading.Event()
    with ScriptServer(lambda p: gate.wait(STUCK), rcvbuf=4096) as srv:  # never reads
        client = side.client(
            side.pool(network_backend=backend), timeout=httpx.Timeout(STUCK, write=0.2)
        )
        body = b"x" * (COALESCE_BYTES - 1024)
        try:
            with pytest.raises(httpx.WriteTimeout):
                side.bounded(lambda: client.post(srv.url, content=body))
            assert stats(client) == EMPTY
        finally:
            gate.set()


# ---- 6. the pool ------------------------------------------------------------------------------


def test_pool_limit_timeout_and_stats(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client(limits=httpx.Limits(max_connections=2))
        first, second = side.open(client, srv.url), side.open(client, srv.url)
        assert stats(client) == {"waiting": 0, "active": 2, "idle": 0}

        with pytest.raises(httpx.PoolTimeout):
            side.bounded(lambda: client.get(srv.url, timeout=httpx.Timeout(STUCK, pool=0.2)))
        assert stats(client) == {"waiting": 0, "active": 2, "idle": 0}
        assert srv.accepts == 2

        # A third request waits for a slot, and gets one when a response closes.
        if side.is_async:

            async def third_waits() -> bytes:
                task = asyncio.ensure_future(client.get(srv.url))
                while stats(client)["waiting"] == 0:
                    assert not task.done()
                    await asyncio.sleep(0.002)
                assert stats(client) == {"waiting": 1, "active": 2, "idle": 0}
                await first.aclose()
                return (await task).content

            assert side(third_waits()) == b"ok"
        else:
            results: list[bytes] = []
            thread = threading.Thread(target=lambda: results.append(client.get(srv.url).content))
            thread.start()
            wait_until(lambda: stats(client)["waiting"] == 1)
            assert stats(client) == {"waiting": 1, "active": 2, "idle": 0}
            first.close()
            thread.join(STUCK)
            assert results == [b"ok"]
        assert stats(client) == {"waiting": 0, "active": 1, "idle": 1}
        side.close(second)
        assert stats(client) == {"waiting": 0, "active": 0, "idle": 2}
        assert srv.accepts == 2  # the third request reused the first's connection


def test_queued_requests_share_the_limited_connections(side: Side) -> None:
    count = 12
    with ScriptServer(lambda p: p.serve(lambda r: response(r.target.encode()))) as srv:
        client = side.client(limits=httpx.Limits(max_connections=2))
        urls = [f"{srv.url}/{i}" for i in range(count)]
        if side.is_async:

            async def all_at_once() -> list[bytes]:
                responses = await asyncio.gather(*(client.get(url) for url in urls))
                return [r.content for r in responses]

            bodies = side(all_at_once())
        else:
            with ThreadPoolExecutor(count) as executor:
                bodies = list(executor.map(lambda url: client.get(url).content, urls))
        assert bodies == [f"/{i}".encode() for i in range(count)]
        assert srv.accepts <= 2
        assert len(srv.requests) == count
        assert stats(client) == {"waiting": 0, "active": 0, "idle": srv.accepts}


def test_max_keepalive_connections(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client(limits=httpx.Limits(max_keepalive_connections=1))
        responses = [side.open(client, srv.url) for _ in range(3)]
        assert stats(client) == {"waiting": 0, "active": 3, "idle": 0}
        for r in responses:
            side.read(r)
            side.close(r)
        assert stats(client) == IDLE
        wait_until(lambda: sum(p.client_closed for p in srv.peers) == 2)
        for _ in range(2):
            assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 3
        assert stats(client) == IDLE


@pytest.mark.parametrize(("expiry", "accepts"), [(0.05, 2), (STUCK, 1)])
def test_keepalive_expiry(side: Side, expiry: float, accepts: int) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client(limits=httpx.Limits(keepalive_expiry=expiry))
        assert side.request(client, srv.url).content == b"ok"
        time.sleep(0.15)
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == accepts
        if accepts == 2:
            client_closed(srv, 0)
        assert stats(client) == IDLE


def test_idle_connection_closed_by_server_is_replaced(side: Side) -> None:
    # Keep-alive on the wire, but the server closes right after answering.
    with ScriptServer(answer_once(OK)) as srv:
        client = side.client()
        for i in range(3):
            assert side.request(client, srv.url).content == b"ok"
            assert stats(client) == IDLE
            wait_until(lambda i=i: len(srv.finished) == i + 1)
            time.sleep(0.02)  # the FIN reaches the client's socket
        assert srv.accepts == 3
        assert not srv.errors


def test_pool_close_closes_idle_connections(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        pool = side.pool()
        client = side.client(pool)
        responses = [side.open(client, srv.url) for _ in range(3)]
        for r in responses[:2]:
            side.close(r)
        assert pool.stats() == {"waiting": 0, "active": 1, "idle": 2}
        side.close(pool)
        assert pool.stats() == {"waiting": 0, "active": 1, "idle": 0}
        wait_until(lambda: srv.peers[0].client_closed and srv.peers[1].client_closed)
        assert not srv.peers[2].client_closed  # in use: closes with its response
        assert side.read(responses[2]) == b"ok"
        side.close(responses[2])
        client_closed(srv, 2)
        assert pool.stats() == EMPTY
        with pytest.raises(RuntimeError, match=r"^the connection pool has been closed$"):
            side(_handle(pool, httpx.Request("GET", srv.url)))


def _handle(pool: Any, request: httpx.Request) -> Any:
    if isinstance(pool, AsyncHTTP11Pool):
        return pool.handle_async_request(request)
    return pool.handle_request(request)


def test_the_fork_hook_gives_the_child_a_fresh_pool(side: Side) -> None:
    """What `os.fork()` runs in the child (tested in one process here, where the pool's
    state can be seen; tests/test_processes.py forks for real)."""
    with ScriptServer(serve_ok) as srv:
        pool = side.pool(limits=httpx.Limits(max_connections=2))
        client = side.client(pool)
        parents = side.open(client, srv.url)  # the parent's request, mid-way at the fork
        pool.after_fork_in_child()
        assert stats(client) == EMPTY  # its slot and connection are the parent's
        side.read(parents)
        side.close(parents)  # closed in the child: not pooled, no slot given back
        assert stats(client) == EMPTY
        assert wait_until(lambda: srv.peers[0].client_closed) is None

        first, second = side.open(client, srv.url), side.open(client, srv.url)
        assert stats(client) == {"waiting": 0, "active": 2, "idle": 0}  # both slots are free
        with pytest.raises(httpx.PoolTimeout, match=r"^no free connection within 0\.1s$"):
            side.bounded(lambda: client.get(srv.url, timeout=httpx.Timeout(STUCK, pool=0.1)))
        pool.after_fork_in_child()  # a child of the child
        for response in (first, second):
            side.read(response)
            side.close(response)
        assert stats(client) == EMPTY  # made before the second fork: not pooled either
        assert side.request(client, srv.url).content == b"ok"
        assert stats(client) == IDLE
        assert srv.accepts == 4

        unlimited = side.pool(limits=httpx.Limits(max_connections=None))
        unlimited.after_fork_in_child()  # a pool without a connection limit stays without one
        free = side.client(unlimited)
        held = [side.open(free, srv.url) for _ in range(3)]
        assert stats(free) == {"waiting": 0, "active": 3, "idle": 0}
        for response in held:
            side.close(response)


def test_a_forked_childs_pool_forgets_its_parents_idle_connections(side: Side) -> None:
    """The idle bookkeeping is reset too: the parent's idle sockets are neither counted nor
    reused in the child, and the child's own connections are pooled as usual."""
    with ScriptServer(serve_ok) as srv:
        pool = side.pool(limits=httpx.Limits(max_connections=3, max_keepalive_connections=3))
        client = side.client(pool)
        held = [side.open(client, srv.url) for _ in range(2)]
        for response in held:
            side.read(response)
            side.close(response)
        assert stats(client) == {"waiting": 0, "active": 0, "idle": 2}
        parents = [c for idle in pool._idle.values() for c in idle]
        pool.after_fork_in_child()
        assert stats(client) == EMPTY and not pool._idle and not pool._in_use
        assert not pool._loop_guards
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 3  # a new connection: the parent's idle ones are not the child's
        assert stats(client) == IDLE
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 3  # the child's own idle connection is reused
        for connection in parents:  # one process plays both here: close the parent's side
            side.close(connection)


def test_httpcore_errors_become_the_httpx_errors_callers_catch() -> None:

    from tabby_ext._async.http11 import as_httpx_error

    mapped = as_httpx_error(httpcore.ReadTimeout("no bytes in 5s"))
    assert type(mapped) is httpx.ReadTimeout and str(mapped) == "no bytes in 5s"
    unnamed = as_httpx_error(httpcore.ConnectError())
    assert type(unnamed) is httpx.ConnectError and str(unnamed) == "ConnectError"

    class Custom(httpcore.RemoteProtocolError):
        pass

    assert type(as_httpx_error(Custom("x"))) is httpx.RemoteProtocolError  # by its base class
    other = ValueError("not httpcore's")
    assert as_httpx_error(other) is other


def test_a_head_of_exactly_the_limit_with_its_body_in_the_same_read(side: Side) -> None:
    start = b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n"
    line = b"x-filler: " + b"f" * 1000 + b"\r\n"
    fill = MAX_HEAD_BYTES - len(start) - 2
    last = b"x-last: " + b"l" * (fill % len(line) - 10) + b"\r\n"
    head = start + line * (fill // len(line)) + last + b"\r\n"
    assert len(head) == MAX_HEAD_BYTES
    body = bytes(range(250)) * 4
    # 1000 bytes first: the reads after them (64 KiB each) then cross the limit mid-read,
    # where the head ends and the body begins.
    wire = head + body
    with ScriptServer(answer_once(wire[:1000], wire[1000:], pause=0.05)) as srv:
        client = side.client()
        r = side.request(client, srv.url)
        assert r.content == body and r.headers["x-last"].startswith("lll")


def test_a_reason_phrase_split_across_reads_is_kept_whole(side: Side) -> None:
    pieces = (b"HTTP/1.1 200 Very ", b"Fine Reason\r\ncontent-length: 2\r\n\r\nok")
    with ScriptServer(answer_once(*pieces, pause=0.05)) as srv:
        client = side.client()
        r = side.request(client, srv.url)
        assert (r.reason_phrase, r.content) == ("Very Fine Reason", b"ok")


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        (b"", "^Server disconnected without sending a response\\.$"),
        (b"HTXP/1.1 200 OK\r\n\r\n", "^malformed HTTP response: "),
        (
            b"HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: ws\r\n\r\n",
            "^the server switched protocols$",
        ),
        (
            b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\nabc",
            "^peer closed connection without sending complete message body$",
        ),
    ],
    ids=["no-answer", "malformed", "upgrade", "cut-short"],
)
def test_protocol_errors_say_what_went_wrong(side: Side, wire: bytes, message: str) -> None:
    with ScriptServer(answer_once(wire)) as srv:
        client = side.client()
        with pytest.raises(httpx.RemoteProtocolError, match=message):
            side.request(client, srv.url)


def test_the_pool_keeps_nothing_of_a_connection_it_closed(side: Side) -> None:
    import gc
    import weakref

    closing = response(b"ok", headers=b"connection: close\r\n")
    with ScriptServer(lambda p: p.serve(lambda _: closing)) as srv:
        client = side.client()
        r = side.request(client, srv.url)
        connection = weakref.ref(r.extensions["network_stream"])
        del r
        gc.collect()
        assert connection() is None
        assert stats(client) == EMPTY


def test_a_broken_write_is_reported_as_the_write_error() -> None:
    """The server drops the connection while the body is being sent and never answers: the
    write's error is raised, not the read's that follows it. (Sync only: asyncio buffers the
    write, so whether the write or the read meets the reset first is a race there.)"""

    def drop(peer: Peer) -> None:
        peer.sock.recv(1024)
        peer.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with ScriptServer(drop, rcvbuf=4096) as srv, httpx.Client(transport=HTTP11Pool()) as client:
        with pytest.raises(httpx.WriteError):
            client.post(srv.url, content=b"x" * (16 << 20), timeout=STUCK)
        assert client._transport.stats() == EMPTY  # type: ignore[attr-defined]


def test_invalid_requests_are_refused_with_the_reason() -> None:
    from tabby_ext._async.http11 import request_head

    with pytest.raises(httpx.LocalProtocolError, match=r"^invalid HTTP method 'GE T'$"):
        request_head(httpx.Request("GE T", "http://h/"))
    with pytest.raises(httpx.LocalProtocolError, match=r"^invalid header name b'x:a'$"):
        request_head(httpx.Request("GET", "http://h/", headers={"x:a": "v"}))
    with pytest.raises(httpx.LocalProtocolError, match=r"^header 'x-a' contains CR, LF or NUL$"):
        request_head(httpx.Request("GET", "http://h/", headers={"x-a": "a\nb"}))
    head = request_head(httpx.Request("POST", "http://h/p?q=1", headers={"x-a": "v"}))
    assert head.startswith(b"POST /p?q=1 HTTP/1.1\r\n") and head.endswith(b"x-a: v\r\n\r\n")


def test_expired_idle_connections_are_closed_when_another_is_picked(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client(limits=httpx.Limits(keepalive_expiry=0.5))
        older, newer = side.open(client, srv.url), side.open(client, srv.url)
        side.read(older)
        side.close(older)
        time.sleep(0.4)
        side.read(newer)
        side.close(newer)
        time.sleep(0.2)  # the older one has now been idle longer than 0.5 s, the newer not
        assert side.request(client, srv.url).content == b"ok"  # on the newer connection
        assert stats(client) == IDLE
        client_closed(srv, 0)
        assert srv.accepts == 2 and not srv.peers[1].client_closed


def test_a_response_of_another_live_event_loop_keeps_its_slot() -> None:
    """Two event loops alive at once share a pool: a request on one does not take back the
    slot of a response still open on the other; once that loop has closed, it does, once."""
    import gc
    import warnings
    import weakref

    with ScriptServer(serve_ok) as srv:
        pool = AsyncHTTP11Pool(limits=httpx.Limits(max_connections=2))
        loops = [asyncio.new_event_loop() for _ in range(3)]
        first, second, third = loops
        try:
            client = httpx.AsyncClient(transport=pool, timeout=STUCK)
            request = client.build_request("GET", srv.url)
            held = first.run_until_complete(client.send(request, stream=True))
            assert second.run_until_complete(client.get(srv.url)).content == b"ok"
            assert pool.stats() == {"waiting": 0, "active": 1, "idle": 1}
            connection = weakref.ref(held.extensions["network_stream"])
            first.close()  # with `held` still open on it
            assert third.run_until_complete(client.get(srv.url)).content == b"ok"
            assert pool.stats() == IDLE  # its slot was taken back
            third.run_until_complete(held.aclose())  # and is not given back twice
            assert pool.stats() == IDLE
            with warnings.catch_warnings():  # its socket went with its loop: only GC closes it
                warnings.simplefilter("ignore", ResourceWarning)
                del held
                gc.collect()
            assert connection() is None  # the pool kept nothing of it
            third.run_until_complete(client.aclose())
            # The second loop's idle connection, dropped from the third, closes on its loop.
            second.run_until_complete(asyncio.sleep(0.01))
        finally:
            for loop in loops:
                loop.close()


class Refusing(httpcore.SyncBackend):
    """Records where it was asked to connect, and refuses."""

    def __init__(self) -> None:
        self.tried: list[tuple[str, int]] = []

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.tried.append((host, port))
        raise httpcore.ConnectError("refused")


class AsyncRefusing(httpcore.AnyIOBackend):
    def __init__(self) -> None:
        self.tried: list[tuple[str, int]] = []

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.tried.append((host, port))
        raise httpcore.ConnectError("refused")


def test_urls_without_a_port_use_the_schemes_default(side: Side) -> None:
    backend = AsyncRefusing() if side.is_async else Refusing()
    client = side.client(side.pool(network_backend=backend))
    for url in ("http://tabby.invalid/", "https://tabby.invalid/", "http://tabby.invalid:5000/"):
        with pytest.raises(httpx.ConnectError, match=r"^refused$"):
            side.request(client, url)
    assert backend.tried == [("tabby.invalid", 80), ("tabby.invalid", 443), ("tabby.invalid", 5000)]


def test_unsupported_scheme(side: Side) -> None:
    pool = side.pool()
    with pytest.raises(httpx.UnsupportedProtocol, match=r"^unsupported URL scheme 'ftp'$"):
        side(_handle(pool, httpx.Request("GET", "ftp://127.0.0.1/")))
    assert pool.stats() == EMPTY


def test_closing_response_before_its_body_drops_the_connection(side: Side) -> None:
    unfinished = answer_once(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n", b"x" * 10, then_close=False
    )
    with ScriptServer(by_connection(unfinished, serve_ok)) as srv:
        client = side.client()
        r = side.open(client, srv.url)
        assert stats(client) == {"waiting": 0, "active": 1, "idle": 0}
        side.close(r)
        assert stats(client) == EMPTY
        client_closed(srv, 0)
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 2


# ---- 7. the network_stream extension ----------------------------------------------------------


def test_network_stream_close_drops_the_connection(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client()
        r = side.open(client, srv.url)  # the body is complete already, but r is still open
        side.close(r.extensions["network_stream"])
        client_closed(srv, 0)
        side.close(r)
        assert stats(client) == EMPTY
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 2


def test_network_stream_closed_after_the_response_is_not_reused(side: Side) -> None:
    with ScriptServer(serve_ok) as srv:
        client = side.client()
        r = side.open(client, srv.url)
        assert side.read(r) == b"ok"  # reading to the end closes the response: now idle
        assert stats(client) == IDLE
        side.close(r.extensions["network_stream"])
        client_closed(srv, 0)
        assert side.request(client, srv.url).content == b"ok"
        assert srv.accepts == 2
        assert stats(client) == IDLE


# ---- 8. TLS -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def test_tls(side: Side, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    with ScriptServer(serve_ok, ssl_context=server_context) as srv:
        assert srv.url.startswith("https://")
        untrusting = side.client()
        with pytest.raises(httpx.ConnectError):
            side.request(untrusting, srv.url)
        assert stats(untrusting) == EMPTY

        trusting = side.client(ssl_context=ssl.create_default_context(cafile=str(cert)))
        for _ in range(2):
            r = side.request(trusting, srv.url + "/secure")
            assert (r.status_code, r.content) == (200, b"ok")
        assert srv.requests[0].target == "/secure"
        assert srv.accepts == 2  # the refused handshake, then one reused TLS connection


def test_the_default_tls_context_offers_http_1_1_by_alpn(
    side: Side, certificate: tuple[Path, Path]
) -> None:
    """The pool speaks HTTP/1.1 only: it says so in the handshake, so a server that prefers h2
    settles on http/1.1 instead of speaking a protocol the pool cannot read."""
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server_context.set_alpn_protocols(["h2", "http/1.1"])
    chosen: list[str | None] = []

    def serve(peer: Peer) -> None:
        chosen.append(peer.sock.selected_alpn_protocol())  # type: ignore[attr-defined]
        serve_ok(peer)

    with ScriptServer(serve, ssl_context=server_context) as srv:
        pool = side.pool()
        pool.ssl_context.load_verify_locations(cafile=str(cert))  # the default, made on first use
        assert pool.ssl_context is pool.ssl_context
        client = side.client(pool)
        assert side.request(client, srv.url).content == b"ok"
    assert chosen == ["http/1.1"]


@pytest.fixture(scope="module")
def localhost_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for the name `localhost` only, and its key."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls-localhost")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=localhost"),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def test_tls_checks_the_name_it_connected_to(
    side: Side, localhost_certificate: tuple[Path, Path]
) -> None:
    cert, key = localhost_certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    names: list[str | None] = []
    server_context.sni_callback = lambda _sock, name, _context: names.append(name)  # type: ignore[assignment,misc,return-value]
    with ScriptServer(serve_ok, ssl_context=server_context) as srv:
        client = side.client(ssl_context=ssl.create_default_context(cafile=str(cert)))
        by_name = srv.url.replace("127.0.0.1", "localhost")
        assert side.request(client, by_name).content == b"ok"
        with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
            side.request(client, srv.url)  # the certificate is not for 127.0.0.1
        assert names[0] == "localhost"


def test_a_tls_handshake_that_never_comes_times_out(side: Side) -> None:
    with ScriptServer(hold) as srv:
        client = side.client(timeout=httpx.Timeout(STUCK, connect=0.2))
        url = srv.url.replace("http://", "https://")
        with pytest.raises(httpx.ConnectTimeout):
            side.bounded(lambda: client.get(url))
        assert stats(client) == EMPTY


# ---- 9. async cancellation ---------------------------------------------------------------------


def test_cancelled_request_frees_its_slot() -> None:
    with ScriptServer(by_connection(hold, serve_ok)) as srv:

        async def main() -> None:
            pool = AsyncHTTP11Pool(limits=httpx.Limits(max_connections=1))
            async with httpx.AsyncClient(transport=pool, timeout=STUCK) as client:
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(client.get(srv.url), 0.1)
                assert pool.stats() == EMPTY
                r = await client.get(srv.url, timeout=httpx.Timeout(STUCK, pool=0.5))
                assert r.content == b"ok"
                assert pool.stats() == IDLE

                # Cancelled while waiting for the only slot: no slot is lost either.
                held = await client.send(client.build_request("GET", srv.url), stream=True)
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(client.get(srv.url), 0.1)
                assert pool.stats() == {"waiting": 0, "active": 1, "idle": 0}
                await held.aclose()
                r = await client.get(srv.url, timeout=httpx.Timeout(STUCK, pool=0.5))
                assert r.content == b"ok"
                assert pool.stats() == IDLE

        asyncio.run(main())
        client_closed(srv, 0)
        assert srv.accepts == 2


def test_connections_of_a_finished_event_loop_are_not_reused() -> None:
    """One AsyncTabby across two `asyncio.run` calls: the first loop's idle connection cannot
    be used from the second (httpx's own pool fails there with "Event loop is closed")."""
    with ScriptServer(serve_ok) as srv:
        pool = AsyncHTTP11Pool()
        client = httpx.AsyncClient(transport=pool, timeout=STUCK)

        async def get() -> bytes:
            return (await client.get(srv.url)).content

        assert asyncio.run(get()) == b"ok"
        assert pool.stats() == {**IDLE, "idle": 0}  # closed as its loop shut down
        assert asyncio.run(get()) == b"ok"
        assert srv.accepts == 2
        assert pool.stats() == {**IDLE, "idle": 0}
        asyncio.run(client.aclose())
