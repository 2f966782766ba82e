"""`AsyncStream`: typed chunks from an SSE response, with the response's lifetime tied to it."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx

from .._events import EventDecoder, WatchedEventDecoder, texts_of
from .._failures import CallFailures
from .._operations import StreamSpec
from ..errors import TabbyError
from .resource import AsyncResource

if TYPE_CHECKING:
    from .._otel import Watch

T = TypeVar("T")
#: The stream log (`_log`, imported when a line is written, not with `tabby_ext`).
STREAM_LOG = logging.getLogger("tabby_ext.stream")
#: Chunks read after a stream's end marker, at most, to reuse its connection.
DRAIN_LIMIT = 8


async def _closer(response: httpx.Response, watch: Watch | None) -> AsyncGenerator[None, None]:
    """Close `response` when this generator is finalised: when its stream is dropped unclosed
    (an async generator is finalised on its event loop, a sync one at once), or when
    `asyncio.run` ends with the stream open (the loop closes its async generators while it
    still runs, so the connection closes properly and its pool slot comes back). It holds the
    response, not the stream, so that dropping the stream is enough; and the call's telemetry,
    whose span a dropped stream ends as closed (a stream that ended first already ended it)."""
    try:
        yield
    finally:
        await response.aclose()
        if watch is not None:
            watch.ended("closed")


class AsyncStream(AsyncResource, Generic[T]):
    """Typed chunks of one SSE response; `async with`, `aclose()` or the end frees the connection.

    Never ends silently early: a missing terminator raises `IncompleteStreamError`, an in-band
    error `StreamError`, a broken connection `APIConnectionError`, a server that only sends
    keep-alive pings for longer than the read timeout `APITimeoutError`.
    """

    def __init__(
        self,
        response: httpx.Response,
        spec: StreamSpec,
        *,
        idle_timeout: float | None,
        failures: CallFailures,
        strict: bool = False,
        watch: Watch | None = None,
    ):
        self.response = response
        #: Turns what goes wrong while reading into the call's typed errors (keys masked).
        self._failures = failures
        self._spec = spec
        #: The call's telemetry (None when nothing records it): it sees the chunks through the
        #: decoder, and the end of the stream through `_ended` and the closer.
        self._watch = watch
        self._decoder = (
            EventDecoder(spec, idle_timeout=idle_timeout, strict=strict)
            if watch is None
            else WatchedEventDecoder(spec, idle_timeout=idle_timeout, strict=strict, watcher=watch)
        )
        self._bytes = response.aiter_bytes()
        self._pending: deque[T] = deque()
        self._finished = False
        #: Set by `aclose()`: a read it breaks (from another task or thread: a Stop button, a
        #: watchdog) ends the stream quietly, since a deliberate stop is no network failure.
        self._closed = False
        #: Closes the response if this stream is dropped or outlives its event loop; see
        #: `_closer`. Started by `_begin()`, which the client awaits before handing it out.
        self._closer = _closer(response, watch)

    async def _begin(self) -> None:
        await self._closer.__anext__()

    def __repr__(self) -> str:
        return f"<AsyncStream {self.response.request.method} {self.response.request.url.path}>"

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        pending = self._pending
        while not pending:
            if self._finished:
                raise StopAsyncIteration
            await self._read()
        return pending.popleft()

    async def _read(self) -> None:
        decoder = self._decoder
        try:
            try:
                decoder.raise_deferred()
                raw = await self._bytes.__anext__()
            except StopAsyncIteration:
                self._pending.extend(decoder.close())
                self._finished = True
            else:
                self._pending.extend(decoder.feed(raw))
                self._finished = decoder.done
        except Exception as exc:
            if isinstance(exc, httpx.HTTPError):
                error: BaseException = self._failures.transport_error(exc, "mid-stream")
            elif isinstance(exc, TabbyError):
                error = self._failures.in_call(exc)
            else:
                error = exc
            if not self._closed:
                self._ended("failed", error)
            await self._abort()
            if self._closed:
                return
            if isinstance(exc, httpx.HTTPError):
                raise error from exc
            if isinstance(exc, TabbyError):
                raise error from exc.__cause__
            raise
        except BaseException as exc:
            if not self._closed:
                self._ended("failed", exc)
            await self._abort()
            raise
        if self._finished:
            self._ended("done")
            await self._release()

    def _ended(self, outcome: str, error: BaseException | None = None) -> None:
        """Once per stream, as it ends ("done", "closed" by the caller, or "failed" with the
        error it raises): the call's telemetry, and the stream log's line."""
        if self._watch is not None:
            self._watch.ended(outcome, error)
        if STREAM_LOG.isEnabledFor(logging.DEBUG):
            from .. import _log

            _log.stream_end(self._failures.label, self.response.request, outcome, error)

    async def _release(self) -> None:
        """After the end marker: read what is left (the chunked terminator) so the connection
        goes back to the pool instead of being closed; give up on a server that keeps talking."""
        try:
            for _ in range(DRAIN_LIMIT):
                await self._bytes.__anext__()
        except StopAsyncIteration:
            pass
        except httpx.HTTPError:
            pass
        await self._close()

    async def _abort(self) -> None:
        self._finished = True
        self._pending.clear()
        await self._close()

    async def _close(self) -> None:
        await self.response.aclose()
        await self._closer.aclose()

    async def aclose(self) -> None:
        """Stop reading and release the connection (the server then cancels the generation).
        Safe from another task: a read in progress ends the iteration, without an error."""
        if not self._finished:
            self._ended("closed")
        self._closed = True
        self._finished = True
        await self._close()

    async def until_done(self) -> T | None:
        """Consume the whole stream; return its last chunk (a model load's `finished` event)."""
        last = None
        async with self:
            async for chunk in self:
                last = chunk
        return last


class AsyncTextStream(AsyncStream[T]):
    """A stream of generated text (completions, chat, Kobold): `atext()` joins it."""

    async def atext(self) -> str:
        """Consume the stream and join the first choice's text (choice `index` 0)."""
        return (await self.atexts()).get(0, "")

    async def atexts(self) -> dict[int, str]:
        """Consume the stream and join each choice's text, by choice index (`n > 1`)."""
        path = self._spec.text
        assert path is not None, "a text stream's operation names where its text is"
        parts: dict[int, list[str]] = {}
        async with self:
            async for chunk in self:
                for index, piece in texts_of(chunk, path):
                    parts.setdefault(index, []).append(piece)
        return {index: "".join(pieces) for index, pieces in sorted(parts.items())}
