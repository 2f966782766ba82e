"""Typed, validated answers (`parse`, `parse_stream`) and the traps TabbyAPI leaves open
(`response_format`, `tool_choice`), against the embedded server, with Tabby and AsyncTabby.

The fake answers the simplest JSON a schema allows; `inject(..., ignore_schema=True)` makes it
answer free text, as TabbyAPI does with a schema it cannot compile.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Literal, TypedDict

import attrs
import pydantic
import pytest
from support.driver import ADMIN_KEY, API_KEY, Driver

from tabby_ext import (
    IncompleteStreamError,
    OutputTruncatedError,
    OutputValidationError,
    Parsed,
    RequestValidationError,
    ToolCallMissingError,
)
from tabby_ext.testing import FakeTabbyServer

CHAT = "/v1/chat/completions"
COMPLETIONS = "/v1/completions"
HI: Any = [{"role": "user", "content": "A city, please."}]


class Size(enum.Enum):
    TOWN = "town"
    CITY = "city"


@dataclasses.dataclass
class City:
    """A city."""

    name: str
    population: int
    size: Size
    districts: list[str]
    mayor: str | None = None


class Pet(TypedDict):
    name: str
    legs: int


@attrs.define
class Box:
    width: float
    label: Literal["a", "b"]


class Person(pydantic.BaseModel):
    name: str
    age: int


CITY = City(name="tok0", population=0, size=Size.TOWN, districts=["tok0"])
#: The fake's free text (16 tokens, its natural length): what an ignored schema gets.
FREE_TEXT = " ".join(f"tok{i}" for i in range(16))


def test_parse_sends_the_schema_in_tabbyapis_field_and_returns_the_type(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    answer = drive(client.chat.parse(HI, response_format=City, max_tokens=60, temperature=0))
    assert isinstance(answer, Parsed) and answer.parsed == CITY and answer.attempts == 1
    assert answer.text == (
        '{"name": "tok0", "population": 0, "size": "town", "districts": ["tok0"]}'
    )
    assert answer.response.choices[0].finish_reason == "stop"
    sent = server.requests[-1].json()
    assert sent["json_schema"]["title"] == "City" and sent["temperature"] == 0
    assert sent["json_schema"]["properties"]["size"] == {"enum": ["town", "city"], "title": "Size"}
    assert "response_format" not in sent and "tools" not in sent


@pytest.mark.parametrize(
    ("response_format", "expected"),
    [
        (Pet, {"name": "tok0", "legs": 0}),
        (Box, Box(width=0.0, label="a")),
        (Person, Person(name="tok0", age=0)),
        (list[Pet], [{"name": "tok0", "legs": 0}]),
        ({"type": "object", "properties": {"n": {"type": "integer", "minimum": 3}}}, {"n": 3}),
    ],
    ids=["typeddict", "attrs", "pydantic", "list", "raw-schema"],
)
def test_every_kind_of_response_format(
    drive: Driver, client: Any, response_format: Any, expected: Any
) -> None:
    answer = drive(client.chat.parse(HI, response_format=response_format, max_tokens=60))
    assert answer.parsed == expected


def test_completions_parse(drive: Driver, client: Any, server: FakeTabbyServer) -> None:
    answer = drive(client.completions.parse("A pet:", response_format=Pet, max_tokens=60))
    assert answer.parsed == {"name": "tok0", "legs": 0} and answer.text.startswith("{")
    assert server.requests[-1].json()["json_schema"]["required"] == ["name", "legs"]


def test_an_answer_that_does_not_validate_carries_its_text_problem_and_request(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_schema=True)
    with pytest.raises(OutputValidationError) as info:
        drive(client.chat.parse(HI, response_format=City))
    error = info.value
    assert error.text == FREE_TEXT and error.attempts == 1
    assert error.validation_message.startswith("the answer is not JSON (Expecting value")
    assert str(error).startswith("chat.parse: the answer does not fit City: the answer is not JSON")
    assert error.operation == "chat.parse" and error.method == "POST"
    assert error.url == f"{server.url}/v1/chat/completions"
    assert error.response.choices[0].message.content == FREE_TEXT
    assert len(server.requests) == 1


def test_reask_appends_the_answer_and_the_problem_until_one_validates(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_schema=True)  # the first answer only
    answer = drive(client.chat.parse(HI, response_format=City, max_attempts=3))
    assert answer.parsed == CITY and answer.attempts == 2
    first, second = (r.json() for r in server.requests)
    assert first["messages"] == HI
    assert second["messages"][:-2] == HI
    assert second["messages"][-2] == {"role": "assistant", "content": FREE_TEXT}
    reask = second["messages"][-1]
    assert reask["role"] == "user" and "the answer is not JSON" in reask["content"]
    assert reask["content"].endswith(
        "Answer again with only the corrected JSON, fitting the required schema."
    )


def test_reask_stops_when_the_attempts_run_out(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_schema=True, times=None)
    with pytest.raises(OutputValidationError, match="does not fit City after 3 attempts") as info:
        drive(client.chat.parse(HI, response_format=City, max_attempts=3))
    assert info.value.attempts == 3 and len(server.requests) == 3


def test_completions_reask_appends_to_the_prompt(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(COMPLETIONS, ignore_schema=True)
    answer = drive(client.completions.parse("Pet:", response_format=Pet, max_attempts=2))
    assert answer.attempts == 2
    prompt = server.requests[-1].json()["prompt"]
    assert prompt.startswith("Pet:tok0 tok1") and "That answer is not valid:" in prompt


def test_a_truncated_answer_raises_its_own_error_and_is_not_reasked(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(OutputTruncatedError, match="stopped at the token limit") as info:
        drive(client.chat.parse(HI, response_format=City, max_tokens=3, max_attempts=3))
    assert info.value.text == '{"name": "tok0", "population":'
    assert info.value.operation == "chat.parse" and len(server.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"response_format": complex},
            "response_format cannot be used: complex: <class 'complex'>",
        ),
        ({"response_format": {"type": "nope"}}, "not a valid JSON Schema"),
        ({"response_format": City, "max_attempts": 0}, "max_attempts must be an int >= 1"),
    ],
)
def test_refused_before_anything_is_sent(
    drive: Driver, client: Any, server: FakeTabbyServer, kwargs: dict[str, Any], words: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        drive(client.chat.parse(HI, **kwargs))
    assert words in str(info.value) and info.value.operation == "chat.parse"
    assert server.requests == []


def test_completions_parse_takes_one_prompt(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(RequestValidationError, match="give one prompt"):
        drive(client.completions.parse(["a", "b"], response_format=Pet))
    assert server.requests == []


# ---- streaming ------------------------------------------------------------------------------


def test_parse_stream_yields_the_text_then_the_validated_value(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    stream = drive(client.chat.parse_stream(HI, response_format=City, max_tokens=60))
    pieces, partials = [], []

    async def read() -> None:
        async with stream:
            async for text in stream:
                pieces.append(text)
                partials.append(stream.partial())

    if drive.kind == "async":
        drive(read())
    else:
        with stream:
            for text in stream:
                pieces.append(text)
                partials.append(stream.partial())
    final = drive(stream.final())
    assert final.parsed == CITY and "".join(pieces) == final.text == stream.text
    assert pieces[:3] == ['{"name":', ' "tok0",', ' "population":']
    assert partials[:2] == [{}, {"name": "tok0"}]  # the JSON so far, read leniently
    assert partials[-1] == {"name": "tok0", "population": 0, "size": "town", "districts": ["tok0"]}
    assert final.response.choices[0].finish_reason == "stop"
    assert server.requests[-1].json()["stream"] is True


def test_parse_stream_checks_the_whole_answer_at_the_end(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_schema=True)
    stream = drive(client.chat.parse_stream(HI, response_format=City))
    with pytest.raises(OutputValidationError, match=r"chat\.parse_stream: the answer does not fit"):
        drive.collect(stream)
    with pytest.raises(OutputValidationError):  # and again, for whoever asks
        drive(stream.final())
    truncated = drive(client.completions.parse_stream("x", response_format=City, max_tokens=2))
    with pytest.raises(OutputTruncatedError, match=r"completions\.parse_stream"):
        drive(truncated.final())


def test_a_parse_stream_closed_early_has_no_value(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    stream = drive(client.chat.parse_stream(HI, response_format=City, max_tokens=60))
    assert len(drive.collect(stream, limit=2)) == 2  # then closed
    with pytest.raises(IncompleteStreamError, match="closed before the answer was complete"):
        drive(stream.final())


# ---- what TabbyAPI would ignore -------------------------------------------------------------


def test_openais_json_mode_is_sent_as_tabbyapis(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    answer = drive(
        client.chat.create(messages=HI, response_format={"type": "json_object"}, max_tokens=20)
    )
    assert server.requests[-1].json()["response_format"] == {"type": "json"}
    assert answer.choices[0].message.content == "{}"  # any JSON object: the fake's simplest


def test_an_openai_wrapper_without_a_name_gets_one(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "boolean"}}, "required": ["a"]}
    response_format = {"type": "json_schema", "json_schema": {"schema": schema}}
    answer = drive(client.chat.create(messages=HI, response_format=response_format))
    sent = server.requests[-1].json()["response_format"]
    assert sent["json_schema"] == {"name": "response", "schema": schema}
    assert answer.choices[0].message.content == '{"a": false}'


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"response_format": {"type": "xml"}},
            "response_format type 'xml' is not one TabbyAPI knows",
        ),
        ({"response_format": {"type": "json_schema"}}, 'needs its "json_schema"'),
        (
            {"response_format": {"type": "json"}, "json_schema": {"type": "object"}},
            "give response_format or json_schema, not both",
        ),
    ],
)
def test_response_formats_tabbyapi_would_ignore_are_refused(
    drive: Driver, client: Any, server: FakeTabbyServer, kwargs: dict[str, Any], words: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        drive(client.chat.create(messages=HI, **kwargs))
    assert words in str(info.value) and info.value.operation == "chat.create"
    assert server.requests == []


TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather.",
        "parameters": {"type": "object"},
    },
}


def test_a_required_tool_call_that_never_came_raises(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_tool_choice=True)
    with pytest.raises(ToolCallMissingError) as info:
        drive(client.chat.create(messages=HI, tools=[TOOL], tool_choice="required", max_tokens=2))
    error = info.value
    assert str(error) == (
        'chat.create: tool_choice="required", but the model answered without calling a tool'
        " (TabbyAPI does not enforce tool_choice)"
    )
    assert error.tool_choice == "required" and error.text == "tok0 tok1"
    assert error.response.choices[0].message.tool_calls is None
    named = {"type": "function", "function": {"name": "get_weather"}}
    server.inject(CHAT, tool_call={"name": "other", "arguments": "{}"})
    with pytest.raises(
        ToolCallMissingError, match="names 'get_weather', but the model called 'other'"
    ):
        drive(client.chat.create(messages=HI, tools=[TOOL], tool_choice=named))
    answer = drive(client.chat.create(messages=HI, tools=[TOOL], tool_choice=named))
    assert answer.choices[0].message.tool_calls[0].function.name == "get_weather"  # honoured


# ---- the guide's examples (once the README's section) ----------------------------------------


def test_the_guides_examples_run(monkeypatch: pytest.MonkeyPatch, server: FakeTabbyServer) -> None:
    """docs/guides/structured.md, where the README's section went: its blocks, in order, in one
    module (its dataclasses resolve there), against the server TABBY_BASE_URL names. (Every page's
    blocks also run in tests/test_docs.py; this keeps the check beside the feature's tests.)"""
    import sys
    import types
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "guides" / "structured.md"
    text = page.read_text(encoding="utf-8")
    blocks = [part.split("```", 1)[0] for part in text.split("```python\n")[1:]]
    assert len(blocks) >= 6  # parse, re-ask, parse_stream, the runner, async, testing
    monkeypatch.setenv("TABBY_BASE_URL", server.url)
    monkeypatch.setenv("TABBY_API_KEY", API_KEY)
    monkeypatch.setenv("TABBY_ADMIN_KEY", ADMIN_KEY)
    module = types.ModuleType("guide_structured")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    for number, code in enumerate(blocks):
        exec(compile(code, f"{page}, block {number}", "exec"), module.__dict__)
