"""The client's transport: every request and redirect hop passes here, from the facade or raw.

It keeps credentials to the configured origin and retries what `RetryPolicy` allows; each
attempt, retry and give-up is logged here (see `_log`), and a retry is an event of the call's
span when its telemetry records (the `WATCH` extension the engine set on the request).
"""

from __future__ import annotations

import logging
import time
from types import ModuleType

import httpx

from .._auth import ORIGIN, origin, strip_foreign_credentials
from .._backend import async_sleep
from .._operations import WATCH, CallPlan, OperationTable, plan_for
from .._retry import RetryPolicy

#: The request log (`_log`, imported when a line is written, not with `tabby_ext`).
HTTP_LOG = logging.getLogger("tabby_ext.http")


def _log() -> ModuleType:
    from .. import _log

    return _log


def request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:
        return None


class AsyncTabbyTransport(httpx.AsyncBaseTransport):
    """Wraps a transport: strips credentials bound elsewhere, retries per operation.

    Only the response head is awaited here, so a stream is retried only before its first byte.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        table: OperationTable,
        policy: RetryPolicy,
        *,
        base_url: httpx.URL,
        owns_inner: bool = True,
    ) -> None:
        self._inner = inner
        self._table = table
        self._policy = policy
        self._origin = origin(base_url)
        self._prefix = base_url.path.rstrip("/")
        self._owns_inner = owns_inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        strip_foreign_credentials(request, self._origin, self._table)
        # The client's address travels with the request, for a borrowed client below to strip
        # what its own default headers add on a foreign hop (copies share that transport).
        request.extensions[ORIGIN] = self._origin
        policy = self._policy
        plan = plan_for(request, self._table, self._prefix)
        mutates = plan.mutates
        timed = HTTP_LOG.isEnabledFor(logging.DEBUG)  # the request log's line: off costs nothing
        attempt = 0
        while True:
            started = time.perf_counter() if timed else 0.0
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as exc:
                if timed:
                    _log().attempt(plan, request, exc, started, attempt + 1)
                delay = policy.delay_for_exception(attempt, exc, mutates=mutates)
                reason = type(exc).__name__
                if delay is None:
                    self._gave_up(plan, request, attempt, exc, reason)
                    raise
            else:
                if timed:
                    _log().attempt(plan, request, response.status_code, started, attempt + 1)
                delay = policy.delay_for_response(attempt, response, mutates=mutates)
                if delay is None:
                    if response.status_code >= 400:
                        self._gave_up(plan, request, attempt, response, "")
                    if response.status_code >= 500:
                        return await self._detach(response)
                    return response
                await response.aclose()
                reason = f"status {response.status_code}"
            attempt += 1
            _log().retry(plan, request, attempt, policy.max_retries, reason, delay)
            watch = request.extensions.get(WATCH)  # the call's telemetry, when it records
            if watch is not None:
                watch.retried(attempt, reason, delay)
            await async_sleep(delay)

    def _gave_up(
        self,
        plan: CallPlan,
        request: httpx.Request,
        attempt: int,
        failure: Exception | httpx.Response,
        reason: str,
    ) -> None:
        """Log a failure raised although it was worth retrying (see `RetryPolicy.gave_up`)."""
        why = self._policy.gave_up(attempt, failure, mutates=plan.mutates)
        if why is not None:
            if isinstance(failure, httpx.Response):
                reason = f"status {failure.status_code}"
            _log().give_up(plan, request, attempt + 1, reason, why)

    async def _detach(self, response: httpx.Response) -> httpx.Response:
        """Read a 5xx answer and close its connection: TabbyAPI drops the connection after a 500
        without saying so, and a request sent on it next would fail with a reset."""
        content = await response.aread()
        stream = response.extensions.get("network_stream")
        if stream is not None:
            await stream.aclose()
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=content,
            request=request_of(response),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        if self._owns_inner:
            await self._inner.aclose()
