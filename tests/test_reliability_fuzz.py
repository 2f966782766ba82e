"""Property tests (RELIABILITY.md §13): request bodies round-trip through the generated models,
and the event decoder turns any bytes into chunks or a typed error (the SSE layer alone is
fuzzed in test_sse.py)."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tabby_ext._events import EventDecoder
from tabby_ext._operations import Operation, operation_table
from tabby_ext.errors import RequestValidationError, TabbyError

SPEC = Path(__file__).resolve().parent.parent / "generated" / "tabbyapi.normalized.json"
FUZZ = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@cache
def schemas() -> dict[str, Any]:
    return json.loads(SPEC.read_text("utf-8"))["components"]["schemas"]  # type: ignore[no-any-return]


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid JSON values for a JSON Schema of the kinds the TabbyAPI spec uses."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(schemas()[name], depth + 1))
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([from_schema(s, depth) for s in schema[key]])
    kind = schema.get("type")
    if kind is None:
        return ANY_JSON if "properties" not in schema else _object(schema, depth)
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        if "exclusiveMinimum" in schema:
            low = math.floor(schema["exclusiveMinimum"]) + 1
        return st.integers(
            math.ceil(low) if low is not None else -(2**31),
            int(high) if high is not None else 2**31,
        )
    if kind == "number":
        return st.floats(
            min_value=schema.get("minimum", schema.get("exclusiveMinimum")),
            max_value=schema.get("maximum", schema.get("exclusiveMaximum")),
            exclude_min="exclusiveMinimum" in schema,
            exclude_max="exclusiveMaximum" in schema,
            allow_nan=False,
            allow_infinity=False,
        )
    if kind == "string":
        return st.text(max_size=12)
    if kind == "array":
        items = schema.get("items", {})
        return st.lists(from_schema(items, depth + 1), max_size=0 if depth > 4 else 3)
    if kind == "object":
        return _object(schema, depth)
    raise AssertionError(f"schema kind not handled: {schema}")


def _object(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", ()))
    if properties:
        return st.fixed_dictionaries(
            {n: from_schema(s, depth + 1) for n, s in properties.items() if n in required},
            optional={}
            if depth > 4
            else {n: from_schema(s, depth + 1) for n, s in properties.items() if n not in required},
        )
    extra = schema.get("additionalProperties")
    values = from_schema(extra, depth + 1) if isinstance(extra, dict) else ANY_JSON
    return st.dictionaries(st.text(max_size=6), values, max_size=0 if depth > 4 else 3)


def request_strategy(op: Operation) -> st.SearchStrategy[dict[str, Any]]:
    assert op.request is not None
    schema = schemas()[op.request.cls]
    required = set(schema.get("required", ()))
    props = schema["properties"]
    return st.fixed_dictionaries(
        {n: from_schema(props[n]) for n in required},
        optional={n: from_schema(s) for n, s in props.items() if n not in required},
    )


def canonical(value: Any) -> Any:
    """JSON equality: what the server would parse (1 == 1.0, tuples are lists)."""
    return json.loads(json.dumps(value))


REQUEST_OPS = sorted(
    {(op.tag, op.facade) for op in operation_table().operations if op.facade and op.request}
)
#: Fuzzed harder: the generation requests, and the load request (with the rope_alpha bug).
MAIN = {("completions", "create"), ("chat", "create"), ("models", "load")}


@pytest.mark.parametrize(
    ("tag", "name"),
    [pytest.param(t, n, id=f"{t}.{n}") for t, n in REQUEST_OPS],
)
def test_request_bodies_round_trip_through_the_generated_models(tag: str, name: str) -> None:
    op = operation_table().facade(tag, name)

    @settings(FUZZ, max_examples=300 if (tag, name) in MAIN else 60)
    @given(request_strategy(op))
    def check(fields: dict[str, Any]) -> None:
        built = op.build(dict(fields))
        assert canonical(built["json"]) == canonical(fields)
        assert built["method"].lower() == "post"

    check()


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        pytest.param("completions", "create", id="completions.create"),
        pytest.param("chat", "create", id="chat.create"),
    ],
)
def test_arbitrary_json_fields_either_round_trip_or_are_rejected_by_name(
    tag: str, name: str
) -> None:
    op = operation_table().facade(tag, name)
    fields_of = st.dictionaries(st.sampled_from(op.request_fields), ANY_JSON, max_size=4)

    @FUZZ
    @given(fields_of, st.sampled_from(op.request_required))
    @example({"tools": [None]}, op.request_required[0])
    @example({"stream_options": [1]}, op.request_required[0])
    @example({op.request_required[0]: {}}, op.request_required[0])
    def check(fields: dict[str, Any], required: str) -> None:
        fields.setdefault(required, "x" if required == "prompt" else [])
        try:
            built = op.build(dict(fields))
        except RequestValidationError as exc:
            assert exc.field in fields, exc
            return
        assert canonical(built["json"]) == canonical(fields)

    check()


STREAM_OPS = sorted(
    {op.key: op for op in operation_table().operations if op.stream}.values(),
    key=lambda op: op.key,
)


def sse_frames() -> st.SearchStrategy[bytes]:
    """Plausible SSE bytes: events with JSON-ish payloads of any shape, pings, junk lines."""
    payload = st.one_of(
        ANY_JSON.map(json.dumps),
        st.sampled_from(
            [
                "[DONE]",
                '{"error": {"message": "x", "trace": null}}',
                '{"error": "plain"}',
                '{"model_type": "model", "module": 1, "modules": 1, "status": "finished"}',
                '{"choices": [{"index": 0, "delta": {"content": "a"}, "finish_reason": null}]}',
                '{"token": "t"}',
            ]
        ),
        st.text(max_size=20),
    )
    line = st.one_of(
        payload.map(lambda p: f"data: {p}"),
        st.just(": ping - now"),
        st.sampled_from(["event: message", "id: 1", "retry: 5", "data", ""]),
        st.text(max_size=10),
    )
    newline = st.sampled_from(["\r\n", "\n", "\r"])
    return st.lists(st.tuples(line, newline), max_size=8).map(
        lambda parts: "".join(a + b for a, b in parts).encode("utf-8", "surrogatepass")
    )


def split_randomly(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]


@pytest.mark.parametrize("op", STREAM_OPS, ids=[op.key for op in STREAM_OPS])
def test_event_decoder_raises_only_typed_errors(op: Operation) -> None:
    """Any bytes, split anywhere: the decoder raises only `TabbyError`s, and how the bytes
    were split never changes what comes out (the same chunks, the same error, the same end)."""
    assert op.stream is not None
    spec = op.stream

    def decode(pieces: list[bytes]) -> tuple[list[Any], str | None, bool]:
        decoder = EventDecoder(spec, idle_timeout=None)
        chunks: list[Any] = []
        try:
            for piece in pieces:
                chunks += decoder.feed(piece)
            chunks += decoder.close()
        except TabbyError as error:
            return [c.to_dict() for c in chunks], type(error).__name__, decoder.done
        return [c.to_dict() for c in chunks], None, decoder.done

    @FUZZ
    @given(
        st.one_of(sse_frames(), st.binary(max_size=200)),
        st.lists(st.integers(0, 10_000), max_size=5),
    )
    def check(data: bytes, cuts: list[int]) -> None:
        whole = decode([data])
        assert decode(split_randomly(data, cuts)) == whole
        _, error, done = whole
        assert error is not None or done  # a stream either ends as promised or raises

    check()
