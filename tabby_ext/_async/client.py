"""`AsyncTabby`: the facade over the generated TabbyAPI client, and its request engine."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from tabbyapi_client.facade.async_services import AsyncServices
from tabbyapi_client.facade.base import NOT_GIVEN

from .._auth import TabbyAuth, redacted
from .._config import ClientConfig, as_timeout
from .._operations import (
    CallOptions,
    Operation,
    OperationTable,
    operation_table,
    unencodable_field,
)
from .._retry import RetryPolicy
from ..errors import APIConnectionError, APITimeoutError, RequestValidationError, status_error
from .streaming import AsyncStream, AsyncTextStream
from .transport import RETRY_EXTENSION, AsyncTabbyTransport

logger = logging.getLogger("tabby_ext")


USER_AGENT = "tabbyapi-python"
#: uvicorn (TabbyAPI's server) closes idle connections after 5 s; give them up well before.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=2.0)


class AsyncTabby(AsyncServices):
    """TabbyAPI client: `async with AsyncTabby() as client: await client.health.check()`.

    Arguments not given are read from `TABBY_BASE_URL`, `TABBY_API_KEY`, `TABBY_ADMIN_KEY` and
    `TABBY_BEARER_TOKEN`. One attribute per TabbyAPI tag (`client.chat`, `client.models`, ...)
    holds its typed methods, generated from the spec. `client.raw` is the generated client over
    the same connections, auth and retries, for calling `tabbyapi_client.api.*` modules directly.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        admin_key: str | None = None,
        bearer_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        config = ClientConfig.resolve(
            base_url=base_url,
            api_key=api_key,
            admin_key=admin_key,
            bearer_token=bearer_token,
            timeout=timeout,
            retry=retry,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        if http_client is not None and timeout is not None:
            http_client.timeout = config.timeout
        self._setup(config, http_client=http_client, pool=None)

    def _setup(
        self,
        config: ClientConfig,
        *,
        http_client: httpx.AsyncClient | None,
        pool: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._config = config
        self._table: OperationTable = operation_table()
        base = httpx.URL(config.base_url)
        self._auth = TabbyAuth(
            base,
            self._table,
            api_key=config.api_key,
            admin_key=config.admin_key,
            bearer_token=config.bearer_token,
        )
        headers = {"user-agent": USER_AGENT, **config.default_headers}
        if http_client is not None:
            # A caller's client keeps its own transport settings; auth and retries are added.
            self._owns_http = False
            self._pool = http_client._transport
            http_client._transport = AsyncTabbyTransport(
                http_client._transport, self._table, config.retry, base_url=base
            )
            http_client.auth = self._auth
            http_client.base_url = base
            http_client.headers.update(headers)
            self._http = http_client
        else:
            self._owns_http = True
            if pool is None:
                # Imported here: httpcore and httptools are not needed until a client exists.
                from .http11 import AsyncHTTP11Pool

                pool = AsyncHTTP11Pool(limits=LIMITS)
                owns_pool = True
            else:
                owns_pool = False
            self._pool = pool
            transport = AsyncTabbyTransport(
                self._pool, self._table, config.retry, base_url=base, owns_inner=owns_pool
            )
            self._http = httpx.AsyncClient(
                base_url=base,
                auth=self._auth,
                transport=transport,
                timeout=config.timeout,
                headers=headers,
                follow_redirects=True,
            )
        self._raw: Any = None

    def with_options(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        admin_key: str | None = None,
        bearer_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> AsyncTabby:
        """A copy with other settings (None: this client's); same arguments as the constructor.

        Cheap: the copy shares this client's connection pool; close the original to free it.
        """
        given = {
            "base_url": base_url,
            "api_key": api_key,
            "admin_key": admin_key,
            "bearer_token": bearer_token,
            "timeout": timeout,
            "retry": retry,
            "max_retries": max_retries,
            "default_headers": default_headers,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        copy = object.__new__(type(self))
        copy._setup(self._config.replace(**changes), http_client=None, pool=self._pool)
        return copy

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def raw(self) -> Any:
        """The generated `tabbyapi_client.Client`, sharing this client's connections and auth."""
        if self._raw is None:
            from tabbyapi_client import Client

            self._raw = Client(base_url=self._config.base_url)
            self._raw.set_async_httpx_client(self._http)
        return self._raw

    def __repr__(self) -> str:
        keys = [n for n in ("api_key", "admin_key", "bearer_token") if getattr(self._config, n)]
        return f"{type(self).__name__}(base_url={self._config.base_url!r}, keys={keys})"

    async def aclose(self) -> None:
        """Close the connection pool (if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncTabby:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # ---- the engine ---------------------------------------------------------------------

    async def _request(
        self,
        key: str,
        mode: str,
        fields: dict[str, Any],
        extra_headers: Mapping[str, str] | None,
        extra_body: Mapping[str, Any] | None,
        extra_query: Mapping[str, Any] | None,
        timeout: float | httpx.Timeout | None,
        aliases: dict[str, Any],
    ) -> Any:
        """Run one facade call (the generated service methods end here): `mode` is "call"
        (the JSON answer), "stream" (an open stream) or "drain" (a stream's last event)."""
        op = self._table.by_key[key]
        body = {name: value for name, value in fields.items() if value is not NOT_GIVEN}
        if aliases:
            given = {name: value for name, value in aliases.items() if value is not NOT_GIVEN}
            body = op.with_aliases(body, given)
        options = CallOptions(extra_headers, extra_body, extra_query, timeout)
        if mode == "call":
            return await self._call(op, body, options)
        stream = await self._open_stream(op, body, options)
        return stream if mode == "stream" else await stream.until_done()

    async def _send(
        self, op: Operation, fields: dict[str, Any], options: CallOptions, stream: bool | None
    ) -> httpx.Response:
        if stream is None and op.stream and (options.extra_body or {}).get(op.stream.field or ""):
            raise RequestValidationError(
                f"{op.label}(): use {op.label}_stream() to stream", field=op.stream.field
            )
        built = op.build(fields, stream=stream, extra_body=options.extra_body)
        headers = built.get("headers", {})
        if options.extra_headers:
            headers = {**headers, **options.extra_headers}
        timeout = options.timeout
        try:
            request = self._http.build_request(
                built["method"],
                built["url"],
                json=built.get("json"),
                headers=headers,
                params=options.extra_query,
                timeout=as_timeout(timeout) if timeout is not None else self._http.timeout,
                extensions={RETRY_EXTENSION: self._config.retry},
            )
        except (TypeError, ValueError) as exc:
            raise unencodable_field(built.get("json") or {}) or RequestValidationError(
                f"{op.label}(): {exc}"
            ) from exc
        try:
            response = await self._http.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                f"{op.label}: {type(exc).__name__}", request=self._redacted(request)
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"{op.label}: {exc or type(exc).__name__}", request=self._redacted(request)
            ) from exc
        logger.debug("%s %s -> %d", request.method, request.url.path, response.status_code)
        if response.is_success:
            return response
        try:
            await response.aread()
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"{op.label}: error body cut off ({exc})", request=self._redacted(request)
            ) from exc
        finally:
            await response.aclose()
        response.request = self._redacted(request)
        raise status_error(response, admin_operation=op.auth == "admin")

    def _redacted(self, request: httpx.Request) -> httpx.Request:
        """The request as errors carry it: key headers masked."""
        return redacted(request, self._table)

    async def _call(self, op: Operation, fields: dict[str, Any], options: CallOptions) -> Any:
        response = await self._send(op, fields, options, stream=None)
        try:
            content = await response.aread()
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{op.label}: timed out reading the response") from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(f"{op.label}: response cut off ({exc})") from exc
        finally:
            await response.aclose()
        return op.parse(content)

    async def _open_stream(
        self, op: Operation, fields: dict[str, Any], options: CallOptions
    ) -> AsyncStream[Any]:
        assert op.stream is not None
        response = await self._send(op, fields, options, stream=True)
        read_timeout = response.request.extensions.get("timeout", {}).get("read")
        kind = AsyncTextStream if op.stream.text else AsyncStream
        return kind(
            response,
            op.stream,
            idle_timeout=read_timeout,
            redact=self._redacted,
        )
