"""Puts responses on the wire: content-length JSON/text, chunked SSE with pings, and the
transport-level faults (delays, drops, truncation, corrupted bytes) a test injected."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime
from email.utils import formatdate
from http import HTTPStatus
from typing import Any

from ._faults import FaultSpec
from ._http import ConnectionClosed, HTTPConnection
from ._messages import SSE_HEADERS, EventStream, Response, SSEEvent, json_bytes

_NO_FAULT = FaultSpec()


def _head(status: int, headers: list[tuple[str, str]]) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {status} {phrase}", f"date: {formatdate(usegmt=True)}", "server: uvicorn"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def ping_event() -> bytes:
    return f": ping - {datetime.now(UTC)}\r\n\r\n".encode()


def _corrupt_utf8(data: bytes) -> bytes:
    """Put two bytes that are never valid UTF-8 just inside the first JSON string."""
    quote = data.find(b'"')
    return data[: quote + 1] + b"\xff\xfe" + data[quote + 1 :]


def _pad(event: SSEEvent, size: int) -> SSEEvent:
    """Add a `padding` key to a JSON event so that the whole encoded event is `size` bytes."""
    payload = json.loads(event.data)
    payload["padding"] = ""
    base = len(
        SSEEvent(json.dumps(payload, ensure_ascii=False), event.event, event.newline).encode()
    )
    payload["padding"] = "x" * max(0, size - base)
    return SSEEvent(json.dumps(payload, ensure_ascii=False), event.event, event.newline)


async def send_response(
    conn: HTTPConnection, response: Response, fault: FaultSpec | None, head_only: bool, close: bool
) -> bool:
    """Write a complete response; returns whether the connection may be reused."""
    fault = fault or _NO_FAULT
    body = _corrupt_utf8(response.body) if fault.invalid_utf8 else response.body
    headers = [("content-type", response.content_type)] if response.content_type else []
    headers += response.headers
    if fault.truncated_chunked:
        conn.write(_head(response.status, [*headers, ("transfer-encoding", "chunked")]))
        conn.write(b"%x\r\n%s" % (len(body), body[: len(body) // 2]))
        conn.close()
        return False
    headers.insert(0, ("content-length", str(len(body))))
    if close:
        headers.append(("connection", "close"))
    conn.write(_head(response.status, headers) + (b"" if head_only else body))
    await conn.drain()
    if response.close_connection:
        conn.close()
        return False
    return True


async def _cancel(task: asyncio.Future[Any] | None) -> None:
    """Cancel a helper task, or consume its outcome if it already finished (no stray warnings)."""
    if task is None:
        return
    if not task.done():
        task.cancel()
    with contextlib.suppress(BaseException):
        await task


async def send_stream(
    conn: HTTPConnection, stream: EventStream, fault: FaultSpec | None, ping_interval: float | None
) -> bool:
    """Write an SSE response, one chunk per event, pinging every `ping_interval` seconds."""
    fault = fault or _NO_FAULT
    interval = stream.ping_interval if stream.ping_interval is not None else ping_interval
    conn.write(_head(200, [*SSE_HEADERS, *stream.headers, ("transfer-encoding", "chunked")]))
    events = stream.events
    loop = asyncio.get_running_loop()
    next_ping = loop.time() + interval if interval else None
    pending: asyncio.Future[Any] | None = None
    lost: asyncio.Future[Any] = loop.create_task(conn.disconnected.wait())
    sent = 0
    first_json = True
    try:
        while True:
            if fault.drop_after_events is not None and sent >= fault.drop_after_events:
                conn.close()
                return False
            if pending is None:
                pending = asyncio.ensure_future(events.__anext__())
            timeout = None if next_ping is None else max(0.0, next_ping - loop.time())
            done, _ = await asyncio.wait(
                {pending, lost}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if lost in done:
                return False
            if pending not in done:
                assert next_ping is not None and interval
                conn.write(_chunk(ping_event()))
                next_ping += interval
                continue
            finished, pending = pending, None
            try:
                event: SSEEvent = finished.result()
            except StopAsyncIteration:
                break
            if fault.no_done and event.is_done:
                continue
            if fault.inband_error is not None and (sent >= fault.after_events or event.is_done):
                break
            if fault.delay_events:
                await asyncio.sleep(fault.delay_events)
            if first_json and event.is_json_object:
                first_json = False
                if fault.huge_event_bytes is not None:
                    event = _pad(event, fault.huge_event_bytes)
                data = event.encode()
                if fault.malformed_sse:
                    data = data[: len(data) // 2] + event.newline.encode() * 2
                if fault.invalid_utf8:
                    data = _corrupt_utf8(data)
            else:
                data = event.encode()
            if fault.truncated_chunked:
                conn.write(b"%x\r\n%s" % (len(data), data[: len(data) // 2]))
                conn.close()
                return False
            conn.write(_chunk(data))
            await conn.drain()
            sent += 1
        if fault.inband_error is not None:
            error = {"error": {"message": fault.inband_error, "trace": None}}
            conn.write(_chunk(SSEEvent(json_bytes(error).decode()).encode()))
        if fault.drop_after_events is not None:
            conn.close()
            return False
        conn.write(b"0\r\n\r\n")
        await conn.drain()
        return True
    except ConnectionClosed:
        return False
    finally:
        await _cancel(pending)
        await _cancel(lost)
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()
