"""Tools from functions (`tool`) and the tool runner (`chat.run_tools`, `run_tools_stream`),
against the embedded server, with Tabby and AsyncTabby.

With tools the fake calls the first one (or those the last message names), with the simplest
arguments their schema allows, and answers with text once a `tool` message arrives.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any, Literal

import pytest
from support.driver import Driver

from tabby_ext import (
    FunctionTool,
    MaxRoundsExceededError,
    RequestValidationError,
    ToolCallMissingError,
    ToolExecutionError,
    ToolInvocation,
    ToolResult,
    ToolRun,
    tool,
)
from tabby_ext.testing import FakeTabbyServer

CHAT = "/v1/chat/completions"
ASK: Any = [{"role": "user", "content": "What is the weather?"}]


@dataclasses.dataclass
class Place:
    city: str
    country: str = "FR"


def get_weather(place: Place, unit: Literal["C", "F"] = "C", days: int = 1) -> str:
    """The weather of a place.

    Args:
        place: Where.
        unit: Celsius or Fahrenheit.
    """
    return f"{days} day(s) of sun in {place.city}, {place.country} ({unit})"


def failing(reason: str) -> str:
    """Always fails."""
    raise LookupError(f"no data for {reason}")


# ---- tool() ---------------------------------------------------------------------------------


def test_tool_describes_a_function_from_its_signature_and_docstring() -> None:
    weather = tool(get_weather)
    assert isinstance(weather, FunctionTool) and weather.name == "get_weather"
    assert weather.spec["type"] == "function"
    function = weather.spec["function"]
    assert function["description"] == "The weather of a place."
    parameters = function["parameters"]
    assert parameters["required"] == ["place"] and parameters["additionalProperties"] is False
    assert parameters["properties"]["place"] == {"$ref": "#/$defs/Place", "description": "Where."}
    assert parameters["$defs"]["Place"]["required"] == ["city"]
    assert weather(Place("Oslo")) == "1 day(s) of sun in Oslo, FR (C)"  # still the function
    assert weather.parse_arguments('{"place": {"city": "Rome"}, "days": 3}') == {
        "place": Place("Rome"),
        "days": 3,
    }
    with pytest.raises(ValueError, match=r"\$\.days: 'x' is not of type 'integer'"):
        weather.parse_arguments('{"place": {"city": "Rome"}, "days": "x"}')
    with pytest.raises(ValueError, match="the arguments are not JSON"):
        weather.parse_arguments("{place")


def test_tool_as_a_decorator_with_its_own_name_and_description() -> None:
    @tool(name="lookup", description="Looks it up.")
    def find(term: str) -> list[str]:
        return [term]

    assert find.name == "lookup" and find.description == "Looks it up."
    assert find("x") == ["x"]


def test_a_tool_without_a_description_is_refused_before_sending() -> None:
    def undocumented(city: str) -> str:
        return city

    with pytest.raises(RequestValidationError) as info:
        tool(undocumented)
    assert str(info.value) == (
        "tool 'undocumented' has no description: TabbyAPI refuses a tool without one (422)."
        " Give the function a docstring saying what it does, or tool(fn, description=...)"
    )
    with pytest.raises(RequestValidationError, match="tool 'bad': bad: parameter 'x' has no"):

        def bad(x) -> None:  # type: ignore[no-untyped-def]
            """Bad."""

        tool(bad)


# ---- the runner -----------------------------------------------------------------------------


def test_a_round_trip_runs_the_call_and_sends_its_result_back(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    run = drive(client.chat.run_tools(ASK, tools=[get_weather], max_tokens=3))
    assert isinstance(run, ToolRun) and run.rounds == 2 and run.content == "tok0 tok1 tok2"
    user, assistant, result, final = run.messages
    assert user == ASK[0]
    (call,) = assistant["tool_calls"]
    assert assistant["role"] == "assistant" and call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"place": {"city": "tok0"}}
    assert result == {
        "role": "tool",
        "tool_call_id": call["id"],
        "content": "1 day(s) of sun in tok0, FR (C)",
    }
    assert final == {"role": "assistant", "content": "tok0 tok1 tok2"}
    (done,) = run.results
    assert done.call == ToolInvocation(call["id"], "get_weather", call["function"]["arguments"], 1)
    assert done.value == done.content and done.error is None
    first, second = (r.json() for r in server.requests)
    assert first["tools"] == [tool(get_weather).spec] and first["max_tokens"] == 3
    assert second["messages"][1:] == [assistant, result]  # the conversation, sent back whole
    assert run.response.choices[0].finish_reason == "length"


def test_a_function_that_raises_has_its_error_sent_back_or_raised(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    run = drive(client.chat.run_tools(ASK, tools=[failing], max_tokens=2))
    (result,) = run.results
    assert result.content == "Error: LookupError: no data for tok0"
    assert isinstance(result.error, LookupError) and run.messages[2]["content"] == result.content
    with pytest.raises(ToolExecutionError) as info:
        drive(client.chat.run_tools(ASK, tools=[failing], raise_tool_errors=True))
    error = info.value
    assert str(error) == "chat.run_tools: tool 'failing' raised LookupError: no data for tok0"
    assert isinstance(error.__cause__, LookupError) and error.tool_name == "failing"
    assert error.arguments == '{"reason": "tok0"}' and error.tool_call_id.startswith("call_")
    assert [m["role"] for m in error.messages] == ["user", "assistant"]


@pytest.mark.parametrize(
    ("call", "content"),
    [
        (
            {"name": "launch", "arguments": "{}"},
            "Error: there is no tool named 'launch'; the tools are: get_weather",
        ),
        (
            {"name": "get_weather", "arguments": '{"place": 5}'},
            "Error: invalid arguments for get_weather: $.place: 5 is not of type 'object'",
        ),
        (
            {"name": "get_weather", "arguments": "{not json"},
            "Error: invalid arguments for get_weather: the arguments are not JSON",
        ),
    ],
)
def test_an_unknown_tool_or_invalid_arguments_are_sent_back(
    drive: Driver, client: Any, server: FakeTabbyServer, call: dict[str, str], content: str
) -> None:
    server.inject(CHAT, tool_call=call)
    run = drive(client.chat.run_tools(ASK, tools=[get_weather], raise_tool_errors=True))
    (result,) = run.results
    assert result.content.startswith(content) and isinstance(result.error, ValueError)
    assert run.messages[2] == {
        "role": "tool",
        "tool_call_id": result.call.id,
        "content": result.content,
    }
    assert run.rounds == 2


def test_max_rounds_raises_with_the_conversation_so_far(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(MaxRoundsExceededError) as info:
        drive(client.chat.run_tools(ASK, tools=[get_weather], max_rounds=1))
    error = info.value
    assert str(error).startswith("chat.run_tools: the model still called tools after 1 rounds")
    assert error.rounds == 1 and error.operation == "chat.run_tools"
    assert [m["role"] for m in error.messages] == ["user", "assistant", "tool"]
    assert len(server.requests) == 1


def test_hooks_see_each_call_before_it_runs_and_each_result(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    seen: list[str] = []

    def on_call(invocation: ToolInvocation) -> None:
        seen.append(f"call {invocation.name} round {invocation.round}")

    def on_result(result: ToolResult) -> None:
        seen.append(f"result {result.content}")

    drive(
        client.chat.run_tools(
            ASK, tools=[get_weather], on_tool_call=on_call, on_tool_result=on_result
        )
    )
    assert seen == ["call get_weather round 1", "result 1 day(s) of sun in tok0, FR (C)"]


def test_required_tool_choice_is_checked_and_can_be_reasked(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject(CHAT, ignore_tool_choice=True)
    with pytest.raises(ToolCallMissingError) as info:
        drive(client.chat.run_tools(ASK, tools=[get_weather], tool_choice="required"))
    assert info.value.operation == "chat.run_tools" and info.value.tool_choice == "required"
    before = len(server.requests)
    server.inject(CHAT, ignore_tool_choice=True)
    run = drive(
        client.chat.run_tools(ASK, tools=[get_weather], tool_choice="required", max_attempts=2)
    )
    assert run.rounds == 2 and [m["role"] for m in run.messages] == [
        "user",
        "assistant",
        "tool",
        "assistant",
    ]  # the ignored answer and the reminder are not kept
    first, second, third = (r.json() for r in server.requests[before:])
    assert second["messages"][-1]["content"] == (
        'tool_choice="required", but the model answered without calling a tool.'
        " Call the tool as required."
    )
    assert first["tool_choice"] == second["tool_choice"] == "required"
    assert "tool_choice" not in third  # later rounds leave it to the model


def test_only_the_first_call_runs_without_parallel_tool_calls(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    def get_time(city: str) -> str:
        """The time in a city."""
        return "noon"

    both: Any = [{"role": "user", "content": "get_weather and get_time for Paris"}]
    run = drive(client.chat.run_tools(both, tools=[get_weather, get_time]))
    assert [r.call.name for r in run.results] == ["get_weather", "get_time"]
    single = drive(
        client.chat.run_tools(both, tools=[get_weather, get_time], parallel_tool_calls=False)
    )
    assert [r.call.name for r in single.results] == ["get_weather"]
    assert len(single.messages[1]["tool_calls"]) == 1


def test_async_tools_of_one_round_run_concurrently(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    if drive.kind == "sync":

        async def slow(city: str) -> str:
            """Async."""
            return city

        with pytest.raises(RequestValidationError, match="tool 'slow' is an async function"):
            client.chat.run_tools(ASK, tools=[slow])
        assert server.requests == []
        return
    started: list[str] = []
    both_running = asyncio.Event()

    async def get_weather(city: str) -> str:
        """The weather."""
        started.append("weather")
        if len(started) == 2:
            both_running.set()
        await asyncio.wait_for(both_running.wait(), 5)  # only if the other one runs meanwhile
        return "sun"

    async def get_time(city: str) -> str:
        """The time."""
        started.append("time")
        if len(started) == 2:
            both_running.set()
        await asyncio.wait_for(both_running.wait(), 5)
        return "noon"

    async def on_result(result: ToolResult) -> None:  # an async hook is awaited
        await asyncio.sleep(0)

    both: Any = [{"role": "user", "content": "get_weather and get_time"}]
    run = drive(
        client.chat.run_tools(both, tools=[get_weather, get_time], on_tool_result=on_result)
    )
    assert [r.content for r in run.results] == ["sun", "noon"]  # in the calls' order
    assert [m.get("tool_call_id") for m in run.messages[2:4]] == [
        c["id"] for c in run.messages[1]["tool_calls"]
    ]


def test_run_tools_stream_streams_each_answer_and_ends_with_the_run(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    seen: list[str] = []
    stream = drive(
        client.chat.run_tools_stream(
            ASK, tools=[get_weather], max_tokens=3, on_tool_call=lambda c: seen.append(c.name)
        )
    )
    texts = drive.collect(stream)
    run = drive(stream.final())
    assert texts == ["tok0", " tok1", " tok2"] and seen == ["get_weather"]
    assert run.content == "tok0 tok1 tok2" and run.rounds == 2
    assert [m["role"] for m in run.messages] == ["user", "assistant", "tool", "assistant"]
    assert run.response.choices[0].finish_reason == "length"  # the last chunk
    assert all(r.json()["stream"] is True for r in server.requests)
    with pytest.raises(MaxRoundsExceededError):
        drive.collect(drive(client.chat.run_tools_stream(ASK, tools=[get_weather], max_rounds=1)))


def test_a_tool_needs_a_name_a_model_can_write() -> None:
    import functools

    assert tool(get_weather, name="get-weather").name == "get-weather"
    with pytest.raises(RequestValidationError, match="its name '' is not 1-64 letters"):
        tool(functools.partial(get_weather, unit="F"))
    with pytest.raises(RequestValidationError, match="its name 'get weather' is not"):
        tool(get_weather, name="get weather")
