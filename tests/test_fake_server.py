"""Tests of the embedded fake TabbyAPI server, over real sockets: httpx for behaviour, raw
sockets where the exact bytes on the wire matter (SSE framing, chunking, dropped connections).
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from tabby_ext.testing import FakeModel, FakeTabbyServer, pytest_plugin

# The plugin's fixtures (pytest also gets them through the package's pytest11 entry point).
fake_tabby_server = pytest_plugin.fake_tabby_server
fake_tabby_server_factory = pytest_plugin.fake_tabby_server_factory

ROOT = Path(__file__).resolve().parents[1]
SPEC: dict[str, Any] = json.loads((ROOT / "openapi" / "tabbyapi.json").read_text())
API_KEY, ADMIN_KEY = "test-api-key", "test-admin-key"
API = {"x-api-key": API_KEY}
ADMIN = {"x-admin-key": ADMIN_KEY}
BOTH = {**API, **ADMIN}
HI = [{"role": "user", "content": "hi"}]
LLAMA, QWEN, DRAFT = "Llama-3.1-8B-Instruct-exl3", "Qwen3-4B-exl3", "Llama-3.2-1B-Instruct-exl3"
PING = re.compile(rb"^: ping - \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00\r\n\r\n$")
Factory = Callable[..., FakeTabbyServer]


@pytest.fixture
def http(fake_tabby_server: FakeTabbyServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake_tabby_server.url, headers=API, timeout=5) as client:
        yield client


# ---- raw-socket helpers ------------------------------------------------------------------


def request_bytes(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> bytes:
    payload = b"" if body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", "host: 127.0.0.1", "connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body is not None:
        lines += ["content-type: application/json", f"content-length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def exchange(server: FakeTabbyServer, raw: bytes) -> tuple[bytes, bytes]:
    """Send raw bytes, read until the server closes; returns (head, body)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(raw)
        head, _, body = read_all(sock).partition(b"\r\n\r\n")
    return head, body


def dechunk(body: bytes) -> tuple[list[bytes], bool]:
    """The chunks of a chunked body, and whether the terminating chunk arrived."""
    chunks: list[bytes] = []
    while body:
        size_line, sep, rest = body.partition(b"\r\n")
        if not sep:
            break
        size = int(size_line, 16)
        if size == 0:
            return chunks, True
        if len(rest) < size + 2:
            break
        chunks.append(rest[:size])
        body = rest[size + 2 :]
    return chunks, False


def sse(
    server: FakeTabbyServer, path: str, body: Any, headers: dict[str, str] | None = None
) -> tuple[bytes, list[bytes], bool]:
    """(head, chunks, terminated) of an SSE response."""
    head, raw_body = exchange(server, request_bytes("POST", path, body, headers or API))
    return (head, *dechunk(raw_body))


def events(chunks: list[bytes]) -> list[bytes]:
    """Chunks that are data events (pings dropped)."""
    return [c for c in chunks if not c.startswith(b":")]


def payloads(chunks: list[bytes]) -> list[Any]:
    return [json.loads(c[len(b"data: ") :]) for c in events(chunks) if c != b"data: [DONE]\r\n\r\n"]


# ---- JSON-schema validation of every operation -------------------------------------------

SPEC_OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
]

#: A valid request body (None: no body) for every operation of the spec.
CASES: dict[tuple[str, str], Any] = {
    ("POST", "/v1/completions"): {
        "prompt": "Once upon",
        "max_tokens": 4,
        "logprobs": 2,
        "n": 2,
        "stream_options": {"include_usage": True},
    },
    ("POST", "/v1/chat/completions"): {
        "messages": HI,
        "max_tokens": 4,
        "logprobs": True,
        "top_logprobs": 2,
        "stream_options": {"include_usage": True},
    },
    ("POST", "/v1/embeddings"): {"input": ["a", "b"]},
    ("POST", "/api/v1/generate"): {"prompt": "Once", "max_length": 3},
    ("GET", "/api/v1/model"): None,
    ("GET", "/api/v1/config/max_context_length"): None,
    ("GET", "/api/v1/config/max_length"): None,
    ("GET", "/api/v1/info/version"): None,
    ("GET", "/api/v1/config/soft_prompts_list"): None,
    ("GET", "/api/v1/config/soft_prompt"): None,
    ("PUT", "/api/v1/config/soft_prompt"): None,
    ("POST", "/api/extra/generate/stream"): {"prompt": "Once", "max_length": 3},
    ("POST", "/api/extra/abort"): {"genkey": "k"},
    ("POST", "/api/extra/generate/check"): {"genkey": "k"},
    ("GET", "/api/extra/generate/check"): {"genkey": "k"},
    ("POST", "/api/extra/tokencount"): {"prompt": "hello world"},
    ("GET", "/api/extra/true_max_context_length"): None,
    ("GET", "/api/extra/version"): None,
    ("GET", "/health"): None,
    ("GET", "/.well-known/serviceinfo"): None,
    ("GET", "/v1/model/list"): None,
    ("GET", "/v1/models"): None,
    ("GET", "/v1/model"): None,
    ("GET", "/props"): None,
    ("GET", "/v1/model/draft/list"): None,
    ("POST", "/v1/model/load"): {"model_name": QWEN, "draft_model": {"draft_model_name": DRAFT}},
    ("POST", "/v1/model/unload"): None,
    ("POST", "/v1/download"): {"repo_id": "turboderp/Llama-3.2-1B-Instruct-exl3"},
    ("GET", "/v1/lora/list"): None,
    ("GET", "/v1/loras"): None,
    ("GET", "/v1/lora"): None,
    ("POST", "/v1/lora/load"): {"loras": [{"name": "tabby-style-lora", "scaling": 0.5}]},
    ("POST", "/v1/lora/unload"): None,
    ("GET", "/v1/model/embedding/list"): None,
    ("GET", "/v1/model/embedding"): None,
    ("POST", "/v1/model/embedding/load"): {"embedding_model_name": "bge-small-en-v1.5"},
    ("POST", "/v1/model/embedding/unload"): None,
    ("POST", "/v1/token/encode"): {"text": HI},
    ("POST", "/v1/token/decode"): {"tokens": [1, 2, 3]},
    ("GET", "/v1/auth/permission"): None,
    ("GET", "/v1/template/list"): None,
    ("GET", "/v1/templates"): None,
    ("POST", "/v1/template/switch"): {"prompt_template_name": "alpaca"},
    ("POST", "/v1/template/unload"): None,
    ("GET", "/v1/sampling/override/list"): None,
    ("GET", "/v1/sampling/overrides"): None,
    ("POST", "/v1/sampling/override/switch"): {"preset": "creative"},
    ("POST", "/v1/sampling/override/unload"): None,
}
#: Requests made first so that the answer has something in it to validate.
SETUP: dict[tuple[str, str], tuple[str, str, Any]] = {
    ("GET", "/v1/lora"): ("POST", "/v1/lora/load", CASES[("POST", "/v1/lora/load")]),
    ("GET", "/v1/model"): ("POST", "/v1/model/load", CASES[("POST", "/v1/model/load")]),
    ("GET", "/v1/sampling/override/list"): (
        "POST",
        "/v1/sampling/override/switch",
        {"preset": "precise"},
    ),
}


def auth_kind(operation: dict[str, Any]) -> str:
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    return "admin" if "x-admin-key" in names else "api" if "x-api-key" in names else "none"


def validator_for(operation: dict[str, Any]) -> jsonschema.Draft202012Validator:
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    return jsonschema.Draft202012Validator({**schema, "components": SPEC["components"]})


def test_every_spec_operation_has_a_case() -> None:
    assert set(CASES) == {(method, path) for method, path, _ in SPEC_OPERATIONS}
    assert len(CASES) == 48


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    SPEC_OPERATIONS,
    ids=[f"{m} {p}" for m, p, _ in SPEC_OPERATIONS],
)
def test_200_bodies_validate_against_the_spec(
    fake_tabby_server: FakeTabbyServer, method: str, path: str, operation: dict[str, Any]
) -> None:
    headers = {"admin": ADMIN, "api": BOTH, "none": {}}[auth_kind(operation)]
    with httpx.Client(base_url=fake_tabby_server.url, timeout=5) as client:
        if (method, path) in SETUP:
            setup_method, setup_path, setup_body = SETUP[(method, path)]
            client.request(setup_method, setup_path, json=setup_body, headers=BOTH).read()
        response = client.request(method, path, json=CASES[(method, path)], headers=headers)
    assert response.status_code == 200, response.text
    validator = validator_for(operation)
    if response.headers["content-type"].startswith("text/event-stream"):
        # Documented disagreement (docs/server-behavior.md §7): SSE where the spec says JSON.
        chunks = [c for c in response.text.replace("\r\n", "\n").split("\n\n") if c]
        data = [json.loads(c.split("data: ", 1)[1]) for c in chunks]
        if path == "/v1/model/load":
            for event in data:
                validator.validate(event)
        else:
            assert all(set(event) == {"token"} for event in data)
        return
    assert response.headers["content-type"] == "application/json"
    validator.validate(response.json())


# ---- 200 JSON bodies are complete, as FastAPI serialises them -----------------------------

COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    },
}
#: More requests per operation, so that optional parts of the answers are filled in too.
CHAT, LOAD = "/v1/chat/completions", "/v1/model/load"
VARIANTS: list[tuple[str, str, Any, tuple[str, str, Any] | None]] = [
    ("POST", CHAT, {"messages": HI, "tools": [TOOL], "tool_choice": "required"}, None),
    ("POST", CHAT, {"messages": HI, "max_tokens": 5, "stop": ["tok1"]}, None),
    ("POST", CHAT, {"messages": HI, "max_tokens": 5}, ("POST", LOAD, {"model_name": QWEN})),
    ("POST", "/v1/completions", {"prompt": "p", "max_tokens": 2}, None),
    ("POST", "/v1/embeddings", {"input": "hello", "encoding_format": "base64"}, None),
    ("GET", "/v1/model", None, None),
    ("GET", "/v1/sampling/overrides", None, None),
    ("GET", "/v1/loras", None, ("POST", "/v1/lora/load", CASES[("POST", "/v1/lora/load")])),
]
#: Operations whose 200 schema is `{}`: bodies as the real server sends them (observed.json).
SCHEMALESS: dict[tuple[str, str], Any] = {
    ("GET", "/api/v1/info/version"): {"result": "1.2.5"},  # [50] [192]
    ("GET", "/api/v1/config/soft_prompts_list"): {"values": []},  # [195]
    ("GET", "/api/v1/config/soft_prompt"): {"value": ""},  # [196]
    ("PUT", "/api/v1/config/soft_prompt"): {},  # [197]
    ("GET", "/api/extra/version"): {"result": "KoboldCpp", "version": "1.74"},  # [194]
    ("GET", "/.well-known/serviceinfo"): {  # [5]
        "version": 0.1,
        "software": {
            "name": "TabbyAPI",
            "repository": "https://github.com/theroyallab/tabbyAPI",
            "homepage": "https://github.com/theroyallab/tabbyAPI",
        },
        "api": {
            "openai": {
                "name": "OpenAI API",
                "relative_url": "/v1",
                "documentation": "https://theroyallab.github.io/tabbyAPI",
                "version": 1,
            },
            "koboldai": {
                "name": "KoboldAI API",
                "relative_url": "/api",
                "documentation": "https://theroyallab.github.io/tabbyAPI",
                "version": 1,
            },
        },
    },
    ("POST", "/v1/model/unload"): None,  # [219]
    ("POST", "/v1/lora/unload"): None,  # [187]
    ("POST", "/v1/model/embedding/unload"): None,  # like the other unloads
    ("POST", "/v1/template/switch"): None,  # [159]
    ("POST", "/v1/template/unload"): None,  # [166]
    ("POST", "/v1/sampling/override/switch"): None,  # [171]
    ("POST", "/v1/sampling/override/unload"): None,  # [3]
}
#: The real server's recorded answers (scripts/observed_fixture.py copies them into the repo).
OBSERVED = ROOT / "tests" / "fixtures" / "observed_answers.json"


#: Keywords that say what a value is; a schema with none of them accepts anything.
SHAPES = {"type", "anyOf", "properties", "items", "enum", "const"}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def incomplete(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Where `value` lacks a property of `schema` (recursively), or is null where not allowed."""
    schema = resolve(schema)
    if "anyOf" in schema:
        branches = [resolve(branch) for branch in schema["anyOf"]]
        if value is None:
            return [] if {"type": "null"} in branches else [f"{where} is null"]
        tried = [incomplete(value, b, where) for b in branches if b.get("type") != "null"]
        return min(tried, key=len)  # the branch the value is an instance of
    if value is None:
        allowed = schema.get("type") == "null" or not SHAPES & schema.keys()  # null, or any
        return [] if allowed else [f"{where} is null"]
    problems = []
    if "properties" in schema and isinstance(value, dict):
        for name, subschema in schema["properties"].items():
            if name in value:
                problems += incomplete(value[name], subschema, f"{where}.{name}")
            else:
                problems.append(f"{where}.{name} is missing")
    elif isinstance(schema.get("items"), dict) and isinstance(value, list):
        for index, item in enumerate(value):
            problems += incomplete(item, schema["items"], f"{where}[{index}]")
    elif isinstance(schema.get("additionalProperties"), dict) and isinstance(value, dict):
        for key, item in value.items():
            problems += incomplete(item, schema["additionalProperties"], f"{where}.{key}")
    return problems


def test_the_completeness_check_finds_gaps() -> None:
    card = {"$ref": "#/components/schemas/ModelCard"}
    full = {"id": "m", "object": "model", "created": 1, "owned_by": "me", "logging": None}
    assert incomplete({**full, "parameters": None}, card) == []
    assert incomplete(full, card) == ["$.parameters is missing"]
    assert incomplete({**full, "id": None, "parameters": None}, card) == ["$.id is null"]
    assert incomplete(None, {"title": "Anything"}) == incomplete(None, {"type": "null"}) == []
    nested = {**full, "parameters": {"max_seq_len": 4}}
    assert "$.parameters.cache_mode is missing" in incomplete(nested, card)
    listing = {"object": "list", "data": [{**full, "parameters": None}, full]}
    assert incomplete(listing, {"$ref": "#/components/schemas/ModelList"}) == [
        "$.data[1].parameters is missing"
    ]


def answer(client: httpx.Client, method: str, path: str, body: Any, setup: Any) -> httpx.Response:
    if setup is not None:
        setup_method, setup_path, setup_body = setup
        client.request(setup_method, setup_path, json=setup_body, headers=BOTH).read()
    return client.request(method, path, json=body, headers=BOTH)


JSON_CASES = [
    (method, path, CASES[(method, path)], SETUP.get((method, path)))
    for method, path, _ in SPEC_OPERATIONS
] + VARIANTS


@pytest.mark.parametrize(
    ("method", "path", "body", "setup"),
    JSON_CASES,
    ids=[f"{m} {p} {i}" for i, (m, p, _, _) in enumerate(JSON_CASES)],
)
def test_200_json_bodies_have_every_property_of_their_schema(
    fake_tabby_server: FakeTabbyServer, method: str, path: str, body: Any, setup: Any
) -> None:
    operation = SPEC["paths"][path][method.lower()]
    with httpx.Client(base_url=fake_tabby_server.url, timeout=5) as client:
        response = answer(client, method, path, body, setup)
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("text/event-stream"):
        return  # SSE where the spec declares JSON (docs/server-behavior.md §7)
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    if not schema:
        assert response.json() == SCHEMALESS[(method, path)]
    else:
        assert incomplete(response.json(), schema) == []


def test_schemaless_bodies_are_the_observed_ones() -> None:
    answers = json.loads(OBSERVED.read_text(encoding="utf-8"))["answers"]
    seen = {}
    for answer in answers:
        key = tuple(answer["operation"].split(" ", 1))
        if key in SCHEMALESS:
            seen[key] = answer["body"]
    assert seen == {key: SCHEMALESS[key] for key in seen}
    assert set(SCHEMALESS) - set(seen) == {("POST", "/v1/model/embedding/unload")}


# ---- SSE framing -------------------------------------------------------------------------


def test_chat_stream_wire_format(fake_tabby_server: FakeTabbyServer) -> None:
    head, chunks, terminated = sse(
        fake_tabby_server, "/v1/chat/completions", {"messages": HI, "max_tokens": 3, "stream": True}
    )
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    for header in (
        b"content-type: text/event-stream; charset=utf-8",
        b"cache-control: no-store",
        b"connection: keep-alive",
        b"x-accel-buffering: no",
        b"transfer-encoding: chunked",
    ):
        assert header in head.split(b"\r\n")
    assert b"content-length" not in head
    assert terminated
    assert all(re.fullmatch(rb"data: [^\r\n]+\r\n\r\n", c) for c in chunks)
    assert chunks[-1] == b"data: [DONE]\r\n\r\n"
    assert b'{"id": "chatcmpl-' in chunks[0] and b'"object": "chat.completion.chunk", ' in chunks[0]
    data = payloads(chunks)
    assert [d["choices"][0]["delta"] for d in data] == [
        {"content": "tok0"},
        {"content": " tok1"},
        {"content": " tok2"},
        {},
    ]
    assert data[-1]["choices"][0] == {
        "index": 0,
        "delta": {},
        "finish_reason": "length",
        "eos_reason": "max_new_tokens",
    }
    assert {d["model"] for d in data} == {LLAMA} and len({d["id"] for d in data}) == 1


def test_include_usage_replaces_the_final_chunk(fake_tabby_server: FakeTabbyServer) -> None:
    body = {
        "messages": HI,
        "max_tokens": 2,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    data = payloads(sse(fake_tabby_server, "/v1/chat/completions", body)[1])
    assert len(data) == 3 and "usage" not in data[0]
    assert data[-1]["choices"] == [{"index": 0, "delta": {}, "finish_reason": "length"}]
    usage = data[-1]["usage"]
    assert usage["completion_tokens"] == 2
    assert usage["total_tokens"] == usage["prompt_tokens"] + 2
    assert {"prompt_time", "completion_time", "total_time", "prompt_tokens_per_sec"} <= set(usage)


def test_completion_stream_chunks_and_n_interleaving(fake_tabby_server: FakeTabbyServer) -> None:
    body = {"prompt": "Once", "max_tokens": 2, "n": 2, "stream": True}
    _, chunks, _ = sse(fake_tabby_server, "/v1/completions", body)
    data = payloads(chunks)
    assert all(d["id"].startswith("chatcmpl-") and d["model_name"] == LLAMA for d in data)
    assert all(d["object"] == "text_completion" and "model" not in d for d in data)
    order = [(d["choices"][0]["index"], d["choices"][0]["text"]) for d in data]
    assert order[:4] == [(0, "tok0"), (1, "tok0"), (0, " tok1"), (1, " tok1")]
    texts = {i: "".join(t for j, t in order if j == i) for i in (0, 1)}
    assert texts == {0: "tok0 tok1", 1: "tok0 tok1 tok2 tok3 tok4 tok5 tok6"}  # +5 for choice 1
    finals = [d["choices"][0] for d in data if d["choices"][0]["finish_reason"]]
    assert [f["index"] for f in finals] == [0, 1]
    assert finals[0] == {
        "index": 0,
        "text": "",
        "finish_reason": "length",
        "eos_reason": "max_new_tokens",
    }
    assert chunks[-1] == b"data: [DONE]\r\n\r\n" and chunks.count(b"data: [DONE]\r\n\r\n") == 1


def test_streaming_completion_without_max_tokens_fails_in_band(
    fake_tabby_server: FakeTabbyServer,
) -> None:
    _, chunks, terminated = sse(
        fake_tabby_server, "/v1/completions", {"prompt": "x", "stream": True}
    )
    assert chunks == [
        b'data: {"error":{"message":"Completion aborted. Please check the server console.",'
        b'"trace":null}}\r\n\r\n'
    ]
    assert terminated
    # ... unless a sampler override supplies max_tokens.
    with httpx.Client(base_url=fake_tabby_server.url, headers=ADMIN) as client:
        client.post("/v1/sampling/override/switch", json={"preset": "precise"})
    data = payloads(sse(fake_tabby_server, "/v1/completions", {"prompt": "x", "stream": True})[1])
    assert "".join(d["choices"][0]["text"] for d in data) == "tok0 tok1 tok2"


def test_model_load_stream_sequence(fake_tabby_server: FakeTabbyServer) -> None:
    body = {"model_name": QWEN, "draft_model": {"draft_model_name": DRAFT}}
    head, chunks, terminated = sse(fake_tabby_server, "/v1/model/load", body, ADMIN)
    assert b"content-type: text/event-stream; charset=utf-8" in head and terminated
    expected = [
        *(
            f'{{"model_type":"draft","module":{i},"modules":3,"status":"processing"}}'
            for i in (1, 2, 3)
        ),
        '{"model_type":"draft","module":3,"modules":3,"status":"finished"}',
        *(
            f'{{"model_type":"model","module":{i},"modules":4,"status":"processing"}}'
            for i in range(1, 5)
        ),
        '{"model_type":"model","module":4,"modules":4,"status":"finished"}',
    ]
    assert chunks == [f"data: {e}\r\n\r\n".encode() for e in expected]
    assert fake_tabby_server.loaded_model == QWEN
    # The same folder again: 1/1 at once, new parameters ignored.
    again = {"model_name": QWEN, "max_seq_len": 128}
    assert payloads(sse(fake_tabby_server, "/v1/model/load", again, ADMIN)[1]) == [
        {"model_type": "model", "module": 1, "modules": 1, "status": "processing"},
        {"model_type": "model", "module": 1, "modules": 1, "status": "finished"},
    ]
    with httpx.Client(base_url=fake_tabby_server.url, headers=API) as client:
        card = client.get("/v1/model").json()
    assert card["parameters"]["max_seq_len"] == 4096
    assert card["parameters"]["draft"]["id"] == DRAFT


def test_model_load_checks_before_streaming(http: httpx.Client) -> None:
    load = "/v1/model/load"
    assert http.post(load, json={"model_name": LLAMA}).status_code == 401
    assert http.post(load, json={}, headers=ADMIN).status_code == 422
    empty = http.post(load, json={"model_name": ""}, headers=ADMIN)
    assert empty.json() == {"detail": "A model name was not provided for load."}
    unknown = http.post(load, json={"model_name": "nope"}, headers=ADMIN)
    assert unknown.status_code == 400
    assert unknown.json()["detail"].startswith("Could not find the model path")


def test_model_load_error_after_start_leaves_nothing_loaded(
    fake_tabby_server: FakeTabbyServer,
) -> None:
    body = {"model_name": QWEN, "backend": "exllamav2"}
    _, chunks, _ = sse(fake_tabby_server, "/v1/model/load", body, ADMIN)
    assert len(chunks) == 1 and chunks[0].startswith(b'data: {"error":{"message":"')
    assert fake_tabby_server.loaded_model is None


def test_kobold_stream_uses_lf_framing_and_no_terminator(
    fake_tabby_server_factory: Factory,
) -> None:
    server = fake_tabby_server_factory(ping_interval=0.02, token_delay=0.015)
    _, chunks, terminated = sse(
        server, "/api/extra/generate/stream", {"prompt": "x", "max_length": 4}
    )
    assert terminated
    assert events(chunks) == [
        b'event: message\ndata: {"token":"' + t + b'"}\n\n'
        for t in (b"tok0", b" tok1", b" tok2", b" tok3")
    ]
    pings = [c for c in chunks if c.startswith(b":")]
    assert pings and all(PING.match(p) for p in pings)


def test_pings_interleave_on_openai_streams(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(ping_interval=0.02, token_delay=0.015)
    body = {"messages": HI, "max_tokens": 6, "stream": True}
    _, chunks, _ = sse(server, "/v1/chat/completions", body)
    pings = [c for c in chunks if c.startswith(b":")]
    assert pings and all(PING.match(p) for p in pings)
    assert chunks[-1] == b"data: [DONE]\r\n\r\n"


def test_chat_stream_tool_calls_and_reasoning(fake_tabby_server: FakeTabbyServer) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather",
            "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
        },
    }
    body = {"messages": HI, "tools": [tool], "tool_choice": "required", "stream": True}
    data = payloads(sse(fake_tabby_server, "/v1/chat/completions", body)[1])
    assert len(data) == 1
    choice = data[0]["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    (call,) = choice["delta"]["tool_calls"]
    assert call["id"].startswith("call_") and call["type"] == "function" and call["index"] == 0
    assert call["function"] == {"name": "get_weather", "arguments": '{"location": "tok0"}'}
    with_usage = {**body, "stream_options": {"include_usage": True}}
    data = payloads(sse(fake_tabby_server, "/v1/chat/completions", with_usage)[1])
    assert [d["choices"][0]["finish_reason"] for d in data] == [None, "tool_calls"]
    assert "tool_calls" in data[0]["choices"][0]["delta"] and "usage" in data[1]
    with httpx.Client(base_url=fake_tabby_server.url, headers=ADMIN) as client:
        client.post("/v1/model/load", json={"model_name": QWEN}).read()
    reasoning = {"messages": HI, "max_tokens": 5, "stream": True}
    deltas = [
        d["choices"][0]["delta"]
        for d in payloads(sse(fake_tabby_server, "/v1/chat/completions", reasoning)[1])
    ]
    assert deltas[:3] == [{"reasoning_content": t} for t in ("think0", " think1", " think2")]
    assert deltas[3:] == [{"content": "tok0"}, {"content": " tok1"}, {}]


# ---- non-streaming shapes and behaviour --------------------------------------------------


def test_chat_completion_shape(http: httpx.Client) -> None:
    result = http.post("/v1/chat/completions", json={"messages": HI, "max_tokens": 2}).json()
    assert result["id"].startswith("cmpl-") and result["object"] == "chat.completion"
    assert result["usage"] is None and result["model"] == LLAMA
    assert result["choices"][0] == {
        "index": 0,
        "finish_reason": "length",
        "eos_reason": "max_new_tokens",
        "stop_str": None,
        "message": {
            "role": "assistant",
            "content": "tok0 tok1",
            "reasoning_content": None,
            "tool_calls": None,
            "tool_call_id": None,
        },
        "logprobs": None,
    }


def test_stop_strings_are_cut_out(http: httpx.Client) -> None:
    chat = http.post("/v1/chat/completions", json={"messages": HI, "stop": ["tok3"]}).json()
    choice = chat["choices"][0]
    assert choice["message"]["content"] == "tok0 tok1 tok2 "
    assert (choice["finish_reason"], choice["eos_reason"], choice["stop_str"]) == (
        "stop",
        "stop_string",
        "tok3",
    )
    completion = http.post("/v1/completions", json={"prompt": "p", "stop": "tok3"}).json()
    assert completion["choices"][0]["text"] == "tok0 tok1 tok2 "


def test_max_tokens_aliases_and_default_length(http: httpx.Client) -> None:
    def text(body: dict[str, Any]) -> str:
        return str(http.post("/v1/completions", json=body).json()["choices"][0]["text"])

    assert text({"prompt": "p", "max_length": 2}) == "tok0 tok1"
    assert text({"prompt": "p", "max_completion_tokens": 3}) == "tok0 tok1 tok2"
    natural = http.post("/v1/completions", json={"prompt": "p"}).json()["choices"][0]
    assert natural["text"].split()[-1] == "tok15" and natural["finish_reason"] == "stop"


def test_usage_only_with_include_usage_and_n_choices(http: httpx.Client) -> None:
    body = {"prompt": "a b c", "max_tokens": 2, "n": 3, "stream_options": {"include_usage": True}}
    result = http.post("/v1/completions", json=body).json()
    assert [c["index"] for c in result["choices"]] == [0, 1, 2]
    assert result["usage"]["completion_tokens"] == 6 and result["usage"]["prompt_tokens"] == 4
    assert result["id"].startswith("cmpl-")


def test_sampler_override_presets_act_as_defaults(http: httpx.Client) -> None:
    assert http.post("/v1/sampling/override/switch", json={}, headers=ADMIN).status_code == 400
    bad = http.post("/v1/sampling/override/switch", json={"preset": "nope"}, headers=ADMIN)
    assert bad.status_code == 400 and "nope" in bad.json()["detail"]
    http.post("/v1/sampling/override/switch", json={"preset": "precise"}, headers=ADMIN)
    listed = http.get("/v1/sampling/overrides").json()
    assert listed["selected_preset"] == "precise" and listed["presets"] == []
    assert http.get("/v1/sampling/overrides", headers=BOTH).json()["presets"] == [
        "safe_defaults",
        "creative",
        "precise",
    ]
    result = http.post("/v1/completions", json={"prompt": "p"}).json()
    assert result["choices"][0]["text"] == "tok0 tok1 tok2"
    assert (
        http.post("/v1/completions", json={"prompt": "p", "max_tokens": 1}).json()["choices"][0][
            "text"
        ]
        == "tok0"
    )
    overrides = {"overrides": {"max_tokens": {"override": 2, "force": True}}}
    http.post("/v1/sampling/override/switch", json=overrides, headers=ADMIN)
    forced = http.post("/v1/completions", json={"prompt": "p", "max_tokens": 9}).json()
    assert forced["choices"][0]["text"] == "tok0 tok1"
    assert http.post("/v1/sampling/override/unload", headers=ADMIN).json() is None
    assert http.get("/v1/sampling/overrides").json()["overrides"] == {}


def test_tokens_round_trip(http: httpx.Client) -> None:
    encoded = http.post("/v1/token/encode", json={"text": "Hello  world\n!"}).json()
    assert encoded["tokens"][0] == 1 and encoded["length"] == len(encoded["tokens"]) == 4
    decoded = http.post("/v1/token/decode", json={"tokens": encoded["tokens"]}).json()
    assert decoded == {"text": "<s>Hello  world\n!"}  # special tokens kept, as TabbyAPI does
    plain = {"tokens": [*encoded["tokens"], 2], "decode_special_tokens": False}
    assert http.post("/v1/token/decode", json=plain).json() == {"text": "Hello  world\n!"}
    ends = http.post("/v1/token/decode", json={"tokens": [1, 2]}).json()
    assert ends == {"text": "<s></s>"}
    chat = http.post("/v1/token/encode", json={"text": HI}).json()
    assert chat["length"] > 2
    count = http.post("/api/extra/tokencount", json={"prompt": "Hello  world\n!"}).json()
    assert count == {"value": 4, "ids": encoded["tokens"]}


def test_embeddings_are_deterministic(http: httpx.Client) -> None:
    first = http.post("/v1/embeddings", json={"input": "hello"}).json()
    again = http.post("/v1/embeddings", json={"input": ["hello", "other"]}).json()
    vector = first["data"][0]["embedding"]
    assert len(vector) == 384 and again["data"][0]["embedding"] == vector
    assert again["data"][1]["embedding"] != vector and first["model"] == "bge-small-en-v1.5"
    encoded = http.post("/v1/embeddings", json={"input": "hello", "encoding_format": "base64"})
    assert len(base64.b64decode(encoded.json()["data"][0]["embedding"])) == 384 * 4
    http.post("/v1/model/embedding/unload", headers=ADMIN)
    gone = http.post("/v1/embeddings", json={"input": "hello"})
    assert gone.status_code == 503
    assert gone.json() == {"detail": "No embedding models are currently loaded."}


def test_model_state_and_api_views(http: httpx.Client) -> None:
    assert [m["id"] for m in http.get("/v1/models").json()["data"]] == [LLAMA]
    assert [m["id"] for m in http.get("/v1/models", headers=BOTH).json()["data"]] == [LLAMA, QWEN]
    assert http.get("/v1/model/draft/list").json()["data"] == []
    assert http.get("/v1/templates").json()["data"] == ["llama3"]
    assert http.get("/props").json()["default_generation_settings"] == {"n_ctx": 4096}
    assert http.post("/v1/model/unload", headers=ADMIN).json() is None
    assert http.get("/v1/models").json()["data"] == []
    for method, path in [("POST", "/v1/model/unload"), ("GET", "/v1/model"), ("GET", "/props")]:
        headers = ADMIN if method == "POST" else API
        response = http.request(method, path, headers=headers)
        assert (response.status_code, response.json()) == (
            503,
            {"detail": "No models are currently loaded."},
        )


def test_loras_and_templates(http: httpx.Client) -> None:
    assert http.post("/v1/lora/load", json={"loras": []}, headers=ADMIN).status_code == 400
    loaded = http.post(
        "/v1/lora/load",
        json={"loras": [{"name": "tabby-style-lora"}, {"name": "x"}]},
        headers=ADMIN,
    ).json()
    assert loaded == {"success": ["tabby-style-lora"], "failure": ["x"]}
    active = http.get("/v1/lora").json()["data"]
    assert [(c["id"], c["scaling"]) for c in active] == [("tabby-style-lora", 1.0)]
    switch = "/v1/template/switch"
    assert http.post(switch, json={"prompt_template_name": ""}, headers=ADMIN).status_code == 400
    assert http.post(switch, json={"prompt_template_name": "chatml"}, headers=ADMIN).json() is None
    assert http.get("/v1/template/list").json()["data"] == ["chatml"]
    assert http.post("/v1/template/unload", headers=ADMIN).json() is None
    chat = http.post("/v1/chat/completions", json={"messages": HI})
    assert chat.status_code == 422
    assert chat.json() == {
        "detail": "Chat completions are disabled because a prompt template is not set."
    }
    encode = http.post("/v1/token/encode", json={"text": HI})
    assert encode.status_code == 422 and "prompt template" in encode.json()["detail"]


def test_download(http: httpx.Client) -> None:
    offline = http.post("/v1/download", json={"repo_id": "org/unknown"}, headers=ADMIN)
    assert offline.status_code == 400
    assert "offline mode is enabled" in offline.json()["detail"]
    ok = http.post(
        "/v1/download",
        json={"repo_id": "turboderp/Llama-3.2-1B-Instruct-exl3", "folder_name": "mine"},
        headers=ADMIN,
    )
    assert ok.json() == {"download_path": "models/mine"}
    assert "mine" in [m["id"] for m in http.get("/v1/models", headers=BOTH).json()["data"]]


def test_kobold_generate_check_and_abort(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(token_delay=0.01)
    with httpx.Client(base_url=server.url, headers=API, timeout=5) as client:
        assert client.post("/api/v1/generate", json={"prompt": "x", "max_length": 3}).json() == {
            "results": [{"text": "tok0 tok1 tok2"}]
        }
        assert client.post("/api/extra/generate/check", json={"genkey": "g"}).json() == {
            "results": []
        }
        assert client.get("/api/latest/model").json() == {"result": f"tabbyAPI/{LLAMA}"}
        assert client.get("/api/v1/config/max_length").json() == {"value": 4096}
        assert client.get("/api/extra/version").json() == {"result": "KoboldCpp", "version": "1.74"}
        body = {"prompt": "x", "max_length": 500, "genkey": "g"}
        with client.stream("POST", "/api/extra/generate/stream", json=body) as stream:
            lines = stream.iter_lines()
            assert next(lines) == "event: message"
            assert next(lines) == 'data: {"token":"tok0"}'
            check = client.request("GET", "/api/extra/generate/check", json={"genkey": "g"})
            assert check.json()["results"][0]["text"].startswith("tok0")
            aborted = client.post("/api/extra/abort", json={"genkey": "g"})
            assert aborted.json() == {"success": True}
            rest = list(lines)
        assert len([line for line in rest if line.startswith("data:")]) < 499
        no_body = client.get("/api/extra/generate/check")
        assert no_body.status_code == 422 and no_body.json()["detail"][0]["type"] == "missing"


def test_client_disconnect_stops_the_generation(fake_tabby_server_factory: Factory) -> None:
    """A stream whose client left is cancelled, even with no token delay: five runaway
    generations of 20k large events would keep the server busy for seconds."""
    server = fake_tabby_server_factory(models=[FakeModel("long-exl3", max_seq_len=10**6)])
    body = {"messages": HI, "max_tokens": 20_000, "logprobs": True, "top_logprobs": 20}
    sockets = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(5)]
    for sock in sockets:
        sock.sendall(request_bytes("POST", "/v1/chat/completions", {**body, "stream": True}, API))
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
    for sock in sockets:  # gone while their streams wait for them to read
        sock.close()
    started = time.monotonic()
    assert httpx.get(server.url + "/health", timeout=5).status_code == 200
    assert time.monotonic() - started < 1


def test_unload_during_stream_leaves_only_pings(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(ping_interval=0.02, token_delay=0.02)
    with httpx.Client(base_url=server.url, headers=API, timeout=5) as client:
        body = {"messages": HI, "max_tokens": 100, "stream": True}
        with client.stream("POST", "/v1/chat/completions", json=body) as stream:
            lines = (line for line in stream.iter_lines() if line)
            assert next(line for line in lines if line.startswith("data: "))
            client.post("/v1/model/unload", headers=ADMIN)
            seen = [next(lines) for _ in range(12)]
        assert any(line.startswith(": ping") for line in seen)
        assert "data: [DONE]" not in seen


# ---- auth --------------------------------------------------------------------------------

AUTH_TARGETS = {"api": ("GET", "/v1/model"), "admin": ("POST", "/v1/template/unload")}
AUTH_MATRIX: list[tuple[str, dict[str, str], int, str | None]] = [
    ("api", {}, 401, "Please provide an API key"),
    ("api", {"x-api-key": API_KEY}, 200, None),
    ("api", {"x-api-key": ADMIN_KEY}, 200, None),
    ("api", {"x-api-key": "wrong"}, 401, "Invalid API key"),
    ("api", {"x-api-key": "wrong", "authorization": f"Bearer {API_KEY}"}, 401, "Invalid API key"),
    ("api", {"authorization": f"Bearer {API_KEY}"}, 200, None),
    ("api", {"authorization": f"bearer {ADMIN_KEY}"}, 200, None),
    ("api", {"authorization": API_KEY}, 401, "Invalid API key"),
    ("api", {"authorization": f"Basic {API_KEY}"}, 401, "Invalid API key"),
    ("api", {"x-admin-key": ADMIN_KEY}, 401, "Please provide an API key"),
    ("admin", {}, 401, "Please provide an admin key"),
    ("admin", {"x-admin-key": ADMIN_KEY}, 200, None),
    ("admin", {"authorization": f"Bearer {ADMIN_KEY}"}, 200, None),
    ("admin", {"x-api-key": ADMIN_KEY}, 401, "Please provide an admin key"),
    ("admin", {"x-admin-key": API_KEY}, 401, "Invalid admin key"),
    ("admin", {"authorization": f"Bearer {API_KEY}"}, 401, "Invalid admin key"),
    (
        "admin",
        {"x-admin-key": "wrong", "authorization": f"Bearer {ADMIN_KEY}"},
        401,
        "Invalid admin key",
    ),
]


@pytest.mark.parametrize(("kind", "headers", "status", "detail"), AUTH_MATRIX)
def test_auth_matrix(
    fake_tabby_server: FakeTabbyServer,
    kind: str,
    headers: dict[str, str],
    status: int,
    detail: str | None,
) -> None:
    method, path = AUTH_TARGETS[kind]
    response = httpx.request(method, fake_tabby_server.url + path, headers=headers)
    assert response.status_code == status
    assert "www-authenticate" not in response.headers
    if detail is not None:
        assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("headers", "permission"),
    [
        (API, "api"),
        (ADMIN | API, "admin"),
        ({"x-api-key": ADMIN_KEY}, "admin"),
        ({"authorization": f"Bearer {API_KEY}"}, "api"),
        ({"authorization": f"Bearer {ADMIN_KEY}"}, "admin"),
    ],
)
def test_permission_precedence(
    fake_tabby_server: FakeTabbyServer, headers: dict[str, str], permission: str
) -> None:
    response = httpx.get(fake_tabby_server.url + "/v1/auth/permission", headers=headers)
    assert response.json() == {"permission": permission}
    listing = httpx.get(fake_tabby_server.url + "/v1/model/list", headers=headers).json()
    assert len(listing["data"]) == (2 if permission == "admin" else 1)


def test_api_key_with_wrong_admin_key(http: httpx.Client) -> None:
    wrong = {**API, "x-admin-key": "wrong"}
    permission = http.get("/v1/auth/permission", headers=wrong)
    assert permission.status_code == 400
    assert permission.json() == {"detail": "The provided authentication key is invalid."}
    listing = http.get("/v1/models", headers=wrong)
    assert listing.status_code == 500 and listing.text == "Internal Server Error"


def test_constructor_rejects_unknown_loaded_model() -> None:
    with pytest.raises(ValueError, match="loaded_model"):
        FakeTabbyServer(loaded_model="nope")


def test_no_auth_when_no_keys(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(api_key=None, admin_key=None)
    assert httpx.get(server.url + "/v1/auth/permission").json() == {"permission": "admin"}
    assert httpx.post(server.url + "/v1/template/unload").status_code == 200
    assert httpx.get(server.url + "/health").json() == {"status": "healthy", "issues": []}


# ---- error shapes and check order --------------------------------------------------------


def test_check_order(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(loaded_model=None)
    url = server.url + "/v1/completions"
    broken = httpx.post(url, content=b"{bad", headers={"content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"][0] | {"ctx": None} == {
        "type": "json_invalid",
        "loc": ["body", 1],
        "msg": "JSON decode error",
        "input": {},
        "ctx": None,
    }
    assert httpx.post(url, json={}).status_code == 401
    unloaded = httpx.post(url, json={}, headers=API)
    assert (unloaded.status_code, unloaded.json()) == (
        503,
        {"detail": "No models are currently loaded."},
    )
    assert httpx.post(url, json={"prompt": "x", "model": "gpt-4o"}, headers=API).status_code == 500


def test_fastapi_validation_errors(http: httpx.Client) -> None:
    missing = http.post("/v1/completions", json={"max_tokens": 1}).json()["detail"]
    assert missing == [
        {
            "type": "missing",
            "loc": ["body", "prompt"],
            "msg": "Field required",
            "input": {"max_tokens": 1},
        }
    ]
    union = http.post("/v1/completions", json={"prompt": 5}).json()["detail"]
    assert [(e["type"], e["loc"]) for e in union] == [
        ("string_type", ["body", "prompt", "str"]),
        ("list_type", ["body", "prompt", "list[str]"]),
    ]
    n_zero = http.post("/v1/completions", json={"prompt": "p", "n": 0}).json()["detail"]
    assert n_zero == [
        {
            "type": "greater_than_equal",
            "loc": ["body", "n"],
            "msg": "Input should be greater than or equal to 1",
            "input": 0,
            "ctx": {"ge": 1},
        }
    ]
    text = http.post(
        "/v1/completions", content=b'{"prompt": "p"}', headers={"content-type": "text/plain"}
    )
    assert text.json()["detail"][0]["type"] == "model_attributes_type"
    empty = http.post("/v1/completions").json()["detail"]
    assert empty == [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    tool = {"type": "function", "function": {"name": "f"}}
    no_description = http.post("/v1/chat/completions", json={"messages": HI, "tools": [tool]})
    assert {tuple(e["loc"][-1:]) for e in no_description.json()["detail"]} == {
        ("description",),
        ("parameters",),
    }


def test_tabby_string_422_and_400s(http: httpx.Client) -> None:
    body = {"messages": HI, "continue_final_message": True}
    assert http.post("/v1/chat/completions", json=body).json() == {
        "detail": "continue_final_message requires add_generation_prompt to be false"
    }
    for stream in (False, True):
        long_prompt = {"prompt": " ".join(["word"] * 5000), "max_tokens": 1, "stream": stream}
        too_long = http.post("/v1/completions", json=long_prompt)
        assert too_long.status_code == 400
        assert too_long.json() == {
            "error": {
                "message": "Prompt length 5001 exceeds the available context size of 4096 tokens",
                "type": "invalid_request_error",
                "param": None,
                "code": "context_length_exceeded",
            }
        }


def test_small_context_model_refuses_every_request(fake_tabby_server_factory: Factory) -> None:
    server = fake_tabby_server_factory(models=[FakeModel("tiny-exl3", max_seq_len=2048)])
    response = httpx.post(server.url + "/v1/completions", json={"prompt": "x"}, headers=API)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Initial job allocation requires 2304")


def test_500_is_plain_text_and_drops_the_connection(fake_tabby_server: FakeTabbyServer) -> None:
    body = json.dumps({"prompt": "p", "min_tokens": 5, "max_tokens": 2}).encode()
    request = (
        b"POST /v1/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
        b"x-api-key: " + API_KEY.encode() + b"\r\ncontent-length: %d\r\n\r\n" % len(body) + body
    )
    with socket.create_connection(("127.0.0.1", fake_tabby_server.port), timeout=5) as sock:
        sock.sendall(request)
        response = read_all(sock)  # returns only because the server closes the connection
    head, _, text = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert b"content-type: text/plain; charset=utf-8" in head
    assert b"connection: close" not in head.lower() and b"vary" not in head.lower()
    assert text == b"Internal Server Error"
    switch = httpx.post(
        fake_tabby_server.url + "/v1/template/switch",
        json={"prompt_template_name": "nope"},
        headers=ADMIN,
    )
    assert switch.status_code == 500


def test_404_405_redirects_and_twins(http: httpx.Client) -> None:
    missing = http.get("/nope")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})
    wrong = http.delete("/health")
    assert (wrong.status_code, wrong.json()) == (405, {"detail": "Method Not Allowed"})
    assert wrong.headers["allow"] == "GET"
    slash = http.get("/health/")
    assert slash.status_code == 307 and slash.headers["location"].endswith("/health")
    assert http.get("/api/latest/info/version").json() == {"result": "1.2.5"}
    assert http.get("/openapi.json").json() == SPEC
    assert http.get("/docs").headers["content-type"].startswith("text/html")


def test_cors(http: httpx.Client) -> None:
    preflight = http.options(
        "/v1/completions",
        headers={
            "origin": "http://app.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-api-key",
        },
    )
    # Starlette's CORSMiddleware as TabbyAPI configures it (observed.json [11]).
    assert preflight.status_code == 200 and preflight.text == "OK"
    assert preflight.headers["access-control-allow-origin"] == "http://app.example"
    assert preflight.headers["access-control-allow-headers"] == "x-api-key"
    assert preflight.headers["access-control-allow-credentials"] == "true"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = http.get("/health", headers={"origin": "http://app.example"})
    # With credentials allowed, the origin is echoed rather than "*".
    assert simple.headers["access-control-allow-origin"] == "http://app.example"
    assert simple.headers["access-control-allow-credentials"] == "true"
    assert simple.headers["vary"] == "Origin"
    assert http.get("/health").headers["vary"] == "Origin"  # every response varies on Origin


# ---- recording, reset, lifecycle ---------------------------------------------------------


def test_requests_are_recorded(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    http.post(
        "/v1/completions?x=1&y=2", json={"prompt": "p", "max_tokens": 1}, headers={"X-Trace": "7"}
    )
    (recorded,) = fake_tabby_server.requests
    assert (recorded.method, recorded.path, recorded.query) == (
        "POST",
        "/v1/completions",
        "x=1&y=2",
    )
    assert recorded.headers["x-trace"] == recorded.headers["X-TRACE"] == "7"
    assert recorded.json() == {"prompt": "p", "max_tokens": 1}
    assert recorded.body == b'{"prompt":"p","max_tokens":1}'


def test_reset_restores_everything(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    http.post("/v1/model/unload", headers=ADMIN)
    fake_tabby_server.inject("/health", status=503, times=None)
    assert http.get("/health").status_code == 503
    fake_tabby_server.reset()
    assert fake_tabby_server.requests == []
    assert http.get("/health").status_code == 200
    assert fake_tabby_server.loaded_model == LLAMA


def test_start_stop_many_times_cleanly() -> None:
    threads_before = threading.active_count()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            server = FakeTabbyServer(ping_interval=None, token_delay=0.05)
            with server, httpx.Client(base_url=server.url) as client:
                client.get("/health")
                # A stream still running when the server stops is cut off, not waited for.
                with pytest.raises(httpx.HTTPError):
                    body = {"messages": HI, "max_tokens": 1000, "stream": True}
                    with client.stream("POST", "/v1/chat/completions", json=body) as stream:
                        lines = stream.iter_lines()
                        next(lines)
                        server.stop()
                        list(lines)
            assert repr(server) == "<FakeTabbyServer stopped>"
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert threading.active_count() == threads_before


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_an_ipv6_host_is_bracketed_in_the_url() -> None:
    from tabby_ext import Tabby

    with FakeTabbyServer(host="::1", api_key=API_KEY, ping_interval=None) as server:
        assert server.url == f"http://[::1]:{server.port}"
        assert repr(server) == f"<FakeTabbyServer http://[::1]:{server.port}>"
        with Tabby(base_url=server.url, api_key=API_KEY, max_retries=0) as client:
            assert client.health.check().status == "healthy"
            assert client.tokens.encode("hi").length == 2


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_the_client_never_imports_the_servers_stack() -> None:
    code = (
        "import sys, tabby_ext, tabby_ext.models, tabby_ext.testing.pytest_plugin\n"
        "from tabby_ext import Tabby, AsyncTabby\n"
        "Tabby(base_url='http://127.0.0.1:9').close()\n"
        "stack = ('starlette', 'sse_starlette', 'uvicorn')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(stack)}))"
    )
    assert run_python(code).stdout == "[]\n"


def test_without_the_testing_extra_the_error_names_it() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None  # as if not installed\n"
        "import tabby_ext.testing.pytest_plugin  # the pytest11 entry point must still load\n"
        "from tabby_ext.testing import FakeModel, example_server\n"
        "try:\n"
        "    from tabby_ext.testing import FakeTabbyServer\n"
        "except ImportError as error:\n"
        "    print(error)"
    )
    assert run_python(code).stdout.strip() == (
        'tabby_ext.testing.FakeTabbyServer needs the "testing" extra '
        '(uvicorn, starlette, sse-starlette): pip install "tabbyapi[testing]"'
    )


def test_cli_runs_and_stops_on_sigterm() -> None:
    command = [sys.executable, "-m", "tabby_ext.testing", "--port", "0", "--api-key", "k"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
            assert httpx.get(url + "/v1/model", headers={"x-api-key": "k"}).status_code == 200
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()


def test_a_thousand_concurrent_streams(fake_tabby_server_factory: Factory) -> None:
    count = 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2 * count + 100:
        if hard != resource.RLIM_INFINITY and hard < 2 * count + 100:
            pytest.skip("not enough file descriptors")
        resource.setrlimit(resource.RLIMIT_NOFILE, (2 * count + 100, hard))
    server = fake_tabby_server_factory(token_delay=0.3)
    request = request_bytes(
        "POST", "/v1/chat/completions", {"messages": HI, "max_tokens": 1, "stream": True}, API
    )

    async def one() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(request)
        data = await reader.read()
        writer.close()
        await writer.wait_closed()
        return data

    async def run_all() -> list[bytes]:
        return await asyncio.gather(*(one() for _ in range(count)))

    started = time.monotonic()
    responses = asyncio.run(run_all())
    assert time.monotonic() - started < 10  # 2 token times each: they ran concurrently
    assert all(r.endswith(b"data: [DONE]\r\n\r\n\r\n0\r\n\r\n") for r in responses)


# ---- fault injection ---------------------------------------------------------------------

STREAM_CHAT = {"messages": HI, "max_tokens": 3, "stream": True}


def test_fault_delay_headers(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/health", delay_headers=0.3)
    with pytest.raises(httpx.ReadTimeout):
        http.get("/health", timeout=0.1)
    started = time.monotonic()
    assert http.get("/health").status_code == 200 and time.monotonic() - started < 0.2


def test_fault_delay_events(fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/chat/completions", delay_events=0.05)
    started = time.monotonic()
    _, chunks, _ = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert len(chunks) == 5 and time.monotonic() - started >= 0.25


@pytest.mark.parametrize("after", [0, 2])
def test_fault_drop_after_events(fake_tabby_server: FakeTabbyServer, after: int) -> None:
    fake_tabby_server.inject("/v1/chat/completions", drop_after_events=after)
    head, chunks, terminated = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert head.startswith(b"HTTP/1.1 200") and len(chunks) == after and not terminated
    with httpx.Client(base_url=fake_tabby_server.url, headers=API) as client:
        fake_tabby_server.inject("/v1/chat/completions", drop_after_events=1)
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/v1/chat/completions", json=STREAM_CHAT)


def test_fault_malformed_sse(fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/chat/completions", malformed_sse=True)
    _, chunks, terminated = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert chunks[0].startswith(b"data: {") and chunks[0].endswith(b"\r\n\r\n")
    with pytest.raises(json.JSONDecodeError):
        json.loads(chunks[0][6:])
    assert chunks[-1] == b"data: [DONE]\r\n\r\n" and terminated


@pytest.mark.parametrize("after", [0, 2])
def test_fault_inband_error(fake_tabby_server: FakeTabbyServer, after: int) -> None:
    fake_tabby_server.inject("/v1/chat/completions", inband_error="boom", after_events=after)
    _, chunks, terminated = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert len(chunks) == after + 1 and terminated
    assert chunks[-1] == b'data: {"error":{"message":"boom","trace":null}}\r\n\r\n'


def test_fault_no_done(fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/completions", no_done=True)
    body = {"prompt": "p", "max_tokens": 2, "stream": True}
    _, chunks, terminated = sse(fake_tabby_server, "/v1/completions", body)
    assert terminated and len(chunks) == 3 and b"[DONE]" not in b"".join(chunks)


def test_fault_pings_only(fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/chat/completions", pings_only=True, ping_every=0.02)
    with socket.create_connection(("127.0.0.1", fake_tabby_server.port), timeout=5) as sock:
        sock.sendall(request_bytes("POST", "/v1/chat/completions", STREAM_CHAT, API))
        time.sleep(0.15)
        data = sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    chunks, terminated = dechunk(body)
    assert b"text/event-stream" in head and not terminated
    assert len(chunks) >= 3 and all(PING.match(c) for c in chunks)
    # The server noticed the client went away and serves the next request normally.
    assert httpx.get(fake_tabby_server.url + "/health").status_code == 200


def test_fault_status_with_retry_after_and_body(
    http: httpx.Client, fake_tabby_server: FakeTabbyServer
) -> None:
    fake_tabby_server.inject("/v1/completions", status=429, retry_after="2")
    fake_tabby_server.inject(
        "/v1/completions", status=503, retry_after="Wed, 21 Oct 2026 07:28:00 GMT", body="busy"
    )
    first = http.post("/v1/completions", json={"prompt": "p"})
    assert (first.status_code, first.headers["retry-after"]) == (429, "2")
    assert first.json() == {"detail": "Too Many Requests"}
    second = http.post("/v1/completions", json={"prompt": "p"})
    assert second.status_code == 503 and second.text == "busy"
    assert second.headers["retry-after"] == "Wed, 21 Oct 2026 07:28:00 GMT"
    assert http.post("/v1/completions", json={"prompt": "p", "max_tokens": 1}).status_code == 200
    with pytest.raises(ValueError, match="status"):
        fake_tabby_server.inject(retry_after="1")
    with pytest.raises(TypeError, match="unknown fault knob"):
        fake_tabby_server.inject(stauts=500)


def test_fault_status_500_close(fake_tabby_server: FakeTabbyServer) -> None:
    fault = fake_tabby_server.inject("/health", method="GET", status_500_close=True)
    head, body = exchange(
        fake_tabby_server,
        b"GET /health HTTP/1.1\r\nhost: x\r\n\r\nGET /health HTTP/1.1\r\nhost: x\r\n\r\n",
    )
    assert head.startswith(b"HTTP/1.1 500") and body == b"Internal Server Error"  # 2nd unanswered
    assert b"connection: close" not in head.lower() and fault.hits == 1


def test_fault_html_error(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/models", html_error=True)
    response = http.get("/v1/models")
    assert response.status_code == 502 and response.headers["content-type"] == "text/html"
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_fault_truncated_chunked(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/health", truncated_chunked=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/health")
    fake_tabby_server.inject("/health", truncated_chunked=True)
    head, body = exchange(fake_tabby_server, request_bytes("GET", "/health"))
    assert b"transfer-encoding: chunked" in head and b"content-length" not in head
    assert dechunk(body) == ([b'{"status":"healt'], False)  # half the JSON, no last chunk
    # uvicorn frames every chunk whole, so the cut falls inside the event, not inside a chunk
    # (a cut inside a chunk is test_http11's `test_body_cut_short`): no event is complete.
    fake_tabby_server.inject("/v1/chat/completions", truncated_chunked=True)
    _, chunks, terminated = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert len(chunks) == 1 and not terminated
    assert chunks[0].startswith(b'data: {"id": "chatcmpl-') and b"\r\n" not in chunks[0]


def test_fault_invalid_utf8(http: httpx.Client, fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/health", invalid_utf8=True)
    raw = http.get("/health").content
    assert raw.startswith(b'{"\xff\xfestatus"')
    with pytest.raises(UnicodeDecodeError):
        raw.decode()
    fake_tabby_server.inject("/v1/chat/completions", invalid_utf8=True)
    _, chunks, _ = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert b"\xff\xfe" in chunks[0] and b"\xff" not in b"".join(chunks[1:])


def test_fault_huge_event_bytes(fake_tabby_server: FakeTabbyServer) -> None:
    fake_tabby_server.inject("/v1/chat/completions", huge_event_bytes=1_000_000)
    _, chunks, terminated = sse(fake_tabby_server, "/v1/chat/completions", STREAM_CHAT)
    assert len(chunks[0]) == 1_000_000 and terminated
    first = json.loads(chunks[0][6:])
    assert first["choices"][0]["delta"] == {"content": "tok0"} and len(first["padding"]) > 999_000


def test_fault_redirect_to(
    fake_tabby_server: FakeTabbyServer, fake_tabby_server_factory: Factory
) -> None:
    other = fake_tabby_server_factory()
    fake_tabby_server.inject("/v1/models", redirect_to=f"{other.url}/v1/models")
    response = httpx.get(fake_tabby_server.url + "/v1/models", headers=API, follow_redirects=True)
    assert response.history[0].status_code == 307 and response.url.port == other.port
    assert [r.path for r in other.requests] == ["/v1/models"]


def test_fault_matching_by_method_path_and_times(
    fake_tabby_server: FakeTabbyServer, http: httpx.Client
) -> None:
    fault = fake_tabby_server.inject(method="POST", status=418, times=2)
    assert http.get("/health").status_code == 200
    assert http.post("/v1/token/decode", json={"tokens": []}).status_code == 418
    assert http.post("/v1/token/decode", json={"tokens": []}).status_code == 418
    assert http.post("/v1/token/decode", json={"tokens": []}).status_code == 200
    assert fault.hits == 2
    fake_tabby_server.inject("/health", status=500, times=None)
    fake_tabby_server.clear_faults()
    assert http.get("/health").status_code == 200
