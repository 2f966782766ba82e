"""Structured answers without I/O, shared by the async engine and its sync twin: the `Parsed`
result, reading an answer's text and how it ended, the errors, and the re-ask that tells the
model what was wrong with its last answer (instructor's "reask")."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._schema import OutputSchema, SchemaMismatch, UnsupportedSchema, output_schema
from .errors import OutputTruncatedError, OutputValidationError, RequestValidationError

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")
R = TypeVar("R")

#: What the model is told after an answer that does not validate ({problem}: why not).
REASK = (
    "That answer is not valid: {problem}\n"
    "Answer again with only the corrected JSON, fitting the required schema."
)


@dataclasses.dataclass(frozen=True, slots=True)
class Parsed(Generic[T, R]):
    """A validated structured answer: `parsed` is the value, of the type asked for; `text` the
    JSON as the model wrote it; `response` the server's answer (a stream's last chunk for a
    streamed one); `attempts` how many answers it took (see `max_attempts`)."""

    parsed: T
    text: str
    response: R
    attempts: int = 1


def schema_for(label: str, response_format: Any) -> OutputSchema[Any]:
    """The schema of a helper's `response_format`, its validator ready; refused before sending
    (`RequestValidationError`) if it has no JSON Schema. A missing extra raises ImportError."""
    try:
        schema = output_schema(response_format)
    except UnsupportedSchema as exc:
        raise RequestValidationError(
            f"{label}(): response_format cannot be used: {exc}", field="response_format"
        ) from None
    schema.ensure_validator()
    return schema


def positive(label: str, name: str, value: Any) -> int:
    """`value` of argument `name`, which must be an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RequestValidationError(f"{label}(): {name} must be an int >= 1", field=name)
    return value


def first_choice(response: Any) -> Any:
    """Choice 0 of an answer or stream chunk (None if it has none)."""
    for choice in getattr(response, "choices", None) or []:
        if getattr(choice, "index", 0) == 0:
            return choice
    return None


def text_of(choice: Any) -> str:
    """The generated text of an answer's choice: a chat message's content, a completion's text."""
    if choice is None:
        return ""
    message = getattr(choice, "message", None)
    if message is not None:
        return str(message.content or "")
    return str(getattr(choice, "text", "") or "")


def check(
    schema: OutputSchema[T],
    text: str,
    finish_reason: str | None,
    *,
    label: str,
    response: Any,
    request: httpx.Request | None,
    attempts: int,
) -> T:
    """The value of `text`, or the error: `OutputTruncatedError` for an answer cut at the token
    limit (never half parsed), `OutputValidationError` for one that does not validate."""
    if finish_reason == "length":
        raise OutputTruncatedError(
            f"{label}: the answer stopped at the token limit (finish_reason 'length'), so its"
            " JSON is incomplete: raise max_tokens",
            text=text,
            response=response,
            operation=label,
            request=request,
        )
    try:
        return schema.loads(text)
    except SchemaMismatch as exc:
        tried = f" after {attempts} attempts" if attempts > 1 else ""
        raise OutputValidationError(
            f"{label}: the answer does not fit {schema.name}{tried}: {exc}",
            validation_message=str(exc),
            attempts=attempts,
            text=text,
            response=response,
            operation=label,
            request=request,
        ) from None


def reasked(fields: Mapping[str, Any], text: str, problem: str) -> dict[str, Any]:
    """The request fields that ask again: the bad answer and what is wrong with it appended
    (a chat's messages, or a completion's prompt)."""
    note = REASK.format(problem=problem)
    out = dict(fields)
    if "messages" in out:
        out["messages"] = [
            *out["messages"],
            {"role": "assistant", "content": text},
            {"role": "user", "content": note},
        ]
    else:
        out["prompt"] = f"{out['prompt']}{text}\n\n{note}\n"
    return out


def single_prompt(label: str, fields: Mapping[str, Any]) -> None:
    """A completion's parse reads one answer: refuse a list of prompts."""
    prompt = fields.get("prompt")
    if prompt is not None and not isinstance(prompt, str):
        raise RequestValidationError(
            f"{label}(): give one prompt (a str): a structured answer is one answer",
            field="prompt",
        )
