"""The plain `tabby` commands against the embedded server: output, requests sent, exit codes."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
from pathlib import Path

import pytest
from support.cli import ADMIN_KEY, API_KEY, Tabby, bodies

from tabby_ext._operations import operation_table
from tabby_ext.cli import call as call_module
from tabby_ext.cli.app import COMMANDS, root
from tabby_ext.cli.options import derive, fields_from
from tabby_ext.cli.parser import Parser
from tabby_ext.testing import FakeTabbyServer

CONTRACT = [
    "health",
    "models",
    "lora",
    "templates",
    "sampling",
    "tokens",
    "complete",
    "chat",
    "batch",
    "call",
    "doctor",
    "fake-server",
]


def test_help_lists_the_commands_and_every_one_has_help(tabby: Tabby) -> None:
    run = tabby("--help", keys=False)
    assert run.code == 0
    for name in CONTRACT:
        assert f"  {name} " in run.stdout
        assert tabby(name, "--help", keys=False).code == 0
    assert list(COMMANDS) == CONTRACT
    for group, subs in {
        "models": ["list", "show", "load", "unload", "download"],
        "lora": ["list", "load", "unload"],
        "templates": ["list", "use", "unload"],
        "sampling": ["list", "use", "unload"],
        "tokens": ["encode", "decode"],
    }.items():
        listing = tabby(group, "--help", keys=False).stdout
        for sub in subs:
            assert f"  {sub} " in listing, (group, sub)
            assert tabby(group, sub, "--help", keys=False).code == 0


def test_health_reports_status_permission_and_model(tabby: Tabby) -> None:
    report = tabby("health").json()
    assert report["status"] == "healthy"
    assert report["permission"] == "admin"
    assert report["model"] == "Llama-3.1-8B-Instruct-exl3"


def test_health_with_a_wrong_key_says_so_without_failing(tabby: Tabby) -> None:
    run = tabby("--api-key", "wrong-key-123456", "health", keys=False)
    assert run.code == 0
    report = run.json()
    assert report["permission"] is None
    assert "401" in report["permission_error"]


def test_models_list_show_unload_load(tabby: Tabby, server: FakeTabbyServer) -> None:
    ids = [m["id"] for m in tabby("models", "list").json()["data"]]
    assert ids == ["Llama-3.1-8B-Instruct-exl3", "Qwen3-4B-exl3"]
    assert tabby("models", "show").json()["id"] == "Llama-3.1-8B-Instruct-exl3"
    assert tabby("models", "unload").code == 0
    assert server.loaded_model is None
    shown = tabby("models", "show")
    assert shown.code == 1 and "503" in shown.stderr
    loaded = tabby("models", "load", "Qwen3-4B-exl3")
    assert loaded.code == 0
    assert loaded.json() == {"model_type": "model", "module": 4, "modules": 4, "status": "finished"}
    assert server.loaded_model == "Qwen3-4B-exl3"
    draft = [m["id"] for m in tabby("models", "list", "--draft").json()["data"]]
    assert draft == ["Llama-3.2-1B-Instruct-exl3"]


def test_models_load_sends_the_derived_options_typed(tabby: Tabby, server: FakeTabbyServer) -> None:
    tabby("models", "unload")
    run = tabby(
        "models", "load", "Qwen3-4B-exl3",
        "--max-seq-len", "2048",
        "--gpu-split", "20,24.5",
        "--gpu-split", "8",
        "--rope-alpha", "auto",
        "--rope-scale", "1.5",
        "--no-output-chunking",
        "--cache-mode", "Q8",
        "--draft-model", '{"draft_model_name": "Llama-3.2-1B-Instruct-exl3"}',
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert bodies(server, "/v1/model/load")[-1] == {
        "model_name": "Qwen3-4B-exl3",
        "max_seq_len": 2048,
        "gpu_split": [20, 24.5, 8],
        "rope_alpha": "auto",
        "rope_scale": 1.5,
        "output_chunking": False,
        "cache_mode": "Q8",
        "draft_model": {"draft_model_name": "Llama-3.2-1B-Instruct-exl3"},
    }
    assert tabby("models", "unload").code == 0
    assert tabby("models", "load", "Qwen3-4B-exl3", "--rope-alpha", "2.5").code == 0
    assert bodies(server, "/v1/model/load")[-1]["rope_alpha"] == 2.5


def test_bad_option_values_are_usage_errors(tabby: Tabby, server: FakeTabbyServer) -> None:
    for args in (
        ["--max-seq-len", "lots"],
        ["--rope-alpha", "sometimes"],
        ["--gpu-split", "a,b"],
        ["--draft-model", "[1, 2]"],
        ["--draft-model", "{not json"],
    ):
        run = tabby("models", "load", "Qwen3-4B-exl3", *args)
        assert run.code == 2, args
        assert "Traceback" not in run.output
    assert bodies(server, "/v1/model/load") == []


def test_models_download(tabby: Tabby) -> None:
    run = tabby("models", "download", "turboderp/Llama-3.2-1B-Instruct-exl3", "--revision", "main")
    assert run.code == 0
    assert run.json()["download_path"].endswith("Llama-3.2-1B-Instruct-exl3")
    failed = tabby("models", "download", "nobody/nothing")
    assert failed.code == 1 and "400" in failed.stderr


def test_lora_load_parses_name_and_scaling(tabby: Tabby, server: FakeTabbyServer) -> None:
    assert tabby("lora", "load", "tabby-style-lora:0.5").code == 0
    assert bodies(server, "/v1/lora/load")[-1] == {
        "loras": [{"name": "tabby-style-lora", "scaling": 0.5}]
    }
    listing = tabby("lora", "list").json()
    assert [item["id"] for item in listing["data"]] == ["tabby-style-lora"]
    partly = tabby("lora", "load", "tabby-style-lora", "missing-lora")
    assert partly.code == 1
    assert "missing-lora" in partly.stderr
    assert tabby("lora", "unload").code == 0


def test_templates_and_sampling(tabby: Tabby, server: FakeTabbyServer) -> None:
    assert tabby("templates", "list").json()["data"] == ["chatml", "llama3", "alpaca"]
    assert tabby("templates", "use", "alpaca").code == 0
    assert bodies(server, "/v1/template/switch")[-1] == {"prompt_template_name": "alpaca"}
    assert tabby("templates", "unload").code == 0
    assert tabby("sampling", "use", "precise").code == 0
    assert tabby("sampling", "list").json()["selected_preset"] == "precise"
    assert tabby("sampling", "use", "--overrides", '{"top_k": {"override": 5}}').code == 0
    assert bodies(server, "/v1/sampling/override/switch")[-1] == {
        "overrides": {"top_k": {"override": 5}}
    }
    assert tabby("sampling", "use").code == 2
    assert tabby("sampling", "unload").code == 0


def test_tokens_encode_decode(tabby: Tabby) -> None:
    encoded = tabby("tokens", "encode", "hello tabby").json()
    assert encoded["length"] == len(encoded["tokens"]) == 3
    decoded = tabby("tokens", "decode", *map(str, encoded["tokens"]), "--no-decode-special-tokens")
    assert decoded.code == 0
    assert "hello tabby" in decoded.json()["text"]


def test_complete_streams_text_and_repeatable_stops(tabby: Tabby, server: FakeTabbyServer) -> None:
    run = tabby("complete", "Once upon", "--max-tokens", "5")
    assert run.code == 0
    assert run.stdout == "tok0 tok1 tok2 tok3 tok4\n"
    stopped = tabby("complete", "x", "--max-tokens", "9", "--stop", "tok3", "--stop", "tok2")
    assert stopped.stdout == "tok0 tok1 \n"
    body = bodies(server, "/v1/completions")[-1]
    assert body["stop"] == ["tok3", "tok2"] and body["stream"] is True
    single = tabby("complete", "x", "--max-tokens", "9", "--stop", "tok4")
    assert single.stdout == "tok0 tok1 tok2 tok3 \n"
    assert bodies(server, "/v1/completions")[-1]["stop"] == "tok4"


def test_complete_json_prints_one_chunk_per_line(tabby: Tabby) -> None:
    run = tabby("--json", "complete", "x", "--max-tokens", "3")
    chunks = [json.loads(line) for line in run.stdout.splitlines()]
    assert "".join(c["choices"][0]["text"] for c in chunks) == "tok0 tok1 tok2"


def test_complete_without_max_tokens_names_the_fix(tabby: Tabby, server: FakeTabbyServer) -> None:
    server.inject(
        "/v1/completions", inband_error="Completion aborted. Please check the server console."
    )
    run = tabby("complete", "x")
    assert run.code == 1
    assert "--max-tokens" in run.stderr and "mid-stream" in run.stderr


def test_chat_prompt_answer_on_stdout_reasoning_apart(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    tabby("models", "load", "Qwen3-4B-exl3")  # a reasoning model
    run = tabby("chat", "hi", "--system", "be brief", "--max-tokens", "6")  # 3 of them thinking
    assert run.code == 0
    assert run.stdout == "tok0 tok1 tok2\n"
    assert "think0" in run.stderr and "think0" not in run.stdout
    assert bodies(server, "/v1/chat/completions")[-1]["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"},
    ]
    hidden = tabby("chat", "hi", "--max-tokens", "6", "--hide-reasoning")
    assert "think" not in hidden.output


def test_chat_reads_stdin_for_dash(tabby: Tabby, server: FakeTabbyServer) -> None:
    run = tabby("chat", "-", "--max-tokens", "2", input="from stdin\n")
    assert run.code == 0
    assert bodies(server, "/v1/chat/completions")[-1]["messages"][-1]["content"] == "from stdin\n"


def test_chat_without_prompt_on_a_pipe_answers_each_line(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    run = tabby("chat", "--max-tokens", "2", input="first\nsecond\n")
    assert run.code == 0
    assert run.stdout.count("tok0 tok1") == 2
    last = bodies(server, "/v1/chat/completions")[-1]["messages"]
    assert [m["role"] for m in last] == ["user", "assistant", "user"]


# --- call --------------------------------------------------------------------------------


def test_call_names_an_operation_three_ways(tabby: Tabby, server: FakeTabbyServer) -> None:
    for name in (
        "tokens.encode",
        "encode_tokens",
        "POST /v1/token/encode",
        "post /v1/token/encode",
    ):
        run = tabby("call", name, "--text", "hi there")
        assert run.code == 0, (name, run.stderr)
        assert run.json()["length"] == 3
    assert bodies(server, "/v1/token/encode") == [{"text": "hi there"}] * 4


def test_call_body_with_options_on_top(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    body = tmp_path / "body.json"
    body.write_text('{"text": "a b", "add_bos_token": false}')
    assert tabby("call", "tokens.encode", "--body", f"@{body}", "--add-bos-token").code == 0
    assert bodies(server, "/v1/token/encode")[-1] == {"text": "a b", "add_bos_token": True}
    assert tabby("call", "tokens.encode", "--body", "-", input='{"text": "z"}').code == 0
    assert bodies(server, "/v1/token/encode")[-1] == {"text": "z"}


def test_call_route_alias_and_streams(tabby: Tabby, server: FakeTabbyServer) -> None:
    alias = tabby("call", "GET /v1/model/list")
    assert alias.code == 0 and len(alias.json()["data"]) == 2
    assert server.requests[-1].path == "/v1/models"  # through the canonical operation
    streamed = tabby("call", "completions.create_stream", "--prompt", "x", "--max-tokens", "2")
    lines = [json.loads(line) for line in streamed.stdout.splitlines()]
    assert [c["choices"][0]["text"] for c in lines] == ["tok0", " tok1", ""]
    loaded = tabby("call", "models.load", "--model-name", "Qwen3-4B-exl3")
    assert loaded.json()["status"] == "finished"


def test_call_errors_are_usage_errors(tabby: Tabby, server: FakeTabbyServer) -> None:
    unknown = tabby("call", "tokens.encod")
    assert unknown.code == 2 and "'tokens.encode'" in unknown.stderr
    missing = tabby("call", "tokens.encode")
    assert missing.code == 2 and "--text" in missing.stderr
    typo = tabby("call", "completions.create", "--body", '{"prompt": "x", "max_tokn": 3}')
    assert typo.code == 2 and "did you mean 'max_tokens'" in typo.stderr
    assert "Traceback" not in typo.output
    assert bodies(server, "/v1/completions") == []


def test_call_extra_body_sends_unknown_fields(tabby: Tabby, server: FakeTabbyServer) -> None:
    run = tabby("call", "tokens.encode", "--text", "x", "--extra-body", '{"future_field": 1}')
    assert run.code == 0
    assert bodies(server, "/v1/token/encode")[-1] == {"text": "x", "future_field": 1}


def test_call_reaches_every_operation_with_every_field() -> None:
    table = operation_table()
    call = root().commands["call"].fill()
    for op in table.operations:
        spellings = [op.name, op.key, *(f"{op.tag}.{m}" for m in op.facade_methods)]
        for spelling in spellings:
            found = call_module.resolve(spelling)
            assert found is not None, spelling
            target, method, _ = found
            assert method in target.facade_methods
            assert op.alias_of in (None, target.key)
        listed = call_module.resolve(op.key)[2]  # type: ignore[index]
        command = call.commands[listed].fill()
        options = set(command._option_string_actions)
        stream_field = op.stream.field if op.stream else None
        for field in op.request_fields:
            if field != stream_field:
                assert "--" + field.replace("_", "-") in options, (op.key, field)


def load_parser(op: object) -> Parser:
    return derive(Parser(prog="load"), lambda: op, arguments="")  # type: ignore[arg-type,return-value]


def test_a_new_spec_field_becomes_an_option_without_a_cli_edit() -> None:
    op = operation_table().by_key["POST /v1/model/load"]
    grown = dataclasses.replace(
        op,
        request_fields=(*op.request_fields, "kv_quant", "experts"),
        fields={
            **op.fields,
            "kv_quant": {
                "types": ["string"],
                "choices": ["q4", "q8"],
                "description": "KV bits",
                "nullable": True,
            },
            "experts": {
                "types": ["array"],
                "items": ["integer"],
                "description": "",
                "nullable": True,
            },
        },
    )
    command = load_parser(grown)
    args = command.parse_args(["--model-name", "m", "--kv-quant", "q8", "--experts", "1,2"])
    assert fields_from(args) == {"model_name": "m", "kv_quant": "q8", "experts": [1, 2]}
    stderr = io.StringIO()
    with pytest.raises(SystemExit) as refused, contextlib.redirect_stderr(stderr):
        command.parse_args(["--model-name", "m", "--kv-quant", "q5"])
    assert refused.value.code == 2 and "--kv-quant" in stderr.getvalue()
    assert "KV bits" in command.format_help()
    assert len(command.fields) == len(load_parser(op).fill().fields) + 2


# --- config, output, exit codes, keys ----------------------------------------------------


def test_config_flags_then_environment_then_default(
    tabby: Tabby, server: FakeTabbyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABBY_BASE_URL", server.url)
    monkeypatch.setenv("TABBY_API_KEY", "wrong-env-key-1234")
    monkeypatch.setenv("TABBY_ADMIN_KEY", ADMIN_KEY)
    env_only = Tabby(None)
    assert env_only("models", "unload", keys=False).code == 0  # admin key from the environment
    assert "401" in env_only("tokens", "encode", "x", keys=False).stderr  # env api key is wrong
    flagged = env_only("--api-key", API_KEY, "tokens", "encode", "x", keys=False)
    assert flagged.code == 1 and "503" in flagged.stderr  # the flag's key got through
    elsewhere = env_only("--base-url", "http://127.0.0.1:9", "health", keys=False)
    assert elsewhere.code == 1 and "http://127.0.0.1:9" in elsewhere.stderr
    monkeypatch.delenv("TABBY_BASE_URL")
    default = env_only("--timeout", "0.5", "--max-retries", "0", "health", keys=False)
    assert "http://127.0.0.1:5000" in default.stderr


def test_global_options_also_at_the_end_of_the_command(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    table = tabby("templates", "list", "--table")
    assert table.code == 0 and "┃" in table.stdout
    env_only = Tabby(None)
    given = ["tokens", "encode", "x", "--base-url", server.url]
    run = env_only(*given, "--api-key", API_KEY, keys=False)
    assert run.code == 0 and run.json()["length"] == 2  # both options reached the client
    refused = env_only(*given, keys=False)
    assert refused.code == 1 and "401" in refused.stderr
    verbose = tabby("models", "show", "-v")
    assert verbose.code == 0 and "/v1/model" in verbose.stderr  # the request log
    # A request field of that name wins: POST /v1/download has `timeout`.
    download = tabby("models", "download", "--help").stdout
    assert "--timeout" in download.split("request fields", 1)[1]
    extra = tabby("models", "list", "surplus")
    assert extra.code == 2 and "tabby models list: error: unrecognized arguments" in extra.stderr


def test_json_off_a_terminal_and_tables_on_request(tabby: Tabby) -> None:
    assert tabby("templates", "list").json()["data"][0] == "chatml"
    table = tabby("--table", "templates", "list")
    assert "chatml" in table.stdout and "┃" in table.stdout
    with pytest.raises(ValueError):
        json.loads(table.stdout)


def test_exit_codes_and_one_line_errors(tabby: Tabby, server: FakeTabbyServer) -> None:
    server.inject("/v1/model", status=500, body="Internal Server Error", times=None)
    failed = tabby("--max-retries", "0", "models", "show")
    assert failed.code == 1
    assert failed.stderr.strip().splitlines() == [
        "error: the server answered 500 Internal Server Error"
    ]
    verbose = tabby("--max-retries", "0", "-v", "models", "show")
    assert verbose.code == 1 and "Traceback" in verbose.stderr
    unreachable = Tabby(None)("--max-retries", "0", "health", url="http://127.0.0.1:9")
    assert unreachable.code == 1 and len(unreachable.stderr.strip().splitlines()) == 1
    assert tabby("models", "load").code == 2  # NAME missing
    assert tabby("modles").code == 2 and "models" in tabby("modles").stderr


def test_keys_never_appear_in_help_output_errors_or_logs(
    tabby: Tabby, server: FakeTabbyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABBY_API_KEY", API_KEY)
    monkeypatch.setenv("TABBY_ADMIN_KEY", ADMIN_KEY)
    runs = [
        tabby("--help", keys=False),
        tabby("models", "load", "--help"),
        tabby("-v", "health"),
        tabby("-v", "--admin-key", "x" * 20, "models", "unload", keys=False),
        tabby("--table", "doctor"),
        tabby("doctor"),
        tabby("health", API_KEY),  # a key given as an argument by mistake: a usage error
        tabby("modles", "--admin-key", ADMIN_KEY),
    ]
    server.inject("/v1/model", status=401, body={"detail": f"Invalid API key {API_KEY}"})
    runs.append(tabby("-v", "models", "show"))
    for run in runs:
        assert API_KEY not in run.output and ADMIN_KEY not in run.output, run.output
    assert any("Traceback" in run.stderr for run in runs)  # --verbose did log


@pytest.mark.parametrize("value", ["-1", "0", "inf", "-inf", "nan", "NaN", "soon", "1e400"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_a_usage_error(
    tabby: Tabby, server: FakeTabbyServer, value: str
) -> None:
    for args in ([f"--timeout={value}", "health"], ["health", f"--timeout={value}"]):
        run = tabby(*args)
        assert run.code == 2, run.output
        assert "argument --timeout" in run.stderr and "> 0" in run.stderr
        assert "Traceback" not in run.output
    assert server.requests == []


def test_a_positive_timeout_is_the_clients(tabby: Tabby, server: FakeTabbyServer) -> None:
    server.inject("/health", delay_headers=0.5, times=None)
    slow = tabby("--timeout", "0.1", "--max-retries", "0", "health")
    assert slow.code == 1 and "timed out" in slow.stderr.lower()
    assert tabby("--timeout", "2.5", "health").code == 0


def test_an_any_typed_option_takes_json_only(tabby: Tabby, server: FakeTabbyServer) -> None:
    """`--json-schema` (any JSON) fell back to sending invalid JSON as a string."""
    for value in ('{"type": "object",}', "{oops", "object", ""):
        run = tabby("complete", "x", "--max-tokens", "2", "--json-schema", value)
        assert run.code == 2, value
        assert "argument --json-schema" in run.stderr and "not valid JSON" in run.stderr
        assert "Traceback" not in run.output
    assert bodies(server, "/v1/completions") == []
    for value, sent in (
        ('{"type": "object"}', {"type": "object"}),
        ('"a JSON string"', "a JSON string"),
        ("true", True),
    ):
        assert tabby("complete", "x", "--max-tokens", "2", "--json-schema", value).code == 0
        assert bodies(server, "/v1/completions")[-1]["json_schema"] == sent


def test_string_or_json_options_still_take_a_bare_word(
    tabby: Tabby, server: FakeTabbyServer
) -> None:
    parameters = {"type": "object", "properties": {}}
    tool = {
        "type": "function",
        "function": {"name": "f", "description": "F", "parameters": parameters},
    }
    choice = {"type": "function", "function": {"name": "f"}}
    for value, sent in (("auto", "auto"), (json.dumps(choice), choice)):
        run = tabby(
            "call", "chat.create", "--messages", '[{"role": "user", "content": "hi"}]',
            "--tools", json.dumps([tool]), "--tool-choice", value, "--max-tokens", "2",
        )  # fmt: skip
        assert run.code == 0, run.stderr
        assert bodies(server, "/v1/chat/completions")[-1]["tool_choice"] == sent
    refused = tabby("call", "chat.create", "--messages", "[]", "--tool-choice", "sometimes")
    assert refused.code == 2 and "--tool-choice" in refused.stderr
    assert tabby("complete", "x", "--max-tokens", "2", "--stop", "{not json").code == 0
    assert bodies(server, "/v1/completions")[-1]["stop"] == "{not json"
