"""`parse` and `parse_stream` (chat and completions): the schema goes in TabbyAPI's `json_schema`
field, which its grammar engine enforces; every answer is also validated here (TabbyAPI skips a
schema it cannot compile), and one that does not validate is re-asked on request."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from .._contract import Call
from .._events import texts_of
from .._schema import OutputSchema, partial_json
from .._structured import (
    Parsed,
    check,
    first_choice,
    positive,
    reasked,
    schema_for,
    single_prompt,
    text_of,
)
from ..errors import IncompleteStreamError, OutputError, OutputValidationError
from .resource import AsyncResource
from .streaming import AsyncTextStream

if TYPE_CHECKING:
    from .client import AsyncTabby

T = TypeVar("T")
E = TypeVar("E")


def _fields(call: Call, label: str, schema: OutputSchema[Any]) -> dict[str, Any]:
    fields = {**call.fields, "json_schema": schema.schema}
    single_prompt(label, fields)
    return fields


async def parse(client: AsyncTabby, call: Call, label: str) -> Parsed[Any, Any]:
    """Ask, validate, and re-ask with the problem until an answer validates or `max_attempts`
    answers were tried; a truncated answer is never re-asked (it would be cut again)."""
    schema = schema_for(label, call.extras["response_format"])
    attempts = positive(label, "max_attempts", call.extras.get("max_attempts", 1))
    fields = _fields(call, label, schema)
    attempt = 1
    while True:
        sent: list[httpx.Request] = []
        asked = dataclasses.replace(call, mode="call", fields=fields)
        response = await client._exchange(asked, label=call.mode, sent=sent)
        choice = first_choice(response)
        text = text_of(choice)
        finish = getattr(choice, "finish_reason", None)
        try:
            value = check(
                schema,
                text,
                finish,
                label=label,
                response=response,
                request=sent[-1],
                attempts=attempt,
            )
        except OutputValidationError as error:
            if attempt >= attempts:
                raise
            fields = reasked(fields, text, error.validation_message)
            attempt += 1
            continue
        return Parsed(value, text, response, attempt)


async def parse_stream(client: AsyncTabby, call: Call, label: str) -> AsyncParseStream[Any, Any]:
    schema = schema_for(label, call.extras["response_format"])
    sent: list[httpx.Request] = []
    asked = dataclasses.replace(call, mode="stream", fields=_fields(call, label, schema))
    stream = await client._exchange(asked, label=call.mode, sent=sent)
    return AsyncParseStream(stream, schema, label=label, request=sent[-1])


class AsyncParseStream(AsyncResource, Generic[T, E]):
    """A structured answer as it is generated: iterate it for the text as it arrives (choice
    0's), `partial()` for the JSON so far, `final()` for the validated value. The end of the
    iteration checks the whole answer and raises if it does not fit (`OutputValidationError`)
    or was cut at the token limit (`OutputTruncatedError`). `async with`, `aclose()` or the end
    frees the connection; errors are the stream's own (`StreamError`, `IncompleteStreamError`,
    ...)."""

    def __init__(
        self,
        stream: AsyncTextStream[E],
        schema: OutputSchema[T],
        *,
        label: str,
        request: httpx.Request,
    ) -> None:
        self._stream = stream
        self._schema = schema
        self._label = label
        self._request = request
        self._path = stream._spec.text or ()
        self._parts: list[str] = []
        self._last: E | None = None
        self._finish: str | None = None
        self._outcome: Parsed[T, E] | BaseException | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"<AsyncParseStream {self._label} {self._schema.name}>"

    @property
    def text(self) -> str:
        """The text received so far."""
        return "".join(self._parts)

    def partial(self) -> Any:
        """The JSON received so far, read leniently (unfinished strings, lists and objects as far
        as they go; None before any). Needs pydantic-core (pydantic brings it)."""
        return partial_json(self.text)

    def __aiter__(self) -> AsyncIterator[str]:
        return self

    async def __anext__(self) -> str:
        while True:
            try:
                chunk = await self._stream.__anext__()
            except StopAsyncIteration:
                self._conclude()
                raise
            self._last = chunk
            choice = first_choice(chunk)
            finish = getattr(choice, "finish_reason", None)
            if finish:
                self._finish = finish
            text = "".join(piece for index, piece in texts_of(chunk, self._path) if index == 0)
            if text:
                self._parts.append(text)
                return text

    def _conclude(self) -> None:
        """At the end of the stream: the validated value, or the error (raised each time)."""
        if self._outcome is None and not self._closed:
            try:
                value = check(
                    self._schema,
                    self.text,
                    self._finish,
                    label=self._label,
                    response=self._last,
                    request=self._request,
                    attempts=1,
                )
            except OutputError as error:
                self._outcome = error
            else:
                self._outcome = Parsed(value, self.text, self._last, 1)  # type: ignore[arg-type]
        if isinstance(self._outcome, BaseException):
            raise self._outcome

    async def final(self) -> Parsed[T, E]:
        """The validated answer: reads what is left of the stream first."""
        if self._outcome is None and not self._closed:
            async for _ in self:
                pass
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        if self._outcome is None:
            raise IncompleteStreamError(
                f"{self._label}: the stream was closed before the answer was complete",
                operation=self._label,
                request=self._request,
            )
        return self._outcome

    async def aclose(self) -> None:
        """Stop reading and release the connection (the server then cancels the generation)."""
        self._closed = self._outcome is None
        await self._stream.aclose()
