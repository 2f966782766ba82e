"""`AsyncTabby`: the facade over the generated TabbyAPI client, and its request engine."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
from tabbyapi_client.facade.async_services import AsyncServices
from tabbyapi_client.facade.base import NOT_GIVEN, NotGiven

from .._auth import TabbyAuth, origin, strip_foreign_credentials
from .._config import ClientConfig, as_timeout
from .._failures import Failures
from .._operations import (
    PLAN,
    CallOptions,
    CallPlan,
    Operation,
    OperationTable,
    operation_table,
    unencodable_field,
)
from .._retry import RetryPolicy
from ..errors import ConfigurationError, RequestValidationError, TabbyError
from .connections import open_transport
from .streaming import AsyncStream, AsyncTextStream
from .transport import RETRY_EXTENSION, AsyncTabbyTransport

logger = logging.getLogger("tabby_ext")

USER_AGENT = "tabbyapi-python"
#: httpx's own default timeout: a borrowed client's timeout is kept only if it was changed.
HTTPX_TIMEOUT = httpx.Timeout(5.0)


class AsyncTabby(AsyncServices):
    """TabbyAPI client: `async with AsyncTabby() as client: await client.health.check()`.

    Arguments not given are read from `TABBY_BASE_URL`, `TABBY_API_KEY`, `TABBY_ADMIN_KEY` and
    `TABBY_BEARER_TOKEN`. One attribute per TabbyAPI tag (`client.chat`, `client.models`, ...)
    holds its typed methods, generated from the spec. `client.raw` is the generated client over
    the same connections, auth and retries, for calling `tabbyapi_client.api.*` modules directly.

    Connections: by default the client's own HTTP/1.1 pool (through `proxy=` or the
    environment's proxies when set). `transport=` puts any httpx transport underneath instead
    (HTTP/2, custom TLS, an in-process app); `http_client=` borrows your `httpx.AsyncClient`
    (its mounts, proxies, TLS and hooks route every request; it is never changed or closed
    here). Auth, credential stripping on redirects and retries apply the same on all of them.
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
        default_headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ConfigurationError("give transport= or http_client=, not both")
        if proxy is not None and (http_client is not None or transport is not None):
            raise ConfigurationError(
                "proxy= is for the client's own pool: configure the proxy"
                " on your transport or http_client instead"
            )
        if timeout is None and http_client is not None and http_client.timeout != HTTPX_TIMEOUT:
            timeout = http_client.timeout  # the caller configured it: keep it
        config = ClientConfig.resolve(
            base_url=base_url,
            api_key=api_key,
            admin_key=admin_key,
            bearer_token=bearer_token,
            timeout=timeout,
            retry=retry,
            max_retries=max_retries,
            default_headers=default_headers,
            proxy=proxy,
        )
        base, table = httpx.URL(config.base_url), operation_table()
        inner, owns = open_transport(
            proxy=config.proxy,
            environment_proxies=config.environment_proxies,
            transport=transport,
            http_client=http_client,
            strip=lambda request: strip_foreign_credentials(request, origin(base), table),
        )
        self._setup(config, inner, owns_inner=owns)

    def _setup(
        self, config: ClientConfig, inner: httpx.AsyncBaseTransport, *, owns_inner: bool
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
        self._failures = Failures(self._table.credentials, base, config.key_kinds)
        self._inner = inner
        self._http = httpx.AsyncClient(
            base_url=base,
            auth=self._auth,
            transport=AsyncTabbyTransport(
                inner, self._table, config.retry, base_url=base, owns_inner=owns_inner
            ),
            timeout=config.timeout,
            headers={"user-agent": USER_AGENT, **config.default_headers},
            follow_redirects=True,
            trust_env=False,
        )
        self._raw: Any = None

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        api_key: str | NotGiven | None = NOT_GIVEN,
        admin_key: str | NotGiven | None = NOT_GIVEN,
        bearer_token: str | NotGiven | None = NOT_GIVEN,
        timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
        retry: RetryPolicy | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
    ) -> AsyncTabby:
        """A copy with other settings (same arguments as the constructor; a key given as None
        is removed, anything not given is this client's).

        Cheap: the copy shares this client's connections (its pool, transport or borrowed
        `http_client`); close the original to free them.
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
        changes = {name: value for name, value in given.items() if value is not NOT_GIVEN}
        copy = object.__new__(type(self))
        copy._setup(self._config.replace(**changes), self._inner, owns_inner=False)
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
        """Close the connections this client opened (a `with_options` copy leaves them to its
        original; a `transport=` or `http_client=` stays open for its owner)."""
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
        try:
            if aliases:
                given = {n: value for n, value in aliases.items() if value is not NOT_GIVEN}
                body = op.with_aliases(body, given)
            options = CallOptions(extra_headers, extra_body, extra_query, timeout)
            plan = CallPlan.of(op, body, mode)
            if mode == "call":
                return await self._call(op, plan, body, options)
            stream = await self._open_stream(op, plan, body, options)
            return stream if mode == "stream" else await stream.until_done()
        except TabbyError as error:
            # Also an error raised before any request existed (a refused field) names its call.
            if error.operation is None:
                error.operation = CallPlan.of(op, {}, mode).label
            raise

    def _build_request(
        self,
        op: Operation,
        plan: CallPlan,
        fields: dict[str, Any],
        options: CallOptions,
        stream: bool | None,
    ) -> httpx.Request:
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
            return self._http.build_request(
                built["method"],
                built["url"],
                json=built.get("json"),
                headers=headers,
                params=options.extra_query,
                timeout=as_timeout(timeout) if timeout is not None else self._http.timeout,
                extensions={RETRY_EXTENSION: self._config.retry, PLAN: plan},
            )
        except (TypeError, ValueError) as exc:
            raise unencodable_field(built.get("json") or {}) or RequestValidationError(
                f"{op.label}(): {exc}"
            ) from exc

    async def _send(
        self,
        op: Operation,
        plan: CallPlan,
        fields: dict[str, Any],
        options: CallOptions,
        stream: bool | None,
    ) -> tuple[httpx.Request, httpx.Response]:
        """Send a facade call; return its successful response, body unread. Any failure
        leaves as a `TabbyError` (see `_failures`)."""
        request = self._build_request(op, plan, fields, options, stream)
        with self._failures.mapping(plan, request, "before the response"):
            response = await self._http.send(request, stream=True)
        logger.debug("%s %s -> %d", request.method, request.url.path, response.status_code)
        if response.is_success:
            return request, response
        try:
            with self._failures.mapping(plan, request, "reading the error body"):
                await response.aread()
        finally:
            await response.aclose()
        raise self._failures.status_error(response, plan)

    async def _call(
        self, op: Operation, plan: CallPlan, fields: dict[str, Any], options: CallOptions
    ) -> Any:
        request, response = await self._send(op, plan, fields, options, stream=None)
        try:
            with self._failures.mapping(plan, request, "reading the response"):
                content = await response.aread()
        finally:
            await response.aclose()
        with self._failures.mapping(plan, request, "decoding the response"):
            return op.parse(content)

    async def _open_stream(
        self, op: Operation, plan: CallPlan, fields: dict[str, Any], options: CallOptions
    ) -> AsyncStream[Any]:
        assert op.stream is not None
        request, response = await self._send(op, plan, fields, options, stream=True)
        read_timeout = request.extensions.get("timeout", {}).get("read")
        kind = AsyncTextStream if op.stream.text else AsyncStream
        stream: AsyncStream[Any] = kind(
            response,
            op.stream,
            idle_timeout=read_timeout,
            failures=self._failures.bound(plan, request),
        )
        await stream._begin()
        return stream
