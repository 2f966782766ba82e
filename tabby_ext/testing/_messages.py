"""HTTP message types shared by the fake server's layers: headers, requests, responses.

Kept free of I/O so the routing/handler code can be reasoned about (and tested) as plain data.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class Headers(Mapping[str, str]):
    """Case-insensitive, order-preserving header mapping with lower-case keys.

    Lookup returns the first value of a repeated header (like Starlette); `get_list` returns all.
    """

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items = [(name.lower(), value) for name, value in items]

    def __getitem__(self, key: str) -> str:
        wanted = key.lower()
        for name, value in self._items:
            if name == wanted:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self._items))

    def __len__(self) -> int:
        return len(dict.fromkeys(name for name, _ in self._items))

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"

    def get_list(self, key: str) -> list[str]:
        """Every value sent for `key`, in order."""
        wanted = key.lower()
        return [value for name, value in self._items if name == wanted]

    def raw(self) -> list[tuple[str, str]]:
        """The (lower-cased name, value) pairs as received."""
        return list(self._items)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it (recorded before any fault or handler ran)."""

    method: str
    path: str
    query: str
    headers: Headers
    body: bytes
    http_version: str = "1.1"

    def json(self) -> Any:
        """The body decoded as JSON (raises `json.JSONDecodeError` if it is not JSON)."""
        return json.loads(self.body)


@dataclass
class Response:
    """A complete (content-length framed) response."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    close_connection: bool = False


@dataclass(frozen=True)
class SSEEvent:
    """One server-sent event; `newline` is CRLF for OpenAI streams and LF for Kobold ones."""

    data: str
    event: str | None = None
    newline: str = "\r\n"

    def encode(self) -> bytes:
        lines = [f"event: {self.event}"] if self.event is not None else []
        lines.extend(f"data: {line}" for line in self.data.split("\n"))
        return (self.newline.join(lines) + self.newline * 2).encode()

    @property
    def is_done(self) -> bool:
        return self.data == "[DONE]"

    @property
    def is_json_object(self) -> bool:
        return self.data.startswith("{")


@dataclass
class EventStream:
    """A `text/event-stream` response: chunked, one HTTP chunk per event, pings interleaved.

    `ping_interval` overrides the server-wide interval (None: use the server's).
    """

    events: AsyncIterator[SSEEvent]
    ping_interval: float | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


SSE_HEADERS = [
    ("content-type", "text/event-stream; charset=utf-8"),
    ("cache-control", "no-store"),
    ("connection", "keep-alive"),
    ("x-accel-buffering", "no"),
]


def json_bytes(value: Any) -> bytes:
    """Starlette's JSONResponse rendering: compact separators, raw UTF-8."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def json_response(value: Any, status: int = 200) -> Response:
    return Response(status, json_bytes(value), "application/json")


def detail_response(
    status: int, detail: Any, headers: list[tuple[str, str]] | None = None
) -> Response:
    return Response(status, json_bytes({"detail": detail}), "application/json", headers or [])


def internal_server_error() -> Response:
    """Starlette's ServerErrorMiddleware answer; the server then drops the connection."""
    return Response(
        500, b"Internal Server Error", "text/plain; charset=utf-8", close_connection=True
    )
