"""From SSE events to typed chunks, and whether the stream ended the way its framing promises.

Sans-I/O and shared by `Stream` and `AsyncStream`. The framing comes from the generated table:
OpenAI streams end with `data: [DONE]`, a model load with its main model's `finished` event,
a Kobold stream with the end of the body; any of them may instead carry one in-band
`{"error": {...}}` event, which raises `StreamError`.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ._operations import StreamSpec, missing_field
from ._sse import ServerSentEvent, SSEDecodeError, SSEDecoder
from .errors import APITimeoutError, IncompleteStreamError, ResponseDecodeError, StreamError

_loads = json.loads


class EventDecoder:
    """Bytes in, typed chunks out, for one stream; raises on errors and on broken promises."""

    __slots__ = (
        "_deferred",
        "_end_when",
        "_error_field",
        "_from_dict",
        "_idle_limit",
        "_last_event",
        "_spec",
        "_sse",
        "_strict",
        "_terminator",
        "done",
    )

    def __init__(
        self, spec: StreamSpec, *, idle_timeout: float | None, strict: bool = False
    ) -> None:
        self._sse = SSEDecoder()
        self._spec = spec
        self._strict = strict
        self._from_dict: Callable[[Any], Any] = (
            spec.event.decoder(strict) if spec.event else (lambda data: data)
        )
        self._terminator = spec.terminator
        self._error_field = spec.error_field
        self._end_when = tuple((spec.end_when or {}).items())
        self._idle_limit = idle_timeout
        self._last_event = time.monotonic()
        self._deferred: Exception | None = None
        #: True once the stream's own end marker was seen; later bytes are ignored.
        self.done = False

    def feed(self, chunk: bytes) -> list[Any]:
        """Typed chunks completed by these bytes (comment pings produce none)."""
        self.raise_deferred()
        try:
            events = self._sse.feed(chunk)
        except SSEDecodeError as exc:
            raise ResponseDecodeError(f"malformed event stream: {exc}") from exc
        if not events:
            self._check_idle()
            return []
        self._last_event = time.monotonic()
        return self._decode(events)

    def raise_deferred(self) -> None:
        """Raise the error met after chunks that one `feed` already returned (call before
        reading on), so the chunks sent before an in-band error still reach the caller."""
        if self._deferred is not None:
            error, self._deferred = self._deferred, None
            self.done = True
            raise error

    def close(self) -> list[Any]:
        """Call at the end of the body: the last unterminated event, or an error if incomplete."""
        self.raise_deferred()
        try:
            chunks = self._decode(self._sse.flush())
        except SSEDecodeError as exc:
            raise ResponseDecodeError(f"malformed event stream: {exc}") from exc
        if not self.done and (self._terminator is not None or self._end_when):
            end = f"`data: {self._terminator}`" if self._terminator else "its final event"
            raise IncompleteStreamError(f"the stream ended without {end}")
        self.done = True
        return chunks

    def _check_idle(self) -> None:
        """Pings keep the socket busy but are no progress: a server that only pings times out."""
        limit = self._idle_limit
        if limit is not None and time.monotonic() - self._last_event > limit:
            raise APITimeoutError(
                f"no event for {limit:g}s (the server only sent keep-alive pings)"
            )

    def _decode(self, events: Iterable[ServerSentEvent]) -> list[Any]:
        out: list[Any] = []
        try:
            self._decode_into(events, out)
        except (StreamError, ResponseDecodeError) as exc:
            if not out:
                self.done = True  # as when the error is raised later (`raise_deferred`)
                raise
            self._deferred = exc
        return out

    def _decode_into(self, events: Iterable[ServerSentEvent], out: list[Any]) -> None:
        for event in events:
            if self.done:
                break
            data = event.data
            if data == self._terminator:
                self.done = True
                break
            try:
                obj = _loads(data)
            except ValueError as exc:
                raise ResponseDecodeError(f"stream event is not JSON: {data[:200]!r}") from exc
            if self._error_field is not None and type(obj) is dict and self._error_field in obj:
                raise _stream_error(obj[self._error_field], obj)
            try:
                chunk = self._from_dict(obj)
            except KeyError as exc:
                assert self._spec.event is not None  # the JSON passthrough raises no KeyError
                model = self._spec.event.cls
                raise missing_field("a stream event", model, exc, self._strict) from exc
            except (TypeError, ValueError, AttributeError) as exc:
                raise ResponseDecodeError(f"unexpected stream event {data[:200]!r}") from exc
            out.append(chunk)
            if self._end_when and all(obj.get(k) == v for k, v in self._end_when):
                self.done = True


class ChunkWatcher(Protocol):
    """What sees a watched stream's chunks as they are decoded (the call's telemetry)."""

    def chunks(self, chunks: list[Any]) -> None: ...


class WatchedEventDecoder(EventDecoder):
    """An `EventDecoder` that shows every batch of chunks it completes to a watcher. Streams
    use it only when their call is watched: an unwatched stream decodes with `EventDecoder`
    and pays nothing per chunk for telemetry."""

    __slots__ = ("_watcher",)

    def __init__(
        self,
        spec: StreamSpec,
        *,
        idle_timeout: float | None,
        strict: bool = False,
        watcher: ChunkWatcher,
    ) -> None:
        super().__init__(spec, idle_timeout=idle_timeout, strict=strict)
        self._watcher = watcher

    def feed(self, chunk: bytes) -> list[Any]:
        chunks = EventDecoder.feed(self, chunk)
        if chunks:
            self._watcher.chunks(chunks)
        return chunks

    def close(self) -> list[Any]:
        chunks = EventDecoder.close(self)
        if chunks:
            self._watcher.chunks(chunks)
        return chunks


def _stream_error(error: Any, body: Any) -> StreamError:
    if isinstance(error, dict):
        trace = error.get("trace")
        return StreamError(str(error.get("message", error)), trace=trace and str(trace), body=body)
    return StreamError(str(error), body=body)


def texts_of(chunk: Any, path: tuple[str | int, ...]) -> Iterator[tuple[int, str]]:
    """(choice index, text) for each piece of generated text in one chunk.

    The table's `text` path names where the text sits (`choices, 0, delta, content`); an integer
    step selects choices, and each choice counts under its own `index` field, so with `n > 1`
    interleaved chunks of different choices are told apart. A path without one is choice 0.
    """
    split = _choices_step(path)
    if split is None:
        yield 0, _follow(chunk, path)
        return
    choices = _follow(chunk, path[:split], default=())
    for position, choice in enumerate(choices if isinstance(choices, list) else ()):
        index = getattr(choice, "index", position)
        yield (index if isinstance(index, int) else position), _follow(choice, path[split + 1 :])


@functools.cache
def _choices_step(path: tuple[str | int, ...]) -> int | None:
    """Where in a text path the choices are selected (found once per path, not per chunk)."""
    return next((i for i, step in enumerate(path) if isinstance(step, int)), None)


def _follow(value: Any, path: tuple[str | int, ...], default: Any = "") -> Any:
    for step in path:
        try:
            value = value[step] if isinstance(step, int) else getattr(value, step)
        except (IndexError, AttributeError, TypeError):
            return default
    if default == "" and not isinstance(value, str):
        return ""
    return value
