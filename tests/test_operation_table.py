"""The generated operation table and the decisions made from it (`_operations`, pure): which
plan a call or a raw request gets, the request body built and refused by name, the answer
parsed or refused by name."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from typing import Any

import httpx
import pytest
from tabbyapi_client.models.completion_request import CompletionRequest
from tabbyapi_client.models.health_check_response import HealthCheckResponse

from tabby_ext import RequestValidationError, ResponseDecodeError
from tabby_ext._operations import (
    PLAN,
    CallPlan,
    ModelRef,
    operation_table,
    plan_for,
    to_jsonable,
    unencodable_field,
)

TABLE = operation_table()
COMPLETIONS = TABLE.by_key["POST /v1/completions"]
LOAD = TABLE.by_key["POST /v1/model/load"]
HEALTH = TABLE.by_key["GET /health"]


# ---- the table as read from operations.json --------------------------------------------------


def test_a_fresh_read_of_the_table_has_every_operation_as_generated() -> None:
    fresh = operation_table.__wrapped__()  # type: ignore[attr-defined]
    assert fresh is not TABLE and len(fresh.operations) == len(TABLE.operations)
    assert fresh.credentials == {
        "api_key": "x-api-key",
        "admin_key": "x-admin-key",
        "bearer_token": "authorization",
    }
    completions = fresh.lookup("POST", "/v1/completions")
    assert completions is not None and completions == COMPLETIONS
    assert (completions.tag, completions.facade, completions.name) == (
        "completions",
        "create",
        "create_completion",
    )
    assert completions.module == "tabbyapi_client.api.completions.create_completion"
    assert (completions.auth, completions.admin_when, completions.mutates) == (
        "api",
        "model",
        False,
    )
    assert completions.request == ModelRef(
        "tabbyapi_client.models.completion_request", "CompletionRequest"
    )
    assert completions.response is not None and completions.response.cls == "CompletionResponse"
    assert completions.request_required == ("prompt",) and "max_tokens" in completions.known_fields
    assert completions.aliases["max_length"] == "max_tokens"
    assert completions.facade_methods == {"create": "call", "create_stream": "stream"}
    stream = completions.stream
    assert stream is not None
    assert (stream.framing, stream.when, stream.field) == ("openai", "stream_field", "stream")
    assert (stream.terminator, stream.end_when, stream.error_field) == ("[DONE]", None, "error")
    assert stream.text == ("choices", 0, "text")
    assert stream.event is not None and stream.event.cls == "CompletionStreamChunk"
    load = fresh.lookup("POST", "/v1/model/load")
    assert load is not None and load.stream is not None
    assert load.stream.end_when == {"model_type": "model", "status": "finished"}
    assert load.stream.text is None and load.mutates and load.auth == "admin"
    health = fresh.lookup("GET", "/health")
    assert health is not None and health.stream is None and health.request is None
    assert health.auth == "none" and health.alias_of is None and health.raw_only is None
    alias = fresh.lookup("GET", "/v1/model/list")
    assert alias is not None and alias.alias_of == "GET /v1/models" and not alias.facade_methods
    assert fresh.lookup("GET", "/v1/completions") is None


def operations_json() -> dict[str, Any]:
    spec = importlib.util.find_spec("tabbyapi_client")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    data: dict[str, Any] = json.loads((folder / "operations.json").read_text("utf-8"))
    return data


def ref(op_ref: ModelRef | None) -> dict[str, str] | None:
    return {"module": op_ref.module, "class": op_ref.cls} if op_ref else None


def test_every_row_of_operations_json_is_an_operation_as_written() -> None:
    data = operations_json()
    fresh = operation_table.__wrapped__()  # type: ignore[attr-defined]
    assert [op.key for op in fresh.operations] == list(data["operations"])
    for op in fresh.operations:
        row = data["operations"][op.key]
        assert fresh.by_key[op.key] is op and fresh.lookup(row["method"], row["path"]) is op
        for name in ("method", "path", "tag", "name", "module", "facade", "alias_of"):
            assert getattr(op, name) == row[name], (op.key, name)
        for name in ("raw_only", "auth", "admin_when", "mutates", "aliases", "fields"):
            assert getattr(op, name) == row[name], (op.key, name)
        assert op.facade_methods == row["facade_methods"]
        for name, mode in row["facade_methods"].items():
            assert fresh.methods[(op.tag, name)] == (op, mode)
        assert op.request_fields == tuple(row["request_fields"])
        assert op.known_fields == frozenset(row["request_fields"])
        assert op.request_required == tuple(row["request_required"])
        assert ref(op.request) == row["request"] and ref(op.response) == row["response"]
        stream = row["stream"]
        if stream is None:
            assert op.stream is None
            continue
        assert op.stream is not None
        for name in ("framing", "when", "field", "terminator", "end_when", "error_field"):
            assert getattr(op.stream, name) == stream[name], (op.key, name)
        assert op.stream.text == (tuple(stream["text"]) if stream["text"] else None)
        assert ref(op.stream.event) == stream["event"]


def test_answers_and_events_decode_with_the_compiled_plans() -> None:
    fresh = operation_table.__wrapped__()  # type: ignore[attr-defined]
    decoders = operations_json()["decoders"]
    for op in fresh.operations:
        for model in (op.response, op.stream.event if op.stream else None):
            if model is not None and model.cls in decoders:
                assert model.plans is not None and model.plans.has(model.cls)
                assert model.decoder() is model.plans.decoder(model.cls)


def test_facade_names_find_their_operation() -> None:
    assert TABLE.facade("models", "load_stream") is LOAD
    assert TABLE.facade("models", "load") is LOAD
    with pytest.raises(AttributeError, match=r"^TabbyAPI has no operation models\.explode$"):
        TABLE.facade("models", "explode")


def test_model_refs_decode_with_the_compiled_plan_or_the_models_own_from_dict() -> None:
    plain = ModelRef("tabbyapi_client.models.health_check_response", "HealthCheckResponse")
    assert plain.load() is HealthCheckResponse
    decoded = plain.decoder()({"status": "healthy", "issues": []})
    assert isinstance(decoded, HealthCheckResponse) and decoded.status == "healthy"
    assert HEALTH.response is not None
    compiled = HEALTH.response.decoder()({"status": "healthy", "issues": []})
    assert isinstance(compiled, HealthCheckResponse)


# ---- plans -----------------------------------------------------------------------------------


def test_a_facade_calls_plan_names_its_method_and_auth() -> None:
    plan = CallPlan.of(COMPLETIONS, {"prompt": "p"}, "stream")
    assert plan == CallPlan("completions.create_stream", "api", False, COMPLETIONS)
    assert CallPlan.of(COMPLETIONS, {"prompt": "p"}).label == "completions.create"
    assert CallPlan.of(LOAD, {}, "drain") == CallPlan("models.load", "admin", True, LOAD)
    assert CallPlan.of(LOAD, {}, "nothing").label == "models.load"


def test_a_generation_naming_a_model_needs_the_admin_key_too() -> None:
    assert CallPlan.of(COMPLETIONS, {"prompt": "p", "model": "m"}).auth == "listing"
    assert CallPlan.of(COMPLETIONS, {"prompt": "p", "model": None}).auth == "api"
    assert CallPlan.of(HEALTH, {"model": "m"}).auth == "none"


def test_a_raw_request_is_planned_by_its_route_once() -> None:
    request = httpx.Request("POST", "http://h/v1/model/load")
    plan = plan_for(request, TABLE, "")
    assert plan == CallPlan("models.load", "admin", True, LOAD)
    assert request.extensions[PLAN] is plan
    assert plan_for(request, TABLE, "/ignored") is plan  # stamped: decided once


def test_a_raw_request_under_a_base_path_is_planned_without_it() -> None:
    request = httpx.Request("GET", "http://h/tabby/v1/models")
    plan = plan_for(request, TABLE, "/tabby")
    assert (plan.label, plan.auth, plan.mutates) == ("models.list", "listing", False)
    outside = plan_for(httpx.Request("GET", "http://h/other/v1/models"), TABLE, "/tabby")
    assert (outside.label, outside.auth) == ("GET /other/v1/models", "api")


@pytest.mark.parametrize(
    ("method", "mutates"),
    [("GET", False), ("HEAD", False), ("OPTIONS", False), ("POST", True), ("DELETE", True)],
)
def test_an_unknown_route_is_an_api_call_mutating_unless_its_method_is_safe(
    method: str, mutates: bool
) -> None:
    plan = plan_for(httpx.Request(method, "http://h/v1/newer"), TABLE, "")
    assert plan == CallPlan(f"{method} /v1/newer", "api", mutates, None)


# ---- request bodies --------------------------------------------------------------------------


def test_a_request_is_built_through_the_generated_model() -> None:
    built = COMPLETIONS.build({"prompt": "p", "max_tokens": 3}, stream=True)
    assert built["method"] == "post" and built["url"] == "/v1/completions"
    assert built["json"] == {"prompt": "p", "max_tokens": 3, "stream": True}
    assert COMPLETIONS.build({"prompt": "p"})["json"] == {"prompt": "p"}
    extra = COMPLETIONS.build({"prompt": "p"}, extra_body={"future": 1, "prompt": "q"})
    assert extra["json"] == {"prompt": "q", "future": 1}
    assert HEALTH.build({}) == {"method": "get", "url": "/health"}
    assert HEALTH.build({}, extra_body={"x": 1})["json"] == {"x": 1}


def test_fields_an_operation_does_not_take_are_named() -> None:
    with pytest.raises(RequestValidationError) as info:
        HEALTH.build({"verbose": True})
    assert str(info.value) == "health.check() got an unexpected keyword argument 'verbose'"
    assert info.value.field == "verbose"
    with pytest.raises(RequestValidationError, match=r"did you mean 'max_tokens'\?$"):
        COMPLETIONS.build({"prompt": "p", "max_token": 1})
    with pytest.raises(RequestValidationError, match=r"'stream'; use completions\.create_stream"):
        COMPLETIONS.unexpected("stream")
    with pytest.raises(RequestValidationError, match=r"other name for 'max_tokens'$"):
        COMPLETIONS.unexpected("max_length")
    with pytest.raises(RequestValidationError, match=r"argument 'zzzzzz'$"):
        COMPLETIONS.unexpected("zzzzzz")
    with pytest.raises(RequestValidationError, match=r"did you mean 'extra_body'\?$"):
        COMPLETIONS.unexpected("extra_bdy")


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(RequestValidationError) as info:
        LOAD.build({})
    assert str(info.value) == "models.load() missing required field(s): model_name"
    assert info.value.field == "model_name"


def test_the_servers_other_names_for_fields() -> None:
    fields = COMPLETIONS.with_aliases({"prompt": "p"}, {"max_length": 5, "rep_pen": 1.1})
    assert fields == {"prompt": "p", "max_tokens": 5, "repetition_penalty": 1.1}
    with pytest.raises(RequestValidationError) as info:
        COMPLETIONS.with_aliases({"max_tokens": 1}, {"max_length": 5})
    assert str(info.value) == (
        "completions.create() got 'max_length' and 'max_tokens', the same field ('max_length' is"
        " the server's other name for 'max_tokens'): give one"
    )
    assert info.value.field == "max_tokens"
    with pytest.raises(RequestValidationError, match="unexpected keyword argument 'nope'"):
        COMPLETIONS.with_aliases({}, {"nope": 1})


def test_a_value_the_model_cannot_take_is_named() -> None:
    chat = TABLE.by_key["POST /v1/chat/completions"]
    with pytest.raises(RequestValidationError) as info:
        chat.build({"messages": [5], "max_tokens": 1})
    assert info.value.field == "messages"
    assert str(info.value) == "chat.create(): invalid value for field 'messages': [5]"


def test_the_bad_field_is_named_not_a_good_one_before_it() -> None:
    chat = TABLE.by_key["POST /v1/chat/completions"]
    hi = [{"role": "user", "content": "hi"}]
    with pytest.raises(RequestValidationError) as info:
        chat.build({"messages": hi, "max_tokens": 5, "tools": [{"type": "function"}]})
    assert info.value.field == "tools"


def test_a_value_the_model_would_change_is_refused() -> None:
    chat = TABLE.by_key["POST /v1/chat/completions"]
    with pytest.raises(RequestValidationError) as info:
        chat.build({"messages": {}})
    assert info.value.field == "messages"
    assert str(info.value) == "chat.create(): invalid value for field 'messages': {}"


def test_generated_models_at_any_depth_become_json() -> None:
    model = CompletionRequest(prompt="p", max_tokens=2)
    assert to_jsonable(model) == {"prompt": "p", "max_tokens": 2}
    assert to_jsonable([model, (1, model)]) == [
        {"prompt": "p", "max_tokens": 2},
        [1, {"prompt": "p", "max_tokens": 2}],
    ]
    assert to_jsonable({"a": {"b": model}}) == {"a": {"b": {"prompt": "p", "max_tokens": 2}}}

    class ToDictOnly:
        def to_dict(self) -> dict[str, Any]:
            return {}

    plain = ToDictOnly()
    assert to_jsonable(plain) is plain  # not a generated (attrs) model


def test_values_json_cannot_carry_are_named() -> None:
    assert unencodable_field({"a": 1, "b": [1.5], "c": None}) is None
    nan = unencodable_field({"a": 1, "temperature": math.nan})
    assert nan is not None and nan.field == "temperature"
    assert str(nan).startswith("field 'temperature' cannot be sent as JSON: ")
    a_set = unencodable_field({"stop": {"x"}})
    assert a_set is not None and a_set.field == "stop"


# ---- answers ---------------------------------------------------------------------------------


def test_an_answer_is_parsed_into_its_model() -> None:
    parsed = HEALTH.parse(b'{"status": "healthy", "issues": []}')
    assert isinstance(parsed, HealthCheckResponse) and parsed.status == "healthy"
    assert HEALTH.parse(b"") is None and HEALTH.parse(b"null") is None
    unload = TABLE.by_key["POST /v1/template/unload"]
    assert unload.parse(b'{"anything": 1}') == {"anything": 1}  # no response model


def test_an_answer_that_is_not_json_or_not_the_model_is_named() -> None:
    with pytest.raises(ResponseDecodeError, match=r"^health\.check: response is not valid JSON \("):
        HEALTH.parse(b"<html>")
    with pytest.raises(ResponseDecodeError, match=r"^health\.check: response is not valid JSON"):
        HEALTH.parse(b"\xff\xfe")
    with pytest.raises(ResponseDecodeError) as missing:
        HEALTH.parse(b'{"status": "healthy"}')
    assert str(missing.value) == (
        "health.check: the response has no 'issues' field, which HealthCheckResponse requires"
        " (it has no default)"
    )
    assert HEALTH.parse(b'{"issues": []}').status == "healthy"  # the spec's default
    with pytest.raises(ResponseDecodeError) as strict:
        HEALTH.parse(b'{"issues": []}', strict=True)
    assert str(strict.value) == (
        "health.check: the response has no 'status' field, which the pinned TabbyAPI always"
        " sends in HealthCheckResponse (strict_responses=True)"
    )
    with pytest.raises(ResponseDecodeError, match=r"^health\.check: response does not match "):
        HEALTH.parse(b"[1, 2]")
