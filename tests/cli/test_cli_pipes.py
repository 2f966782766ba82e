"""`tabby ... | head`: a reader that leaves early ends the command quietly, never in a traceback.

Each run is a real `tabby` process whose stdout is a pipe: either its reader is gone before the
command writes anything, or the test reads the first bytes of a slow stream and then closes it.
The command ends with 141 (128 + SIGPIPE, what a shell reports for a tool SIGPIPE ended), says
nothing about it on stderr, and a stream it was printing is closed at once (the generation
stops).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import ADMIN_KEY, API_KEY

from tabby_ext.testing import FakeTabbyServer

BROKEN_PIPE = 141
NOISE = ("Traceback", "BrokenPipe", "Broken pipe", "Exception ignored")


def start(
    server: FakeTabbyServer, *args: str, stdout: int, stdin: int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TABBY_")}
    env.update(TABBY_BASE_URL=server.url, TABBY_API_KEY=API_KEY, TABBY_ADMIN_KEY=ADMIN_KEY)
    return subprocess.Popen(
        [sys.executable, "-m", "tabby_ext.cli", *args],
        env=env,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


def run_with_reader_gone(
    server: FakeTabbyServer, *args: str, stdin: bytes = b""
) -> tuple[int, str]:
    """`tabby ARGS` writing into a pipe nobody reads any more; (exit code, stderr)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    child = start(server, *args, stdout=write_end, stdin=subprocess.PIPE)
    os.close(write_end)
    _, stderr = child.communicate(stdin, timeout=60)
    return child.returncode, stderr.decode()


@pytest.fixture
def batch_file(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"custom_id": "a", "url": "/v1/completions", "body": {"prompt": "x", "max_tokens": 2}}\n'
    )
    return source


@pytest.mark.parametrize(
    "args",
    [
        ["health"],
        ["models", "list"],
        ["--table", "models", "list"],
        ["models", "show"],
        ["tokens", "encode", "hello there"],
        ["call", "tokens.encode", "--text", "x"],
        ["call", "completions.create_stream", "--prompt", "x", "--max-tokens", "3"],
        ["complete", "x", "--max-tokens", "3"],
        ["--json", "complete", "x", "--max-tokens", "3"],
        ["chat", "hi", "--max-tokens", "3"],
        ["chat", "--max-tokens", "3"],
        ["doctor"],
        ["--help"],
        ["models", "load", "--help"],
        ["--version"],
        ["batch", "IN", "-o", "OUT"],
    ],
    ids=lambda args: " ".join(args),
)
def test_every_command_ends_quietly_when_its_reader_is_gone(
    server: FakeTabbyServer, batch_file: Path, args: list[str]
) -> None:
    args = [
        str(batch_file) if a == "IN" else str(batch_file.with_name("out.jsonl")) if a == "OUT"
        else a
        for a in args
    ]  # fmt: skip
    code, stderr = run_with_reader_gone(server, *args, stdin=b"hello\n")
    assert code == BROKEN_PIPE, stderr
    assert not [word for word in NOISE if word in stderr], stderr


@pytest.fixture
def slow_server() -> Iterator[FakeTabbyServer]:
    """A token every 50 ms: 400 tokens would take 20 s."""
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None, token_delay=0.05
    ) as srv:
        yield srv


MESSAGES = '[{"role": "user", "content": "hi"}]'


@pytest.mark.parametrize(
    "args",
    [
        ["complete", "x", "--max-tokens", "400"],
        ["--json", "complete", "x", "--max-tokens", "400"],
        ["chat", "hi", "--max-tokens", "400"],
        ["call", "chat.create_stream", "--messages", MESSAGES, "--max-tokens", "400"],
    ],
    ids=["complete", "complete --json", "chat PROMPT", "call chat.create_stream"],
)
def test_a_stream_piped_into_head_stops_at_once_and_quietly(
    slow_server: FakeTabbyServer, args: list[str]
) -> None:
    child = start(slow_server, *args, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    first = b""
    while b"tok0" not in first:  # what `head` reads before it leaves
        more = os.read(child.stdout.fileno(), 4096)
        assert more, child.stderr.read()
        first += more
    started = time.monotonic()
    child.stdout.close()
    code = child.wait(timeout=30)
    stderr = child.stderr.read().decode()
    child.stderr.close()
    assert code == BROKEN_PIPE, stderr
    assert not [word for word in NOISE if word in stderr], stderr
    assert time.monotonic() - started < 5  # not the 20 s the whole stream would take
