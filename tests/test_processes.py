"""Processes, event loops and pickling (RELIABILITY.md §17-§19).

A forked child and its parent never share a connection; a stream abandoned inside an
`asyncio.run` that ends gives its pool slot back; every error pickles with its type, status,
message and body, and no key appears anywhere in an error, its chain or its pickle.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY, Driver
from support.http11_servers import Peer, Request, ScriptServer, response

import tabby_ext
from tabby_ext import AsyncTabby, Tabby
from tabby_ext.errors import (
    APIConnectionError,
    APIStatusError,
    IncompleteStreamError,
    OutputError,
    RequestValidationError,
    StreamError,
    TabbyError,
)
from tabby_ext.testing import FakeTabbyServer

SECRET_API = "sk-api-0123456789"
SECRET_ADMIN = "sk-admin-9876543210"


# ---- fork -------------------------------------------------------------------------------------


def echo_peer(peer: Peer) -> None:
    """Answer health checks with the caller's `x-pid` and this connection's peer port."""

    def reply(request: Request) -> bytes:
        port = peer.sock.getpeername()[1]
        body = {"status": "healthy", "issues": [], "pid": request.header("x-pid"), "port": port}
        return response(json.dumps(body).encode(), headers=b"content-type: application/json\r\n")

    peer.serve(reply)


def checks(client: Tabby, count: int) -> list[tuple[str, int]]:
    """(echoed pid, peer port) of `count` health checks made by this process."""
    out = []
    for _ in range(count):
        answer = client.health.check(extra_headers={"x-pid": str(os.getpid())})
        out.append((answer["pid"], answer["port"]))
    return out


def in_child(work: Callable[[], bool]) -> int:
    """Run `work` in a forked child; its exit status (0 when it returned True)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        try:
            code = 0 if work() else 1
        except BaseException:
            traceback.print_exc()
            code = 2
        os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_and_its_parent_never_share_a_connection() -> None:
    with ScriptServer(echo_peer) as server, Tabby(base_url=server.url, max_retries=0) as client:
        ((_, before),) = checks(client, 1)  # a pooled, kept-alive connection

        def child() -> bool:
            seen = checks(client, 5)
            return all(pid == str(os.getpid()) and port != before for pid, port in seen)

        assert in_child(child) == 0
        seen = checks(client, 5)
        assert all(pid == str(os.getpid()) for pid, _ in seen)
        assert before not in {port for _, port in seen}  # made before the fork: not reused
        assert len({port for _, port in seen}) == 1  # a new one, kept alive again


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_stream_open_across_a_fork_is_the_parents_alone(server: FakeTabbyServer) -> None:
    server_options = {"api_key": API_KEY, "admin_key": ADMIN_KEY}
    with Tabby(base_url=server.url, max_retries=0, **server_options) as client:
        server.inject("/v1/completions", delay_events=0.01)  # so the child must read on
        stream = client.completions.create_stream(prompt="p", max_tokens=40)
        first = next(iter(stream))

        def child() -> bool:
            try:
                list(stream)
            except APIConnectionError as error:
                return "before this process was forked" in str(error)
            return False

        assert in_child(child) == 0
        rest = [c.choices[0].text for c in stream]
        assert first.choices[0].text + "".join(rest) == " ".join(f"tok{i}" for i in range(40))
        assert client.completions.create(prompt="p", max_tokens=1).choices


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_an_async_client_works_in_a_forked_child() -> None:
    with ScriptServer(echo_peer) as server:
        client = AsyncTabby(base_url=server.url, max_retries=0)

        async def check() -> tuple[str, int]:
            answer = await client.health.check(extra_headers={"x-pid": str(os.getpid())})
            return answer["pid"], answer["port"]

        _, before = asyncio.run(check())

        def child() -> bool:
            pid, port = asyncio.run(check())
            return pid == str(os.getpid()) and port != before

        assert in_child(child) == 0
        pid, port = asyncio.run(check())
        assert pid == str(os.getpid()) and port != before


# ---- event loops -------------------------------------------------------------------------------


@pytest.mark.parametrize("iterate", [True, False], ids=["read-then-break", "never-read"])
def test_streams_abandoned_in_ended_loops_give_their_slots_back(
    server: FakeTabbyServer, iterate: bool
) -> None:
    client = AsyncTabby(
        base_url=server.url,
        api_key=API_KEY,
        timeout=httpx.Timeout(5.0, pool=1.0),
        max_retries=0,
    )
    small = client._inner
    small._slots = type(small._slots)(3, fast_acquire=True)  # 3 slots: a leak shows at once

    async def abandon() -> None:
        stream = await client.chat.create_stream(
            messages=[{"role": "user", "content": "x"}], max_tokens=50
        )
        if iterate:
            async for _ in stream:
                break  # no aclose(), no `async with`: left for the loop's end

    for _ in range(12):
        asyncio.run(abandon())

    async def after() -> str:
        answer = await client.health.check()
        return answer.status

    assert asyncio.run(after()) == "healthy"
    assert small.stats()["active"] == 0


# ---- pickling -----------------------------------------------------------------------------------


@pytest.fixture
def secret_server() -> Any:
    with FakeTabbyServer(api_key=SECRET_API, admin_key=SECRET_ADMIN, ping_interval=None) as srv:
        yield srv


def made_errors(server: FakeTabbyServer) -> list[TabbyError]:
    """One real instance of each kind of error, from a client holding both keys."""
    out: list[TabbyError] = []
    keys = {"api_key": SECRET_API, "admin_key": SECRET_ADMIN}
    with Tabby(base_url=server.url, max_retries=0, **keys) as client:
        for path, fault in (
            ("/v1/models", {"status": 500, "body": "Internal Server Error"}),
            ("/v1/model", {"status": 503, "body": {"detail": "No models are currently loaded."}}),
            ("/v1/completions", {"status": 422, "body": {"detail": [{"loc": ["body", "n"]}]}}),
            ("/health", {"invalid_utf8": True}),
            ("/v1/lora", {"status": 503, "body": {"detail": "Completion x aborted."}}),
        ):
            server.inject(path, **fault)
        calls = [
            lambda: client.models.list(),
            lambda: client.models.get(),
            lambda: client.completions.create(prompt="p", n=0),
            lambda: client.health.check(),
            lambda: client.lora.get_active(),
            lambda: client.completions.create(prompt="p", max_tokens=1, extra_headers={"x": "\n"}),
            lambda: Tabby(base_url="x"),
        ]
        server.inject("/v1/chat/completions", inband_error="boom")
        hi: Any = [{"role": "user", "content": "x"}]
        calls.append(lambda: client.chat.create_stream(messages=hi, max_tokens=2).text())
        server.inject("/v1/model/load", drop_after_events=1)
        calls.append(lambda: client.models.load(model_name="Qwen3-4B-exl3"))
        calls += structured_calls(server, client, hi)
        for call in calls:
            try:
                call()
            except TabbyError as error:
                out.append(error)
    with Tabby(base_url="http://127.0.0.1:9", max_retries=0, **keys) as down:
        try:
            down.models.list()
        except TabbyError as error:
            out.append(error)
    with Tabby(base_url=server.url, max_retries=0, timeout=0.1, **keys) as slow:
        server.inject("/v1/models", delay_headers=0.5)
        try:
            slow.models.list()
        except TabbyError as error:
            out.append(error)
    out.append(IncompleteStreamError("the stream ended without `data: [DONE]`"))
    out.append(RequestValidationError("bad", field="prompt"))
    return out


SCHEMA = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}


def lookup(term: str) -> str:
    """Fails."""
    raise LookupError(term)


def structured_calls(server: FakeTabbyServer, client: Tabby, hi: Any) -> list[Callable[[], Any]]:
    """Calls that fail with each error of structured outputs and the tool runner."""
    tools: Any = [
        {"type": "function", "function": {"name": "f", "description": "d", "parameters": {}}}
    ]
    server.inject("/v1/chat/completions", ignore_schema=True)
    server.inject("/v1/chat/completions", ignore_tool_choice=True, times=2)
    return [
        lambda: client.chat.parse(hi, response_format=SCHEMA),
        lambda: client.chat.create(messages=hi, tools=tools, tool_choice="required"),
        lambda: client.chat.run_tools(hi, tools=[lookup], tool_choice="required"),
        lambda: client.chat.parse(hi, response_format=SCHEMA, max_tokens=1),
        lambda: client.chat.run_tools(hi, tools=[lookup], max_rounds=1),
        lambda: client.chat.run_tools(hi, tools=[lookup], raise_tool_errors=True),
    ]


EXPECTED_KINDS = {
    "OutputValidationError",
    "OutputTruncatedError",
    "ToolCallMissingError",
    "MaxRoundsExceededError",
    "ToolExecutionError",
    "InternalServerError",
    "ServiceUnavailableError",
    "NoModelLoadedError",
    "UnprocessableEntityError",
    "ResponseDecodeError",
    "RequestValidationError",
    "ConfigurationError",
    "StreamError",
    "APIConnectionError",
    "APITimeoutError",
    "IncompleteStreamError",
}


def same(a: TabbyError, b: TabbyError) -> bool:
    fields = ("message", "operation", "method", "url", "status_code", "body", "code", "field")
    fields += ("text", "validation_message", "attempts", "tool_choice", "messages")
    fields += ("rounds", "tool_name", "arguments", "tool_call_id")
    if isinstance(a, OutputError):  # the answer, a generated model: equal once unpickled
        fields += ("response",)
    return type(a) is type(b) and all(getattr(a, f, None) == getattr(b, f, None) for f in fields)


def test_every_error_round_trips_through_pickle(secret_server: FakeTabbyServer) -> None:
    errors = made_errors(secret_server)
    assert {type(e).__name__ for e in errors} == EXPECTED_KINDS
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert same(error, copy), (error, copy)
        assert str(copy) == str(error)
        if isinstance(error, APIStatusError):
            assert copy.response.status_code == error.status_code
            assert copy.response.content == error.response.content


def _raise_status_error(url: str) -> None:
    with Tabby(base_url=url, api_key="wrong", max_retries=0) as client:
        client.models.get()


def test_errors_cross_process_pools(server: FakeTabbyServer) -> None:
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_raise_status_error, server.url)
        with pytest.raises(tabby_ext.AuthenticationError, match="401 Invalid API key"):
            future.result(timeout=60)
    with context.Pool(1) as mp_pool:
        result = mp_pool.apply_async(_raise_status_error, (server.url,))
        with pytest.raises(tabby_ext.AuthenticationError) as info:
            result.get(timeout=60)
    assert info.value.status_code == 401 and info.value.body == {"detail": "Invalid API key"}


# ---- no key anywhere --------------------------------------------------------------------------


def everything_about(error: BaseException) -> str:
    """Every text an error shows or carries: str, repr, traceback, chain, requests, pickle."""
    parts = ["".join(traceback.format_exception(error)), repr(error)]
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [repr(current), str(current), repr(vars(current))]
        for name in ("request", "_request"):
            request = getattr(current, name, None)
            if isinstance(request, httpx.Request):
                parts.append(repr(request.headers))
        response = getattr(current, "response", None)
        if isinstance(response, httpx.Response):
            parts.append(repr(response.request.headers))
        current = current.__cause__ or current.__context__
    if isinstance(error, TabbyError):
        parts.append(repr(pickle.dumps(error)))
    return "\n".join(parts)


def test_no_error_carries_a_key_in_its_message_chain_or_pickle(
    secret_server: FakeTabbyServer,
) -> None:
    for error in made_errors(secret_server):
        text = everything_about(error)
        assert SECRET_API not in text and SECRET_ADMIN not in text, type(error).__name__


def test_errors_carry_the_operation_method_and_url(drive: Driver, server: FakeTabbyServer) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, max_retries=0)
    server.inject("/v1/completions", status=503, body={"detail": "No models are currently loaded."})
    with pytest.raises(APIStatusError) as info:
        drive(client.completions.create(prompt="p", max_tokens=1))
    error = info.value
    assert (error.operation, error.method, error.url) == (
        "completions.create",
        "POST",
        f"{server.url}/v1/completions",
    )
    assert error.request is not None and error.request.headers["x-api-key"] == "[secure]"
    server.inject("/v1/chat/completions", inband_error="boom")
    with pytest.raises(StreamError) as stream_info:
        drive.text(client.chat.create_stream(messages=[{"role": "user", "content": "x"}]))
    assert stream_info.value.operation == "chat.create_stream"
    assert stream_info.value.url == f"{server.url}/v1/chat/completions"


def test_a_refused_field_names_its_call(drive: Driver, server: FakeTabbyServer) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY)
    with pytest.raises(RequestValidationError) as info:
        drive(client.chat.create_stream(messages="not a list"))
    assert info.value.operation == "chat.create_stream" and info.value.field == "messages"
    assert server.requests == []
