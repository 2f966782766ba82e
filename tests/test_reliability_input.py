"""Bad input from the caller (RELIABILITY.md §12): a `TypeError` naming the argument before any
byte is sent, or the server's 422 naming the field; never a half-built request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from support.driver import Driver
from support.reliability import HI, posts
from tabbyapi_client.models.chat_completion_request import ChatCompletionRequest

from tabby_ext import RequestValidationError, UnprocessableEntityError
from tabby_ext._operations import operation_table
from tabby_ext.testing import FakeTabbyServer

WITH_FIELDS = sorted(
    (tag, name) for (tag, name), (op, _) in operation_table().methods.items() if op.request_fields
)
WITHOUT_FIELDS = sorted(
    {
        (op.tag, op.facade)
        for op in operation_table().operations
        if op.facade and op.request is None and op.method == "GET"
    }
)


def method(client: Any, tag: str, name: str) -> Any:
    return getattr(getattr(client, tag), name)


@pytest.mark.parametrize(("tag", "name"), WITH_FIELDS, ids=[f"{t}.{n}" for t, n in WITH_FIELDS])
def test_misspelt_field_is_a_type_error_naming_it_with_a_suggestion(
    drive: Driver, client: Any, server: FakeTabbyServer, tag: str, name: str
) -> None:
    op = operation_table().facade(tag, name)
    field = max(op.request_fields, key=len)
    typo = field[:-1] + ("x" if field[-1] != "x" else "y")
    required = dict.fromkeys(op.request_required, None)
    with pytest.raises(TypeError) as info:
        drive(method(client, tag, name)(**required, **{typo: 1}))
    assert isinstance(info.value, RequestValidationError) and info.value.field == typo
    message = str(info.value)
    assert f"unexpected keyword argument {typo!r}" in message
    suggested = re.search(r"did you mean '([^']+)'", message)
    assert suggested and suggested.group(1) in op.request_fields, message
    assert server.requests == []


@pytest.mark.parametrize(
    ("tag", "name"), WITHOUT_FIELDS[:3], ids=[f"{t}.{n}" for t, n in WITHOUT_FIELDS[:3]]
)
def test_keyword_on_an_operation_without_fields_is_named(
    drive: Driver, client: Any, server: FakeTabbyServer, tag: str, name: str
) -> None:
    with pytest.raises(TypeError, match="'verbose'"):
        drive(method(client, tag, name)(verbose=True))
    assert server.requests == []


def test_misspelt_call_option_gets_a_suggestion(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(TypeError, match="did you mean 'timeout'"):
        drive(client.completions.create(prompt="p", max_tokens=1, timout=5))
    with pytest.raises(TypeError, match="did you mean 'extra_headers'"):
        drive(client.completions.create(prompt="p", max_tokens=1, extra_header={}))
    assert server.requests == []


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.chat.create(messages="hello"), "messages"),
        (lambda c: c.chat.create(messages=["hello"]), "messages"),
        (lambda c: c.chat.create(messages=[5]), "messages"),
        (lambda c: c.lora.load(loras="tabby-style-lora"), "loras"),
    ],
    ids=["messages-str", "messages-of-str", "messages-of-int", "loras-str"],
)
def test_wrong_shapes_caught_client_side_name_the_field_and_send_nothing(
    drive: Driver, client: Any, server: FakeTabbyServer, call: Any, field: str | None
) -> None:
    with pytest.raises(RequestValidationError) as info:
        drive(call(client))
    assert info.value.field == field
    if field is not None:
        assert repr(field) in str(info.value) or field in str(info.value)
    assert server.requests == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.completions.create(), "missing 1 required positional argument: 'prompt'"),
        (lambda c: c.completions.create("a", "b"), "takes 2 positional arguments but 3"),
        (lambda c: c.completions.create("a", prompt="b"), "multiple values for argument 'prompt'"),
    ],
    ids=["missing-required", "too-many-positional", "given-twice"],
)
def test_argument_mistakes_are_pythons_own_type_errors(
    drive: Driver, client: Any, server: FakeTabbyServer, call: Any, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        drive(call(client))
    assert server.requests == []


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"temperature": "hot"}, "temperature"),
        ({"max_tokens": -1}, "max_tokens"),
        ({"n": 0}, "n"),
        ({"stream_options": "yes"}, "stream_options"),
        ({"messages": [{"role": "user", "content": 5}]}, "messages"),
        ({"top_p": 7.5}, "top_p"),
    ],
)
def test_wrong_values_the_types_allow_are_the_servers_422_with_its_loc(
    drive: Driver, client: Any, server: FakeTabbyServer, fields: dict[str, Any], loc: str
) -> None:
    request = {"messages": HI, "max_tokens": 1, **fields}
    with pytest.raises(UnprocessableEntityError) as info:
        drive(client.chat.create(**request))
    assert info.value.errors and all(e["loc"][1] == loc for e in info.value.errors)
    assert loc in str(info.value)
    sent = posts(server, "/v1/chat/completions")
    assert len(sent) == 1 and sent[0].json() == request  # complete, exactly as given; no retry


def test_wrong_nested_model_type_on_an_admin_operation_is_the_servers_422(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        drive(client.models.load(model_name="Qwen3-4B-exl3", draft_model="d"))
    assert [e["loc"][1] for e in info.value.errors] == ["draft_model"]
    assert len(posts(server, "/v1/model/load")) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"temperature": float("nan")}, "temperature"),
        ({"top_p": float("inf")}, "top_p"),
        ({"stop": {"a", "b"}}, "stop"),
        ({"prompt": object()}, "prompt"),
    ],
    ids=["nan", "inf", "set", "object"],
)
def test_values_json_cannot_carry_are_a_request_validation_error(
    drive: Driver, client: Any, server: FakeTabbyServer, fields: dict[str, Any], field: str
) -> None:
    request = {"prompt": "p", "max_tokens": 1, **fields}
    with pytest.raises(RequestValidationError) as info:
        drive(client.completions.create(**request))
    assert info.value.field == field
    assert server.requests == []


def test_union_field_of_the_wrong_shape_is_a_request_validation_error(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    with pytest.raises(RequestValidationError) as info:
        drive(client.chat.create(messages=HI, tools=[{"type": "function"}]))
    assert info.value.field == "tools"
    assert server.requests == []


def test_a_request_model_in_place_of_fields_is_refused_naming_the_field(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    """Type checkers reject it; at run time the server's 422 names the field it landed in."""
    other = ChatCompletionRequest.from_dict({"messages": HI})
    with pytest.raises(UnprocessableEntityError, match="prompt"):
        drive(client.completions.create(other))  # type: ignore[arg-type]
    assert len(posts(server, "/v1/completions")) == 1


def test_numeric_rope_alpha_is_sent(drive: Driver, client: Any, server: FakeTabbyServer) -> None:
    drive(client.models.unload())
    last = drive(client.models.load(model_name="Qwen3-4B-exl3", rope_alpha=1.0))
    assert last.status == "finished"
    assert posts(server, "/v1/model/load")[-1].json()["rope_alpha"] == 1.0
