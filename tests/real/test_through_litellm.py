"""The facade through a LiteLLM proxy in front of real TabbyAPI servers: opt-in.

    ../shared/harness/tabby.sh start 5057 --model fake-chatml-4k
    ../shared/harness/tabby.sh start 5058 --model fake-chatml-4k
    scripts/litellm_proxy.sh start 4000         # tests/real/litellm/config.yaml
    make test-real URL=http://127.0.0.1:4000    # the suite sees "LiteLLM API" in /openapi.json

The proxy routes by model name, so every generation names one (`fake-chatml-4k`: both servers;
`tabby-5057`, `tabby-5058`: one each); the client's api key is the proxy's master key. What the
proxy changes in TabbyAPI's answers is recorded in tests/fixtures/observed_litellm.json and
summed up in tests/real/FINDINGS.md; the tests below pin what a client gets through it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tabby_ext import AsyncTabby, BadRequestError, NotFoundError, Tabby
from tabby_ext.models import ChatCompletionResponse, ChatCompletionStreamChunk

MODEL = "fake-chatml-4k"
ROUTES = {MODEL, "tabby-5057", "tabby-5058"}
HI: Any = [{"role": "user", "content": "hi"}]


@pytest.fixture(scope="module")
def proxy(real: Any) -> Any:
    if real.server != "litellm":
        pytest.skip("not a LiteLLM proxy: tests/real/test_against_tabbyapi.py covers it")
    return real


@pytest.fixture(scope="module")
def client(proxy: Any) -> Iterator[Tabby]:
    with Tabby(**proxy.keys, timeout=120, max_retries=0) as client:
        yield client


def test_models_list_names_the_proxy_routes(client: Tabby) -> None:
    cards = client.models.list().data
    assert {card.id for card in cards} == ROUTES
    for card in cards:  # LiteLLM's own cards: TabbyAPI's logging and parameters are gone
        assert card.owned_by == "openai"
        assert card.logging is None and card.parameters is None
    with pytest.raises(NotFoundError):
        client.models.get()  # GET /v1/model is TabbyAPI's own route: not proxied


def test_chat_create(client: Tabby) -> None:
    for model in sorted(ROUTES):
        chat: ChatCompletionResponse = client.chat.create(model=model, messages=HI, max_tokens=3)
        choice = chat.choices[0]
        assert choice.message.content == "tok0 tok1 tok2"
        assert choice.finish_reason == "length"
        # eos_reason / stop_str move into choices[].provider_specific_fields
        assert choice.eos_reason is None and choice.stop_str is None
        assert choice.additional_properties["provider_specific_fields"] == {
            "eos_reason": "max_new_tokens",
            "stop_str": None,
        }
        assert choice.message.reasoning_content is None and choice.message.tool_calls is None
        # TabbyAPI sends usage null without include_usage; LiteLLM makes up zeros
        assert chat.usage is not None and chat.usage.total_tokens == 0


def test_chat_stream_with_usage(client: Tabby) -> None:
    with client.chat.create_stream(
        model=MODEL, messages=HI, max_tokens=3, stream_options={"include_usage": True}
    ) as stream:
        chunks: list[ChatCompletionStreamChunk] = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "tok0 tok1 tok2"
    )
    finish = [
        c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason
    ]
    assert finish == ["length"]
    usage = [c.usage for c in chunks if c.usage]
    assert len(usage) == 1 and chunks[-1].usage is usage[0]  # its own last chunk (not TabbyAPI's)
    assert usage[0].completion_tokens == 3 and usage[0].total_tokens > 3
    assert usage[0].completion_time is None and usage[0].total_time is None


def test_completions_create_and_stream(client: Tabby) -> None:
    completion = client.completions.create(model=MODEL, prompt="x", max_tokens=2)
    assert completion.choices[0].text == "tok0 tok1"
    assert completion.choices[0].finish_reason == "length"
    assert completion.choices[0].eos_reason == "max_new_tokens"  # kept on text completions
    assert client.completions.create_stream(model=MODEL, prompt="x", max_tokens=3).text() == (
        "tok0 tok1 tok2"
    )
    with client.completions.create_stream(model=MODEL, prompt="x", max_tokens=2) as stream:
        chunks = list(stream)
    last = chunks[-1].choices[0]
    assert last.finish_reason == "length" and not last.text  # the last chunk has no `text`


def test_a_generation_must_name_a_route(client: Tabby) -> None:
    with pytest.raises(BadRequestError, match="Invalid model name"):
        client.chat.create(messages=HI, max_tokens=1)
    with pytest.raises(BadRequestError) as raised:  # TabbyAPI's context_length_exceeded code is
        client.completions.create(model=MODEL, prompt="w " * 5000, max_tokens=1)  # rewritten
    assert raised.value.status_code == 400 and "exceeds the available context" in str(raised.value)


def test_async_chat(proxy: Any) -> None:
    async_client = AsyncTabby(**proxy.keys, max_retries=0)

    async def run() -> list[str]:
        chat = await async_client.chat.create(model=MODEL, messages=HI, max_tokens=2)
        stream = await async_client.chat.create_stream(model=MODEL, messages=HI, max_tokens=2)
        return [chat.choices[0].message.content or "", await stream.atext()]

    try:
        assert [asyncio.run(run()) for _ in range(2)] == [["tok0 tok1", "tok0 tok1"]] * 2
    finally:
        asyncio.run(async_client.aclose())


def test_what_the_proxy_loses(proxy: Any, client: Tabby) -> None:
    """Unrecoverable through the proxy (FINDINGS.md §2): pinned, so a LiteLLM upgrade shows."""
    texts = client.completions.create_stream(model=MODEL, prompt="x", max_tokens=2, n=2).texts()
    assert list(texts) == [0] and texts[0].count("tok0") == 2  # both choices arrive as index 0
    with (
        Tabby(base_url=proxy.base_url, api_key="wrong", max_retries=0) as wrong,
        pytest.raises(BadRequestError, match="No connected db"),  # not a 401
    ):
        wrong.models.list()
