"""Honest response types: what the real server sends decodes, and the types say what it sends.

`fixtures/observed_answers.json` holds the real TabbyAPI server's answers, copied by
scripts/observed_fixture.py from ../shared/harness/observed.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tabby_ext import RequestValidationError, ResponseDecodeError, Tabby
from tabby_ext._events import EventDecoder
from tabby_ext._operations import operation_table
from tabby_ext.testing import FakeTabbyServer

ROOT = Path(__file__).resolve().parent.parent
OBSERVED = json.loads(
    (Path(__file__).parent / "fixtures" / "observed_answers.json").read_text(encoding="utf-8")
)
NORMALIZED = json.loads((ROOT / "generated" / "tabbyapi.normalized.json").read_text("utf-8"))
ANSWERS = OBSERVED["answers"]
EVENTS = OBSERVED["events"]


def answer_schema(key: str) -> dict[str, Any]:
    method, path = key.split(" ", 1)
    content = NORMALIZED["paths"][path][method.lower()]["responses"]["200"]["content"]
    return content["application/json"]["schema"]  # type: ignore[no-any-return]


REGISTRY: Registry[Any] = Registry().with_resource(
    "urn:spec", Resource.from_contents(NORMALIZED, default_specification=DRAFT202012)
)


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for a schema of the normalised spec, its `$ref`s resolved in the spec."""
    rooted = json.loads(json.dumps(schema).replace('"#/components', '"urn:spec#/components'))
    return jsonschema.Draft202012Validator(rooted, registry=REGISTRY)


@pytest.mark.parametrize("answer", ANSWERS, ids=[a["name"] for a in ANSWERS])
def test_every_real_answer_matches_the_complete_schema_and_decodes(answer: dict[str, Any]) -> None:
    key = answer["operation"]
    validator(answer_schema(key)).validate(answer["body"])
    op = operation_table().by_key[key]
    decoded = op.parse(json.dumps(answer["body"]).encode())
    if op.response is not None:
        assert decoded == op.response.load().from_dict(answer["body"])


@pytest.mark.parametrize("event", EVENTS[::7], ids=[e["name"] for e in EVENTS[::7]])
def test_every_real_stream_event_decodes(event: dict[str, Any]) -> None:
    op = operation_table().by_key[event["operation"]]
    assert op.stream is not None
    decoder = EventDecoder(op.stream, idle_timeout=None)
    (chunk,) = decoder.feed(b"data: " + json.dumps(event["event"]).encode() + b"\r\n\r\n")
    assert type(chunk) is op.stream.event.load()  # type: ignore[union-attr]


def test_the_real_answers_cover_most_operations() -> None:
    covered = {a["operation"] for a in ANSWERS} | {e["operation"] for e in EVENTS}
    with_answers = {op.key for op in operation_table().operations if op.response or op.stream}
    assert len(covered & with_answers) >= len(with_answers) * 3 // 4


def presence(schema: dict[str, Any], value: Any, seen: dict[str, list[set[str]]]) -> None:
    """Record, per component schema, the keys each observed object of that schema carried."""
    schemas = NORMALIZED["components"]["schemas"]
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        if isinstance(value, dict) and "properties" in schemas[name]:
            seen.setdefault(name, []).append(set(value))
        presence(schemas[name], value, seen)
        return
    for branch in schema.get("anyOf", schema.get("allOf", [])):
        target = schemas[branch["$ref"].rsplit("/", 1)[-1]] if "$ref" in branch else branch
        kind = {"object": dict, "array": list}.get(target.get("type", ""))
        if kind is not None and isinstance(value, kind):
            presence(branch, value, seen)
            return
    if isinstance(value, list):
        for item in value:
            presence(schema.get("items", {}), item, seen)
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            inner = properties.get(key, extra if isinstance(extra, dict) else None)
            if inner is not None:
                presence(inner, item, seen)


def observed_presence() -> dict[str, list[set[str]]]:
    seen: dict[str, list[set[str]]] = {}
    for answer in ANSWERS:
        presence(answer_schema(answer["operation"]), answer["body"], seen)
    for event in EVENTS:
        method, path = event["operation"].split(" ", 1)
        content = NORMALIZED["paths"][path][method.lower()]["responses"]["200"]["content"]
        presence(content["text/event-stream"]["itemSchema"], event["event"], seen)
    return seen


def test_the_types_say_what_the_real_server_always_sends() -> None:
    """Both ways: a field typed as always sent is in every real answer of its schema, and a field
    every real answer (of two or more) carried is typed as always sent; answers have no `Unset`."""
    schemas = NORMALIZED["components"]["schemas"]
    seen = observed_presence()
    assert {"ChatCompletionStreamChunk", "ModelCard", "UsageStats", "ToolCallOutput"} <= set(seen)
    for name, objects in seen.items():
        always = set(schemas[name]["x-tabby-always"])
        for keys in objects:
            assert always <= keys, f"{name}: the real server left out {always - keys}"
        if len(objects) >= 2:
            everywhere = set.intersection(*objects) & set(schemas[name]["properties"])
            assert everywhere <= always, f"{name}: {everywhere - always} are always sent"
        assert schemas[name]["required"] == list(schemas[name]["properties"]), name
    chunk = schemas["ChatCompletionStreamChunk"]["x-tabby-always"]
    assert {"id", "object", "created", "model", "choices"} <= set(chunk)
    assert set(schemas["ChatCompletionDelta"]["x-tabby-always"]) == set()  # only the keys it has
    message = schemas["ChatCompletionMessageOutput"]["properties"]["content"]
    assert {b.get("type") for b in message["anyOf"]} == {"string", "null"}


def test_a_missing_required_field_is_a_decode_error_naming_it() -> None:
    op = operation_table().facade("models", "get")
    with pytest.raises(ResponseDecodeError, match="no 'created' field, which ModelCard requires"):
        card = {"id": "m", "object": "model", "owned_by": "t", "logging": None, "parameters": None}
        op.parse(json.dumps(card).encode())


def test_raw_endpoints_parse_tabbyapis_string_422(server: FakeTabbyServer) -> None:
    from tabbyapi_client.api.chat import create_chat_completion
    from tabbyapi_client.models import ChatCompletionRequest, ErrorDetail

    server.inject("/v1/chat/completions", status=422, body={"detail": "no prompt template"})
    with Tabby(base_url=server.url, api_key="test-api-key", max_retries=0) as client:
        body = ChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": "x"}]})
        result = create_chat_completion.sync_detailed(client=client.raw, body=body)
    assert result.status_code == 422
    assert isinstance(result.parsed, ErrorDetail) and result.parsed.detail == "no prompt template"


def test_no_facade_method_returns_any() -> None:
    for (tag, name), (op, _) in operation_table().methods.items():
        ok = NORMALIZED["paths"][op.path][op.method.lower()]["responses"]["200"]["content"]
        declared = ok.get("application/json", {}).get("schema") or ok.get("text/event-stream")
        assert declared, f"{tag}.{name}: no schema, the facade would return Any"


def null_failures() -> set[str]:
    """`Schema.field` the real servers (either version) fail on when sent as null, but not when
    left out: tests/fixtures/null_request_fields.json (scripts/probe_null_fields.py)."""
    evidence = json.loads(
        (Path(__file__).parent / "fixtures" / "null_request_fields.json").read_text()
    )
    return {
        name
        for version in ("e632af4", "436ce75")
        for name, seen in evidence[version].items()
        if seen.get("ok") is False and seen.get("measured") and seen.get("ok_when_omitted", True)
    }


def test_request_fields_the_server_fails_on_as_null_do_not_admit_none() -> None:
    """The overlay's `x-tabby-not-null` list is the evidence, no more and no less."""
    pinned = json.loads((ROOT / "openapi" / "tabbyapi.json").read_text("utf-8"))
    refused = set()
    for name, schema in pinned["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            normalized = NORMALIZED["components"]["schemas"][name]["properties"][field]
            was = any(b.get("type") == "null" for b in prop.get("anyOf", []))
            now = any(b.get("type") == "null" for b in normalized.get("anyOf", []))
            if was and not now:
                refused.add(f"{name}.{field}")
    assert refused == null_failures() != set()


def test_none_for_a_field_that_does_not_admit_it_is_refused_before_sending(
    server: FakeTabbyServer,
) -> None:
    with Tabby(base_url=server.url, api_key="test-api-key") as client:
        for call in (
            lambda: client.completions.create(prompt="p", n=None),  # type: ignore[arg-type]
            lambda: client.chat.create(messages=[], template_vars=None),  # type: ignore[arg-type]
        ):
            with pytest.raises(RequestValidationError) as info:
                call()
            assert info.value.field in {"n", "template_vars"}
            assert "cannot be None (JSON null), which the server fails on" in info.value.message
        assert not server.requests
        assert client.completions.create(prompt="p", max_tokens=1, logprobs=None).choices
