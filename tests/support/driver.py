"""Keys of the test servers and `Driver`, which runs one test body with `Tabby` or `AsyncTabby`."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from tabby_ext import AsyncTabby, RetryPolicy, Tabby

API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"


def fast_retry() -> RetryPolicy:
    """Real retry behaviour, test-sized waits."""
    return RetryPolicy(initial_backoff=0.01, max_backoff=0.05)


def __getattr__(name: str) -> Any:
    # `FAST_RETRY` is built when a test module imports it, not while pytest loads the conftest:
    # `make mutation` checks that tests fail when every mutated function raises, and a conftest
    # that calls tabby_ext as it loads would stop pytest before any test ran.
    if name == "FAST_RETRY":
        return fast_retry()
    raise AttributeError(name)


class Driver:
    """Runs one test body against `Tabby` or `AsyncTabby`: awaits what needs awaiting."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.loop = asyncio.new_event_loop() if kind == "async" else None
        self.clients: list[Any] = []
        #: Other things to close at teardown (httpx clients a test lends to a facade).
        self.closers: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        client = (AsyncTabby if self.kind == "async" else Tabby)(**kwargs)
        self.clients.append(client)
        return client

    def __call__(self, value: Any) -> Any:
        """The result of a facade call: awaited on the driver's loop for async clients."""
        if self.loop is not None and inspect.isawaitable(value):
            return self.loop.run_until_complete(value)
        return value

    def collect(self, stream: Any, limit: int | None = None) -> list[Any]:
        """All chunks of a (sync or async) stream, or the first `limit` then close it."""
        stream = self(stream)
        if self.loop is None:
            with stream:
                return [c for _, c in zip(range(limit or 10**9), stream, strict=False)]

        async def gather() -> list[Any]:
            out = []
            async with stream:
                async for chunk in stream:
                    out.append(chunk)
                    if limit is not None and len(out) >= limit:
                        break
            return out

        return self(gather())

    def text(self, stream: Any) -> str:
        stream = self(stream)
        return str(self(stream.atext() if self.loop is not None else stream.text()))

    def close(self) -> None:
        for client in [*self.clients, *self.closers]:
            self(client.aclose() if self.kind == "async" else client.close())
        if self.loop is not None:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()
