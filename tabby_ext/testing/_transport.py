"""The fake TabbyAPI in process, as httpx transports: the app, faults and recording of
`FakeTabbyServer` without a socket, for fast unit tests.

Responses stream: each ASGI body message (one per SSE event or ping) reaches the caller as one
chunk when the app sends it (httpx's own ASGITransport runs the app to the end first). The read
timeout of the request applies to the head and to each chunk, as it would over a socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager
from http import HTTPStatus
from typing import Unpack
from urllib.parse import unquote

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.types import ASGIApp, Message, Scope

from ._fake import FakeTabby, FakeTabbyOptions

#: Body messages the app may run ahead of the reader before its `send` waits (flow control).
_BUFFERED = 64
_END = {"type": "fake.end"}  # the app returned or raised
_CLOSED = {"type": "fake.closed"}  # the reader closed the response, or the transport closed


def _scope(request: httpx.Request) -> Scope:
    url = request.url
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(url.path),
        "raw_path": url.raw_path.split(b"?", 1)[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "client": ("127.0.0.1", 0),
        "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        "state": {},
    }


class _Exchange:
    """One request through the ASGI app, driven on the event loop that runs the app."""

    def __init__(self, app: ASGIApp, request: httpx.Request, body: bytes) -> None:
        self._app = app
        self._request = request
        self._body: bytes | None = body
        self._messages: asyncio.Queue[Message] = asyncio.Queue()
        self._room = asyncio.Event()  # set whenever the reader takes a message
        self._gone = asyncio.Event()  # set when the reader closes the response
        self._closed = False
        self._complete = False
        self._task: asyncio.Task[None] | None = None
        timeout = request.extensions.get("timeout", {})
        self._read_timeout: float | None = timeout.get("read")

    async def _receive(self) -> Message:
        if self._body is not None:
            body, self._body = self._body, None
            return {"type": "http.request", "body": body, "more_body": False}
        await self._gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        while self._messages.qsize() >= _BUFFERED and not self._closed:
            self._room.clear()
            await self._room.wait()
        if not self._closed:  # like uvicorn: what is sent after the client left is dropped
            self._messages.put_nowait(message)

    async def _run(self) -> None:
        try:
            await self._app(_scope(self._request), self._receive, self._send)
        except Exception:  # the app's own failure; over a socket: the connection is cut
            pass
        finally:
            self._messages.put_nowait(_END)

    async def _next(self) -> Message:
        try:
            message = await asyncio.wait_for(self._messages.get(), self._read_timeout)
        except TimeoutError:
            raise httpx.ReadTimeout("timed out", request=self._request) from None
        self._room.set()
        if message is _CLOSED:
            raise httpx.ReadError("the response was closed", request=self._request)
        return message

    async def start(self) -> Message:
        """Run the app until it sends the response head (raises what httpx would raise)."""
        self._task = asyncio.get_running_loop().create_task(self._run())
        try:
            while (message := await self._next()) is not _END:
                if message["type"] == "http.response.start":
                    return message
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=self._request
            )
        except BaseException:
            await self.aclose()
            raise

    async def next_chunk(self) -> bytes | None:
        """The next body chunk as the app sent it; None once the body is complete."""
        while not self._complete:
            message = await self._next()
            if message is _END:
                raise httpx.RemoteProtocolError(
                    "peer closed connection without sending complete message body",
                    request=self._request,
                )
            if message["type"] == "http.response.body":
                self._complete = not message.get("more_body", False)
                if body := message.get("body", b""):
                    return bytes(body)
        return None

    async def aclose(self) -> None:
        """The client is gone: the app sees a disconnect and is cancelled if still running."""
        if not self._closed:
            self._closed = True
            self._messages.put_nowait(_CLOSED)
            self._room.set()
            self._gone.set()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


def _response(
    head: Message, stream: httpx.SyncByteStream | httpx.AsyncByteStream
) -> httpx.Response:
    status = head["status"]
    return httpx.Response(
        status,
        headers=head.get("headers", []),
        stream=stream,
        extensions={
            "http_version": b"HTTP/1.1",
            "reason_phrase": HTTPStatus(status).phrase.encode(),
        },
    )


class _Exchanges:
    """The exchanges of one transport that have not been closed yet (touched on its loop only)."""

    def __init__(self) -> None:
        self._open: set[_Exchange] = set()

    async def start(self, exchange: _Exchange) -> Message:
        self._open.add(exchange)
        return await exchange.start()

    async def close(self, exchange: _Exchange) -> None:
        self._open.discard(exchange)
        await exchange.aclose()

    async def close_all(self, background: set[asyncio.Task[None]]) -> None:
        for exchange in list(self._open):
            await self.close(exchange)
        for task in list(background):
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)


class _SyncBody(httpx.SyncByteStream):
    def __init__(self, portal: BlockingPortal, exchanges: _Exchanges, exchange: _Exchange) -> None:
        self._portal = portal
        self._exchanges = exchanges
        self._exchange = exchange

    def __iter__(self) -> Iterator[bytes]:
        try:
            while (chunk := self._portal.call(self._exchange.next_chunk)) is not None:
                yield chunk
        except RuntimeError as error:  # the portal stopped: the transport was closed
            raise httpx.ReadError("the transport was closed") from error

    def close(self) -> None:
        # RuntimeError: the transport was closed first, which closed this response too.
        with contextlib.suppress(RuntimeError):
            self._portal.call(self._exchanges.close, self._exchange)


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, exchanges: _Exchanges, exchange: _Exchange) -> None:
        self._exchanges = exchanges
        self._exchange = exchange

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (chunk := await self._exchange.next_chunk()) is not None:
            yield chunk

    async def aclose(self) -> None:
        await self._exchanges.close(self._exchange)


def _stop(context: AbstractContextManager[BlockingPortal], loop_thread: int) -> None:
    """Stop a portal; from its own thread (the garbage collector may run there) via another."""
    if threading.get_ident() == loop_thread:
        threading.Thread(target=context.__exit__, args=(None, None, None), daemon=True).start()
    else:
        context.__exit__(None, None, None)


class FakeTabbyTransport(FakeTabby, httpx.BaseTransport):
    """The fake TabbyAPI in process for `httpx.Client` (and so `Tabby`): no socket.

    Takes the `FakeTabbyOptions`; has the `requests`, `inject()`, `clear_faults()`, `reset()`
    and `loaded_model` of `FakeTabbyServer`. The app runs on a background event-loop thread
    (an anyio blocking portal) started on first use; `close()` (or closing the client) stops it.
    Every URL reaches the fake, whatever its host.
    """

    def __init__(self, **options: Unpack[FakeTabbyOptions]) -> None:
        super().__init__(**options)
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._stop_portal: Callable[[], object] | None = None
        self._exchanges = _Exchanges()

    def _running_portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                context = start_blocking_portal(name="fake-tabby-transport")
                self._portal = portal = context.__enter__()
                # Also at interpreter exit (or when collected) if never closed: the portal
                # must stop while its thread can still run.
                loop_thread = portal.call(threading.get_ident)
                self._stop_portal = weakref.finalize(self, _stop, context, loop_thread)
            return self._portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        portal = self._running_portal()
        exchange = _Exchange(self._app, request, body)
        head = portal.call(self._exchanges.start, exchange)
        return _response(head, _SyncBody(portal, self._exchanges, exchange))

    def close(self) -> None:
        """Cut open responses, cancel running work and stop the event-loop thread."""
        with self._lock:
            portal, stop = self._portal, self._stop_portal
            self._portal = self._stop_portal = None
        if portal is not None and stop is not None:
            portal.call(self._exchanges.close_all, self._state.background)
            stop()


class AsyncFakeTabbyTransport(FakeTabby, httpx.AsyncBaseTransport):
    """The fake TabbyAPI in process for `httpx.AsyncClient` (and so `AsyncTabby`): no socket.

    Same options and test API as `FakeTabbyTransport`; the app runs on the caller's event loop.
    """

    def __init__(self, **options: Unpack[FakeTabbyOptions]) -> None:
        super().__init__(**options)
        self._exchanges = _Exchanges()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        exchange = _Exchange(self._app, request, body)
        head = await self._exchanges.start(exchange)
        return _response(head, _AsyncBody(self._exchanges, exchange))

    async def aclose(self) -> None:
        """Cut open responses and cancel running work (model loads) on this loop."""
        await self._exchanges.close_all(self._state.background)
