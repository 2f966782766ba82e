"""The default connection pool: HTTP/1.1 on httpcore's sockets, responses parsed by httptools.

httpx's own transport parses every HTTP chunk with h11 in pure Python, which costs more per
streamed token than all of our decoding (TabbyAPI sends one chunk per SSE event), and its pool
turns quadratic once requests queue beyond `max_connections`. This pool keeps httpx's transport
interface and httpcore's network backends (connect, TLS, timeouts, asyncio or trio) and hands
the framing to llhttp through httptools, the parser uvicorn uses; `python -m bench` keeps the
comparison. For HTTP/2 or a proxy, give the client your own `http_client=`.
"""

from __future__ import annotations

import contextlib
import re
import ssl
import time
import weakref
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import httpcore
import httptools
import httpx

from .._backend import ForkState, async_acquire, async_current_loop, async_lock, async_slots

#: Bytes asked of the socket per read: a burst of streamed tokens arrives in one read.
READ_SIZE = 64 * 1024
#: Largest response head (status line and headers) accepted.
MAX_HEAD_BYTES = 256 * 1024
#: Request bodies up to this size are written in the same send as the head.
COALESCE_BYTES = 256 * 1024

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FORBIDDEN_IN_VALUE = re.compile(rb"[\r\n\x00]")

_MAPPED: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.TimeoutException: httpx.TimeoutException,
}


def as_httpx_error(exc: Exception) -> Exception:
    """httpcore's exception as the httpx one callers catch (other exceptions unchanged)."""
    for cls in type(exc).__mro__:
        mapped = _MAPPED.get(cls)
        if mapped is not None:
            return mapped(str(exc) or type(exc).__name__)
    return exc


def request_head(request: httpx.Request) -> bytes:
    """The request line and headers, refusing what would let a value start a new header."""
    method = request.method.encode("ascii")
    if not _TOKEN.fullmatch(method):
        raise httpx.LocalProtocolError(f"invalid HTTP method {request.method!r}")
    lines = [method, b" ", request.url.raw_path, b" HTTP/1.1\r\n"]
    for name, value in request.headers.raw:
        if not _TOKEN.fullmatch(name):
            raise httpx.LocalProtocolError(f"invalid header name {name!r}")
        if _FORBIDDEN_IN_VALUE.search(value):
            name_text = name.decode("latin-1")
            raise httpx.LocalProtocolError(f"header {name_text!r} contains CR, LF or NUL")
        lines += (name, b": ", value, b"\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)


def _has_framing(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() in (b"content-length", b"transfer-encoding") for name, _ in headers)


class AsyncHTTP11Connection:
    """One keep-alive HTTP/1.1 connection: sends requests, and httptools calls back into it
    with the response's head and body while parsing what the socket gives."""

    def __init__(self, stream: httpcore.AsyncNetworkStream, origin: tuple[str, str, int]) -> None:
        self.stream = stream
        self.origin = origin
        #: The event loop the socket belongs to (None in the sync twin and under trio).
        self.loop = async_current_loop()
        #: The fork count when it was made: after a fork it is never pooled again, and the
        #: child (another pid) never reads or writes it, so the processes cannot share it.
        self.generation = ForkState.generation
        self.pid = ForkState.pid
        self.idle_since = 0.0
        self.closed = False
        self._parser = httptools.HttpResponseParser(self)
        self._begin()

    def _begin(self) -> None:
        """Forget the previous exchange (the parser carries on to the next message itself)."""
        self.status = 0
        self.reason = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.head_done = False
        self.complete = False
        self.keep_alive = False
        self.http_version = "1.1"

    # ---- httptools callbacks -------------------------------------------------------------

    def on_message_begin(self) -> None:
        if self.complete:  # bytes after the whole response: do not trust the connection again
            self.keep_alive = False

    def on_status(self, reason: bytes) -> None:
        if not self.head_done:
            self.reason += reason

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.head_done:
            self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        if self.complete:
            return
        self.status = self._parser.get_status_code()
        self.keep_alive = self._parser.should_keep_alive()
        self.http_version = self._parser.get_http_version()
        self.head_done = True

    def on_body(self, body: bytes) -> None:
        if not self.complete:
            self.body.append(body)

    def on_message_complete(self) -> None:
        if self.complete:
            return
        if self.status < 200:  # an informational answer (100 Continue): the real one follows
            self._begin()
        else:
            self.complete = True

    # ---- I/O -----------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            raise httpx.RemoteProtocolError("the server switched protocols") from None
        except httptools.HttpParserError as exc:
            if self.complete:  # garbage after a complete response: just don't reuse
                self.keep_alive = False
                return
            raise httpx.RemoteProtocolError(f"malformed HTTP response: {exc}") from None

    async def send(self, request: httpx.Request, timeouts: dict[str, Any]) -> None:
        """Write `request` and read until its response head has been parsed."""
        self.check_owner()
        head = request_head(request)
        write_timeout = timeouts.get("write")
        write_error: Exception | None = None
        try:
            try:
                content: bytes | None = request.content
            except httpx.RequestNotRead:
                content = None
            if content is not None and len(content) <= COALESCE_BYTES:
                await self.stream.write(head + content, write_timeout)
            else:
                await self.stream.write(head, write_timeout)
                if content is not None:
                    await self.stream.write(content, write_timeout)
                else:
                    await self._send_streamed_body(request, write_timeout)
        except httpcore.WriteError as exc:
            # The server may have answered early (a 413, say) and closed: read that answer.
            write_error = exc
        except (httpcore.NetworkError, httpcore.TimeoutException) as exc:
            raise as_httpx_error(exc) from exc
        try:
            await self._receive_head(request, timeouts.get("read"))
        except httpx.TransportError:
            if write_error is not None:
                raise as_httpx_error(write_error) from write_error
            raise

    async def _send_streamed_body(self, request: httpx.Request, timeout: float | None) -> None:
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        assert isinstance(request.stream, httpx.AsyncByteStream)
        async for part in request.stream:
            if not part:
                continue
            if chunked:
                part = b"%x\r\n%b\r\n" % (len(part), part)
            await self.stream.write(part, timeout)
        if chunked:
            await self.stream.write(b"0\r\n\r\n", timeout)

    async def _receive_head(self, request: httpx.Request, timeout: float | None) -> None:
        received = 0
        while not self.head_done:
            data = await self._read(timeout)
            if not data:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            room = MAX_HEAD_BYTES - received
            received += len(data)
            if len(data) > room:  # only the head counts: feed up to the limit, then check
                self.feed(data[:room])
                if not self.head_done:
                    raise httpx.RemoteProtocolError(
                        f"response head larger than {MAX_HEAD_BYTES} bytes"
                    )
                data = data[room:]
            self.feed(data)
        if request.method == "HEAD":  # no body follows, whatever the headers say
            self.body.clear()
            self.complete = True
            self.keep_alive = False  # the parser would expect one: start afresh next time

    async def receive_body(self, timeout: float | None) -> bytes | None:
        """The next piece of body (every chunk one socket read completed), None at its end."""
        while True:
            body = self.body
            if body:
                self.body = []
                return body[0] if len(body) == 1 else b"".join(body)
            if self.complete:
                return None
            data = await self._read(timeout)
            if data:
                self.feed(data)
            elif not self.keep_alive and not _has_framing(self.headers):
                self.complete = True  # a body delimited by the connection closing
            else:
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body"
                )

    def check_owner(self) -> None:
        """Refuse I/O on a connection a forked child inherited: it is its parent's socket."""
        if self.generation != ForkState.generation and self.pid != ForkState.pid:
            raise httpx.ReadError("the connection was made before this process was forked")

    async def _read(self, timeout: float | None) -> bytes:
        if self.generation != ForkState.generation:
            self.check_owner()
        try:
            return await self.stream.read(READ_SIZE, timeout)
        except (httpcore.NetworkError, httpcore.TimeoutException) as exc:
            raise as_httpx_error(exc) from exc

    def reusable(self) -> bool:
        return (
            self.complete
            and self.keep_alive
            and not self.closed
            and self.generation == ForkState.generation
        )

    def is_stale(self, now: float, expiry: float | None, loop: Any) -> bool:
        """Idle too long, made on another event loop (a second `asyncio.run`), or closed or
        written to by the server while idle."""
        if expiry is not None and now - self.idle_since > expiry:
            return True
        if loop is not self.loop or self.generation != ForkState.generation:
            return True
        return bool(self.stream.get_extra_info("is_readable"))

    async def aclose(self) -> None:
        """Close the socket (also the `network_stream` response extension's way to drop it)."""
        if not self.closed:
            self.closed = True
            if self.loop is not None and self.loop.is_closed():
                return  # its loop is gone: nothing can run the close; the socket goes with GC
            if self.pid != ForkState.pid and self.loop is not None:
                return  # the parent's asyncio socket: dropped here, closed by GC in this child
            with contextlib.suppress(httpcore.NetworkError, OSError):
                await self.stream.aclose()


class AsyncResponseStream(httpx.AsyncByteStream):
    """A response body; closing it hands the connection back to the pool (or closes it)."""

    def __init__(
        self, pool: AsyncHTTP11Pool, connection: AsyncHTTP11Connection, timeout: float | None
    ) -> None:
        self._pool = pool
        self._connection = connection
        self._timeout = timeout
        self._epoch = pool.epoch
        self.released = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        connection, timeout = self._connection, self._timeout
        try:
            while True:
                piece = await connection.receive_body(timeout)
                if piece is None:
                    return
                yield piece
        finally:
            # Also reached when the event loop shuts down an abandoned iteration (the end of
            # `asyncio.run`): the connection and its slot go back while the loop still runs.
            await self.aclose()

    async def aclose(self) -> None:
        if not self.released:
            self.released = True
            await self._pool.release(self._connection, self._epoch)


async def _loop_guard(pool: weakref.ref[AsyncHTTP11Pool], loop: Any) -> AsyncGenerator[None, None]:
    """One per pool and event loop, started when the loop makes its first connection: the loop
    closes its async generators while it shuts down (the end of `asyncio.run`), and this one
    then closes the pool's idle connections of that loop, which could not be closed later."""
    try:
        yield
    finally:
        owner = pool()
        if owner is not None:
            await owner._close_idle_of(loop)


class AsyncHTTP11Pool(httpx.AsyncBaseTransport):
    """An `httpx` transport keeping HTTP/1.1 connections alive per origin, within `limits`.

    Requests beyond `max_connections` wait in FIFO order on a semaphore (httpx's `pool`
    timeout applies); idle connections older than `keepalive_expiry`, or that the server
    closed, are dropped when next picked.
    """

    def __init__(
        self,
        *,
        limits: httpx.Limits | None = None,
        ssl_context: ssl.SSLContext | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.limits = limits = limits or httpx.Limits()
        self._max_idle = limits.max_keepalive_connections
        self._expiry = limits.keepalive_expiry
        self._slots = async_slots(limits.max_connections) if limits.max_connections else None
        self._ssl_context = ssl_context
        self._backend = network_backend or httpcore.AnyIOBackend()
        self._lock = async_lock()
        self._idle: dict[tuple[str, str, int], list[AsyncHTTP11Connection]] = {}
        self._idle_count = 0
        self._active = 0
        self._waiting = 0
        self._closed = False
        #: Connections handed out, with their response streams (to take slots back).
        self._in_use: dict[AsyncHTTP11Connection, AsyncResponseStream] = {}
        #: The event loop of the last request: a new one means the old may have closed.
        self._last_loop: Any = None
        #: Changes when a forked child resets the pool; slots of an older epoch are not ours.
        self.epoch = 0
        #: Per event loop with connections: the generator that closes them as it shuts down.
        self._loop_guards: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
        ForkState.register(self)

    def after_fork_in_child(self) -> None:
        """In a forked child: forget the parent's connections and start with fresh locks and
        slots (their state was copied mid-use; the parent's threads do not exist here)."""
        self.epoch += 1
        self._lock = async_lock()
        limit = self.limits.max_connections
        self._slots = async_slots(limit) if limit else None
        self._idle = {}
        self._idle_count = self._active = self._waiting = 0
        self._in_use = {}
        self._loop_guards = weakref.WeakKeyDictionary()

    def stats(self) -> dict[str, int]:
        """Requests waiting for a connection, connections in use, and idle ones."""
        return {"waiting": self._waiting, "active": self._active, "idle": self._idle_count}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise RuntimeError("the connection pool has been closed")
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}")
        port = url.port or (443 if scheme == "https" else 80)
        origin = (scheme, url.raw_host.decode("ascii"), port)
        timeouts: dict[str, Any] = request.extensions.get("timeout") or {}
        loop = async_current_loop()
        if loop is not self._last_loop:
            self._last_loop = loop
            self._reclaim_dead_loops()
        await self._take_slot(timeouts.get("pool"))
        try:
            connection = await self._checkout(origin, timeouts.get("connect"))
            try:
                await connection.send(request, timeouts)
            except BaseException:
                await connection.aclose()
                raise
        except BaseException:
            self._give_slot()
            raise
        stream = AsyncResponseStream(self, connection, timeouts.get("read"))
        with self._lock:
            self._in_use[connection] = stream
        return httpx.Response(
            connection.status,
            headers=connection.headers,
            stream=stream,
            extensions={
                "http_version": b"HTTP/" + connection.http_version.encode("ascii"),
                "reason_phrase": connection.reason,
                "network_stream": connection,
            },
        )

    def _reclaim_dead_loops(self) -> None:
        """Take back the slots of responses left open on an event loop that has closed (a
        stream abandoned inside an `asyncio.run` that ended): their sockets went with it."""
        with self._lock:
            dead = [
                (connection, stream)
                for connection, stream in self._in_use.items()
                if connection.loop is not None and connection.loop.is_closed()
            ]
        for connection, stream in dead:
            if not stream.released:
                stream.released = True
                connection.closed = True
                with self._lock:
                    self._in_use.pop(connection, None)
                self._give_slot()

    async def _take_slot(self, timeout: float | None) -> None:
        if self._slots is not None:
            with self._lock:
                self._waiting += 1
            try:
                acquired = await async_acquire(self._slots, timeout)
            finally:
                with self._lock:
                    self._waiting -= 1
            if not acquired:
                raise httpx.PoolTimeout(f"no free connection within {timeout}s")
        with self._lock:
            self._active += 1

    def _give_slot(self) -> None:
        with self._lock:
            self._active -= 1
        if self._slots is not None:
            self._slots.release()

    async def _checkout(
        self, origin: tuple[str, str, int], connect_timeout: float | None
    ) -> AsyncHTTP11Connection:
        now = time.monotonic()
        loop = async_current_loop()
        stale: list[AsyncHTTP11Connection] = []
        found = None
        with self._lock:
            idle = self._idle.get(origin)
            while idle:
                connection = idle.pop()
                self._idle_count -= 1
                if connection.is_stale(now, self._expiry, loop):
                    stale.append(connection)
                else:
                    found = connection
                    break
            while idle and idle[0].is_stale(now, self._expiry, loop):
                stale.append(idle.pop(0))
                self._idle_count -= 1
        for connection in stale:
            await connection.aclose()
        if found is not None:
            found._begin()
            return found
        return await self._connect(origin, connect_timeout)

    async def _connect(
        self, origin: tuple[str, str, int], timeout: float | None
    ) -> AsyncHTTP11Connection:
        scheme, host, port = origin
        try:
            stream = await self._backend.connect_tcp(host, port, timeout=timeout)
            if scheme == "https":
                try:
                    stream = await stream.start_tls(
                        self.ssl_context, server_hostname=host, timeout=timeout
                    )
                except BaseException:
                    await stream.aclose()
                    raise
        except (httpcore.NetworkError, httpcore.TimeoutException) as exc:
            raise as_httpx_error(exc) from exc
        connection = AsyncHTTP11Connection(stream, origin)
        if connection.loop is not None and connection.loop not in self._loop_guards:
            guard = _loop_guard(weakref.ref(self), connection.loop)
            await guard.__anext__()
            self._loop_guards[connection.loop] = guard
        return connection

    async def _close_idle_of(self, loop: Any) -> None:
        """Close the idle connections made on `loop` (it is shutting down)."""
        self._loop_guards.pop(loop, None)
        with self._lock:
            doomed = [c for idle in self._idle.values() for c in idle if c.loop is loop]
            for connection in doomed:
                self._idle[connection.origin].remove(connection)
                self._idle_count -= 1
        for connection in doomed:
            await connection.aclose()

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """The TLS settings for https origins (httpx's defaults, built on first use)."""
        if self._ssl_context is None:
            context = httpx.create_ssl_context()
            context.set_alpn_protocols(["http/1.1"])
            self._ssl_context = context
        return self._ssl_context

    async def release(self, connection: AsyncHTTP11Connection, epoch: int) -> None:
        """Take back a connection whose response was closed: keep it idle or close it."""
        if epoch != self.epoch:  # handed out before a fork, in the parent: not ours to pool
            await connection.aclose()
            return
        with self._lock:
            self._in_use.pop(connection, None)
        try:
            keep = False
            if connection.reusable() and not self._closed:
                with self._lock:
                    if self._max_idle is None or self._idle_count < self._max_idle:
                        connection.idle_since = time.monotonic()
                        self._idle.setdefault(connection.origin, []).append(connection)
                        self._idle_count += 1
                        keep = True
            if not keep:
                await connection.aclose()
        finally:
            self._give_slot()

    async def aclose(self) -> None:
        """Close the idle connections; those in use close when their responses do."""
        self._closed = True
        with self._lock:
            idle = [c for connections in self._idle.values() for c in connections]
            self._idle.clear()
            self._idle_count = 0
        for connection in idle:
            await connection.aclose()
