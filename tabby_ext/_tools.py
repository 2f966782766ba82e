"""Tools from Python functions, and a tool-calling conversation's bookkeeping, without I/O.

`tool(fn)` reads a function's parameters (their annotations give the JSON Schema) and its
docstring (the description TabbyAPI requires: a tool without one is a 422) once, and parses
the arguments the model sends into the annotated types. `Conversation` is what the runners of
`chat.run_tools` (tabby_ext/_async/tool_runner.py and its sync twin) share: the request of each
round, the assistant and `tool` messages, what a call's result says, and the checks TabbyAPI
leaves to the client (`tool_choice`).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, ParamSpec, TypeVar, overload

from ._constraints import missing_call, required_call
from ._operations import to_jsonable
from ._schema import OutputSchema, SchemaMismatch, UnsupportedSchema, arguments_schema, summary_doc
from ._structured import positive
from .errors import RequestValidationError

P = ParamSpec("P")
R = TypeVar("R")
ResponseT = TypeVar("ResponseT")

#: A function name as OpenAI's API (and the models trained on it) take it.
TOOL_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: What the model is told when it ignored `tool_choice` ({problem}: how).
TOOL_CHOICE_REMINDER = "{problem}. Call the tool as required."


class FunctionTool(Generic[P, R]):
    """A Python function as a tool the model can call: `spec` is what is sent (name,
    description, JSON Schema of the parameters); calling it calls the function."""

    __slots__ = ("__wrapped__", "_arguments", "description", "fn", "name")

    def __init__(
        self, fn: Callable[P, R], *, name: str | None = None, description: str | None = None
    ) -> None:
        self.fn = fn
        self.__wrapped__ = fn
        self.name = name or str(getattr(fn, "__name__", ""))
        if not TOOL_NAME.fullmatch(self.name):
            raise RequestValidationError(
                f"tool {fn!r}: its name {self.name!r} is not 1-64 letters, digits, _ or -:"
                " give it one (tool(fn, name=...))",
                field="tools",
            )
        text = description if description is not None else summary_doc(inspect.getdoc(fn) or "")
        if not text.strip():
            raise RequestValidationError(
                f"tool {self.name!r} has no description: TabbyAPI refuses a tool without one"
                " (422). Give the function a docstring saying what it does, or"
                " tool(fn, description=...)",
                field="tools",
            )
        self.description = text.strip()
        try:
            self._arguments: OutputSchema[dict[str, Any]] = arguments_schema(fn)
        except UnsupportedSchema as exc:
            raise RequestValidationError(f"tool {self.name!r}: {exc}", field="tools") from None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<FunctionTool {self.name}>"

    @property
    def parameters(self) -> dict[str, Any]:
        """The JSON Schema of the function's keyword arguments."""
        return self._arguments.schema

    @property
    def spec(self) -> dict[str, Any]:
        """The tool as a request's `tools` entry (OpenAI's shape, which TabbyAPI takes)."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }

    def parse_arguments(self, arguments: str | Mapping[str, Any]) -> dict[str, Any]:
        """The keyword arguments of a call: the model's JSON (text or decoded) validated and
        built into the parameters' types. `ValueError` (its message for the model) if invalid."""
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments) if arguments.strip() else {}
            except ValueError as exc:
                raise ValueError(f"the arguments are not JSON ({exc})") from None
        try:
            return self._arguments.load(arguments)
        except SchemaMismatch as exc:
            raise ValueError(str(exc)) from None


@overload
def tool(
    fn: Callable[P, R], /, *, name: str | None = None, description: str | None = None
) -> FunctionTool[P, R]: ...
@overload
def tool(
    *, name: str | None = None, description: str | None = None
) -> Callable[[Callable[P, R]], FunctionTool[P, R]]: ...
def tool(
    fn: Callable[P, R] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
) -> FunctionTool[P, R] | Callable[[Callable[P, R]], FunctionTool[P, R]]:
    """A function as a tool for `chat.run_tools` (or a `tools=` entry: `tool(fn).spec`).

    As a decorator, `@tool` or `@tool(name=..., description=...)`. The parameters' annotations
    give the JSON Schema (see `chat.parse` for the types that work), the docstring the
    description and, from an `Args:` section, each parameter's; a function without a docstring
    (and no `description=`) is refused here, before anything is sent.
    """
    if fn is None:
        return lambda f: FunctionTool(f, name=name, description=description)
    return FunctionTool(fn, name=name, description=description)


@dataclasses.dataclass(frozen=True, slots=True)
class ToolInvocation:
    """A call the model asked for: the call's `id`, the function's `name`, its `arguments` as
    the model wrote them (JSON text), and the `round` of the conversation it came in."""

    id: str
    name: str
    arguments: str
    round: int


@dataclasses.dataclass(frozen=True, slots=True)
class ToolResult:
    """What one call gave: `content` is what was sent back to the model (the value as text, or
    the error); `value` the function's return value; `error` the exception it raised, or the
    problem with the call (an unknown function, invalid arguments) as a `ValueError`."""

    call: ToolInvocation
    content: str
    value: Any = None
    error: BaseException | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ToolRun(Generic[ResponseT]):
    """A finished tool conversation: `content` is the final answer's text, `messages` the whole
    conversation (the messages given, each assistant message and tool result, the final answer:
    append a user message and run again to go on), `results` every call in order, `rounds` how
    many answers the model gave, `response` the last one (a chunk, when streamed)."""

    content: str | None
    messages: list[Any]
    results: list[ToolResult]
    rounds: int
    response: ResponseT


@dataclasses.dataclass(slots=True)
class Turn:
    """An assistant answer, however it came (whole or streamed): its text and tool calls."""

    content: str | None
    calls: list[tuple[str, str, str]]  # (id, name, arguments)


def turn_of(message: Any) -> Turn:
    """The turn of an answer's message (`choices[0].message`)."""
    calls = [
        (str(call.id), str(call.function.name), str(call.function.arguments or ""))
        for call in getattr(message, "tool_calls", None) or []
    ]
    return Turn(getattr(message, "content", None), calls)


class StreamedTurn:
    """A turn put together from a chat stream's deltas (TabbyAPI sends each tool call whole,
    in one delta; pieces of one call, as OpenAI streams them, are joined by their index)."""

    __slots__ = ("calls", "finish_reason", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.calls: dict[int, list[str]] = {}
        self.finish_reason: str | None = None

    def add(self, chunk: Any) -> str:
        """Take a chunk; return its text (choice 0's content)."""
        text = ""
        for choice in getattr(chunk, "choices", None) or []:
            if getattr(choice, "index", 0) != 0:
                continue
            if choice.finish_reason:
                self.finish_reason = choice.finish_reason
            delta = choice.delta
            if delta.content:
                text += delta.content
            for position, call in enumerate(delta.tool_calls or []):
                index = call.index if isinstance(call.index, int) else len(self.calls) + position
                entry = self.calls.setdefault(index, ["", "", ""])
                entry[0] = entry[0] or str(call.id or "")
                entry[1] = entry[1] or str(call.function.name or "")
                entry[2] += str(call.function.arguments or "")
        if text:
            self.parts.append(text)
        return text

    def turn(self) -> Turn:
        content = "".join(self.parts) or None
        return Turn(content, [tuple(self.calls[i]) for i in sorted(self.calls)])  # type: ignore[misc]


def content_of(value: Any) -> str:
    """A function's return value as a tool message's text: a str as it is, anything else as JSON
    (dataclasses, attrs classes and pydantic models as their fields)."""
    if isinstance(value, str):
        return value
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "__attrs_attrs__") and not isinstance(value, type):
        import attrs

        return attrs.asdict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return to_jsonable(value)


class Conversation:
    """One `run_tools` conversation: the tools, the messages so far, the results."""

    def __init__(self, label: str, fields: Mapping[str, Any], extras: Mapping[str, Any]) -> None:
        self.label = label
        functions: Sequence[Any] = extras["tools"]
        if isinstance(functions, str | bytes) or not isinstance(functions, Sequence):
            raise RequestValidationError(
                f"{label}(): tools must be a list of functions", field="tools"
            )
        tools = [f if isinstance(f, FunctionTool) else tool(f) for f in functions]
        self.tools = {t.name: t for t in tools}
        if len(self.tools) != len(tools):
            raise RequestValidationError(f"{label}(): two tools have the same name", field="tools")
        self.max_rounds = positive(label, "max_rounds", extras["max_rounds"])
        self.max_attempts = positive(label, "max_attempts", extras["max_attempts"])
        self.raise_errors = bool(extras["raise_tool_errors"])
        self.on_call: Callable[[ToolInvocation], object] | None = extras["on_tool_call"]
        self.on_result: Callable[[ToolResult], object] | None = extras["on_tool_result"]
        self.fields = dict(fields)
        self.messages: list[Any] = list(self.fields.pop("messages"))
        self.tool_choice = self.fields.pop("tool_choice", None)
        self.parallel = self.fields.get("parallel_tool_calls") is not False
        self.results: list[ToolResult] = []
        self.rounds = 0
        self._reminders: list[Any] = []

    def request(self) -> dict[str, Any]:
        """The fields of the next round's request: the tools, `tool_choice` in the first round
        (later ones are left to the model, or it would call tools forever)."""
        fields = {**self.fields, "messages": [*self.messages, *self._reminders]}
        fields["tools"] = [t.spec for t in self.tools.values()]
        if self.rounds == 0 and self.tool_choice is not None:
            fields["tool_choice"] = self.tool_choice
        return fields

    def ignored_tool_choice(self, turn: Turn) -> str | None:
        """Why this (first-round) answer breaks `tool_choice`, None if it does not."""
        if self.rounds > 0 or not required_call(self.tool_choice):
            return None
        return missing_call(self.tool_choice, [name for _, name, _ in turn.calls])

    def remind(self, turn: Turn, problem: str) -> None:
        """Ask again after an answer that ignored `tool_choice` (not kept in the conversation)."""
        self._reminders = [
            {"role": "assistant", "content": turn.content or ""},
            {"role": "user", "content": TOOL_CHOICE_REMINDER.format(problem=problem)},
        ]

    def take(self, turn: Turn) -> list[ToolInvocation]:
        """Record the model's answer; the calls to run (none: the conversation is over)."""
        self.rounds += 1
        self._reminders = []
        calls = turn.calls if self.parallel else turn.calls[:1]
        message: dict[str, Any] = {"role": "assistant", "content": turn.content}
        if calls:
            message["tool_calls"] = [
                {"id": i, "type": "function", "function": {"name": n, "arguments": a}}
                for i, n, a in calls
            ]
        self.messages.append(message)
        return [ToolInvocation(i, n, a, self.rounds) for i, n, a in calls]

    def prepare(
        self, call: ToolInvocation
    ) -> tuple[FunctionTool[..., Any], dict[str, Any]] | ToolResult:
        """The function and keyword arguments of a call, or the result that says why it
        cannot run (an unknown function, invalid arguments), for the model to read."""
        found = self.tools.get(call.name)
        if found is None:
            known = ", ".join(self.tools)
            problem = ValueError(f"there is no tool named {call.name!r}; the tools are: {known}")
            return ToolResult(call, f"Error: {problem}", error=problem)
        try:
            return found, found.parse_arguments(call.arguments)
        except ValueError as exc:
            problem = ValueError(f"invalid arguments for {call.name}: {exc}")
            return ToolResult(call, f"Error: {problem}", error=problem)

    def finished(
        self, call: ToolInvocation, value: Any = None, error: BaseException | None = None
    ) -> ToolResult:
        """The result of a call that ran: its value, or the exception it raised."""
        if error is not None:
            return ToolResult(call, f"Error: {type(error).__name__}: {error}", error=error)
        return ToolResult(call, content_of(value), value=value)

    def record(self, result: ToolResult) -> None:
        """Send `result` back: one `tool` message, answering its call by id."""
        self.results.append(result)
        self.messages.append(
            {"role": "tool", "tool_call_id": result.call.id, "content": result.content}
        )

    def done(self, turn: Turn, response: ResponseT) -> ToolRun[ResponseT]:
        return ToolRun(turn.content, self.messages, self.results, self.rounds, response)
