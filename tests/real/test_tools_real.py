"""The tool runner against a real TabbyAPI (opt-in: `make test-real URL=...`).

The harness's `fake-reasoning-tools` folder always answers with reasoning, "Let me check." and a
Qwen3-Coder tool call `get_weather(location="Paris")`, which TabbyAPI parses into `tool_calls`:
so every round calls the tool, and a runner with `max_rounds=2` runs one round trip (the tool
result goes back, TabbyAPI accepts the conversation) and stops with MaxRoundsExceededError.
Leaves the model that was loaded before (the other real tests expect `fake-chatml-4k`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tabby_ext import MaxRoundsExceededError, Tabby, ToolInvocation

TOOLS_MODEL = "fake-reasoning-tools"
ASK: Any = [{"role": "user", "content": "What is the weather in Paris?"}]


def get_weather(location: str) -> str:
    """The current weather at a location."""
    return f"Sunny in {location}."


def loaded(real: Any) -> str | None:
    with httpx.Client(timeout=30, trust_env=False) as http:
        answer = http.get(real.base_url + "/v1/model", headers={"x-api-key": real.api_key})
    return answer.json().get("id") if answer.status_code == 200 else None


@pytest.fixture(scope="module")
def client(real: Any) -> Iterator[Tabby]:
    if real.server != "e632af4":
        pytest.skip("the harness's tool-calling folder is served by TabbyAPI e632af4")
    with Tabby(**real.keys, timeout=120, max_retries=0) as client:
        if TOOLS_MODEL not in [card.id for card in client.models.list().data]:
            pytest.skip(f"the server has no {TOOLS_MODEL} folder")
        before = loaded(real)
        if before != TOOLS_MODEL:
            client.models.load(TOOLS_MODEL)
        yield client
        if before is not None and before != TOOLS_MODEL:
            client.models.load(before)


def test_one_runner_round_trip(client: Tabby) -> None:
    calls: list[ToolInvocation] = []
    with pytest.raises(MaxRoundsExceededError) as info:
        client.chat.run_tools(
            ASK, tools=[get_weather], max_rounds=2, max_tokens=200, on_tool_call=calls.append
        )
    user, assistant, result, again, second_result = info.value.messages
    assert user == ASK[0] and info.value.rounds == 2
    (call,) = assistant["tool_calls"]
    assert call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"location": "Paris"}
    assert result == {"role": "tool", "tool_call_id": call["id"], "content": "Sunny in Paris."}
    assert again["role"] == "assistant" and second_result["role"] == "tool"  # round 2 accepted
    assert [c.name for c in calls] == ["get_weather", "get_weather"]


def test_a_streamed_round(client: Tabby) -> None:
    stream = client.chat.run_tools_stream(ASK, tools=[get_weather], max_rounds=1, max_tokens=200)
    texts: list[str] = []
    with pytest.raises(MaxRoundsExceededError) as info, stream:
        texts.extend(stream)
    assert "".join(texts) == "Let me check.\n"  # the reasoning is not the answer's text
    assert [m["role"] for m in info.value.messages] == ["user", "assistant", "tool"]
