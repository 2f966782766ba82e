"""The spec -> generator -> generated pipeline: coverage, determinism, upgrades, diff, auth."""

from __future__ import annotations

import filecmp
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "tabbyapi.json"
OLD_SPEC = ROOT / "tests" / "fixtures" / "specs" / "tabbyapi-54e3ea1.json"
GENERATED = ROOT / "generated"
sys.path.insert(0, str(ROOT / "generator"))

import normalize  # noqa: E402
import spec_diff  # noqa: E402


def spec_operations(path: Path) -> list[tuple[str, str]]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    return [(m, p) for m, p, _ in normalize.operations(spec)]


def operation_table() -> dict[str, Any]:
    text = (GENERATED / "tabbyapi_client" / "operations.json").read_text(encoding="utf-8")
    table: dict[str, Any] = json.loads(text)["operations"]
    return table


def run_generate(spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "generator" / "generate.py"),
            "--spec",
            str(spec),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )


def test_every_spec_operation_has_a_generated_module_with_sync_and_async_functions() -> None:
    table = operation_table()
    ops = spec_operations(SPEC)
    assert len(ops) == len(table)
    for method, path in ops:
        entry = table[f"{method} {path}"]
        module = importlib.import_module(entry["module"])
        for fn in ("sync_detailed", "asyncio_detailed", "_get_kwargs"):
            assert callable(getattr(module, fn)), f"{entry['module']}.{fn}"
        if entry["request"] is None:
            kwargs = module._get_kwargs()
        else:
            kwargs = module._get_kwargs(body=SimpleNamespace(to_dict=dict))
        assert kwargs["method"].upper() == method
        assert kwargs["url"] == path


def test_module_paths_are_short_and_readable() -> None:
    table = operation_table()
    assert table["POST /v1/model/load"]["module"] == "tabbyapi_client.api.models.load_model"
    assert table["POST /v1/chat/completions"]["module"] == (
        "tabbyapi_client.api.chat.create_chat_completion"
    )
    tags = {entry["tag"] for entry in table.values()}
    assert tags == {
        "completions",
        "chat",
        "embeddings",
        "models",
        "lora",
        "templates",
        "tokens",
        "sampling",
        "health",
        "auth",
        "kobold",
        "service_info",
    }


def test_route_aliases_get_distinct_names_by_the_documented_rule() -> None:
    table = operation_table()
    assert table["GET /v1/models"]["name"] == "list_models"
    assert table["GET /v1/model/list"]["name"] == "list_models_via_model_list"
    assert table["GET /v1/model/list"]["alias_of"] == "GET /v1/models"
    assert table["GET /api/extra/generate/check"]["name"] == "check_generation_via_get"
    names = [(e["tag"], e["name"]) for e in table.values()]
    assert len(names) == len(set(names))


def test_auth_table() -> None:
    table = operation_table()
    assert table["POST /v1/model/load"]["auth"] == "admin"
    assert table["POST /v1/model/load"]["mutates"] is True
    assert table["POST /v1/completions"]["auth"] == "api"
    assert table["GET /health"]["auth"] == "none"
    assert table["GET /v1/models"]["auth"] == "listing"
    assert table["GET /api/v1/info/version"]["auth"] == "none"


def test_key_headers_are_security_not_parameters() -> None:
    normalized = json.loads((GENERATED / "tabbyapi.normalized.json").read_text(encoding="utf-8"))
    schemes = normalized["components"]["securitySchemes"]
    assert {s.get("name") for s in schemes.values()} >= {"x-api-key", "x-admin-key"}
    load = normalized["paths"]["/v1/model/load"]["post"]
    assert load["security"][0] == {"AdminKey": []}
    assert "parameters" not in load
    source = (GENERATED / "tabbyapi_client" / "api" / "models" / "load_model.py").read_text()
    assert "x_admin_key" not in source


def test_credential_headers_come_from_the_security_schemes() -> None:
    text = (GENERATED / "tabbyapi_client" / "operations.json").read_text(encoding="utf-8")
    assert json.loads(text)["credentials"] == {
        "api_key": "x-api-key",
        "admin_key": "x-admin-key",
        "bearer_token": "authorization",
    }


def test_the_client_sends_credentials_in_the_tables_headers() -> None:
    """A spec that renames a key header needs a regeneration, not an edit of tabby_ext."""
    import httpx

    from tabby_ext._auth import TabbyAuth, strip_foreign_credentials
    from tabby_ext._config import Secret
    from tabby_ext._operations import OperationTable
    from tabby_ext._operations import operation_table as table

    renamed = {"api_key": "x-key", "admin_key": "x-root-key", "bearer_token": "authorization"}
    ops = OperationTable(table().operations, renamed)
    base = httpx.URL("http://tabby:5000")
    auth = TabbyAuth(
        base, ops, api_key=Secret("a"), admin_key=Secret("b"), bearer_token=Secret("c")
    )
    assert auth.headers_for("listing") == {
        "x-key": "a",
        "x-root-key": "b",
        "authorization": "Bearer c",
    }
    request = httpx.Request("GET", "http://elsewhere/v1/models", headers=auth.headers_for("admin"))
    strip_foreign_credentials(request, (base.scheme, base.host, base.port), ops)
    assert not {"x-root-key", "authorization"} & set(request.headers)


def test_streams_and_errors_are_declared() -> None:
    table = operation_table()
    chat = table["POST /v1/chat/completions"]["stream"]
    assert chat["framing"] == "openai" and chat["terminator"] == "[DONE]"
    assert chat["event"]["class"] == "ChatCompletionStreamChunk"
    load = table["POST /v1/model/load"]["stream"]
    assert load["when"] == "always" and load["event"]["class"] == "ModelLoadResponse"
    assert table["POST /api/extra/generate/stream"]["stream"]["framing"] == "kobold"
    normalized = json.loads((GENERATED / "tabbyapi.normalized.json").read_text(encoding="utf-8"))
    responses = normalized["paths"]["/v1/completions"]["post"]["responses"]
    assert {"400", "401", "422", "500", "503"} <= responses.keys()
    assert "text/event-stream" in responses["200"]["content"]
    assert (
        "application/json"
        not in normalized["paths"]["/v1/model/load"]["post"]["responses"]["200"]["content"]
    )


def test_request_models_send_only_what_the_caller_set() -> None:
    from tabbyapi_client.models.chat_completion_request import ChatCompletionRequest

    request = ChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": "hi"}]})
    assert request.to_dict() == {"messages": [{"role": "user", "content": "hi"}]}


def test_generation_is_deterministic(tmp_path: Path) -> None:
    run_generate(SPEC, tmp_path)
    mismatch = filecmp.dircmp(tmp_path, GENERATED, ignore=["__pycache__"])

    def differing(cmp: filecmp.dircmp[str]) -> list[str]:
        out = cmp.diff_files + cmp.left_only + cmp.right_only
        for sub in cmp.subdirs.values():
            out += differing(sub)
        return out

    assert differing(mismatch) == []


def test_older_spec_generates_without_warnings_and_imports(tmp_path: Path) -> None:
    result = run_generate(OLD_SPEC, tmp_path)
    assert "warning" not in (result.stdout + result.stderr).lower()
    old_operations = len(spec_operations(OLD_SPEC))
    assert f"generated {old_operations} operation modules" in result.stdout
    code = (
        "import tabbyapi_client.api.chat.create_chat_completion as m, tabbyapi_client.models as ms;"
        "print(m.__file__); print(hasattr(ms, 'ChatCompletionStreamChunk'))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(tmp_path)},
    )
    assert proc.stdout.splitlines() == [
        str(tmp_path / "tabbyapi_client/api/chat/create_chat_completion.py"),
        "True",
    ]


def test_enrichment_for_an_absent_target_is_skipped_with_a_notice() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    del spec["paths"]["/v1/model/load"]
    del spec["components"]["schemas"]["ChatCompletionLogprobs"]
    table = normalize.load_yaml(normalize.HERE / "operations.yaml")
    overlay = normalize.load_yaml(normalize.HERE / "overlay.yaml")
    _, notices = normalize.normalize(spec, table, overlay)
    assert any("POST /v1/model/load is not in this spec" in n for n in notices)
    assert any("/v1/model/load" in n and "no match" in n for n in notices)
    assert any("ChatCompletionLogprobs is not in this spec" in n for n in notices)


def test_unknown_operation_gets_a_fallback_name_and_a_notice() -> None:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    spec["paths"]["/v1/model/cancel"] = {
        "post": {
            "operationId": "cancel_load_v1_model_cancel_post",
            "parameters": [
                {
                    "name": "x-admin-key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                }
            ],
            "responses": {"200": {"description": "ok"}},
        }
    }
    table = normalize.load_yaml(normalize.HERE / "operations.yaml")
    overlay = normalize.load_yaml(normalize.HERE / "overlay.yaml")
    out, notices = normalize.normalize(spec, table, overlay)
    op = out["paths"]["/v1/model/cancel"]["post"]
    assert (op["tags"], op["operationId"]) == (["models"], "cancel_load")
    assert op["x-tabby-auth"] == "admin"
    assert any("POST /v1/model/cancel is not in operations.yaml" in n for n in notices)


def test_spec_diff_reports_field_changes() -> None:
    old = json.loads(OLD_SPEC.read_text(encoding="utf-8"))
    new = json.loads(SPEC.read_text(encoding="utf-8"))
    lines = spec_diff.diff(old, new)
    assert any(line.startswith("+ field ChatCompletionRequest.reasoning_effort") for line in lines)
    assert any(line.startswith("- field CompletionRequest.cfg_scale") for line in lines)
    assert spec_diff.diff(new, new) == []


def test_pin_matches_the_spec() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "generator" / "pin.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    pin = json.loads((ROOT / "openapi" / "tabbyapi.pin.json").read_text(encoding="utf-8"))
    assert pin["commit"] == "e632af41eba68abeadc3437c62674360f2f8cbf1"


def spec_with_a_new_operation_and_field() -> dict[str, Any]:
    """The pinned spec plus what a newer TabbyAPI might add: an admin operation, a field."""
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    spec["components"]["schemas"]["WarmupRequest"] = {
        "title": "WarmupRequest",
        "type": "object",
        "properties": {
            "model_name": {"type": "string", "title": "Model Name"},
            "passes": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Passes"},
        },
        "required": ["model_name"],
    }
    spec["components"]["schemas"]["WarmupResponse"] = {
        "title": "WarmupResponse",
        "type": "object",
        "properties": {"seconds": {"type": "number", "title": "Seconds"}},
        "required": ["seconds"],
    }
    spec["paths"]["/v1/model/warmup"] = {
        "post": {
            "summary": "Warmup Model",
            "description": "Runs the model once so the first request is fast.",
            "operationId": "warmup_model_v1_model_warmup_post",
            "parameters": [
                {"name": "x-admin-key", "in": "header", "required": False, "schema": {}}
            ],
            "requestBody": {
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/WarmupRequest"}}
                },
                "required": True,
            },
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/WarmupResponse"}
                        }
                    },
                }
            },
        }
    }
    spec["components"]["schemas"]["CompletionRequest"]["properties"]["seed"] = {
        "anyOf": [{"type": "integer"}, {"type": "null"}],
        "title": "Seed",
        "description": "Sampler seed.",
    }
    return spec


def test_a_new_operation_and_field_get_typed_methods_with_no_edit(tmp_path: Path) -> None:
    spec_path = tmp_path / "newer.json"
    spec_path.write_text(json.dumps(spec_with_a_new_operation_and_field()), encoding="utf-8")
    out = tmp_path / "out"
    result = run_generate(spec_path, out)
    assert "POST /v1/model/warmup is not in operations.yaml" in result.stderr
    usage = tmp_path / "usage.py"
    usage.write_text(
        "from tabby_ext import Tabby\n"
        "def use(client: Tabby) -> float:\n"
        "    client.completions.create(prompt='p', seed=3)\n"
        "    return client.models.warmup_model('m', passes=2).seconds\n"
        "def mistakes(client: Tabby) -> None:\n"
        "    client.completions.create(prompt='p', seed='3')\n"
        "    client.models.warmup_model(passes=2)\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": f"{out}:{ROOT}", "MYPYPATH": f"{out}:{ROOT}", "PATH": "/usr/bin:/bin"}
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(usage)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert sorted(re.findall(r"usage\.py:(\d+)", mypy.stdout)) == ["6", "7"], mypy.stdout
    script = """
import httpx, inspect, json, tabbyapi_client
from tabby_ext import Tabby
seen = []
def answer(request):
    seen.append((request.url.path, json.loads(request.content), request.headers.get("x-admin-key")))
    if request.url.path == "/v1/model/warmup":
        return httpx.Response(200, json={"seconds": 1.5})
    return httpx.Response(200, json={"id": "c", "object": "text_completion", "created": 1,
        "model": "m", "choices": [], "usage": None})
http = httpx.Client(transport=httpx.MockTransport(answer))
with Tabby(base_url="http://tabby.test", admin_key="a", http_client=http) as client:
    print(client.models.warmup_model("m", passes=2).seconds)
    client.completions.create(prompt="p", seed=3)
    print(inspect.signature(client.models.warmup_model).return_annotation)
print(json.dumps(seen))
print(tabbyapi_client.__file__)
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["1.5", "WarmupResponse"]
    assert json.loads(lines[2]) == [
        ["/v1/model/warmup", {"model_name": "m", "passes": 2}, "a"],
        ["/v1/completions", {"prompt": "p", "seed": 3}, None],
    ]
    assert lines[3].startswith(str(out))
