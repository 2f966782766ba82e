"""`tabby doctor`: one finding per line with a fix; a live spec that differs is explained."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from support.cli import ADMIN_KEY, API_KEY, Tabby

from tabby_ext.cli.config import Settings
from tabby_ext.cli.doctor import check_tls, compare_specs, operations, pinned_spec_path
from tabby_ext.testing import FakeTabbyServer

PINNED = Path(__file__).resolve().parents[2] / "openapi" / "tabbyapi.json"


def findings(run: Any) -> list[dict[str, Any]]:
    return json.loads(run.stdout)


def by_check(items: list[dict[str, Any]], check: str) -> list[dict[str, Any]]:
    return [f for f in items if f["check"] == check]


def test_all_good(tabby: Tabby) -> None:
    run = tabby("doctor")
    assert run.code == 0
    items = findings(run)
    assert {f["status"] for f in items} <= {"ok", "info"}
    assert [f["message"] for f in by_check(items, "keys")] == [
        "api key works, permission api",
        "admin key works, permission admin",
    ]
    assert by_check(items, "model")[0]["message"] == "Llama-3.1-8B-Instruct-exl3 is loaded"
    assert "is the one this client knows" in by_check(items, "spec")[0]["message"]
    assert "healthy" in by_check(items, "reachable")[0]["message"]


def test_human_output_is_one_line_per_finding_with_fixes(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    tabby("models", "unload")
    run = tabby("--table", "doctor")
    lines = run.stdout.splitlines()
    assert len(lines) == len(findings(tabby("doctor")))
    model = next(line for line in lines if " model: " in line)
    assert model.startswith("! model: no model is loaded") and model.endswith(
        "→ tabby models list, then tabby models load NAME"
    )


def test_a_server_with_an_api_this_client_does_not_know(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    live = json.loads(PINNED.read_text())
    pinned = copy.deepcopy(live)
    live["paths"]["/v1/experimental/rerank"] = {
        "post": {"requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": {"query": {"type": "string"}}
        }}}}}
    }  # fmt: skip
    del live["paths"]["/v1/token/decode"]
    load = live["components"]["schemas"]["ModelLoadRequest"]["properties"]
    load["kv_bits"] = {"type": "integer"}
    del load["vision"]
    server.inject("/openapi.json", status=200, body=live, times=None)

    run = tabby("doctor")
    assert run.code == 0  # warnings, not failures
    spec = {f["message"]: f["fix"] for f in by_check(findings(run), "spec")}
    assert spec == dict((f.message, f.fix) for f in compare_specs(live, pinned, server.url))
    new_op = "the server has POST /v1/experimental/rerank, which this client does not know"
    assert new_op in spec and "make generate" in spec[new_op]
    gone = (
        "this client knows POST /v1/token/decode, which the server does not have (an older"
        " TabbyAPI?): calling it is refused (404)"
    )
    assert gone in spec
    ignored = (
        "this client can send field 'vision' on POST /v1/model/load, which the server does not"
        " know: given, it is silently ignored: the server drops fields it does not know"
    )
    assert ignored in spec
    field = (
        "the server's POST /v1/model/load takes field 'kv_bits', which this client does not know"
    )
    assert field in spec and "extra_body={'kv_bits': ...}" in spec[field]
    assert len(spec) == 4
    human = tabby("--table", "doctor").stdout
    assert "! spec: the server has POST /v1/experimental/rerank" in human


def test_spec_fields_are_read_through_refs() -> None:
    spec = json.loads(PINNED.read_text())
    ops = operations(spec)
    assert {"model_name", "draft_model", "max_seq_len"} <= ops["POST /v1/model/load"].fields
    assert ops["GET /v1/models"].fields == set() and not ops["POST /v1/model/load"].strict
    assert pinned_spec_path() is not None


def test_refused_key_and_no_key(tabby: Tabby, server: FakeTabbyServer) -> None:
    run = tabby("--api-key", "not-the-key-1234", "--admin-key", ADMIN_KEY, "doctor", keys=False)
    assert run.code == 1
    keys = by_check(findings(run), "keys")
    assert keys[0]["status"] == "fail" and "401 Invalid API key" in keys[0]["message"]
    assert keys[1]["status"] == "ok"
    nokey = tabby("doctor", keys=False)
    assert nokey.code == 1
    assert "the server wants a key" in by_check(findings(nokey), "keys")[0]["message"]
    for text in (run.output, nokey.output):
        assert API_KEY not in text and ADMIN_KEY not in text


def test_unreachable_and_tls(tabby: Tabby, server: FakeTabbyServer) -> None:
    down = Tabby(None)("--max-retries", "0", "doctor", url="http://127.0.0.1:9")
    assert down.code == 1
    reach = by_check(findings(down), "reachable")[0]
    assert reach["status"] == "fail" and "--base-url" in reach["fix"]
    # https to a plain-HTTP server: the handshake fails; nothing else is tried.
    tls = Tabby(None)("--timeout", "0.5", "doctor", url=server.url.replace("http:", "https:"))
    assert tls.code == 1
    items = findings(tls)
    assert by_check(items, "tls")[0]["status"] == "fail"
    assert not by_check(items, "reachable")
    # Keys over plain http to another host (computed from the URL; nothing is sent).
    remote = Settings.resolve(base_url="http://tabby.example:5000", api_key=API_KEY)
    (warn,) = check_tls(remote.config)
    assert warn.status == "warn" and "clear text" in warn.message
    local = Settings.resolve(base_url="http://localhost:5000", api_key=API_KEY)
    assert list(check_tls(local.config)) == []


def test_settings_say_where_each_came_from_never_a_key(
    tabby: Tabby, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One settings table: the CLI's flags, the variables (a bearer token included), defaults."""
    monkeypatch.setenv("TABBY_BEARER_TOKEN", "bearer-secret-123")
    monkeypatch.setenv("TABBY_TIMEOUT", "33")
    run = tabby("doctor")
    settings = [f["message"] for f in by_check(findings(run), "settings")]
    assert f"base_url {tabby.server.url} (from --base-url)" in settings  # type: ignore[union-attr]
    assert "api_key set (from --api-key)" in settings
    assert "bearer_token set (from TABBY_BEARER_TOKEN)" in settings
    assert "timeout 33s (from TABBY_TIMEOUT)" in settings
    assert "strict_responses False (from default)" in settings
    assert "bearer-secret-123" not in run.output + run.stderr


def test_an_unhealthy_server_is_said_to_be_unhealthy(tabby: Tabby, server: FakeTabbyServer) -> None:
    """TabbyAPI answers 503 with its issues: that is an unhealthy TabbyAPI, not a wrong URL."""
    issue = {"time": "2026-12-05T10:00:00Z", "description": "CUDA error"}
    server.inject("/health", status=503, body={"status": "unhealthy", "issues": [issue]}, times=2)
    reach = by_check(findings(tabby("doctor")), "reachable")[0]
    assert reach["status"] == "warn" and "is unhealthy" in reach["message"]
    assert "CUDA error" in reach["message"] and reach["fix"] == "see the server's console"


def test_a_bad_setting_from_the_environment_is_a_usage_error(
    tabby: Tabby, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABBY_TIMEOUT", "-1")
    run = tabby("doctor")
    assert run.code == 2
    assert "TABBY_TIMEOUT must be a finite number of seconds > 0" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_rejected_key_given_as_a_flag_is_named_as_the_flag(tabby: Tabby) -> None:
    run = tabby("--api-key", "wrong-key-1234", "models", "show", keys=False)
    assert run.code == 1
    assert "(set by --api-key)" in run.stderr and "TABBY_API_KEY" not in run.stderr
    nokey = tabby("models", "show", keys=False)
    assert "(--api-key or TABBY_API_KEY)" in nokey.stderr
