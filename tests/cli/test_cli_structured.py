"""`tabby chat --schema FILE`: the validated JSON, or exit 1; `tabby call` takes JSON values from
files (`@file.json`), structured fields included."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import Tabby, bodies

from tabby_ext.testing import FakeTabbyServer

CHAT = "/v1/chat/completions"
SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer", "minimum": 1}},
    "required": ["city", "population"],
}


def test_chat_schema_prints_the_validated_json(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    schema = tmp_path / "city.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    run = tabby("chat", "--schema", str(schema), "--max-tokens", "50", "Largest city?")
    assert run.code == 0, run.stderr
    assert run.json() == {"city": "tok0", "population": 1}
    (sent,) = bodies(server, CHAT)
    assert sent["json_schema"] == SCHEMA and sent["max_tokens"] == 50
    assert sent["messages"] == [{"role": "user", "content": "Largest city?"}]
    again = tabby("chat", "--schema", f"@{schema}", "--system", "Be brief.", "x")
    assert again.code == 0 and bodies(server, CHAT)[-1]["messages"][0]["role"] == "system"


def test_chat_schema_exits_1_when_the_answer_does_not_validate(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    schema = tmp_path / "city.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    server.inject(CHAT, ignore_schema=True)
    run = tabby("chat", "--schema", str(schema), "x")
    assert run.code == 1 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0] == "the answer: " + " ".join(f"tok{i}" for i in range(16))
    assert lines[1].startswith("error: chat.parse: the answer does not fit response: the answer")


def test_chat_schema_usage_errors(tabby: Tabby, server: FakeTabbyServer, tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    cases = {
        ("chat", "--schema", str(schema)): "--schema needs a PROMPT",
        ("chat", "--schema", str(schema), "--json-schema", "{}", "x"): "drop --json-schema",
        ("chat", "--schema", str(tmp_path / "missing.json"), "x"): "cannot read",
        ("chat", "--schema", "-", "x"): "--schema is not valid JSON",
    }
    for args, words in cases.items():
        run = tabby(*args, input="nope")
        assert run.code == 2 and words in run.stderr, (args, run.stderr)
    bad = tmp_path / "bad.json"
    bad.write_text('{"type": "nope"}', encoding="utf-8")
    refused = tabby("chat", "--schema", str(bad), "x")
    assert refused.code == 2 and "not a valid JSON Schema" in refused.stderr
    assert bodies(server, CHAT) == []


def test_call_takes_json_values_from_files(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    messages = tmp_path / "messages.json"
    messages.write_text(json.dumps([{"role": "user", "content": "hi"}]), encoding="utf-8")
    response_format = tmp_path / "format.json"
    response_format.write_text(json.dumps({"type": "json_object"}), encoding="utf-8")
    run = tabby(
        "call",
        "chat.create",
        "--messages",
        f"@{messages}",
        "--response-format",
        f"@{response_format}",
    )
    assert run.code == 0, run.stderr
    assert run.json()["choices"][0]["message"]["content"] == "{}"
    (sent,) = bodies(server, CHAT)
    assert sent["messages"] == [{"role": "user", "content": "hi"}]
    assert sent["response_format"] == {"type": "json"}  # OpenAI's JSON mode, as TabbyAPI's
