"""`tabby batch` and `tabby_ext.batch.run_batch`: OpenAI's output shape, bad lines, no loss.

The kill tests run the CLI in a subprocess, kill it (SIGKILL, SIGINT) mid-run, run it again
with the same output and check every custom_id is there exactly once in valid JSONL.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.cli import ADMIN_KEY, API_KEY, Tabby

from tabby_ext import AsyncTabby
from tabby_ext.batch import BatchProblem, default_concurrency, repair_output, run_batch
from tabby_ext.testing import FakeTabbyServer


def chat_line(custom_id: str, text: str = "hi", **body: Any) -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"messages": [{"role": "user", "content": text}], "max_tokens": 3, **body},
    }


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    )
    return path


def read_output(path: Path) -> list[dict[str, Any]]:
    """Every line of a result file, which must be valid JSONL (each line one object)."""
    text = path.read_text()
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def batch(server: FakeTabbyServer, source: Path, output: Path, **kw: Any) -> Any:
    async with AsyncTabby(
        base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, max_retries=0
    ) as client:
        return await run_batch(source, output, client=client, **kw)


def test_results_have_openai_batch_output_shape(server: FakeTabbyServer, tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            chat_line("chat-1"),
            {
                "custom_id": "cmpl-1",
                "url": "/v1/completions",
                "body": {"prompt": "x", "max_tokens": 2},
            },
            {
                "custom_id": "emb-1",
                "method": "POST",
                "url": "/v1/embeddings",
                "body": {"input": "x"},
            },
            chat_line("too-long", "word " * 6000),
        ],
    )
    output = tmp_path / "out.jsonl"
    summary = run(batch(server, source, output))
    assert (summary.succeeded, summary.failed, summary.complete) == (3, 1, True)
    results = {r["custom_id"]: r for r in read_output(output)}
    assert set(results) == {"chat-1", "cmpl-1", "emb-1", "too-long"}
    for record in results.values():
        assert set(record) == {"id", "custom_id", "response", "error"}
        assert record["id"].startswith("batch_req_")
    chat = results["chat-1"]
    assert chat["error"] is None
    assert chat["response"]["status_code"] == 200
    assert chat["response"]["request_id"] == chat["response"]["body"]["id"]
    assert chat["response"]["body"]["choices"][0]["message"]["content"] == "tok0 tok1 tok2"
    assert chat["response"]["body"]["usage"]["completion_tokens"] == 3  # usage asked for
    assert results["cmpl-1"]["response"]["body"]["choices"][0]["text"] == "tok0 tok1"
    refused = results["too-long"]["response"]
    assert refused["status_code"] == 400
    assert refused["body"]["error"]["code"] == "context_length_exceeded"
    assert len({r["id"] for r in results.values()}) == 4
    assert summary.tokens >= 5


def test_bad_lines_are_reported_by_number_and_skipped(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            chat_line("a"),
            "not json",
            {"custom_id": "b", "url": "/v1/nowhere", "body": {}},
            "",
            chat_line("a"),
            {"url": "/v1/completions", "body": {"prompt": "x"}},
            chat_line("c", stream=True),
            chat_line("d", tools=[None]),
            chat_line("e"),
        ],
    )
    problems: list[BatchProblem] = []
    summary = run(batch(server, source, tmp_path / "out.jsonl", on_problem=problems.append))
    assert [(p.line, p.custom_id) for p in problems] == [
        (2, None), (3, "b"), (5, "a"), (6, None), (7, "c"), (8, "d")
    ]  # fmt: skip
    assert "field 'tools'" in problems[-1].message
    assert "duplicate" in problems[2].message
    assert summary.succeeded == 2 and not summary.complete
    assert sorted(r["custom_id"] for r in read_output(tmp_path / "out.jsonl")) == ["a", "e"]


def test_rerun_skips_done_ids_and_repairs_a_torn_line(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write_lines(tmp_path / "in.jsonl", [chat_line(f"r{i}") for i in range(6)])
    output = tmp_path / "out.jsonl"
    first = run(
        batch(
            server, write_lines(tmp_path / "part.jsonl", [chat_line("r0"), chat_line("r1")]), output
        )
    )
    assert first.succeeded == 2
    with output.open("a") as handle:
        handle.write('{"id": "batch_req_x", "custom_id": "r2", "respo')  # a killed write
    assert repair_output(output) == {"r0", "r1"}
    second = run(batch(server, source, output))
    assert (second.skipped, second.succeeded) == (2, 4)
    ids = [r["custom_id"] for r in read_output(output)]
    assert sorted(ids) == [f"r{i}" for i in range(6)]
    sent = [
        json.loads(r.body)["messages"][0]["content"]
        for r in server.requests
        if r.path == "/v1/chat/completions"
    ]
    assert len(sent) == 6  # nothing done twice


def test_unanswered_requests_are_not_written_and_retried_next_run(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write_lines(tmp_path / "in.jsonl", [chat_line("x"), chat_line("y")])
    output = tmp_path / "out.jsonl"
    server.inject("/v1/chat/completions", truncated_chunked=True, times=1)
    first = run(batch(server, source, output, concurrency=1))
    assert [p.custom_id for p in first.unsent] == ["x"] and first.succeeded == 1
    assert [r["custom_id"] for r in read_output(output)] == ["y"]
    second = run(batch(server, source, output))
    assert second.complete and second.succeeded == 1
    assert sorted(r["custom_id"] for r in read_output(output)) == ["x", "y"]


def test_concurrency_defaults_to_the_models_max_batch_size(server: FakeTabbyServer) -> None:
    async def check() -> tuple[int, int]:
        async with AsyncTabby(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY) as client:
            loaded = await default_concurrency(client)
            await client.models.unload()
            return loaded, await default_concurrency(client)

    assert run(check()) == (1, 4)  # the fake model reports max_batch_size 1; none loaded: 4


def test_cli_batch_summary_and_exit_codes(tabby: Tabby, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [chat_line("a"), chat_line("b")])
    output = tmp_path / "out.jsonl"
    done = tabby("batch", str(source), "-o", str(output), "--concurrency", "2")
    assert done.code == 0
    assert json.loads(done.stdout)["succeeded"] == 2
    again = tabby("batch", str(source), "-o", str(output))
    assert again.code == 0 and "already" in again.stderr
    assert json.loads(again.stdout)["skipped"] == 2
    bad = write_lines(tmp_path / "bad.jsonl", [chat_line("c"), "{oops"])
    partial = tabby("batch", str(bad), "-o", str(output))
    assert partial.code == 1
    assert "line 2" in partial.stderr
    assert tabby("batch", str(source)).code == 2  # -o is required


def chat_requests(server: FakeTabbyServer) -> int:
    return [r.path for r in server.requests].count("/v1/chat/completions")


def test_cli_batch_keeps_a_last_result_without_its_newline(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    """Data loss: the torn-line repair deleted a complete last result lacking "\n"."""
    output = tmp_path / "out.jsonl"
    first = write_lines(tmp_path / "first.jsonl", [chat_line("a"), chat_line("b")])
    assert tabby("batch", str(first), "-o", str(output)).code == 0
    output.write_bytes(output.read_bytes().rstrip(b"\n"))  # edited, or written by another tool
    source = write_lines(tmp_path / "in.jsonl", [chat_line("a"), chat_line("b"), chat_line("c")])
    again = tabby("batch", str(source), "-o", str(output))
    assert again.code == 0, again.stderr
    assert (again.json()["skipped"], again.json()["succeeded"]) == (2, 1)
    assert [r["custom_id"] for r in read_output(output)] == ["a", "b", "c"]
    assert chat_requests(server) == 3  # b was not sent again


def test_cli_batch_refuses_an_output_that_holds_requests(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    """`-o in.jsonl` reported every request "already done" and sent nothing."""
    source = write_lines(tmp_path / "in.jsonl", [chat_line("a"), chat_line("b"), chat_line("c")])
    data = source.read_bytes()
    same = tabby("batch", str(source), "-o", str(source))
    assert same.code == 2
    assert f"tabby batch: error: {source} is the input file" in same.stderr
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(data)
    requests = tabby("batch", str(source), "-o", str(copy))
    assert requests.code == 2
    assert f"line 1 of {copy} is a request, not a result" in requests.stderr
    for run in (same, requests):
        assert "already done" not in run.output and "Traceback" not in run.output
    assert source.read_bytes() == data == copy.read_bytes()
    assert server.requests == []


def test_cli_batch_reads_an_input_with_a_bom(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    """A UTF-8 BOM (Windows editors) cost the first request as "not valid JSON"."""
    source = tmp_path / "in.jsonl"
    lines = [json.dumps(chat_line("first")), json.dumps(chat_line("second"))]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    assert source.read_bytes().startswith(b"\xef\xbb\xbf")
    run = tabby("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert run.code == 0, run.stderr
    assert (run.json()["succeeded"], run.json()["invalid"]) == (2, 0)
    assert chat_requests(server) == 2


def test_cli_batch_output_in_a_missing_folder_is_a_usage_error(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write_lines(tmp_path / "in.jsonl", [chat_line("a")])
    run = tabby("batch", str(source), "-o", str(tmp_path / "missing" / "out.jsonl"))
    assert run.code == 2
    assert f"tabby batch: error: there is no folder {tmp_path / 'missing'}" in run.stderr
    assert "Traceback" not in run.output
    assert not (tmp_path / "missing").exists() and server.requests == []
    directory = tabby("batch", str(source), "-o", str(tmp_path))
    assert directory.code == 2 and f"{tmp_path} is a directory" in directory.stderr
    unwritable = tabby("batch", str(source), "-o", "/proc/out.jsonl")  # even for root
    assert unwritable.code == 1
    assert unwritable.stderr.startswith("error: /proc/out.jsonl: ")
    assert "Traceback" not in unwritable.output


def test_cli_batch_sends_a_body_as_written(
    tabby: Tabby, server: FakeTabbyServer, tmp_path: Path
) -> None:
    """`timeout` in a body was the call's timeout, and `seed` was refused."""
    server.inject("/v1/chat/completions", delay_headers=0.3, times=1)
    source = write_lines(
        tmp_path / "in.jsonl",
        [chat_line("a", seed=1, timeout=0.05), chat_line("b", seed=2)],
    )
    run = tabby("batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--concurrency", "1")
    assert run.code == 0, run.stderr
    assert run.json()["succeeded"] == 2
    assert "fields the spec does not list: seed (2 line(s)), timeout (1 line(s))" in run.stderr
    sent = [json.loads(r.body) for r in server.requests if r.path == "/v1/chat/completions"]
    assert [(b["seed"], b.get("timeout")) for b in sent] == [(1, 0.05), (2, None)]


# --- killed mid-run ----------------------------------------------------------------------


@pytest.fixture
def slow_server() -> Iterator[FakeTabbyServer]:
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None, token_delay=0.02
    ) as srv:
        yield srv


def start_batch(server: FakeTabbyServer, source: Path, output: Path) -> subprocess.Popen[str]:
    """`tabby batch` as a person starts it: in the foreground, where Ctrl-C (SIGINT) interrupts
    it even if this test runs in the background (a shell starts background jobs with SIGINT
    ignored, and a child inherits that; `signal.signal` gives the child the default)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TABBY_")}
    env.update(TABBY_BASE_URL=server.url, TABBY_API_KEY=API_KEY, TABBY_ADMIN_KEY=ADMIN_KEY)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "tabby_ext.cli", "batch", str(source), "-o", str(output),
             "--concurrency", "3"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)


def wait_for_lines(output: Path, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if output.exists() and output.read_text().count("\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"fewer than {count} results after {timeout} s")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_run_leaves_valid_file_and_resumes(
    slow_server: FakeTabbyServer, tmp_path: Path, sig: signal.Signals
) -> None:
    ids = [f"job-{i:03d}" for i in range(60)]
    source = write_lines(tmp_path / "in.jsonl", [chat_line(i, max_tokens=5) for i in ids])
    output = tmp_path / "out.jsonl"
    child = start_batch(slow_server, source, output)
    wait_for_lines(output, 5)
    child.send_signal(sig)
    _, stderr = child.communicate(timeout=20)
    if sig == signal.SIGINT:
        assert child.returncode == 130, stderr
        assert "run the same command again" in stderr
    else:
        assert child.returncode == -signal.SIGKILL
    partial = read_output(output)
    assert 5 <= len(partial) < len(ids)
    assert len({r["custom_id"] for r in partial}) == len(partial)

    child = start_batch(slow_server, source, output)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 0, stderr
    assert json.loads(stdout)["skipped"] == len(partial)
    final = read_output(output)
    assert sorted(r["custom_id"] for r in final) == ids  # each exactly once
    assert all(r["response"]["status_code"] == 200 for r in final)
