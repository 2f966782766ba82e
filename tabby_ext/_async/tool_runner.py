"""`chat.run_tools` and `chat.run_tools_stream`: call the model, run the functions it asks for
(several of one round concurrently), send the results back, until it answers without tools.

The bookkeeping (messages, results, what the model is told) is `_tools.Conversation`'s; here
are only the requests and the calls, so the sync twin is the same code without `await`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from .._backend import async_gather, async_runs, async_settle
from .._contract import Call
from .._structured import first_choice
from .._tools import (
    Conversation,
    FunctionTool,
    StreamedTurn,
    ToolInvocation,
    ToolResult,
    ToolRun,
    Turn,
    turn_of,
)
from ..errors import (
    IncompleteStreamError,
    MaxRoundsExceededError,
    ToolCallMissingError,
    ToolExecutionError,
)
from .resource import AsyncResource
from .streaming import AsyncTextStream

if TYPE_CHECKING:
    from .client import AsyncTabby

E = TypeVar("E")


def _conversation(call: Call, label: str) -> Conversation:
    """The conversation of a call, its functions and hooks checked before anything is sent."""
    talk = Conversation(label, call.fields, call.extras)
    for name, function in talk.tools.items():
        async_runs(function.fn, f"tool {name!r}")
    async_runs(talk.on_call, "on_tool_call")
    async_runs(talk.on_result, "on_tool_result")
    return talk


async def run_tools(client: AsyncTabby, call: Call, label: str) -> ToolRun[Any]:
    talk = _conversation(call, label)
    while talk.rounds < talk.max_rounds:
        response, turn = await _answer(client, call, talk)
        invocations = talk.take(turn)
        if not invocations:
            return talk.done(turn, response)
        await _run_calls(talk, invocations)
    raise _out_of_rounds(talk)


async def _answer(client: AsyncTabby, call: Call, talk: Conversation) -> tuple[Any, Turn]:
    """One answer of the model, re-asked while it ignores `tool_choice` (up to max_attempts)."""
    attempt = 1
    while True:
        sent: list[httpx.Request] = []
        asked = dataclasses.replace(call, mode="call", fields=talk.request())
        response = await client._exchange(asked, label=call.mode, sent=sent)
        turn = turn_of(getattr(first_choice(response), "message", None))
        problem = talk.ignored_tool_choice(turn)
        if problem is None:
            return response, turn
        _check_attempt(talk, turn, problem, attempt, response, sent[-1])
        attempt += 1


def _check_attempt(
    talk: Conversation,
    turn: Turn,
    problem: str,
    attempt: int,
    response: Any,
    request: httpx.Request | None,
) -> None:
    """Raise for an answer that ignored tool_choice, unless an attempt is left (then remind)."""
    if attempt >= talk.max_attempts:
        tried = f" ({attempt} attempts)" if attempt > 1 else ""
        raise ToolCallMissingError(
            f"{talk.label}: {problem}{tried} (TabbyAPI does not enforce tool_choice)",
            tool_choice=talk.tool_choice,
            text=turn.content,
            response=response,
            operation=talk.label,
            request=request,
        )
    talk.remind(turn, problem)


async def _run_calls(talk: Conversation, invocations: list[ToolInvocation]) -> None:
    """Run one round's calls (concurrently with AsyncTabby) and send their results back."""
    for invocation in invocations:
        if talk.on_call is not None:
            await async_settle(talk.on_call(invocation))
    prepared = [talk.prepare(invocation) for invocation in invocations]
    outcomes = await async_gather(
        [
            functools.partial(_run_one, talk, i, p)
            for i, p in zip(invocations, prepared, strict=True)
        ]
    )
    for invocation, (result, raised) in zip(invocations, outcomes, strict=True):
        if raised and talk.raise_errors:
            error = result.error
            raise ToolExecutionError(
                f"{talk.label}: tool {invocation.name!r} raised {type(error).__name__}: {error}",
                tool_name=invocation.name,
                arguments=invocation.arguments,
                tool_call_id=invocation.id,
                messages=talk.messages,
                operation=talk.label,
            ) from error
        if talk.on_result is not None:
            await async_settle(talk.on_result(result))
        talk.record(result)


async def _run_one(
    talk: Conversation,
    invocation: ToolInvocation,
    prepared: tuple[FunctionTool[..., Any], dict[str, Any]] | ToolResult,
) -> tuple[ToolResult, bool]:
    """(result, whether the function raised) of one call; never raises an `Exception`."""
    if isinstance(prepared, ToolResult):
        return prepared, False
    function, kwargs = prepared
    try:
        value = await async_settle(function.fn(**kwargs))
    except Exception as exc:
        return talk.finished(invocation, error=exc), True
    return talk.finished(invocation, value), False


def _out_of_rounds(talk: Conversation) -> MaxRoundsExceededError:
    return MaxRoundsExceededError(
        f"{talk.label}: the model still called tools after {talk.rounds} rounds"
        f" (max_rounds={talk.max_rounds}); .messages holds the conversation so far",
        rounds=talk.rounds,
        messages=talk.messages,
        operation=talk.label,
    )


async def run_tools_stream(client: AsyncTabby, call: Call, label: str) -> AsyncToolRunStream[Any]:
    stream: AsyncToolRunStream[Any] = AsyncToolRunStream(client, call, _conversation(call, label))
    await stream._open()
    return stream


class AsyncToolRunStream(AsyncResource, Generic[E]):
    """A tool conversation whose answers are streamed: iterate it for their text as it arrives
    (tool calls run between rounds: see `on_tool_call` and `on_tool_result`); `final()` gives
    the `ToolRun` once the model answers without tools. `async with`, `aclose()` or the end
    frees the connection; the errors are `run_tools`'s and the streams' own."""

    def __init__(self, client: AsyncTabby, call: Call, talk: Conversation) -> None:
        self._client = client
        self._call = call
        self._talk = talk
        self._stream: AsyncTextStream[E] | None = None
        self._request: httpx.Request | None = None
        self._turn = StreamedTurn()
        self._attempt = 1
        self._last: E | None = None
        self._result: ToolRun[E] | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"<AsyncToolRunStream {self._talk.label} round {self._talk.rounds + 1}>"

    @property
    def messages(self) -> list[Any]:
        """The conversation so far."""
        return self._talk.messages

    async def _open(self) -> None:
        sent: list[httpx.Request] = []
        asked = dataclasses.replace(self._call, mode="stream", fields=self._talk.request())
        self._stream = await self._client._exchange(asked, label=self._call.mode, sent=sent)
        self._request = sent[-1]
        self._turn = StreamedTurn()

    def __aiter__(self) -> AsyncIterator[str]:
        return self

    async def __anext__(self) -> str:
        while True:
            if self._result is not None or self._closed:
                raise StopAsyncIteration
            if self._stream is None:
                if self._talk.rounds >= self._talk.max_rounds:
                    raise _out_of_rounds(self._talk)
                await self._open()
                assert self._stream is not None
            try:
                chunk = await self._stream.__anext__()
            except StopAsyncIteration:
                self._stream = None
                if self._closed:
                    raise
                await self._end_of_round()
                continue
            self._last = chunk
            text = self._turn.add(chunk)
            if text:
                return text

    async def _end_of_round(self) -> None:
        talk = self._talk
        turn = self._turn.turn()
        problem = talk.ignored_tool_choice(turn)
        if problem is not None:
            _check_attempt(talk, turn, problem, self._attempt, self._last, self._request)
            self._attempt += 1
            return
        invocations = talk.take(turn)
        if not invocations:
            self._result = talk.done(turn, self._last)  # type: ignore[arg-type]
            return
        await _run_calls(talk, invocations)

    async def final(self) -> ToolRun[E]:
        """The finished conversation: runs it to the end first."""
        async for _ in self:
            pass
        if self._result is None:
            raise IncompleteStreamError(
                f"{self._talk.label}: the stream was closed before the model's final answer",
                operation=self._talk.label,
                request=self._request,
            )
        return self._result

    async def aclose(self) -> None:
        """Stop (the current answer's connection is closed, which cancels its generation)."""
        self._closed = True
        if self._stream is not None:
            await self._stream.aclose()
