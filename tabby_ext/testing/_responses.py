"""What handlers answer with, on TabbyAPI's own stack: Starlette's JSONResponse for JSON and
sse-starlette's EventSourceResponse for streams (its framing is TabbyAPI's: CRLF `data:` events,
`: ping - <utc time>` comments, one ASGI body message, hence one HTTP chunk, per event)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.responses import JSONResponse

#: `data: [DONE]`, the end of a successful OpenAI stream.
DONE = ServerSentEvent("[DONE]")


@dataclass
class EventStream:
    """A handler's SSE answer; `ping_interval` overrides the server's (None: use the server's)."""

    events: AsyncIterator[ServerSentEvent]
    ping_interval: float | None = None


class SSEResponse(EventSourceResponse):
    """sse-starlette's response without its process-wide shutdown watcher: that watcher leaves a
    task polling every 0.5 s on each event loop that ever streamed (the caller's loop, for the
    in-process transport); the fake ends its streams itself when it stops."""

    async def _listen_for_exit_signal_with_grace(self) -> None:
        await anyio.sleep_forever()


def sse_response(
    stream: EventStream, ping_interval: float | None, pings: bool = True
) -> SSEResponse:
    """`pings` False: no keep-alive pings at all (a stream's own interval included)."""
    interval = stream.ping_interval if stream.ping_interval is not None else ping_interval
    return SSEResponse(stream.events, ping=(interval or 0) if pings else 0)


def json_response(value: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(value, status)


def compact_json(value: Any) -> str:
    """pydantic's `model_dump_json()` spelling: no spaces, raw UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def error_event(message: str) -> ServerSentEvent:
    """The in-band error event TabbyAPI sends once a stream has started."""
    return ServerSentEvent(compact_json({"error": {"message": message, "trace": None}}))


async def single_event(event: ServerSentEvent) -> AsyncIterator[ServerSentEvent]:
    yield event
