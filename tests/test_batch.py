"""`tabby_ext.batch`: the output file it resumes, the lines it reads, what it sends and writes,
and how a run ends, against the embedded server (`tests/cli/test_cli_batch.py` drives the
same through `tabby batch`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY

from tabby_ext import AsyncTabby
from tabby_ext.batch import (
    DEFAULT_CONCURRENCY,
    BatchFileError,
    BatchPlan,
    BatchProblem,
    BatchResult,
    BatchSummary,
    default_concurrency,
    facade_method,
    plan_batch,
    repair_output,
    run_batch,
)
from tabby_ext.testing import FakeTabbyServer

CHAT = "/v1/chat/completions"


def chat_line(custom_id: str, text: str = "hi", **body: Any) -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "method": "POST",
        "url": CHAT,
        "body": {"messages": [{"role": "user", "content": text}], "max_tokens": 3, **body},
    }


def result_line(custom_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"batch_req_{custom_id}",
        "custom_id": custom_id,
        "response": {"status_code": 200, "request_id": None, "body": {}},
        "error": None,
        **extra,
    }


def jsonl(lines: list[Any]) -> bytes:
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    return text.encode()


def write(path: Path, lines: list[Any]) -> Path:
    path.write_bytes(jsonl(lines))
    return path


def read_output(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def sent(server: FakeTabbyServer, path: str = CHAT) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.path == path]


def table() -> Any:
    from tabby_ext._operations import operation_table

    return operation_table()


def client(server: FakeTabbyServer, **kwargs: Any) -> AsyncTabby:
    return AsyncTabby(
        base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, max_retries=0, **kwargs
    )


def batch(server: FakeTabbyServer, source: Path, output: Path, **kwargs: Any) -> BatchSummary:
    async def main() -> BatchSummary:
        async with client(server) as tabby:
            return await run_batch(source, output, client=tabby, **kwargs)

    return asyncio.run(main())


def open_paths() -> set[str]:
    """What this process has open (Linux's /proc): a file still open shows here."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own descriptor, closed since
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
    return found


# --- the output file: resumed, repaired, or refused unchanged -----------------------------


def test_a_missing_output_is_a_fresh_start(tmp_path: Path) -> None:
    assert repair_output(tmp_path / "none.jsonl") == set()
    assert not (tmp_path / "none.jsonl").exists()


@pytest.mark.parametrize(
    "torn",
    [b'{"id": "batch_req_1f", "custom_id": "c", "respo', b'{"id', b"{"],
    ids=["mid-record", "mid-first-key", "first-byte"],
)
def test_a_torn_last_line_is_cut_off(tmp_path: Path, torn: bytes) -> None:
    output = tmp_path / "out.jsonl"
    whole = jsonl([result_line("a"), "", result_line("b")])
    output.write_bytes(whole + torn)
    assert repair_output(output) == {"a", "b"}
    assert output.read_bytes() == whole


def test_a_complete_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    """The data-loss bug: a valid last result without "\\n" was cut off as if torn."""
    output = tmp_path / "out.jsonl"
    whole = jsonl([result_line("a"), result_line("b")])
    output.write_bytes(whole[:-1])
    assert repair_output(output) == {"a", "b"}
    assert output.read_bytes() == whole  # the newline the next append needs


def test_a_blank_tail_is_left_alone(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    data = jsonl([result_line("a")]) + b"  "
    output.write_bytes(data)
    assert repair_output(output) == {"a"}
    assert output.read_bytes() == data


def test_results_with_a_response_or_an_error_are_done(tmp_path: Path) -> None:
    output = write(
        tmp_path / "out.jsonl",
        [
            {"custom_id": "r", "response": None},
            {"custom_id": "e", "error": {"code": "x", "message": "y"}},
            "",
            "   ",
            {"custom_id": "both", "response": {}, "error": None},
        ],
    )
    assert repair_output(output) == {"r", "e", "both"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[1, 2]", "is not a JSON object"),
        ('"text"', "is not a JSON object"),
        ("{oops", "is not valid JSON"),
        (b"\xff\xfe{}", "is not valid JSON"),
        (json.dumps(chat_line("a")), "is a request, not a result"),
        ('{"url": "/v1/completions", "custom_id": "a", "response": null}', "is a request"),
        ('{"custom_id": "a"}', "is not a batch result"),
        ('{"custom_id": 7, "response": {}}', "is not a batch result"),
        ('{"response": {}, "error": null}', "is not a batch result"),
    ],
)
def test_lines_that_are_not_results_refuse_the_file_unchanged(
    tmp_path: Path, line: str | bytes, problem: str
) -> None:
    output = tmp_path / "out.jsonl"
    raw = line if isinstance(line, bytes) else line.encode()
    data = jsonl([result_line("a")]) + raw + b"\n" + jsonl([result_line("b")])
    output.write_bytes(data)
    with pytest.raises(BatchFileError) as refused:
        repair_output(output)
    assert f"line 2 of {output} {problem}" in str(refused.value)
    assert "the output must be a new file or the results of an earlier batch run" in str(
        refused.value
    )
    assert output.read_bytes() == data


@pytest.mark.parametrize(
    "tail",
    [b"some notes", json.dumps(chat_line("x")).encode(), b"[1]", b'{"id": "other"'],
    ids=["text", "request", "array", "foreign-record"],
)
def test_a_last_line_that_is_not_a_result_is_refused_never_cut(tmp_path: Path, tail: bytes) -> None:
    output = tmp_path / "out.jsonl"
    data = jsonl([result_line("a")]) + tail
    output.write_bytes(data)
    with pytest.raises(BatchFileError) as refused:
        repair_output(output)
    assert str(refused.value).startswith(f"line 2 of {output} is ")
    assert output.read_bytes() == data
    only = tmp_path / "only.txt"
    only.write_bytes(tail)
    with pytest.raises(BatchFileError) as refused:
        repair_output(only)
    assert str(refused.value).startswith(f"line 1 of {only} is ")
    assert only.read_bytes() == tail


def test_the_output_file_is_checked_before_anything_is_read(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", [chat_line("a")])
    data = source.read_bytes()
    with pytest.raises(BatchFileError, match="is the input file"):
        plan_batch(source, source, table())
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    with pytest.raises(BatchFileError, match="is the input file"):
        plan_batch(source, link, table())
    with pytest.raises(BatchFileError, match=f"there is no folder {tmp_path / 'missing'} "):
        plan_batch(source, tmp_path / "missing" / "out.jsonl", table())
    with pytest.raises(BatchFileError, match="is a directory"):
        plan_batch(source, tmp_path, table())
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(data)
    with pytest.raises(BatchFileError, match=r"line 1 of .* is a request, not a result"):
        plan_batch(source, copy, table())
    assert source.read_bytes() == data == copy.read_bytes()
    assert not (tmp_path / "missing").exists()


# --- the input lines ---------------------------------------------------------------------


def test_input_lines_become_requests_or_numbered_problems(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [
            chat_line("a"),
            "not json",
            "[1]",
            {"url": CHAT, "body": {}},
            {"custom_id": "", "url": CHAT, "body": {}},
            {"custom_id": 5, "url": CHAT, "body": {}},
            {"custom_id": "no-url", "body": {}},
            {"custom_id": "nowhere", "url": "/v1/nowhere", "body": {}},
            {"custom_id": "get-chat", "method": "GET", "url": CHAT, "body": {}},
            {"custom_id": "list-body", "url": CHAT, "body": []},
            {"custom_id": "no-body", "url": CHAT},
            chat_line("streamed", stream=True),
            {"custom_id": "stream-only", "url": "/api/extra/generate/stream", "body": {}},
            "",
            chat_line("a"),
            {**chat_line("lower"), "method": "post"},
            {"custom_id": "default-post", "url": CHAT + "?x=1", "body": chat_line("")["body"]},
            chat_line("not-streamed", stream=False),
            {"custom_id": "alias", "method": "GET", "url": "/v1/model/list", "body": {}},
        ],
    )
    output = write(tmp_path / "out.jsonl", [result_line("not-streamed"), result_line("gone")])
    plan = plan_batch(source, output, table())
    assert [(p.line, p.custom_id, p.message) for p in plan.invalid] == [
        (2, None, plan.invalid[0].message),
        (3, None, "not a JSON object"),
        (4, None, "no custom_id (a non-empty string)"),
        (5, None, "no custom_id (a non-empty string)"),
        (6, None, "no custom_id (a non-empty string)"),
        (7, "no-url", "no url"),
        (8, "nowhere", "POST /v1/nowhere is not an operation of TabbyAPI"),
        (9, "get-chat", f"GET {CHAT} is not an operation of TabbyAPI"),
        (10, "list-body", "body must be a JSON object"),
        (11, "no-body", "body must be a JSON object"),
        (12, "streamed", "streaming requests cannot be batched"),
        (13, "stream-only", "streaming requests cannot be batched"),
        (15, "a", "duplicate custom_id"),
    ]
    assert plan.invalid[0].message.startswith("not valid JSON (Expecting value")
    assert [(r.line, r.custom_id) for r in plan.pending] == [
        (1, "a"), (16, "lower"), (17, "default-post"), (19, "alias")
    ]  # fmt: skip
    assert plan.done == {"not-streamed"}  # "gone" is not an input line
    first, lower, default, alias = plan.pending
    assert (first.operation.key, first.method, first.url) == (f"POST {CHAT}", "create", CHAT)
    assert first.body == {
        **chat_line("a")["body"],
        "stream_options": {"include_usage": True},
    }
    assert lower.operation is first.operation and default.operation is first.operation
    assert default.url == CHAT + "?x=1"
    assert (alias.operation.key, alias.method) == ("GET /v1/models", "list")
    assert alias.body == {}


def test_a_bom_and_invalid_utf8_in_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"\xef\xbb\xbf" + jsonl([chat_line("first")]) + b'{"custom_id": "\xff"}\n'
        + jsonl([chat_line("third", "caf\u00e9")])
    )  # fmt: skip
    plan = plan_batch(source, tmp_path / "out.jsonl", table())
    assert [r.custom_id for r in plan.pending] == ["first", "third"]
    assert plan.pending[1].body["messages"][0]["content"] == "caf\u00e9"
    assert [(p.line, p.message[:14]) for p in plan.invalid] == [(2, "not valid JSON")]


def test_stream_options_are_asked_for_only_where_the_request_has_them(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [
            chat_line("own", stream_options={"include_usage": False}),
            {"custom_id": "emb", "url": "/v1/embeddings", "body": {"input": "x"}},
            {"custom_id": "cmpl", "url": "/v1/completions", "body": {"prompt": "x"}},
        ],
    )
    own, emb, cmpl = plan_batch(source, tmp_path / "out.jsonl", table()).pending
    assert own.body["stream_options"] == {"include_usage": False}
    assert emb.body == {"input": "x"}
    assert cmpl.body == {"prompt": "x", "stream_options": {"include_usage": True}}


def test_fields_the_spec_does_not_list_are_named(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [chat_line("a", seed=1, timeout=5, max_length=2, extra_body={"z": 1}, temperature=0.5)],
    )
    (request,) = plan_batch(source, tmp_path / "out.jsonl", table()).pending
    assert request.unlisted == ["seed", "timeout", "extra_body"]  # max_length: an alias


def test_one_decision_names_the_facade_method_of_a_route() -> None:
    ops = table()
    chat = ops.by_key[f"POST {CHAT}"]
    assert facade_method(chat, ops) == (chat, "create")
    load = ops.by_key["POST /v1/model/load"]
    assert facade_method(load, ops) == (load, "load")  # drains the stream: an answer
    only = ops.by_key["POST /api/extra/generate/stream"]
    assert facade_method(only, ops) == (only, "generate_stream")
    listed = ops.by_key["GET /v1/models"]
    assert facade_method(ops.by_key["GET /v1/model/list"], ops) == (listed, "list")
    # The answer comes first whatever the names, and an operation without a method has none.
    named = dataclasses.replace(chat, facade_methods={"a_stream": "stream", "z_call": "call"})
    assert facade_method(named, ops) == (named, "z_call")
    bare = dataclasses.replace(chat, facade_methods={}, alias_of=None)
    assert facade_method(bare, ops) is None


def test_a_query_is_not_part_of_the_route(tmp_path: Path) -> None:
    body = chat_line("")["body"]
    source = write(
        tmp_path / "in.jsonl",
        [
            {"custom_id": "one", "url": CHAT + "?a=1", "body": body},
            {"custom_id": "two", "url": CHAT + "?a=1?b=2", "body": body},
        ],
    )
    plan = plan_batch(source, tmp_path / "out.jsonl", table())
    assert [(r.custom_id, r.operation.key) for r in plan.pending] == [
        ("one", f"POST {CHAT}"), ("two", f"POST {CHAT}")
    ]  # fmt: skip


# --- what is sent and written ------------------------------------------------------------


def test_a_body_is_sent_as_written(server: FakeTabbyServer, tmp_path: Path) -> None:
    """`timeout` was taken as the call's timeout and `seed` was refused: both are body
    fields, sent as they are, with the listed fields and aliases beside them."""
    server.inject(CHAT, delay_headers=0.3)
    source = write(
        tmp_path / "in.jsonl",
        [
            {
                "custom_id": "a",
                "url": CHAT,
                "body": {"messages": [], "seed": 7, "timeout": 0.05, "max_length": 2},
            },
            chat_line("b", extra_headers={"x-api-key": "nope"}, extra_body={"k": 1}),
            chat_line("c", stream=False),
        ],
    )
    output = tmp_path / "out.jsonl"
    summary = batch(server, source, output, concurrency=1)
    assert (summary.succeeded, summary.complete) == (3, True)
    first, second, third = sent(server)
    assert third == chat_line("c", stream_options={"include_usage": True})["body"]  # no stream
    assert first == {
        "messages": [],
        "max_tokens": 2,  # the server's other name for it, sent under its own
        "stream_options": {"include_usage": True},
        "seed": 7,
        "timeout": 0.05,
    }
    assert second["extra_headers"] == {"x-api-key": "nope"} and second["extra_body"] == {"k": 1}
    results = {r["custom_id"]: r for r in read_output(output)}
    assert results["a"]["response"]["status_code"] == 200  # 0.3 s: no 0.05 s timeout applied


def test_results_record_the_answer_its_id_and_its_tokens(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "in.jsonl",
        [
            chat_line("caf\u00e9"),
            {"custom_id": "emb", "url": "/v1/embeddings", "body": {"input": "x y"}},
            {"custom_id": "models", "method": "GET", "url": "/v1/models", "body": {}},
        ],
    )
    output = tmp_path / "out.jsonl"
    seen: list[BatchResult] = []
    summary = batch(server, source, output, concurrency=1, on_result=seen.append)
    assert "caf\u00e9".encode() in output.read_bytes()  # written as UTF-8, not \\u escapes
    results = {r["custom_id"]: r for r in read_output(output)}
    chat, emb, models = results["caf\u00e9"], results["emb"], results["models"]
    assert set(chat) == {"id", "custom_id", "response", "error"}
    assert chat["id"].startswith("batch_req_") and len(chat["id"]) == len("batch_req_") + 32
    assert len({r["id"] for r in results.values()}) == 3
    assert chat["error"] is None and chat["response"]["status_code"] == 200
    assert chat["response"]["request_id"] == chat["response"]["body"]["id"]
    assert chat["response"]["body"]["usage"]["completion_tokens"] == 3
    assert emb["response"]["request_id"] is None  # an embedding answer has no id
    assert emb["response"]["body"]["usage"] == {
        "prompt_tokens": 3, "completion_tokens": 0, "total_tokens": 3
    }  # fmt: skip
    assert models["response"]["body"]["data"][0]["id"] == "Llama-3.1-8B-Instruct-exl3"
    assert [(r.request.custom_id, r.ok, r.tokens) for r in seen] == [
        ("caf\u00e9", True, 3), ("emb", True, 3), ("models", True, 0)
    ]  # fmt: skip
    assert [r.record for r in seen] == read_output(output)
    assert (summary.total, summary.succeeded, summary.failed, summary.tokens) == (3, 3, 0, 6)
    mode = stat.S_IMODE(output.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o644 & ~umask


def test_answers_without_usage_or_without_a_body_count_no_tokens(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    answer = httpx.post(
        server.url + CHAT,
        headers={"x-api-key": API_KEY},
        json={"messages": [], "max_tokens": 2, "stream_options": {"include_usage": True}},
    ).json()
    for usage in (
        {"completion_tokens": 0, "total_tokens": 0},
        {"completion_tokens": "2", "total_tokens": 6},
        {"completion_tokens": 2.5, "total_tokens": 6},
    ):
        server.inject(CHAT, status=200, body={**answer, "usage": {**answer["usage"], **usage}})
    source = write(
        tmp_path / "in.jsonl",
        [
            chat_line("zero"),
            chat_line("text"),
            chat_line("float"),
            {"custom_id": "null", "url": "/v1/template/unload", "body": {}},
        ],
    )
    output = tmp_path / "out.jsonl"
    seen: list[BatchResult] = []
    summary = batch(server, source, output, concurrency=1, on_result=seen.append)
    assert [(r.request.custom_id, r.ok, r.tokens) for r in seen] == [
        ("zero", True, 0), ("text", True, 0), ("float", True, 0), ("null", True, 0)
    ]  # fmt: skip
    assert summary.tokens == 0 and summary.succeeded == 4
    unloaded = read_output(output)[-1]
    assert unloaded["response"] == {"status_code": 200, "request_id": None, "body": None}


def test_refusals_are_written_with_their_status_or_error(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    server.inject(CHAT, status=429, body={"detail": "busy"}, times=1)
    server.inject("/v1/embeddings", invalid_utf8=True, times=1)
    source = write(
        tmp_path / "in.jsonl",
        [
            chat_line("busy"),
            {"custom_id": "garbled", "url": "/v1/embeddings", "body": {"input": "x"}},
            chat_line("fine"),
        ],
    )
    output = tmp_path / "out.jsonl"
    seen: list[BatchResult] = []
    summary = batch(server, source, output, concurrency=1, on_result=seen.append)
    results = {r["custom_id"]: r for r in read_output(output)}
    assert results["busy"]["response"] == {
        "status_code": 429, "request_id": None, "body": {"detail": "busy"}
    }  # fmt: skip
    assert results["busy"]["error"] is None
    garbled = results["garbled"]
    assert garbled["response"] is None
    assert garbled["error"]["code"] == "ResponseDecodeError"
    assert garbled["error"]["message"].startswith("embeddings.create")
    assert [(r.request.custom_id, r.ok, r.tokens) for r in seen] == [
        ("busy", False, 0), ("garbled", False, 0), ("fine", True, 3)
    ]  # fmt: skip
    assert (summary.succeeded, summary.failed, summary.tokens, summary.complete) == (
        1, 2, 3, True
    )  # fmt: skip


def test_unanswered_and_refused_before_sending_are_problems_not_results(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    server.inject(CHAT, truncated_chunked=True, times=1)
    source = write(tmp_path / "in.jsonl", [chat_line("cut"), chat_line("bad", tools=[None])])
    output = tmp_path / "out.jsonl"
    problems: list[BatchProblem] = []
    summary = batch(server, source, output, concurrency=1, on_problem=problems.append)
    assert output.read_bytes() == b""
    cut, bad = problems
    assert (cut.line, cut.custom_id, cut.kind) == (1, "cut", "unanswered")
    assert cut.message.startswith("no answer: chat.create")
    assert (bad.line, bad.custom_id, bad.kind) == (2, "bad", "invalid")
    assert "field 'tools'" in bad.message
    assert (summary.unsent, summary.invalid) == ([cut], [bad])
    assert not summary.complete and summary.succeeded == summary.failed == 0
    assert str(cut) == f"line 1 (cut): {cut.message}"
    assert str(BatchProblem(3, None, "no url")) == "line 3: no url"


def test_nothing_to_send_sends_nothing_and_creates_nothing(
    server: FakeTabbyServer, tmp_path: Path
) -> None:
    source = write(tmp_path / "in.jsonl", ["{bad", chat_line("a", stream=True)])
    plans: list[BatchPlan] = []
    problems: list[BatchProblem] = []
    output = tmp_path / "out.jsonl"
    summary = batch(server, source, output, on_plan=plans.append, on_problem=problems.append)
    assert not output.exists() and server.requests == []
    assert [p.line for p in problems] == [1, 2] and plans[0].invalid == problems
    assert (summary.total, summary.skipped, summary.complete) == (2, 0, False)
    assert summary.invalid == problems


def test_a_resumed_run_counts_what_was_done(server: FakeTabbyServer, tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", [chat_line("a"), chat_line("b"), "{bad"])
    output = write(tmp_path / "out.jsonl", [result_line("a"), result_line("elsewhere")])
    plans: list[BatchPlan] = []
    summary = batch(server, source, output, on_plan=plans.append)
    assert (summary.total, summary.skipped, summary.succeeded) == (3, 1, 1)
    assert [r.custom_id for r in plans[0].pending] == ["b"] and plans[0].done == {"a"}
    assert [r["custom_id"] for r in read_output(output)] == ["a", "elsewhere", "b"]
    assert [m["messages"] for m in sent(server)] == [chat_line("b")["body"]["messages"]]


# --- concurrency -------------------------------------------------------------------------


def model_card(server: FakeTabbyServer, max_batch_size: Any) -> dict[str, Any]:
    card: dict[str, Any] = httpx.get(
        server.url + "/v1/model", headers={"x-api-key": API_KEY}
    ).json()
    card["parameters"]["max_batch_size"] = max_batch_size
    return card


@pytest.mark.parametrize(
    ("size", "expected"),
    [(None, 4), (0, 4), (-2, 4), (3, 3), ("8", 4), ("no parameters", 4)],
)
def test_the_default_concurrency_is_a_positive_max_batch_size(
    server: FakeTabbyServer, size: Any, expected: int
) -> None:
    card = model_card(server, size)
    if size == "no parameters":
        card["parameters"] = None
    server.inject("/v1/model", method="GET", status=200, body=card)

    async def main() -> int:
        async with client(server) as tabby:
            return await default_concurrency(tabby)

    assert asyncio.run(main()) == expected
    assert DEFAULT_CONCURRENCY == 4


def in_flight_at_first_result(server: FakeTabbyServer, tmp_path: Path, **kwargs: Any) -> int:
    """How many requests the server had received when the first result came back, each held
    0.6 s: the number of workers sending them."""
    server.inject(CHAT, delay_headers=0.6, times=None)
    source = write(tmp_path / "in.jsonl", [chat_line(f"c{i}") for i in range(6)])
    before = len(sent(server))
    counts: list[int] = []

    def on_result(result: BatchResult) -> None:
        counts.append(len(sent(server)) - before)

    summary = batch(server, source, tmp_path / "out.jsonl", on_result=on_result, **kwargs)
    server.clear_faults()
    assert summary.succeeded == 6
    return counts[0]


@pytest.mark.parametrize("size", [None, 0])
def test_a_model_without_a_batch_size_gets_the_default_concurrency(
    server: FakeTabbyServer, tmp_path: Path, size: int | None
) -> None:
    server.inject("/v1/model", method="GET", status=200, body=model_card(server, size))
    assert in_flight_at_first_result(server, tmp_path) == DEFAULT_CONCURRENCY


def test_concurrency_given_or_from_the_model(server: FakeTabbyServer, tmp_path: Path) -> None:
    (tmp_path / "given").mkdir()
    assert in_flight_at_first_result(server, tmp_path / "given", concurrency=2) == 2
    assert [r.path for r in server.requests].count("/v1/model") == 0  # not asked
    server.inject("/v1/model", method="GET", status=200, body=model_card(server, 3))
    (tmp_path / "model").mkdir()
    assert in_flight_at_first_result(server, tmp_path / "model") == 3


# --- how a run ends ----------------------------------------------------------------------


@pytest.fixture
def slow_server() -> Iterator[FakeTabbyServer]:
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None, token_delay=0.05
    ) as srv:
        yield srv


def stopped_run(server: FakeTabbyServer, tmp_path: Path, stop: str) -> tuple[Any, Path, int]:
    """A run of 12 requests, 3 at a time, stopped at its first result (the first request is
    short, the others take a second) by an error of a callback or by a cancel; returns what
    it raised, the output file and how many requests the server got."""
    source = write(
        tmp_path / "in.jsonl",
        [chat_line("short", max_tokens=1)] + [chat_line(f"s{i}", max_tokens=20) for i in range(11)],
    )
    output = tmp_path / "out.jsonl"
    failure = RuntimeError("the callback failed")

    async def main() -> Any:
        async with client(server) as tabby:
            first = asyncio.Event()

            def on_result(result: BatchResult) -> None:
                first.set()
                if stop == "error":
                    raise failure

            task = asyncio.ensure_future(
                run_batch(source, output, client=tabby, concurrency=3, on_result=on_result)
            )
            await first.wait()
            if stop == "cancel":
                task.cancel()
            try:
                await task
            except BaseException as exc:  # what the run raised is the result
                raised: Any = exc
            else:
                raised = None
            assert not [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            assert str(output) not in open_paths()
            return raised

    raised = asyncio.run(main())
    if stop == "error":
        assert raised is failure
    time.sleep(0.3)  # a request already on its way when the run ended reaches the server
    return raised, output, len(sent(server))


@pytest.mark.parametrize("stop", ["error", "cancel"])
def test_a_stopped_run_cancels_its_workers_and_closes_its_file(
    slow_server: FakeTabbyServer, tmp_path: Path, stop: str
) -> None:
    raised, output, count = stopped_run(slow_server, tmp_path, stop)
    if stop == "cancel":
        assert isinstance(raised, asyncio.CancelledError)
    assert count <= 4  # the 3 first requests (and one sent as the first result came back)
    assert [r["custom_id"] for r in read_output(output)] == ["short"]
    time.sleep(1.2)  # a worker still running would have sent its next request by now
    assert len(sent(slow_server)) == count
