"""The client's transport: every request and redirect hop passes here, from the facade or raw.

It keeps credentials to the configured origin and retries what `RetryPolicy` allows.
"""

from __future__ import annotations

import logging

import httpx

from .._auth import ORIGIN, origin, strip_foreign_credentials
from .._backend import async_sleep
from .._operations import OperationTable, plan_for
from .._retry import RetryPolicy

logger = logging.getLogger("tabby_ext")


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
        mutates = plan_for(request, self._table, self._prefix).mutates
        attempt = 0
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as exc:
                delay = policy.delay_for_exception(attempt, exc, mutates=mutates)
                if delay is None:
                    raise
                reason = type(exc).__name__
            else:
                delay = policy.delay_for_response(attempt, response, mutates=mutates)
                if delay is None:
                    if response.status_code >= 500:
                        return await self._detach(response)
                    return response
                await response.aclose()
                reason = f"status {response.status_code}"
            attempt += 1
            logger.info(
                "retrying %s %s in %.2fs (%s, retry %d of %d)",
                request.method,
                request.url.path,
                delay,
                reason,
                attempt,
                policy.max_retries,
            )
            await async_sleep(delay)

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
