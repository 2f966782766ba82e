"""A minimal HTTP/1.1 server connection on asyncio's Protocol API.

Parses requests (content-length or chunked bodies, `Expect: 100-continue`), keeps connections
alive, applies read/write flow control and reports client disconnects to streaming responses.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import unquote, urlsplit

from ._messages import Headers, RecordedRequest

logger = logging.getLogger(__name__)

MAX_HEAD_BYTES = 64 * 1024
READ_HIGH_WATER = 1024 * 1024

#: Serves one parsed request on a connection; returns whether to keep the connection open.
RequestHandler = Callable[["HTTPConnection", RecordedRequest], Awaitable[bool]]


class ConnectionClosed(Exception):
    """The peer went away."""


class BadRequest(Exception):
    """The bytes received are not an HTTP/1.1 request we can parse."""


class HTTPConnection(asyncio.Protocol):
    def __init__(self, handler: RequestHandler, connections: set[HTTPConnection]) -> None:
        self._handler = handler
        self._connections = connections
        self._buffer = bytearray()
        self._eof = False
        self._reading_paused = False
        self._data_waiter: asyncio.Future[None] | None = None
        self._drain_waiter: asyncio.Future[None] | None = None
        self._writing_paused = False
        self.transport: asyncio.Transport | None = None
        self.disconnected = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    # --- asyncio.Protocol callbacks ------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._connections.add(self)
        self.task = asyncio.get_running_loop().create_task(self._serve())

    def data_received(self, data: bytes) -> None:
        self._buffer.extend(data)
        if len(self._buffer) > READ_HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
            self._reading_paused = True
        self._wake(self._data_waiter)

    def eof_received(self) -> None:
        self._eof = True
        self._wake(self._data_waiter)

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        self.disconnected.set()
        self._connections.discard(self)
        self._wake(self._data_waiter)
        self._wake(self._drain_waiter)

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        self._wake(self._drain_waiter)

    @staticmethod
    def _wake(waiter: asyncio.Future[None] | None) -> None:
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # --- reading -------------------------------------------------------------------------

    async def _more(self) -> None:
        if self._eof:
            raise ConnectionClosed
        if self._reading_paused and self.transport is not None:
            self.transport.resume_reading()
            self._reading_paused = False
        self._data_waiter = asyncio.get_running_loop().create_future()
        try:
            await self._data_waiter
        finally:
            self._data_waiter = None

    async def _read_until(self, separator: bytes, limit: int) -> bytes:
        while (end := self._buffer.find(separator)) < 0:
            if len(self._buffer) > limit:
                raise BadRequest("head too large")
            await self._more()
        data = bytes(self._buffer[:end])
        del self._buffer[: end + len(separator)]
        return data

    async def _read_exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            await self._more()
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    async def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = await self._read_until(b"\r\n", MAX_HEAD_BYTES)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError as error:
                raise BadRequest("bad chunk size") from error
            if size == 0:
                while await self._read_until(b"\r\n", MAX_HEAD_BYTES):
                    pass  # trailers
                return bytes(body)
            body += await self._read_exactly(size)
            await self._read_exactly(2)

    async def _read_request(self) -> RecordedRequest | None:
        """The next request, or None when the client closed an idle connection."""
        while self._buffer.startswith(b"\r\n"):
            del self._buffer[:2]
        if not self._buffer and self._eof:
            return None
        try:
            head = await self._read_until(b"\r\n\r\n", MAX_HEAD_BYTES)
        except ConnectionClosed:
            if self._buffer.strip():
                raise
            return None
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest("bad request line")
        method, target, version = parts
        fields = []
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                raise BadRequest("bad header line")
            fields.append((name, value.strip()))
        headers = Headers(fields)
        if headers.get("expect", "").lower() == "100-continue":
            self.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = await self._read_chunked()
        elif "content-length" in headers:
            try:
                length = int(headers["content-length"])
            except ValueError as error:
                raise BadRequest("bad content-length") from error
            body = await self._read_exactly(length)
        else:
            body = b""
        url = urlsplit(target)
        return RecordedRequest(
            method=method,
            path=unquote(url.path) or "/",
            query=url.query,
            headers=headers,
            body=body,
            http_version=version.removeprefix("HTTP/"),
        )

    # --- writing -------------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(data)

    async def drain(self) -> None:
        """Wait for the write buffer to empty below the high-water mark."""
        if self.disconnected.is_set():
            raise ConnectionClosed
        if self._writing_paused:
            self._drain_waiter = asyncio.get_running_loop().create_future()
            try:
                await self._drain_waiter
            finally:
                self._drain_waiter = None
            if self.disconnected.is_set():
                raise ConnectionClosed

    def close(self) -> None:
        """Flush what was written, then close (a FIN, never a `Connection: close` header)."""
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    # --- request loop --------------------------------------------------------------------

    async def _serve(self) -> None:
        try:
            while (request := await self._read_request()) is not None:
                if not await self._handler(self, request):
                    break
        except BadRequest:
            self.write(
                b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"connection: close\r\ncontent-length: 29\r\n\r\nInvalid HTTP request received."
            )
        except ConnectionClosed:
            pass
        except Exception:  # a broken handler must not take the server down
            logger.exception("fake TabbyAPI server: error while serving a connection")
        finally:
            self.close()
