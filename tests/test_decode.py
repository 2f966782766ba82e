"""The compiled fast decoders build exactly what the generated `from_dict` builds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.calls import CALLS
from support.driver import ADMIN_KEY, API_KEY

from tabby_ext import Tabby
from tabby_ext._operations import operation_table
from tabby_ext.testing import FakeTabbyServer

HI = [{"role": "user", "content": "hi"}]
STREAMS = [
    (
        "chat",
        "create",
        {"messages": HI, "max_tokens": 3, "stream_options": {"include_usage": True}},
    ),
    ("chat", "create", {"messages": HI, "max_tokens": 2, "logprobs": True, "top_logprobs": 2}),
    (
        "chat",
        "create",
        {
            "messages": HI,
            "max_tokens": 5,
            "tool_choice": "required",
            "tools": [
                {
                    "type": "function",
                    "function": {"name": "get_weather", "description": "d", "parameters": {}},
                }
            ],
        },
    ),
    ("completions", "create", {"prompt": "p", "max_tokens": 3, "n": 2, "logprobs": 2}),
    ("models", "load", {"model_name": "Qwen3-4B-exl3"}),
    ("kobold", "generate_stream", {"prompt": "p", "max_tokens": 2}),
]


def payloads() -> list[tuple[Any, Any]]:
    """(model ref, JSON value) for every response and stream event the embedded server sends."""
    table = operation_table()
    found: list[tuple[Any, Any]] = []
    with (
        FakeTabbyServer(api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None) as server,
        Tabby(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY) as client,
    ):
        for tag, name, args, kwargs, _ in CALLS:
            op = table.facade(tag, name)
            fields = {**dict(zip(op.request_required, args, strict=False)), **kwargs}
            response = client._http.request(**op.build(fields))
            if op.response and response.status_code == 200:
                found.append((op.response, response.json()))
        server.reset()  # the calls above unloaded the template, the embedding model, ...
        for tag, name, kwargs in STREAMS:
            op = table.facade(tag, name)
            stream = bool(op.stream and op.stream.field)
            response = client._http.request(**op.build(dict(kwargs), stream=stream or None))
            assert op.stream and op.stream.event and response.status_code == 200, response.text
            for line in response.text.splitlines():
                if line.startswith("data: {"):
                    found.append((op.stream.event, json.loads(line[6:])))
        for tag, name, kwargs in (
            ("chat", "create", {"messages": HI, "max_tokens": 2}),
            ("completions", "create", {"prompt": "p", "max_tokens": 2, "logprobs": 1}),
        ):
            op = table.facade(tag, name)
            found.append((op.response, client._http.request(**op.build(kwargs)).json()))
    return found


@pytest.fixture(scope="session")
def payloads_seen() -> list[tuple[Any, Any]]:
    """Collected once, when the first test needs them (nothing runs at collection)."""
    return payloads()


def test_fast_decoder_equals_from_dict(payloads_seen: list[tuple[Any, Any]]) -> None:
    assert len({ref.cls for ref, _ in payloads_seen}) >= 20
    for ref, data in payloads_seen:
        assert ref.decoder()(data) == ref.load().from_dict(data), ref.cls


def test_fast_decoders_are_compiled_for_stream_chunks() -> None:
    table = operation_table()
    chunk = table.facade("chat", "create").stream.event  # type: ignore[union-attr]
    assert chunk.decoder() is not chunk.load().from_dict


def _with_extras(data: Any, extra: dict[str, Any]) -> Any:
    if isinstance(data, dict):
        return {**{k: _with_extras(v, extra) for k, v in data.items()}, **extra}
    if isinstance(data, list):
        return [_with_extras(v, extra) for v in data]
    return data


@settings(max_examples=60, deadline=None)
@given(
    pick=st.data(),
    extra=st.dictionaries(
        st.text(min_size=1, max_size=5).map(lambda s: "x_" + s),
        st.integers() | st.text(max_size=5) | st.none(),
        max_size=2,
    ),
    drop=st.integers(0, 10),
)
def test_unknown_and_missing_keys_decode_alike(
    payloads_seen: list[tuple[Any, Any]], pick: st.DataObject, extra: dict[str, Any], drop: int
) -> None:
    ref, data = pick.draw(st.sampled_from(payloads_seen))
    data = _with_extras(data, extra)
    if isinstance(data, dict) and data:
        data.pop(sorted(data)[drop % len(data)])
    try:
        expected = ref.load().from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        with pytest.raises((KeyError, TypeError, ValueError, AttributeError)):
            ref.decoder()(data)
        return
    assert ref.decoder()(data) == expected
