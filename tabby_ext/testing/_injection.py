"""Applies an injected fault to one exchange, as ASGI middleware: the same knobs work behind
uvicorn and in the in-process transport.

A fault either substitutes the answer (status, redirect, HTML page, pings only, a 500 that drops
the connection) or damages what the app sends: delays, corrupted or cut events, a dropped
connection. Dropping raises `DropConnection` mid-response; uvicorn then closes the socket without
the terminating chunk, and the transport raises `httpx.RemoteProtocolError`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from http import HTTPStatus

import anyio
from sse_starlette import ServerSentEvent
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._errors import DropConnection, InternalError
from ._faults import FaultRegistry, FaultSpec
from ._responses import SSEResponse, error_event

_DONE = b"data: [DONE]\r\n\r\n"
#: Where a request's fault is, for the routes (`ignore_schema`, `tool_call`, ...).
FAULT_SCOPE_KEY = "tabby.fault"
_HTML_ERROR = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class _ResponseEnded(Exception):
    """The fault finished the response itself (an in-band error): stops the app behind it."""


async def _silence() -> AsyncIterator[ServerSentEvent]:
    await anyio.sleep_forever()
    yield ServerSentEvent()  # never reached: makes this an async generator


def fault_response(fault: FaultSpec) -> Response | None:
    """The answer a fault substitutes for normal handling, if it does."""
    if fault.redirect_to is not None:
        return Response(status_code=307, headers={"location": fault.redirect_to})
    if fault.html_error:
        status = fault.status or 502
        page = _HTML_ERROR.format(status=status, phrase=HTTPStatus(status).phrase)
        return Response(page, status, headers={"content-type": "text/html"})
    if fault.status is not None:
        headers = {"retry-after": fault.retry_after} if fault.retry_after is not None else {}
        body = fault.body
        if body is None:
            return JSONResponse({"detail": HTTPStatus(fault.status).phrase}, fault.status, headers)
        if isinstance(body, bytes):
            return Response(body, fault.status, headers, "application/octet-stream")
        if isinstance(body, str):
            return Response(body, fault.status, headers, "text/plain; charset=utf-8")
        return JSONResponse(body, fault.status, headers)
    if fault.pings_only:
        return SSEResponse(_silence(), ping=fault.ping_every)
    return None


class FaultInjector:
    """Takes the first fault matching each request (before auth or validation), applies it."""

    def __init__(self, app: ASGIApp, faults: FaultRegistry) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = None
        if scope["type"] == "http":
            fault = self.faults.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.status_500_close:
            raise InternalError("injected fault: status_500_close")
        scope[FAULT_SCOPE_KEY] = fault  # for the knobs that change what is generated
        app = fault_response(fault) or self.app
        with contextlib.suppress(_ResponseEnded):
            await app(scope, receive, _Damage(fault, send).send)


def corrupt_utf8(data: bytes) -> bytes:
    """Put two bytes that are never valid UTF-8 just inside the first JSON string."""
    quote = data.find(b'"')
    return data[: quote + 1] + b"\xff\xfe" + data[quote + 1 :]


def _data_start(event: bytes) -> int:
    """Where the payload of an encoded event's first `data:` line starts (-1: no data line)."""
    if event.startswith(b"data: "):
        return 6
    line = event.find(b"\ndata: ")
    return line + 7 if line >= 0 else -1


def _newline(event: bytes) -> bytes:
    return b"\r\n" if event.endswith(b"\r\n\r\n") else b"\n"


def _pad(event: bytes, size: int) -> bytes:
    """Add a `padding` key to a JSON event so that the whole encoded event is `size` bytes."""
    start, end = _data_start(event), len(event) - 2 * len(_newline(event))
    payload = json.loads(event[start:end])

    def encode(padding: str) -> bytes:
        text = json.dumps({**payload, "padding": padding}, ensure_ascii=False)
        return event[:start] + text.encode() + event[end:]

    return encode("x" * max(0, size - len(encode(""))))


class _Damage:
    """Wraps the ASGI `send` of one response and damages what passes through, per the fault.

    Non-SSE responses have their head held until the body is known (a fault may change its
    length). SSE responses are damaged event by event; `: ping` comments pass untouched.
    """

    def __init__(self, fault: FaultSpec, send: Send) -> None:
        self._fault = fault
        self._send = send
        self._held_start: Message | None = None
        self._sse = False
        self._events = 0
        self._first_json = True
        self._ended = False

    async def send(self, message: Message) -> None:
        if self._ended:
            return
        if message["type"] == "http.response.start":
            content_type = dict(message.get("headers", [])).get(b"content-type", b"")
            self._sse = content_type.startswith(b"text/event-stream")
            if not self._sse:
                self._held_start = message
                return
            await self._start(message)
            if self._fault.drop_after_events == 0:
                raise DropConnection
        elif message["type"] != "http.response.body":
            await self._send(message)
        elif self._sse:
            await self._event(message.get("body", b""), message.get("more_body", False))
        else:
            await self._body(message)

    async def _start(self, message: Message, body_length: int | None = None) -> None:
        if self._fault.delay_headers:
            await anyio.sleep(self._fault.delay_headers)
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
        if body_length is not None and not self._fault.truncated_chunked:
            headers.append((b"content-length", str(body_length).encode()))
        await self._send({**message, "headers": headers})

    async def _chunk(self, data: bytes) -> None:
        """Send one body chunk, or half of it and drop the connection (`truncated_chunked`)."""
        if self._fault.truncated_chunked:
            half = data[: len(data) // 2]
            await self._send({"type": "http.response.body", "body": half, "more_body": True})
            raise DropConnection
        await self._send({"type": "http.response.body", "body": data, "more_body": True})

    async def _body(self, message: Message) -> None:
        start, self._held_start = self._held_start, None
        if start is None:  # later chunks of a streamed non-SSE body pass as they are
            await self._send(message)
            return
        body = message.get("body", b"")
        if self._fault.invalid_utf8:
            body = corrupt_utf8(body)
        more = message.get("more_body", False)
        await self._start(start, None if more else len(body))
        if self._fault.truncated_chunked:
            await self._chunk(body)
        await self._send({**message, "body": body})

    async def _event(self, data: bytes, more: bool) -> None:
        fault = self._fault
        if data.startswith(b":"):
            await self._send({"type": "http.response.body", "body": data, "more_body": True})
            return
        if data and not (fault.no_done and data == _DONE):
            if fault.inband_error is not None and (
                self._events >= fault.after_events or data == _DONE
            ):
                await self._end_with_error(fault.inband_error)
            if fault.delay_events:
                await anyio.sleep(fault.delay_events)
            if self._first_json and data[_data_start(data) :].startswith(b"{"):
                self._first_json = False
                data = self._damage_first_event(data)
            await self._chunk(data)
            self._events += 1
            if fault.drop_after_events is not None and self._events >= fault.drop_after_events:
                raise DropConnection
        if not more:
            if fault.inband_error is not None:
                await self._end_with_error(fault.inband_error)
            if fault.drop_after_events is not None:
                raise DropConnection
            await self._send({"type": "http.response.body", "body": b""})

    def _damage_first_event(self, data: bytes) -> bytes:
        fault = self._fault
        if fault.huge_event_bytes is not None:
            data = _pad(data, fault.huge_event_bytes)
        if fault.malformed_sse:
            data = data[: len(data) // 2] + _newline(data) * 2
        if fault.invalid_utf8:
            data = corrupt_utf8(data)
        return data

    async def _end_with_error(self, message: str) -> None:
        await self._send(
            {"type": "http.response.body", "body": error_event(message).encode(), "more_body": True}
        )
        await self._send({"type": "http.response.body", "body": b""})
        self._ended = True
        raise _ResponseEnded
