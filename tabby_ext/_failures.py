"""Failures of a call become tabby_ext's errors here, and only here.

Like httpx's `map_httpcore_exceptions`: the engine and the streams run their I/O inside
`Failures.mapping(plan, request, during)`; an httpx exception leaving it becomes a `TabbyError`
naming the operation, the method and URL, and carrying the request with its keys masked (on the
chained httpx exception too, so no key is anywhere in the chain). Status errors get their hints
here as well: which key was rejected, a `base_url` ending in /v1, a listing's 500 that means a
wrong admin key.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

import httpx

from ._operations import CallPlan
from ._retry import deterministic
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    RequestValidationError,
    ResponseDecodeError,
    TabbyError,
    status_error,
)

#: Which argument / environment variable configures each credential.
KEY_SOURCES = {
    "api_key": "api_key= (TABBY_API_KEY)",
    "admin_key": "admin_key= (TABBY_ADMIN_KEY)",
    "bearer_token": "bearer_token= (TABBY_BEARER_TOKEN)",
}


def origin_of(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}"


class Failures:
    """Maps one client's failures: knows its credential headers, keys and `base_url`."""

    def __init__(
        self, credentials: Mapping[str, str], base_url: httpx.URL, keys: frozenset[str]
    ) -> None:
        self._credentials = dict(credentials)  # kind -> header name
        self._secret = frozenset(credentials.values())
        self._base = base_url
        self._keys = keys  # the credential kinds this client has

    def redact(self, request: httpx.Request) -> httpx.Request:
        """A copy of `request` (no body) whose credential headers read `[secure]`."""
        headers = [
            (name, "[secure]" if name.lower() in self._secret else value)
            for name, value in request.headers.multi_items()
        ]
        return httpx.Request(request.method, request.url, headers=headers)

    @contextlib.contextmanager
    def mapping(self, plan: CallPlan, request: httpx.Request, during: str) -> Iterator[None]:
        """Run I/O for `request`; whatever fails leaves as a `TabbyError` (`during`: "sending",
        "reading the response", "mid-stream", ... for the message)."""
        try:
            yield
        except TabbyError as error:
            self.attach(error, plan, request)
            raise
        except httpx.HTTPError as exc:
            raise self.transport_error(exc, plan, request, during) from exc

    def bound(self, plan: CallPlan, request: httpx.Request) -> CallFailures:
        """This mapping for one call, for its stream to use while it is read."""
        return CallFailures(self, plan, request)

    def attach(self, error: TabbyError, plan: CallPlan, request: httpx.Request) -> TabbyError:
        """Give an error raised below (a stream's decoder, say) the call it belongs to."""
        if error.operation is None:
            error.operation = plan.label
        if error.request is None:
            error.request = self.redact(request)
        return error

    def transport_error(
        self, exc: httpx.HTTPError, plan: CallPlan, request: httpx.Request, during: str
    ) -> TabbyError:
        masked = self.redact(request)
        if isinstance(exc, httpx.RequestError):
            exc.request = masked  # the chained cause carries no key either
        where = origin_of(request.url)
        reason = str(exc) or type(exc).__name__
        error: TabbyError
        if isinstance(exc, httpx.ConnectTimeout):
            error = APITimeoutError(f"timed out connecting to {where}")
        elif isinstance(exc, httpx.PoolTimeout):
            error = APITimeoutError(f"no free connection to {where} in time ({reason})")
        elif isinstance(exc, httpx.WriteTimeout):
            error = APITimeoutError(f"timed out sending to {where}")
        elif isinstance(exc, httpx.TimeoutException):
            error = APITimeoutError(f"timed out waiting for {where} ({during})")
        elif deterministic(exc):
            error = APIConnectionError(f"the TLS certificate of {where} is not trusted ({reason})")
        elif isinstance(exc, httpx.ConnectError):
            error = APIConnectionError(f"cannot connect to {where} ({reason})")
        elif isinstance(exc, httpx.LocalProtocolError):
            error = RequestValidationError(f"cannot send this request: {reason}")
        elif isinstance(exc, httpx.UnsupportedProtocol):
            error = ConfigurationError(f"cannot send to {request.url}: {reason}")
        elif isinstance(exc, httpx.TransportError):
            error = APIConnectionError(f"connection to {where} broke {during} ({reason})")
        elif isinstance(exc, httpx.DecodingError):
            error = ResponseDecodeError(f"the response body cannot be decoded ({reason})")
        else:  # TooManyRedirects and any other httpx.HTTPError
            error = APIConnectionError(f"{reason} ({where})")
        error.message = f"{plan.label}: {error.message}"
        error.args = (error.message,)
        error.operation = plan.label
        error.request = masked
        return error

    def status_error(self, response: httpx.Response, plan: CallPlan) -> APIStatusError:
        """The typed error for a read 4xx/5xx response, with a hint where one helps."""
        sent = {
            kind for kind, header in self._credentials.items() if header in response.request.headers
        }
        response.request = self.redact(response.request)
        error = status_error(response)
        hint = self._hint(error, plan, sent)
        if hint:
            error.message = f"{error.message} ({hint})"
            error.args = (error.message,)
        error.operation = plan.label
        return error

    def _hint(self, error: APIStatusError, plan: CallPlan, sent: set[str]) -> str | None:
        status = error.status_code
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
                " check admin_key= (TABBY_ADMIN_KEY)"
            )
        return None

    def _key_hint(self, plan: CallPlan, sent: set[str]) -> str:
        if plan.auth == "admin":
            if "admin_key" in sent:
                return "the server rejected the admin_key= (TABBY_ADMIN_KEY) it was sent"
            if "bearer_token" in sent:
                return "an admin operation: the bearer_token must hold the admin key"
            return (
                "this is an admin operation: pass admin_key=... or set TABBY_ADMIN_KEY, or use a"
                " bearer_token holding the admin key"
            )
        if not sent:
            return "no key configured: pass api_key=... or set TABBY_API_KEY"
        if "api_key" in sent:
            if "api_key" in self._keys:
                return f"the server rejected the api key: check {KEY_SOURCES['api_key']}"
            return (
                "the server rejected the admin key, sent as the api key: check"
                f" {KEY_SOURCES['admin_key']}"
            )
        return f"the server rejected the {' and '.join(sorted(sent))}"


class CallFailures:
    """The failure mapping of one call (`Failures.bound`): what a stream needs to raise."""

    __slots__ = ("_failures", "_plan", "_request")

    def __init__(self, failures: Failures, plan: CallPlan, request: httpx.Request) -> None:
        self._failures = failures
        self._plan = plan
        self._request = request

    def transport_error(self, exc: httpx.HTTPError, during: str) -> TabbyError:
        return self._failures.transport_error(exc, self._plan, self._request, during)

    def attach(self, error: TabbyError) -> TabbyError:
        return self._failures.attach(error, self._plan, self._request)
