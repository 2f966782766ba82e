"""What TabbyAPI accepts and then silently ignores, caught by the client instead.

Before sending (`refine`): OpenAI's `response_format={"type": "json_object"}` becomes TabbyAPI's
`"json"` (the same thing: any JSON object); a response format TabbyAPI does not know, a
`json_schema` response format without its schema, or one beside a `json_schema` field (which it
would silently replace) is refused. After the answer (`check_tool_choice`): TabbyAPI accepts
`tool_choice="required"` or a named function without enforcing it, so an answer without that
call raises `ToolCallMissingError`. docs/structured-outputs.md has the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from ._operations import to_jsonable
from .errors import RequestValidationError, ToolCallMissingError

if TYPE_CHECKING:
    import httpx

#: The `response_format` types TabbyAPI acts on (endpoints/OAI/router.py); others are ignored.
KNOWN_FORMATS: Final = ("text", "json", "json_schema")
#: OpenAI's JSON mode, translated to TabbyAPI's `"json"`.
OPENAI_JSON_MODE: Final = "json_object"


def refine(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` as TabbyAPI will honour them; `RequestValidationError` for what it would ignore."""
    given = fields.get("response_format")
    response_format = to_jsonable(given)
    if not isinstance(response_format, Mapping):
        return fields  # None or a wrong type: the request model refuses it, naming the field
    kind = response_format.get("type", "text")
    if kind == OPENAI_JSON_MODE:
        response_format = {**response_format, "type": "json"}
    elif kind == "json_schema":
        schema = response_format.get("json_schema")
        if not isinstance(schema, Mapping) or not schema:
            raise RequestValidationError(
                'response_format {"type": "json_schema"} needs its "json_schema" (the schema):'
                " without one TabbyAPI generates free text",
                field="response_format",
            )
        if isinstance(schema.get("schema"), Mapping) and "name" not in schema:
            # OpenAI's wrapper; TabbyAPI unwraps it only when it has both "name" and "schema".
            response_format = {**response_format, "json_schema": {"name": "response", **schema}}
    elif kind not in KNOWN_FORMATS:
        raise RequestValidationError(
            f"response_format type {kind!r} is not one TabbyAPI knows ({', '.join(KNOWN_FORMATS)};"
            f" OpenAI's {OPENAI_JSON_MODE!r} is sent as 'json'): it would ignore it and answer"
            " in free text",
            field="response_format",
        )
    if kind != "text" and fields.get("json_schema") is not None:
        raise RequestValidationError(
            "give response_format or json_schema, not both: TabbyAPI replaces json_schema with"
            " the response format's schema",
            field="json_schema",
        )
    fields["response_format"] = response_format
    return fields


def required_call(tool_choice: Any) -> str | bool:
    """What `tool_choice` demands: a function's name, True for any call ("required"), False for
    nothing ("auto", "none", None)."""
    choice = to_jsonable(tool_choice)
    if choice == "required":
        return True
    if isinstance(choice, Mapping):
        function = choice.get("function")
        if isinstance(function, Mapping) and isinstance(function.get("name"), str):
            return str(function["name"])
    return False


def missing_call(tool_choice: Any, called: list[str]) -> str | None:
    """Why the functions `called` do not satisfy `tool_choice` (None if they do)."""
    demanded = required_call(tool_choice)
    if demanded is True and not called:
        return 'tool_choice="required", but the model answered without calling a tool'
    if isinstance(demanded, str) and demanded not in called:
        instead = f"called {', '.join(map(repr, called))} instead" if called else "did not"
        return f"tool_choice names {demanded!r}, but the model {instead}"
    return None


def calls_of(message: Any) -> list[str]:
    """The names of the functions an answer's message calls."""
    calls = getattr(message, "tool_calls", None) or []
    return [str(getattr(call.function, "name", "")) for call in calls]


def check_tool_choice(
    tool_choice: Any, answer: Any, operation: str, request: httpx.Request | None
) -> None:
    """Raise `ToolCallMissingError` if a choice of `answer` lacks the call `tool_choice` demands
    (TabbyAPI accepts tool_choice without enforcing it)."""
    if not required_call(tool_choice):
        return
    for choice in getattr(answer, "choices", None) or []:
        message = getattr(choice, "message", None)
        problem = missing_call(tool_choice, calls_of(message))
        if problem is not None:
            raise ToolCallMissingError(
                f"{operation}: {problem} (TabbyAPI does not enforce tool_choice)",
                tool_choice=to_jsonable(tool_choice),
                text=getattr(message, "content", None),
                response=answer,
                operation=operation,
                request=request,
            )
