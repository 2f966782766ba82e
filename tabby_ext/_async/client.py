"""`AsyncTabby`: the facade over the generated TabbyAPI client, and its request engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn, Self, Unpack

import httpx
from tabbyapi_client.facade.async_services import AsyncServices

from .._auth import TabbyAuth
from .._config import ClientConfig, ClientOptions, SettingReport, as_timeout
from .._contract import HELPER_MODES, NOT_GIVEN, Call, CallOptions
from .._failures import Failures
from .._operations import (
    PLAN,
    CallPlan,
    OperationTable,
    operation_table,
    plan_for,
    unencodable_field,
)
from .._retry import RetryPolicy
from ..errors import ConfigurationError, RequestValidationError, TabbyError
from .connections import open_transport
from .resource import AsyncResource
from .streaming import AsyncStream, AsyncTextStream
from .transport import AsyncTabbyTransport

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider

    from .._otel import Watch
    from .._telemetry import Telemetry

USER_AGENT = "tabbyapi-python"
#: httpx's own default timeout: a borrowed client's timeout is kept only if it was changed.
HTTPX_TIMEOUT = httpx.Timeout(5.0)
#: `tool_choice` values that demand no call (anything else is checked on the answer).
UNFORCED = (None, "auto", "none")


class AsyncTabby(AsyncServices, AsyncResource):
    """TabbyAPI client: `async with AsyncTabby() as client: await client.health.check()`.

    Settings not given are read from `TABBY_BASE_URL`, `TABBY_API_KEY`, `TABBY_ADMIN_KEY`,
    `TABBY_BEARER_TOKEN`, `TABBY_TIMEOUT`, `TABBY_MAX_RETRIES`, `TABBY_STRICT_RESPONSES`,
    `TABBY_TELEMETRY`, `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT` and
    `TABBY_PROPAGATE_TRACE_CONTEXT` (`describe_settings()` says where each came from). One
    attribute per TabbyAPI tag
    (`client.chat`, `client.models`, ...) holds its typed methods, generated from the spec.
    `client.raw` is the generated client over the same connections, auth and retries, for
    calling `tabbyapi_client.api.*` modules directly.

    Connections: by default the client's own HTTP/1.1 pool (through `proxy=` or the
    environment's proxies when set). `transport=` puts any httpx transport underneath instead
    (HTTP/2, custom TLS, an in-process app); `http_client=` borrows your `httpx.AsyncClient`
    (its mounts, proxies, TLS and hooks route every request; it is never changed or closed
    here). Auth, credential stripping on redirects and retries apply the same on all of them.

    Answers are read tolerantly: a field an older or newer server (or a proxy) leaves out reads
    as its default or None. `strict_responses=True` refuses an answer that lacks a field the
    pinned TabbyAPI always sends, for those who pin their server and want to know when it changes.

    Telemetry: once the application uses OpenTelemetry (the `otel` extra), each call is a span
    and GenAI metrics of the global providers, or of `tracer_provider=` / `meter_provider=`;
    `telemetry=False` turns it off, `capture_content=True` records prompts and answers,
    `propagate_trace_context=False` stops the `traceparent` header (docs/guides/observability.md).
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        admin_key: str | None = None,
        bearer_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        strict_responses: bool | None = None,
        telemetry: bool | None = None,
        capture_content: bool | None = None,
        propagate_trace_context: bool | None = None,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
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
        arguments: dict[str, Any] = {
            "base_url": base_url,
            "api_key": api_key,
            "admin_key": admin_key,
            "bearer_token": bearer_token,
            "timeout": timeout,
            "max_retries": max_retries,
            "strict_responses": strict_responses,
            "telemetry": telemetry,
            "capture_content": capture_content,
            "propagate_trace_context": propagate_trace_context,
        }
        config = ClientConfig.resolve(
            retry=retry,
            default_headers=default_headers,
            proxy=proxy,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
            **arguments,
        )
        self._open(config, transport=transport, http_client=http_client)

    @classmethod
    def _from_config(cls, config: ClientConfig) -> Self:
        """A client of an already resolved configuration (the `tabby` command line's)."""
        client = object.__new__(cls)
        client._open(config, transport=None, http_client=None)
        return client

    def _open(
        self,
        config: ClientConfig,
        *,
        transport: httpx.AsyncBaseTransport | None,
        http_client: httpx.AsyncClient | None,
    ) -> None:
        inner, owns = open_transport(
            proxy=config.proxy,
            environment_proxies=config.environment_proxies,
            transport=transport,
            http_client=http_client,
        )
        self._build(config, inner, owns_inner=owns)

    def _build(
        self, config: ClientConfig, inner: httpx.AsyncBaseTransport, *, owns_inner: bool
    ) -> None:
        """The one construction path (`__init__` and `with_options`): everything that depends on
        the configuration, the address above all, is derived here; only the connections
        (`inner`) may be shared."""
        self._config = config
        self._table: OperationTable = operation_table()
        base = httpx.URL(config.base_url)
        self._failures = Failures(self._table.credentials, config)
        #: OpenTelemetry (see _telemetry.py): None when switched off, decided once here.
        self._telemetry: Telemetry | None = None
        if config.telemetry:
            from .._telemetry import Telemetry

            self._telemetry = Telemetry(config, base)
        self._inner = inner
        self._http = _MappedAsyncClient(
            self._failures,
            self._table,
            base_url=base,
            auth=TabbyAuth(
                base,
                self._table,
                api_key=config.api_key,
                admin_key=config.admin_key,
                bearer_token=config.bearer_token,
            ),
            transport=AsyncTabbyTransport(
                inner, self._table, config.retry, base_url=base, owns_inner=owns_inner
            ),
            timeout=config.timeout,
            headers={"user-agent": USER_AGENT, **config.default_headers},
            follow_redirects=True,
            trust_env=False,
        )
        self._raw: Any = None

    def with_options(self, **changes: Unpack[ClientOptions]) -> Self:
        """A copy with other settings (the constructor's names; a key given as None is
        removed, anything not given is this client's).

        Cheap: the copy shares this client's connections (its pool, transport or borrowed
        `http_client`); close the original to free them.
        """
        copy = object.__new__(type(self))
        copy._build(self._config.replace(**changes), self._inner, owns_inner=False)
        return copy

    #: openai-python's name for the same thing.
    copy = with_options

    def __copy__(self) -> Self:
        return self.with_options()

    def __deepcopy__(self, memo: dict[int, Any]) -> NoReturn:
        raise TypeError(
            f"a {type(self).__name__} holds open connections and cannot be deep-copied:"
            " use client.copy() or client.with_options(...), which share them"
        )

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def describe_settings(self) -> list[SettingReport]:
        """Each setting's value (keys only as set / not set, never their value) and where it
        came from: the argument, the `TABBY_*` variable, or the default."""
        return self._config.describe()

    @property
    def raw(self) -> Any:
        """The generated `tabbyapi_client.Client`, sharing this client's connections and auth;
        its transport failures are raised as this library's errors too."""
        if self._raw is None:
            from tabbyapi_client import Client

            self._raw = Client(base_url=self._config.base_url)
            self._raw.set_async_httpx_client(self._http)
        return self._raw

    def __repr__(self) -> str:
        keys = sorted(self._config.key_kinds)
        return f"{type(self).__name__}(base_url={self._config.base_url!r}, keys={keys})"

    async def aclose(self) -> None:
        """Close the connections this client opened (a `with_options` copy leaves them to its
        original; a `transport=` or `http_client=` stays open for its owner)."""
        await self._http.aclose()

    # ---- the engine ---------------------------------------------------------------------

    async def _request(self, call: Call) -> Any:
        """Run one facade call (the generated service methods end here): `call.mode` is "call"
        (the JSON answer), "stream" (an open stream), "drain" (a stream's last event), or a
        helper's mode (`chat.parse`, `chat.run_tools`, ...: see `helpers`)."""
        if call.mode in HELPER_MODES:
            from .helpers import run_helper

            return await run_helper(self, call)
        return await self._exchange(call)

    async def _exchange(
        self, call: Call, *, label: str | None = None, sent: list[httpx.Request] | None = None
    ) -> Any:
        """One request of `call` ("call", "stream" or "drain"). A helper names itself in
        `label` (the mode of its method, for the call's name in errors) and collects in `sent`
        the request as sent, keys masked."""
        op = self._table.by_key[call.key]
        fields = {name: value for name, value in call.fields.items() if value is not NOT_GIVEN}
        plan = CallPlan.of(op, {}, label or call.mode)
        try:
            if call.aliases:
                given = {n: v for n, v in call.aliases.items() if v is not NOT_GIVEN}
                fields = op.with_aliases(fields, given)
            plan = CallPlan.of(op, fields, label or call.mode)
            if "response_format" in fields:  # what TabbyAPI would ignore (imported if needed)
                from .._constraints import refine

                fields = refine(fields)
            streaming = op.stream is not None and call.mode != "call"
            request, timeout = self._build_request(plan, fields, call.options, streaming)
            watch = self._watch(plan, fields, call.options, request, streaming)
            if sent is not None:
                sent.append(self._failures.redact(request))
            if not streaming:
                answer = await self._call(plan, request, watch)
                choice = fields.get("tool_choice")
                if choice not in UNFORCED and label is None:  # TabbyAPI does not enforce it
                    from .._constraints import check_tool_choice

                    masked = self._failures.redact(request)
                    check_tool_choice(choice, answer, plan.label, masked)
                return answer
            stream = await self._open_stream(plan, request, timeout, watch)
            return stream if call.mode == "stream" else await stream.until_done()
        except TabbyError as error:
            if error.operation is None:  # refused before any request existed (a bad field)
                raise error.in_call(plan.label) from error.__cause__
            raise

    def _watch(
        self,
        plan: CallPlan,
        fields: dict[str, Any],
        options: CallOptions,
        request: httpx.Request,
        streaming: bool,
    ) -> Watch | None:
        """The call's telemetry (see `_telemetry`): None when switched off or when nothing
        would record it. A watched call's span is current while its request is sent, and ends
        with the answer or the error, or (a stream) when the stream ends."""
        if self._telemetry is None:
            return None
        return self._telemetry.watch(plan, fields, options, request, streaming)

    def _build_request(
        self, plan: CallPlan, fields: dict[str, Any], options: CallOptions, streaming: bool
    ) -> tuple[httpx.Request, httpx.Timeout]:
        op = plan.operation
        assert op is not None, "a facade call's plan has its operation"
        spec = op.stream
        if not streaming and spec and (options.extra_body or {}).get(spec.field or ""):
            raise RequestValidationError(
                f"{op.label}(): use {op.label}_stream() to stream", field=spec.field
            )
        stream_field = True if streaming and spec and spec.field else None
        built = op.build(fields, stream=stream_field, extra_body=options.extra_body)
        headers = built.get("headers", {})
        if options.extra_headers:
            headers = {**headers, **options.extra_headers}
        timeout = self._config.timeout
        if options.timeout is not None:
            try:
                timeout = as_timeout(options.timeout)
            except ValueError as exc:
                raise RequestValidationError(f"timeout= {exc}", field="timeout") from None
        try:
            request = self._http.build_request(
                built["method"],
                built["url"],
                json=built.get("json"),
                headers=headers,
                params=options.extra_query,
                timeout=timeout,
                extensions={PLAN: plan},
            )
        except (TypeError, ValueError) as exc:
            raise unencodable_field(built.get("json") or {}) or RequestValidationError(
                f"{op.label}(): {exc}"
            ) from exc
        return request, timeout

    async def _send(self, plan: CallPlan, request: httpx.Request) -> httpx.Response:
        """Send a facade call; return its answer (2xx, or an error status the operation answers
        with, like an unhealthy /health's 503), body unread. Any failure leaves as a
        `TabbyError` (see `_failures`)."""
        response = await self._http.send(request, stream=True)
        op = plan.operation
        if response.is_success or (op is not None and response.status_code in op.answer_statuses):
            return response
        try:
            with self._failures.mapping(plan, request, "reading the error body"):
                await response.aread()
        finally:
            await response.aclose()
        raise self._failures.status_error(response, plan)

    async def _call(
        self, plan: CallPlan, request: httpx.Request, watch: Watch | None = None
    ) -> Any:
        if watch is not None:
            with watch.sending():
                answer = await self._call(plan, request)
            watch.answered(answer)
            return answer
        response = await self._send(plan, request)
        try:
            with self._failures.mapping(plan, request, "reading the response"):
                content = await response.aread()
        finally:
            await response.aclose()
        assert plan.operation is not None
        try:
            return plan.operation.parse(content, self._config.strict_responses)
        except TabbyError as error:
            raise self._failures.in_call(error, plan, request) from error.__cause__

    async def _open_stream(
        self,
        plan: CallPlan,
        request: httpx.Request,
        timeout: httpx.Timeout,
        watch: Watch | None = None,
    ) -> AsyncStream[Any]:
        spec = plan.operation.stream if plan.operation is not None else None
        assert spec is not None
        if watch is None:
            response = await self._send(plan, request)
        else:
            with watch.sending():
                response = await self._send(plan, request)
        kind = AsyncTextStream if spec.text else AsyncStream
        stream: AsyncStream[Any] = kind(
            response,
            spec,
            idle_timeout=timeout.read,
            strict=self._config.strict_responses,
            failures=self._failures.bound(plan, request),
            watch=watch,
        )
        await stream._begin()
        return stream


class _MappedAsyncClient(httpx.AsyncClient):
    """The client's `httpx.AsyncClient`: a send that fails leaves as a `TabbyError` (see
    `_failures`), for facade calls and for `client.raw`'s generated endpoints alike."""

    def __init__(self, failures: Failures, table: OperationTable, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tabby_failures = failures
        self._tabby_table = table
        self._tabby_prefix = httpx.URL(kwargs["base_url"]).path.rstrip("/")

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        plan = plan_for(request, self._tabby_table, self._tabby_prefix)
        with self._tabby_failures.mapping(plan, request, "before the response"):
            return await super().send(request, **kwargs)
