"""Failures of a call become tabby_ext's errors here, and only here.

Like httpx's `map_httpcore_exceptions`: the engine and the streams run their I/O inside
`Failures.mapping(plan, request, during)`; an httpx exception leaving it becomes a `TabbyError`
naming the operation, the method and URL, and carrying the request with its keys masked (on the
chained httpx exception too, so no key is anywhere in the chain). Status errors get their hints
here as well: which key was rejected and where it was set, a `base_url` ending in /v1, a
listing's 500 that means a wrong admin key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

import httpx

from ._config import ClientConfig
from ._operations import CallPlan
from ._retry import deterministic
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    IncompleteStreamError,
    RequestValidationError,
    ResponseDecodeError,
    TabbyError,
    status_error,
)


def origin_of(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"


class Failures:
    """Maps one client's failures: knows its credential headers and its configuration (the
    keys it has, where each was set, its `base_url`)."""

    def __init__(self, credentials: Mapping[str, str], config: ClientConfig) -> None:
        self._credentials = dict(credentials)  # kind -> header name
        self._secret = frozenset(credentials.values())
        self._base = httpx.URL(config.base_url)
        self._config = config

    def redact(self, request: httpx.Request) -> httpx.Request:
        """A copy of `request` (no body) whose credential headers read `[secure]`."""
        headers = [
            (name, "[secure]" if name.lower() in self._secret else value)
            for name, value in request.headers.multi_items()
        ]
        return httpx.Request(request.method, request.url, headers=headers)

    @contextlib.contextmanager
    def mapping(self, plan: CallPlan, request: httpx.Request, during: str) -> Iterator[None]:
        """Run I/O for `request`; an httpx failure leaves as a `TabbyError` (`during`: "sending",
        "reading the response", "mid-stream", ... for the message)."""
        try:
            yield
        except httpx.HTTPError as exc:
            raise self.transport_error(exc, plan, request, during) from exc

    def bound(self, plan: CallPlan, request: httpx.Request) -> CallFailures:
        """This mapping for one call, for its stream to use while it is read."""
        return CallFailures(self, plan, request)

    def in_call(self, error: TabbyError, plan: CallPlan, request: httpx.Request) -> TabbyError:
        """An error raised below (a stream's decoder) as one of this call: a copy naming it."""
        if error.operation is not None and error.request is not None:
            return error
        return error.in_call(plan.label, self.redact(request))

    def transport_error(
        self, exc: httpx.HTTPError, plan: CallPlan, request: httpx.Request, during: str
    ) -> TabbyError:
        masked = self.redact(request)
        if isinstance(exc, httpx.RequestError):
            exc.request = masked  # the chained cause carries no key either
        kind, text = _classify(exc)
        where = origin_of(request.url)
        reason = str(exc) or type(exc).__name__
        text = text.format(where=where, reason=reason, during=during, url=request.url)
        return kind(f"{plan.label}: {text}", operation=plan.label, request=masked)

    def status_error(self, response: httpx.Response, plan: CallPlan) -> APIStatusError:
        """The typed error for a read 4xx/5xx response, with a hint where one helps."""
        sent = {
            kind for kind, header in self._credentials.items() if header in response.request.headers
        }
        response.request = self.redact(response.request)
        return status_error(
            response, operation=plan.label, hint=self._hint(response.status_code, plan, sent)
        )

    def _hint(self, status: int, plan: CallPlan, sent: set[str]) -> str | None:
        if status == 401:
            return self._key_hint(plan, sent)
        if status == 404 and self._base.path.rstrip("/").endswith("/v1"):
            fixed = str(self._base.copy_with(path=self._base.path.rstrip("/")[: -len("/v1")]))
            return (
                f"base_url ends in /v1, but TabbyAPI's paths start with /v1 already:"
                f" use base_url={fixed.rstrip('/')!r}"
            )
        if status == 500 and plan.auth == "listing" and "admin_key" in sent:
            return (
                "TabbyAPI answers 500 here when the admin key is wrong and the api key valid:"
                f" check the admin key ({self._from('admin_key')})"
            )
        return None

    def _from(self, kind: str) -> str:
        """Where the key of `kind` was set (`TABBY_API_KEY`, `--api-key`, `api_key=`)."""
        return f"set by {self._config.sources.get(kind, self._config.how_to_set(kind))}"

    def _key_hint(self, plan: CallPlan, sent: set[str]) -> str:
        how = self._config.how_to_set
        if plan.auth == "admin":
            if "admin_key" in sent:
                return f"the server rejected the admin key ({self._from('admin_key')})"
            if "bearer_token" in sent:
                return "an admin operation: the bearer token must hold the admin key"
            return (
                f"this is an admin operation: give an admin key ({how('admin_key')}), or a"
                " bearer token holding it"
            )
        if not sent:
            return f"no key configured: give an api key ({how('api_key')})"
        if "api_key" in sent:
            if "api_key" in self._config.key_kinds:
                return f"the server rejected the api key ({self._from('api_key')})"
            return (
                "the server rejected the admin key, sent as the api key"
                f" ({self._from('admin_key')})"
            )
        names = {"admin_key": "admin key", "bearer_token": "bearer token"}
        return f"the server rejected the {' and '.join(names[k] for k in sorted(sent))}"


class CallFailures:
    """The failure mapping of one call (`Failures.bound`): what a stream needs to raise."""

    __slots__ = ("_failures", "_plan", "_request")

    def __init__(self, failures: Failures, plan: CallPlan, request: httpx.Request) -> None:
        self._failures = failures
        self._plan = plan
        self._request = request

    @property
    def label(self) -> str:
        """The call's name (`chat.create_stream`), for the stream log."""
        return self._plan.label

    def transport_error(self, exc: httpx.HTTPError, during: str) -> TabbyError:
        return self._failures.transport_error(exc, self._plan, self._request, during)

    def in_call(self, error: TabbyError) -> TabbyError:
        return self._failures.in_call(error, self._plan, self._request)


#: What each httpx failure becomes, first match wins; `{where}` is the server's origin,
#: `{reason}` httpx's words, `{during}` the step of the call ("mid-stream", ...).
TRANSPORT_ERRORS: tuple[tuple[type[httpx.HTTPError], type[TabbyError], str], ...] = (
    (httpx.ConnectTimeout, APITimeoutError, "timed out connecting to {where}"),
    (httpx.PoolTimeout, APITimeoutError, "no free connection to {where} in time ({reason})"),
    (httpx.WriteTimeout, APITimeoutError, "timed out sending to {where}"),
    (httpx.TimeoutException, APITimeoutError, "timed out waiting for {where} ({during})"),
    (httpx.ConnectError, APIConnectionError, "cannot connect to {where} ({reason})"),
    (httpx.LocalProtocolError, RequestValidationError, "cannot send this request: {reason}"),
    (httpx.UnsupportedProtocol, ConfigurationError, "cannot send to {url}: {reason}"),
    (httpx.TransportError, APIConnectionError, "connection to {where} broke {during} ({reason})"),
    (httpx.DecodingError, ResponseDecodeError, "the response body cannot be decoded ({reason})"),
)
UNTRUSTED = (APIConnectionError, "the TLS certificate of {where} is not trusted ({reason})")
#: TooManyRedirects and any other httpx.HTTPError.
OTHER = (APIConnectionError, "{reason} ({where})")


def _classify(exc: httpx.HTTPError) -> tuple[type[TabbyError], str]:
    """The error class and message template for an httpx failure."""
    if deterministic(exc):
        return UNTRUSTED
    for cause, kind, text in TRANSPORT_ERRORS:
        if isinstance(exc, cause):
            return kind, text
    return OTHER


# ---- what telemetry says of a failure --------------------------------------------------------


def failure_type(error: BaseException) -> str:
    """The `error.type` of a failed call: the class of the typed error it was mapped to here
    (`BadRequestError`, `ServiceUnavailableError`, `APIConnectionError`, `APITimeoutError`,
    `StreamError`, `IncompleteStreamError`, ...): low-cardinality, and what the caller catches.
    Anything else (a cancellation, Ctrl-C) by its own class name."""
    return type(error).__qualname__


def failure_summary(error: BaseException, capture_content: bool) -> str:
    """A span status description that holds no content unless content is captured: messages
    this module writes itself (connection failures, timeouts, a stream cut short) in full; a
    status error as its status and code (its body may quote the request); anything else, which
    may quote the request or the answer (a refused field, an in-band error, an undecodable
    event), by its type only."""
    if capture_content or isinstance(error, APIConnectionError | IncompleteStreamError):
        return str(error)
    if isinstance(error, APIStatusError):
        return f"{error.status_code} {error.code}"
    return failure_type(error)
