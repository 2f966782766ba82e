"""`tabby` in a real pseudo-terminal: the chat REPL, progress bars, tables and Ctrl-C."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from support.cli import ADMIN_KEY, API_KEY, bodies

from tabby_ext.testing import FakeModel, FakeTabbyServer

PROMPT = "you> "


@pytest.fixture
def slow_server() -> Iterator[FakeTabbyServer]:
    """Tokens (and model modules) every 50 ms: time to press Ctrl-C mid-way."""
    models = [FakeModel("Llama-3.1-8B-Instruct-exl3"), FakeModel("Big-exl3", modules=60)]
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None, token_delay=0.05, models=models
    ) as srv:
        yield srv


def spawn(server: FakeTabbyServer, *args: str, history: Path | None = None) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TABBY_")}
    env.update(
        TABBY_BASE_URL=server.url,
        TABBY_API_KEY=API_KEY,
        TABBY_ADMIN_KEY=ADMIN_KEY,
        TERM="xterm-256color",
        COLUMNS="100",
    )
    if history is not None:
        env["TABBY_HISTORY_FILE"] = str(history)
    return pexpect.spawn(
        sys.executable,
        ["-m", "tabby_ext.cli", *args],
        env=env,
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=15,
    )


def finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    return output, child.exitstatus if child.exitstatus is not None else -child.signalstatus


def test_repl_keeps_the_conversation_and_its_history(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    history = tmp_path / "history"
    saved = tmp_path / "conversation.json"
    child = spawn(server, "chat", "--max-tokens", "4", "--system", "be brief", history=history)
    child.expect("Llama-3.1-8B-Instruct-exl3")
    child.expect(PROMPT)
    child.sendline("hello")
    child.expect("tok0 tok1 tok2 tok3")
    child.expect(PROMPT)
    child.sendline('"""')
    child.sendline("line one")
    child.sendline('line two"""')
    child.expect("tok0 tok1 tok2 tok3")
    child.expect(PROMPT)
    child.sendline("/system be verbose")
    child.expect("System message set")
    child.expect(PROMPT)
    child.sendline(f"/save {saved}")
    child.expect("Saved 5 messages")
    child.expect(PROMPT)
    child.sendline("/model")
    child.expect("Model: Llama-3.1-8B-Instruct-exl3")
    child.expect(PROMPT)
    child.sendline("/clear")
    child.expect("Conversation cleared")
    child.expect(PROMPT)
    child.sendline("again")
    child.expect(PROMPT)
    child.sendeof()
    _, code = finish(child)
    assert code == 0

    sent = bodies(server, "/v1/chat/completions")
    assert sent[1]["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "tok0 tok1 tok2 tok3"},
        {"role": "user", "content": "line one\nline two"},
    ]
    assert sent[2]["messages"] == [
        {"role": "system", "content": "be verbose"},
        {"role": "user", "content": "again"},
    ]
    conversation = json.loads(saved.read_text())["messages"]
    assert [m["role"] for m in conversation] == [
        "system", "user", "assistant", "user", "assistant"
    ]  # fmt: skip
    assert "hello" in history.read_text().splitlines()
    assert stat.S_IMODE(history.stat().st_mode) == 0o600

    # A new session recalls the last one's input: up-arrow, Enter sends "again" once more.
    child = spawn(server, "chat", "--max-tokens", "2", history=history)
    child.expect(PROMPT)
    child.send("\x1b[A\r")
    child.expect("tok0 tok1")
    child.expect(PROMPT)
    child.sendline("/exit")
    assert finish(child)[1] == 0
    assert bodies(server, "/v1/chat/completions")[-1]["messages"] == [
        {"role": "user", "content": "again"}
    ]


def test_repl_shows_reasoning_dim_and_apart(server: FakeTabbyServer, tmp_path: Path) -> None:
    child = spawn(server, "chat", "--max-tokens", "5", history=tmp_path / "h")
    child.expect(PROMPT)
    child.sendline("/model Qwen3-4B-exl3")
    child.expect("Loaded Qwen3-4B-exl3")
    child.expect(PROMPT)
    child.sendline("think first")
    child.expect(PROMPT)
    answer = child.before
    assert "\x1b[2mthink0" in answer
    assert answer.index("think2") < answer.index("\r\n\r\ntok0 tok1")
    child.sendeof()
    assert finish(child)[1] == 0


def test_repl_ctrl_c_stops_the_answer_and_keeps_it(
    slow_server: FakeTabbyServer, tmp_path: Path
) -> None:
    child = spawn(slow_server, "chat", "--max-tokens", "200", history=tmp_path / "h")
    child.expect(PROMPT)
    child.sendline("long answer please")
    child.expect("tok3")
    child.sendintr()
    child.expect("partial answer is kept")
    child.expect(PROMPT)
    child.sendline("next")
    child.expect("tok1")
    child.sendintr()
    child.expect(PROMPT)
    child.sendeof()
    assert finish(child)[1] == 0
    second = bodies(slow_server, "/v1/chat/completions")[1]["messages"]
    assert [m["role"] for m in second] == ["user", "assistant", "user"]
    kept = second[1]["content"]
    assert kept.startswith("tok0 tok1 tok2 tok3") and "tok199" not in kept


def test_ctrl_c_during_a_completion_stops_it_and_keeps_the_text(
    slow_server: FakeTabbyServer,
) -> None:
    child = spawn(slow_server, "complete", "x", "--max-tokens", "200")
    child.expect("tok5")
    child.sendintr()
    output, code = finish(child)
    assert code == 130
    assert "generation was stopped" in output
    assert "tok199" not in output


def test_model_load_draws_a_bar_per_model_draft_first(server: FakeTabbyServer) -> None:
    child = spawn(
        server,
        "models",
        "load",
        "Qwen3-4B-exl3",
        "--draft-model",
        '{"draft_model_name": "Llama-3.2-1B-Instruct-exl3"}',
    )
    output, code = finish(child)
    assert code == 0
    draft, model = output.index("draft  Llama-3.2-1B"), output.index("model  Qwen3-4B-exl3")
    assert draft < model
    assert "3/3" in output and "4/4" in output and "modules" in output
    assert "0:00:0" in output  # elapsed time
    assert "Loaded Qwen3-4B-exl3." in output
    assert server.loaded_model == "Qwen3-4B-exl3"


def test_ctrl_c_during_a_load_says_it_goes_on(slow_server: FakeTabbyServer) -> None:
    child = spawn(slow_server, "models", "load", "Big-exl3")
    child.expect("/60")
    child.sendintr()
    output, code = finish(child)
    assert code == 130
    assert "goes on on the server" in output
    assert "Loaded" not in output


def test_download_spinner_and_tables_on_a_terminal(server: FakeTabbyServer) -> None:
    server.inject("/v1/download", delay_headers=0.6)
    child = spawn(server, "models", "download", "turboderp/Llama-3.2-1B-Instruct-exl3")
    output, code = finish(child)
    assert code == 0
    assert "Downloading turboderp/Llama-3.2-1B-Instruct-exl3" in output and "0:00:00" in output
    assert "Downloaded turboderp/Llama-3.2-1B-Instruct-exl3 to" in output
    output, code = finish(spawn(server, "models", "list"))
    assert code == 0
    assert "┏━" in output and "●" in output  # a table, not JSON, on a terminal
    assert "Llama-3.1-8B-Instruct-exl3" in output
