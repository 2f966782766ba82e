"""An `AsyncTabby` stream open across `os.fork()` is the parent's alone: the child cannot read
it (it gets an error naming the fork), and the parent reads it whole."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from typing import Any

import pytest

from tabby_ext import APIConnectionError, AsyncTabby
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"


def wait_for(pid: int, limit: float = 10.0) -> int:
    """The child's exit code; it is killed (and -9 returned) if it runs longer than `limit`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return -9


async def texts(stream: Any) -> list[str]:
    return [chunk.choices[0].text async for chunk in stream]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_an_async_stream_open_across_a_fork_is_the_parents_alone() -> None:
    with FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server:
        server.inject("/v1/completions", delay_events=0.01)  # so the child must read on
        loop = asyncio.new_event_loop()
        client = AsyncTabby(base_url=server.url, api_key=API_KEY, max_retries=0)
        try:
            opened = client.completions.create_stream(prompt="p", max_tokens=30)
            stream = loop.run_until_complete(opened)
            first = loop.run_until_complete(stream.__anext__()).choices[0].text
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child process
                code = 1
                try:
                    asyncio.run(texts(stream))
                except APIConnectionError as error:
                    reason = "(the connection was made before this process was forked)"
                    code = 0 if str(error).endswith(reason) else 3
                except BaseException:
                    code = 2
                os._exit(code)
            assert wait_for(pid) == 0
            rest = loop.run_until_complete(texts(stream))
            assert first + "".join(rest) == " ".join(f"tok{i}" for i in range(30))
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
