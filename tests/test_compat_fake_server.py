"""The fake answering as an older TabbyAPI (`server_version="436ce75"`), over real sockets.

Its answers are compared with what the real servers answered: `fixtures/observed_436ce75.json`
(TabbyAPI 436ce75, copied from ../shared/harness/observed-436ce75.json) and, for the default
mode, `fixtures/observed_answers.json` (e632af4): the same keys at every level (values such as
ids, timestamps and texts differ), the same statuses, the same stream shapes.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from tabby_ext.testing import (
    DEFAULT_SERVER_VERSION,
    SERVER_VERSIONS,
    AsyncFakeTabbyTransport,
    FakeTabbyServer,
    FakeTabbyTransport,
    pytest_plugin,
)
from tabby_ext.testing import __main__ as fake_main
from tabby_ext.testing._conform import Conformer
from tabby_ext.testing._versions import VERSIONS, server_version

fake_tabby_server_version = pytest_plugin.fake_tabby_server_version
fake_tabby_server_factory = pytest_plugin.fake_tabby_server_factory

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
OLD = "436ce75"
OBSERVED_OLD: dict[str, Any] = json.loads((FIXTURES / "observed_436ce75.json").read_text("utf-8"))
OBSERVED_NEW: dict[str, Any] = json.loads((FIXTURES / "observed_answers.json").read_text("utf-8"))
NORMALIZED = json.loads((ROOT / "generated" / "tabbyapi.normalized.json").read_text("utf-8"))
SCHEMAS = NORMALIZED["components"]["schemas"]
API_KEY, ADMIN_KEY = "test-api-key", "test-admin-key"
BOTH = {"x-api-key": API_KEY, "x-admin-key": ADMIN_KEY}
HELLO = [{"role": "user", "content": "Hello there"}]
QWEN = "Qwen3-4B-exl3"  # the fake's reasoning model (the recordings' tool calls came from one)
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the weather",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string"}},
                "required": ["location"],
            },
        },
    }
]
WEATHER = [{"role": "user", "content": "Weather in Paris? Use get_weather."}]
Factory = Callable[..., FakeTabbyServer]


# ---- shapes: the keys at every level, values left out ------------------------------------


def _resolve(schema: Any, value: Any) -> dict[str, Any]:
    for _ in range(32):
        if not isinstance(schema, dict):
            return {}
        if "$ref" in schema:
            schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
            continue
        if "anyOf" in schema:
            kind = (
                "object" if isinstance(value, dict) else "array" if isinstance(value, list) else ""
            )
            schema = next((b for b in schema["anyOf"] if _resolve(b, None).get("type") == kind), {})
            continue
        return schema
    return {}


def shape(value: Any, schema: Any = None) -> Any:
    """`value` with every scalar replaced by None; a list becomes its distinct item shapes
    (lengths differ with the text), and an object the spec declares as a map (a token ->
    log-probability dict) has its keys left out too."""
    resolved = _resolve(schema or {}, value)
    if isinstance(value, dict):
        properties = resolved.get("properties")
        values = resolved.get("additionalProperties")
        if properties is None and isinstance(values, dict):
            return {"<map>": _distinct([shape(v, values) for v in value.values()])}
        return {k: shape(v, (properties or {}).get(k)) for k, v in value.items()}
    if isinstance(value, list):
        return _distinct([shape(item, resolved.get("items")) for item in value])
    return "[DONE]" if value == "[DONE]" else None


def _distinct(shapes: list[Any]) -> list[Any]:
    return [json.loads(s) for s in sorted({json.dumps(x, sort_keys=True) for x in shapes})]


def test_shape_keeps_keys_and_drops_values() -> None:
    card = {"$ref": "#/components/schemas/ModelCard"}
    a = {"id": "a", "created": 1, "parameters": None, "x": [1, 2]}
    assert shape(a, card) == shape({**a, "id": "b", "x": [3]}, card)
    assert shape(a, card) != shape({**a, "extra": 1}, card)
    assert shape(a, card) != shape({**a, "parameters": {"max_seq_len": 1}}, card)
    logprobs = {"$ref": "#/components/schemas/CompletionLogprobs"}
    one = {"top_logprobs": [{"tok0": -0.1, " tok1": -1.0}]}
    assert shape(one, logprobs) == shape({"top_logprobs": [{"x": -0.2}]}, logprobs)


# ---- what the fake answers ---------------------------------------------------------------


def answer_schema(method: str, path: str, stream: bool) -> Any:
    content = NORMALIZED["paths"][path][method.lower()]["responses"]["200"]["content"]
    if stream:
        return content["text/event-stream"]["itemSchema"]
    return content["application/json"]["schema"]


def sse_data(text: str) -> list[Any]:
    """The data of each event of an SSE body ("[DONE]" as is), pings left out."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line[6:] for line in block.split("\n") if line.startswith("data: ")]
        if lines:
            data = "\n".join(lines)
            events.append(data if data == "[DONE]" else json.loads(data))
    return events


@dataclass(frozen=True)
class Case:
    """One recorded call of each server, and the request that makes the fake answer alike."""

    old: str  # key in observed_436ce75.json
    new: str | None  # probe name in observed_answers.json (None: not recorded there)
    method: str
    path: str
    body: Any = None
    new_body: Any = None  # the e632af4 recording's request, where it differs
    model: str | None = None  # loaded first (None: the default model)
    unload: bool = False  # nothing loaded
    part: str = "all"  # of the old recording's stream: "all", "first_last", "last3"
    first: bool = False  # the old recording keeps the first listed card only
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case("GET /v1/model", "current model", "GET", "/v1/model"),
    Case(
        "GET /v1/models (first)",
        "list models (admin key in x-api-key)",
        "GET",
        "/v1/models",
        first=True,
    ),
    Case(
        "POST /v1/completions max_tokens=3",
        "completion",
        "POST",
        "/v1/completions",
        {"prompt": "Hello there", "max_tokens": 3},
    ),
    Case(
        "POST /v1/completions max_tokens=2 logprobs=2",
        "completion, logprobs=2",
        "POST",
        "/v1/completions",
        {"prompt": "Hi", "max_tokens": 2, "logprobs": 2},
    ),
    Case(
        "POST /v1/completions stream max_tokens=2",
        "completion, stream",
        "POST",
        "/v1/completions",
        {"prompt": "Hello there", "max_tokens": 2, "stream": True},
    ),
    Case(
        "POST /v1/chat/completions max_tokens=3",
        "chat",
        "POST",
        "/v1/chat/completions",
        {"messages": HELLO, "max_tokens": 3},
    ),
    Case(
        "POST /v1/chat/completions stop=tok1 (stop_str)",
        "chat, stop string",
        "POST",
        "/v1/chat/completions",
        {"messages": HELLO, "max_tokens": 6, "stop": "tok1"},
    ),
    Case(
        "POST /v1/chat/completions max_tokens=1 logprobs top_logprobs=2",
        "chat, logprobs + top_logprobs",
        "POST",
        "/v1/chat/completions",
        {"messages": HELLO, "max_tokens": 1, "logprobs": True, "top_logprobs": 2},
    ),
    Case(
        "POST /v1/chat/completions stream max_tokens=2 include_usage",
        "chat, stream, include_usage",
        "POST",
        "/v1/chat/completions",
        {
            "messages": HELLO,
            "max_tokens": 2,
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    ),
    Case(
        "POST /v1/model/load (SSE data, first and last)",
        "model load (SSE progress)",
        "POST",
        "/v1/model/load",
        {"model_name": QWEN},
        part="first_last",
    ),
    Case(
        "POST /v1/chat/completions tools (model fake-chatml-tools)",
        "chat with tools (reasoning model)",
        "POST",
        "/v1/chat/completions",
        {"messages": WEATHER, "tools": TOOLS},
        model=QWEN,
    ),
    Case(
        "POST /v1/chat/completions tools stream (model fake-chatml-tools), last 3 events",
        "chat with tools, stream (reasoning model)",
        "POST",
        "/v1/chat/completions",
        {"messages": WEATHER, "tools": TOOLS, "stream": True},
        new_body={
            "messages": WEATHER,
            "tools": TOOLS,
            "stream": True,
            "stream_options": {"include_usage": True},
        },
        model=QWEN,
        part="last3",
    ),
    Case("GET /v1/model with no model loaded", None, "GET", "/v1/model", unload=True),
    Case(
        "POST /v1/completions with no model loaded",
        None,
        "POST",
        "/v1/completions",
        {"prompt": "Hi", "max_tokens": 3},
        unload=True,
    ),
]


def test_every_recording_of_the_older_server_has_a_case() -> None:
    recorded = set(OBSERVED_OLD) - {"commit", "note"}
    assert {case.old for case in CASES} == recorded
    assert OBSERVED_OLD["commit"] == OLD


def ask(server: FakeTabbyServer, case: Case, body: Any) -> httpx.Response:
    with httpx.Client(base_url=server.url, headers=BOTH, timeout=10) as http:
        if case.unload:
            assert http.post("/v1/model/unload").status_code == 200
        if case.model is not None:
            loaded = http.post("/v1/model/load", json={"model_name": case.model})
            assert loaded.status_code == 200 and '"finished"' in loaded.text
        return http.request(case.method, case.path, json=body)


@pytest.mark.parametrize("case", CASES, ids=[c.old for c in CASES])
def test_the_fake_as_436ce75_answers_like_the_real_one(factory: Factory, case: Case) -> None:
    recorded = OBSERVED_OLD[case.old]
    response = ask(factory(server_version=OLD), case, case.body)
    if isinstance(recorded, dict) and set(recorded) == {"status", "body"}:  # an error
        assert (response.status_code, response.json()) == (recorded["status"], recorded["body"])
        return
    assert response.status_code == 200, response.text
    streamed = response.headers["content-type"].startswith("text/event-stream")
    schema = answer_schema(case.method, case.path, streamed)
    if streamed:
        events = sse_data(response.text)
        chosen = {"all": events, "first_last": [events[0], events[-1]], "last3": events[-3:]}
        got = [shape(e, schema) for e in chosen[case.part]]
        assert got == [shape(e, schema) for e in recorded]
        return
    body = response.json()
    if case.first:
        item_schema = _resolve(schema, body)["properties"]["data"]["items"]
        assert shape(body["data"][:1], item_schema) == shape(recorded, item_schema)
    else:
        assert shape(body, schema) == shape(recorded, schema)


NEW_CASES = [c for c in CASES if c.new is not None]


@pytest.mark.parametrize("case", NEW_CASES, ids=[str(c.new) for c in NEW_CASES])
def test_the_fake_by_default_answers_like_the_pinned_server(factory: Factory, case: Case) -> None:
    """Against the e632af4 recordings: the same keys in JSON answers; in streams, every event
    shape recorded (the recording keeps a stream's head and tail) and the same last event."""
    response = ask(factory(), case, case.new_body or case.body)
    assert response.status_code == 200, response.text
    streamed = response.headers["content-type"].startswith("text/event-stream")
    schema = answer_schema(case.method, case.path, streamed)
    if streamed:
        recorded = [e["event"] for e in OBSERVED_NEW["events"] if e["name"] == case.new]
        events = [e for e in sse_data(response.text) if e != "[DONE]"]
        got = [json.dumps(shape(e, schema), sort_keys=True) for e in events]
        wanted = [json.dumps(shape(e, schema), sort_keys=True) for e in recorded]
        assert wanted and set(wanted) <= set(got)
        assert got[-1] == wanted[-1]
        return
    (recorded,) = [a["body"] for a in OBSERVED_NEW["answers"] if a["name"] == case.new]
    assert shape(response.json(), schema) == shape(recorded, schema)


@pytest.fixture
def factory(fake_tabby_server_factory: Factory) -> Factory:
    return fake_tabby_server_factory


# ---- every JSON answer is that spec's, complete ------------------------------------------

OLD_SPEC: dict[str, Any] = json.loads((FIXTURES / "specs" / "tabbyapi-436ce75.json").read_text())
OLD_COMPONENTS = OLD_SPEC["components"]["schemas"]
LORA = {"loras": [{"name": "tabby-style-lora", "scaling": 0.5}]}
#: (method, path, body, request made first): a JSON answer of every kind the old spec types.
JSON_CALLS: list[tuple[str, str, Any, tuple[str, str, Any] | None]] = [
    ("GET", "/v1/model", None, None),
    (
        "GET",
        "/v1/model",
        None,
        (
            "POST",
            "/v1/model/load",
            {"model_name": QWEN, "draft_model": {"draft_model_name": "Llama-3.2-1B-Instruct-exl3"}},
        ),
    ),
    ("GET", "/v1/models", None, None),
    ("GET", "/v1/model/draft/list", None, None),
    ("GET", "/v1/model/embedding", None, None),
    ("GET", "/props", None, None),
    ("POST", "/v1/completions", {"prompt": "p", "max_tokens": 3, "logprobs": 2, "n": 2}, None),
    ("POST", "/v1/chat/completions", {"messages": HELLO, "max_tokens": 2, "logprobs": True}, None),
    ("POST", "/v1/chat/completions", {"messages": WEATHER, "tools": TOOLS}, None),
    ("POST", "/v1/embeddings", {"input": ["a", "b"]}, None),
    ("POST", "/v1/model/embedding/load", {"embedding_model_name": "bge-small-en-v1.5"}, None),
    ("GET", "/v1/loras", None, None),
    ("GET", "/v1/lora", None, ("POST", "/v1/lora/load", LORA)),
    ("POST", "/v1/lora/load", LORA, None),
    ("POST", "/v1/token/encode", {"text": "hello"}, None),
    ("POST", "/v1/token/decode", {"tokens": [1, 2]}, None),
    ("GET", "/v1/templates", None, None),
    (
        "GET",
        "/v1/sampling/overrides",
        None,
        ("POST", "/v1/sampling/override/switch", {"preset": "precise"}),
    ),
    ("GET", "/v1/auth/permission", None, None),
    ("GET", "/health", None, None),
    ("POST", "/v1/download", {"repo_id": "turboderp/Llama-3.2-1B-Instruct-exl3"}, None),
    ("POST", "/api/v1/generate", {"prompt": "p", "max_length": 2}, None),
    ("GET", "/api/v1/model", None, None),
    ("POST", "/api/extra/tokencount", {"prompt": "one two"}, None),
]


def _old(schema: Any, value: Any) -> dict[str, Any]:
    for _ in range(32):
        if "$ref" in schema:
            schema = OLD_COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in schema:
            kind = (
                "object" if isinstance(value, dict) else "array" if isinstance(value, list) else ""
            )
            resolved = [_old(b, None) if "$ref" in b else b for b in schema["anyOf"]]
            schema = next((b for b in resolved if b.get("type") == kind), {})
        else:
            return schema  # type: ignore[no-any-return]
    return {}


def not_the_old_specs(value: Any, schema: Any, where: str = "$") -> list[str]:
    """Where `value` lacks a property the old spec's schema declares, or has one the pinned
    spec declares there and the old one does not (FastAPI dumps every field, and only those)."""
    resolved = _old(schema, value)
    problems = []
    if isinstance(value, dict) and "properties" in resolved:
        properties = resolved["properties"]
        problems += [f"{where}.{name} is missing" for name in properties if name not in value]
        newer = set(value) - set(properties)
        problems += [
            f"{where}.{name} is newer" for name in sorted(newer) if name != "tool_calls_json"
        ]
        for name, item in value.items():
            if name in properties:
                problems += not_the_old_specs(item, properties[name], f"{where}.{name}")
    elif isinstance(value, list) and isinstance(resolved.get("items"), dict):
        for index, item in enumerate(value):
            problems += not_the_old_specs(item, resolved["items"], f"{where}[{index}]")
    return problems


@pytest.mark.parametrize(
    ("method", "path", "body", "setup"), JSON_CALLS, ids=[f"{c[0]} {c[1]}" for c in JSON_CALLS]
)
def test_436ce75_json_answers_are_its_specs_schemas_complete(
    factory: Factory, method: str, path: str, body: Any, setup: Any
) -> None:
    server = factory(server_version=OLD)
    with httpx.Client(base_url=server.url, headers=BOTH, timeout=10) as http:
        if setup is not None:
            assert http.request(setup[0], setup[1], json=setup[2]).status_code == 200
        response = http.request(method, path, json=body)
    assert response.status_code == 200, response.text
    operation = OLD_SPEC["paths"][path][method.lower()]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    document = {**schema, "components": OLD_SPEC["components"]}
    jsonschema.Draft202012Validator(document).validate(response.json())
    assert not_the_old_specs(response.json(), schema) == []


# ---- which fields: from the older spec, not a list -------------------------------------


def _old_spec() -> dict[str, Any]:
    text = (FIXTURES / "specs" / "tabbyapi-436ce75.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_the_fields_left_out_and_added_follow_the_older_spec() -> None:
    """Edit the older spec and the answers follow: a property it lacks is left out, one only
    it has is added with its default."""
    old = _old_spec()
    card = old["components"]["schemas"]["ModelCard"]["properties"]
    del card["owned_by"]
    card["colour"] = {"type": "string", "default": "blue"}
    card["nickname"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    reshape = Conformer(VERSIONS[OLD], old_document=old)
    answer = {"id": "m", "object": "model", "created": 1, "owned_by": "tabbyAPI"}
    answer |= {"logging": None, "parameters": None}
    reshaped = reshape.value("GET", "/v1/model", answer)
    assert "owned_by" not in reshaped
    assert (reshaped["colour"], reshaped["nickname"]) == ("blue", None)
    assert reshape.value("GET", "/v1/model", {"id": "m", "future": 1})["future"] == 1
    untouched = Conformer(VERSIONS[OLD], old_document=json.loads(json.dumps(_spec_new())))
    assert untouched.value("GET", "/v1/model", answer) == answer


def _spec_new() -> dict[str, Any]:
    return json.loads((ROOT / "openapi" / "tabbyapi.json").read_text("utf-8"))  # type: ignore[no-any-return]


def test_what_436ce75_leaves_out_is_the_spec_difference() -> None:
    missing = Conformer(VERSIONS[OLD]).missing_in_old()
    # the answer schemas among them: what docs/server-behavior.md "Older servers" lists
    assert missing["ChatCompletionRespChoice"] == missing["CompletionRespChoice"] == ["eos_reason"]
    assert missing["ChatCompletionMessage"] == ["reasoning_content", "tool_call_id"]
    assert missing["LoggingConfig"] == ["log_chat_completion_requests"]
    assert set(missing["UsageStats"]) == {
        "prompt_time",
        "prompt_tokens_per_sec",
        "completion_time",
        "completion_tokens_per_sec",
        "total_time",
    }


def test_the_older_spec_is_the_exported_one_and_ships_in_the_wheel() -> None:
    version = VERSIONS[OLD]
    assert version.spec_file is not None and version.spec_sha256 is not None
    spec_file = FIXTURES / "specs" / version.spec_file
    assert hashlib.sha256(spec_file.read_bytes()).hexdigest() == version.spec_sha256
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]
    included = wheel["build"]["targets"]["wheel"]["force-include"]
    source = f"tests/fixtures/specs/{version.spec_file}"
    assert included[source] == f"tabby_ext/testing/specs/{version.spec_file}"


def test_openapi_json_is_the_versions_own_spec(factory: Factory) -> None:
    for version, spec_file in ((OLD, FIXTURES / "specs" / "tabbyapi-436ce75.json"), (None, None)):
        server = factory(server_version=version) if version else factory()
        served = httpx.get(f"{server.url}/openapi.json", timeout=5).content
        expected = (spec_file or ROOT / "openapi" / "tabbyapi.json").read_bytes()
        assert served == expected


# ---- the option --------------------------------------------------------------------------


def test_server_version_values_and_errors() -> None:
    assert SERVER_VERSIONS == (DEFAULT_SERVER_VERSION, OLD) == ("e632af4", "436ce75")
    assert server_version("436ce752da5f9a3b26c2e5f4877633ce79420a3e").name == OLD
    for bad in ("436ce7", "latest", "", None, 436):
        with pytest.raises(ValueError, match=r"unknown server_version .*'e632af4'.*'436ce75'"):
            server_version(bad)
    with pytest.raises(ValueError, match=r"unknown server_version .1\.0."):
        FakeTabbyTransport(server_version="1.0")
    with pytest.raises(ValueError, match="unknown server_version"):
        FakeTabbyServer(server_version="main")
    assert FakeTabbyTransport().server_version == DEFAULT_SERVER_VERSION


def test_the_command_line_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        fake_main.main(["--server-version", "1.0"])
    assert exit_info.value.code == 2
    assert "invalid choice: '1.0'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        fake_main.main(["--help"])
    assert "436ce75" in capsys.readouterr().out


@pytest.mark.parametrize("fake_tabby_server_version", SERVER_VERSIONS)
def test_the_plugin_fixture_picks_the_version(
    fake_tabby_server_factory: Factory, fake_tabby_server_version: str
) -> None:
    server = fake_tabby_server_factory()
    assert server.server_version == fake_tabby_server_version
    status = (
        httpx.post(f"{server.url}/v1/model/unload", headers=BOTH, timeout=5).status_code,
        httpx.get(f"{server.url}/v1/model", headers=BOTH, timeout=5).status_code,
    )
    assert status == (200, 400 if fake_tabby_server_version == OLD else 503)


def test_the_transports_answer_as_the_older_server_too() -> None:
    with (
        FakeTabbyTransport(server_version=OLD) as transport,
        httpx.Client(transport=transport, base_url="http://tabby.test") as http,
    ):
        body = http.post("/v1/completions", json={"prompt": "p", "max_tokens": 1}).json()
    assert set(body["choices"][0]) == {"index", "finish_reason", "logprobs", "text"}
    assert set(body["usage"]) == {"prompt_tokens", "completion_tokens", "total_tokens"}

    async def chat() -> list[Any]:
        transport = AsyncFakeTabbyTransport(server_version=OLD, loaded_model=None)
        async with httpx.AsyncClient(transport=transport, base_url="http://tabby.test") as http:
            refused = await http.post("/v1/chat/completions", json={"messages": HELLO})
            assert refused.status_code == 400
            await http.post("/v1/model/load", json={"model_name": QWEN})
            stream = {"messages": HELLO, "max_tokens": 4, "stream": True}
            return sse_data((await http.post("/v1/chat/completions", json=stream)).text)

    import asyncio

    events = asyncio.run(chat())
    deltas = [e["choices"][0]["delta"] for e in events[:-2]]
    # 436ce75 does not parse reasoning: the model's thinking is plain content
    assert [d["content"] for d in deltas] == ["think0", " think1", " think2", "tok0"]
    assert {d["role"] for d in deltas} == {"assistant"}


# ---- behaviour of that era ---------------------------------------------------------------


def test_436ce75_behaviour(factory: Factory) -> None:
    server = factory(server_version=OLD, ping_interval=0.01, token_delay=0.01)
    with httpx.Client(base_url=server.url, headers=BOTH, timeout=10) as http:
        # no pings on any stream (its routes set ping=maxsize), whatever ping_interval says
        stream = http.post(
            "/v1/chat/completions", json={"messages": HELLO, "max_tokens": 8, "stream": True}
        )
        assert ": ping" not in stream.text and stream.text.endswith("data: [DONE]\r\n\r\n")
        # a streaming completion without max_tokens works (e632af4 fails it in-band)
        free = sse_data(http.post("/v1/completions", json={"prompt": "p", "stream": True}).text)
        assert free[-1] == "[DONE]" and free[-2]["choices"][0]["finish_reason"] == "stop"
        # token decode keeps BOS (so does e632af4)
        tokens = http.post("/v1/token/encode", json={"text": "hello"}).json()["tokens"]
        decoded = http.post("/v1/token/decode", json={"tokens": tokens}).json()
        assert decoded == {"text": "<s>hello"}
        # the loaded folder is not loaded again: an in-band error, and it stays loaded
        again = http.post("/v1/model/load", json={"model_name": server.loaded_model})
        (error,) = sse_data(again.text)
        assert error["error"]["message"] == (
            f'Model "{server.loaded_model}" is already loaded! Aborting.'
        )
        assert http.get("/v1/model").json()["id"] == server.loaded_model
        # no safe_defaults preset
        presets = http.get("/v1/sampling/overrides").json()["presets"]
        assert "safe_defaults" not in presets and presets
        switched = http.post("/v1/sampling/override/switch", json={"preset": "safe_defaults"})
        assert switched.status_code == 400
        # an unknown template is a 400, not a 500
        template = http.post("/v1/template/switch", json={"prompt_template_name": "nope"})
        assert template.status_code == 400 and "doesn't exist" in template.json()["detail"]
        # a prompt over the context: the generation fails (503; in-band on a stream)
        long = {"prompt": "w " * 5000, "max_tokens": 1}
        refused = http.post("/v1/completions", json=long)
        assert refused.status_code == 503
        assert refused.json()["detail"].endswith(
            "aborted. Maybe the model was unloaded? Please check the server console."
        )
        chat = {"messages": [{"role": "user", "content": "w " * 5000}], "max_tokens": 1}
        assert http.post("/v1/chat/completions", json=chat).status_code == 503
        (error,) = sse_data(http.post("/v1/completions", json={**long, "stream": True}).text)
        assert error["error"]["message"].endswith("aborted. Please check the server console.")
        # prompt + max_tokens over the context is enough
        near = {"prompt": "w " * 4000, "max_tokens": 200}
        assert http.post("/v1/completions", json=near).status_code == 503
        assert http.post("/v1/completions", json={**near, "max_tokens": 50}).status_code == 200
        # the embedding model check is a 400 too
        http.post("/v1/model/embedding/unload")
        embed = http.post("/v1/embeddings", json={"input": "x"})
        assert (embed.status_code, embed.json()) == (
            400,
            {"detail": "No embedding models are currently loaded."},
        )


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_request_fields_the_older_spec_lacks_are_ignored(factory: Factory, version: str) -> None:
    """pydantic ignores unknown fields: 436ce75 never reads tool_choice, top_logprobs,
    enable_thinking or a model load's backend (all newer than its request schemas)."""
    old = version == OLD
    server = factory(server_version=version)
    with httpx.Client(base_url=server.url, headers=BOTH, timeout=10) as http:
        # With tools the fake calls the first one; "none" stops that only where it is read.
        without = {"messages": HELLO, "tools": TOOLS, "tool_choice": "none"}
        message = http.post("/v1/chat/completions", json=without).json()["choices"][0]["message"]
        assert (message["tool_calls"] is None) is not old
        top = {"messages": HELLO, "max_tokens": 1, "logprobs": True, "top_logprobs": 3}
        logprobs = http.post("/v1/chat/completions", json=top).json()["choices"][0]["logprobs"]
        assert len(logprobs["content"][0]["top_logprobs"]) == (1 if old else 3)
        load = http.post("/v1/model/load", json={"model_name": QWEN, "backend": "exllamav2"})
        assert ("Invalid backend" in load.text) is not old
        if old:
            quiet = {"messages": HELLO, "max_tokens": 4, "enable_thinking": False}
            answer = http.post("/v1/chat/completions", json=quiet).json()["choices"][0]
            assert answer["message"]["content"] == "think0 think1 think2tok0"


@pytest.mark.parametrize("version", SERVER_VERSIONS)
def test_api_endpoints_do_not_read_an_admin_key_alone(factory: Factory, version: str) -> None:
    server = factory(server_version=version)
    alone = httpx.get(f"{server.url}/v1/model", headers={"x-admin-key": ADMIN_KEY}, timeout=5)
    assert (alone.status_code, alone.json()) == (401, {"detail": "Please provide an API key"})
    admin = httpx.post(
        f"{server.url}/v1/template/unload", headers={"x-admin-key": ADMIN_KEY}, timeout=5
    )
    assert admin.status_code == 200


def test_completion_chunks_of_n_choices_as_436ce75(factory: Factory) -> None:
    server = factory(server_version=OLD)
    body = {"prompt": "p", "max_tokens": 2, "n": 2, "stream": True}
    events = sse_data(
        httpx.post(f"{server.url}/v1/completions", json=body, headers=BOTH, timeout=5).text
    )
    texts: dict[int, str] = {}
    for event in events[:-1]:
        (choice,) = event["choices"]
        texts[choice["index"]] = texts.get(choice["index"], "") + choice["text"]
        assert event["usage"]["total_tokens"] > 0 and event["id"].startswith("cmpl-")
    # every choice generates max_tokens (no `max_tokens + 5 * index` as at e632af4)
    assert texts == {0: "tok0 tok1", 1: "tok0 tok1"}
