"""Strict in what we send, tolerant in what we read: answers from other servers and proxies.

Through a proxy that reshapes TabbyAPI's answers as LiteLLM's does (nulls and usage timings
dropped, `eos_reason` / `stop_str` moved, model cards without `logging` / `parameters`, a last
completion chunk without `text`), every call decodes: a missing field reads as its default or
None, an unknown one is kept. `strict_responses=True` refuses what the pinned server always
sends. Sync and async, streams included, over real sockets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from support.driver import ADMIN_KEY, API_KEY, Driver
from support.reverse_proxy import PrefixProxy, litellm_like

from tabby_ext import ResponseDecodeError
from tabby_ext.testing import FakeTabbyServer

HI: Any = [{"role": "user", "content": "hi"}]


@pytest.fixture
def proxy(server: FakeTabbyServer) -> Iterator[PrefixProxy]:
    with PrefixProxy(server.url, prefix="/litellm", reshape=litellm_like) as proxy:
        yield proxy


def through(drive: Driver, proxy: PrefixProxy, **options: Any) -> Any:
    return drive.client(base_url=proxy.url, api_key=API_KEY, admin_key=ADMIN_KEY, **options)


def test_answers_without_their_null_fields_decode_to_none(
    drive: Driver, proxy: PrefixProxy
) -> None:
    client = through(drive, proxy)
    chat = drive(client.chat.create(messages=HI, max_tokens=3, stop=["tok2"]))
    choice = chat.choices[0]
    assert choice.message.content == "tok0 tok1 "
    assert choice.message.tool_calls is None and choice.message.reasoning_content is None
    assert choice.logprobs is None and chat.usage is None
    assert choice.stop_str is None and choice.eos_reason is None  # moved by the proxy ...
    moved = choice.additional_properties["provider_specific_fields"]
    assert moved == {"eos_reason": "stop_string", "stop_str": "tok2"}  # ... and kept
    completion = drive(client.completions.create(prompt="p", max_tokens=2))
    assert completion.choices[0].text == "tok0 tok1" and completion.choices[0].logprobs is None
    with_usage = drive(
        client.completions.create(prompt="p", max_tokens=2, stream_options={"include_usage": True})
    )
    assert with_usage.usage.completion_tokens == 2 and with_usage.usage.total_time is None


def test_model_cards_without_logging_and_parameters_decode(
    drive: Driver, proxy: PrefixProxy
) -> None:
    client = through(drive, proxy)
    cards = drive(client.models.list()).data
    assert cards and all(c.logging is None and c.parameters is None for c in cards)
    current = drive(client.models.get())
    assert current.id == "Llama-3.1-8B-Instruct-exl3" and current.parameters is None


def test_streams_through_the_proxy_give_the_same_text(
    drive: Driver, proxy: PrefixProxy, server: FakeTabbyServer
) -> None:
    client = through(drive, proxy)
    direct = drive.client(base_url=server.url, api_key=API_KEY)
    for text_of in (
        lambda c: c.completions.create_stream(prompt="p", max_tokens=4),
        lambda c: c.chat.create_stream(messages=HI, max_tokens=4),
    ):
        assert drive.text(text_of(client)) == drive.text(text_of(direct)) != ""
    chunks = drive.collect(
        client.chat.create_stream(messages=HI, max_tokens=2, stream_options={"include_usage": True})
    )
    usage = chunks[-1].usage
    assert usage.completion_tokens == 2 and usage.prompt_time is None
    assert all(c.choices[0].eos_reason is None for c in chunks)
    last = drive.collect(client.completions.create_stream(prompt="p", max_tokens=1))[-1]
    assert last.choices[0].text == "" and last.choices[0].finish_reason == "length"


def test_strict_responses_refuse_what_the_pinned_server_always_sends(
    drive: Driver, proxy: PrefixProxy, server: FakeTabbyServer
) -> None:
    strict = through(drive, proxy, strict_responses=True)
    with pytest.raises(ResponseDecodeError) as info:
        drive(strict.chat.create(messages=HI, max_tokens=1))
    assert info.value.operation == "chat.create"
    assert info.value.message.startswith("chat.create: the response has no '")
    assert info.value.message.endswith("(strict_responses=True)")
    with pytest.raises(ResponseDecodeError, match=r"strict_responses=True"):
        drive.collect(strict.completions.create_stream(prompt="p", max_tokens=1))
    exact = drive.client(base_url=server.url, api_key=API_KEY, strict_responses=True)
    assert drive(exact.chat.create(messages=HI, max_tokens=1)).choices  # the pinned server
    loose = drive(strict.with_options(strict_responses=False).chat.create(messages=HI))
    assert loose.choices[0].stop_str is None


def test_an_answer_that_cannot_mean_anything_is_an_error_naming_the_field(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, max_retries=0)
    body = {"id": "c", "object": "text_completion", "created": 1, "model": "m"}
    server.inject("/v1/completions", status=200, body=body)
    with pytest.raises(ResponseDecodeError) as info:
        drive(client.completions.create(prompt="p", max_tokens=1))
    assert info.value.message == (
        "completions.create: the response has no 'choices' field, which CompletionResponse"
        " requires (it has no default)"
    )
    assert info.value.operation == "completions.create" and info.value.method == "POST"


def test_unknown_fields_and_values_outside_an_enum_are_kept(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, max_retries=0)
    server.inject("/health", status=200, body={"status": "degraded", "issues": [], "uptime": 9})
    health = drive(client.health.check())
    assert health.status == "degraded" and health.additional_properties == {"uptime": 9}


def test_an_answers_message_goes_back_as_a_request_without_its_nulls_or_extras(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY)
    answer = drive(client.chat.create(messages=HI, max_tokens=2))
    message = answer.choices[0].message
    message.additional_properties["tool_calls_json"] = None  # an older server's extra
    drive(client.chat.create(messages=[*HI, message, *HI], max_tokens=1))
    sent = json.loads(server.requests[-1].body)["messages"][1]
    assert sent == {"role": "assistant", "content": "tok0 tok1"}
