"""How a call's failures become tabby_ext's errors (`_failures`): the type and message for each
transport failure, the request masked, and the hint a status error gets (which key was
rejected, a `base_url` ending in /v1, a listing's 500). Pure: errors built in memory."""

from __future__ import annotations

import ssl

import httpx
import pytest

from tabby_ext import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    RequestValidationError,
    ResponseDecodeError,
    StreamError,
    TabbyError,
)
from tabby_ext._config import ClientConfig
from tabby_ext._failures import Failures, origin_of
from tabby_ext._operations import CallPlan, operation_table

CREDENTIALS = operation_table().credentials
BASE = httpx.URL("http://tabby:5000")
URL = "http://tabby:5000/v1/model"
KEYS = {"x-api-key": "k-api", "x-admin-key": "k-admin", "authorization": "Bearer k-bearer"}


def failures(
    keys: frozenset[str] = frozenset(), base: httpx.URL = BASE, style: str = "keyword"
) -> Failures:
    """The failures of a client with these keys (given as arguments, or as flags)."""
    config = ClientConfig.resolve(base_url=str(base), style=style, **dict.fromkeys(keys, "k"))
    return Failures(CREDENTIALS, config)


def plan(auth: str = "api", label: str = "models.get") -> CallPlan:
    return CallPlan(label, auth, mutates=False)


def request(**headers: str) -> httpx.Request:
    return httpx.Request("GET", URL, headers={"x-trace": "1", **headers})


# ---- transport failures ------------------------------------------------------------------------

CASES: list[tuple[httpx.HTTPError, type[TabbyError], str]] = [
    (httpx.ConnectTimeout("t"), APITimeoutError, "timed out connecting to http://tabby:5000"),
    (
        httpx.PoolTimeout("no slot in 2s"),
        APITimeoutError,
        "no free connection to http://tabby:5000 in time (no slot in 2s)",
    ),
    (httpx.WriteTimeout("t"), APITimeoutError, "timed out sending to http://tabby:5000"),
    (
        httpx.ReadTimeout("t"),
        APITimeoutError,
        "timed out waiting for http://tabby:5000 (mid-stream)",
    ),
    (
        httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] self-signed"),
        APIConnectionError,
        "the TLS certificate of http://tabby:5000 is not trusted"
        " ([SSL: CERTIFICATE_VERIFY_FAILED] self-signed)",
    ),
    (
        httpx.ConnectError("refused"),
        APIConnectionError,
        "cannot connect to http://tabby:5000 (refused)",
    ),
    (
        httpx.LocalProtocolError("header 'x' contains CR"),
        RequestValidationError,
        "cannot send this request: header 'x' contains CR",
    ),
    (
        httpx.UnsupportedProtocol("no ftp"),
        ConfigurationError,
        "cannot send to http://tabby:5000/v1/model: no ftp",
    ),
    (
        httpx.ReadError(""),
        APIConnectionError,
        "connection to http://tabby:5000 broke mid-stream (ReadError)",
    ),
    (
        httpx.RemoteProtocolError("peer closed"),
        APIConnectionError,
        "connection to http://tabby:5000 broke mid-stream (peer closed)",
    ),
    (
        httpx.DecodingError("bad gzip"),
        ResponseDecodeError,
        "the response body cannot be decoded (bad gzip)",
    ),
    (
        httpx.TooManyRedirects("Exceeded maximum allowed redirects."),
        APIConnectionError,
        "Exceeded maximum allowed redirects. (http://tabby:5000)",
    ),
]


@pytest.mark.parametrize(("exc", "cls", "message"), CASES, ids=lambda c: type(c).__name__)
def test_each_transport_failure_has_its_type_and_message(
    exc: httpx.HTTPError, cls: type[TabbyError], message: str
) -> None:
    sent = request(**KEYS)
    error = failures().transport_error(exc, plan(), sent, "mid-stream")
    assert type(error) is cls
    assert error.message == f"models.get: {message}" and error.args == (error.message,)
    assert error.operation == "models.get"
    assert error.request is not None and error.request is not sent
    assert (error.method, error.url) == ("GET", URL)
    assert error.request.headers["x-api-key"] == "[secure]"
    assert error.request.headers["x-admin-key"] == "[secure]"
    assert error.request.headers["authorization"] == "[secure]"
    assert error.request.headers["x-trace"] == "1"
    assert sent.headers["x-api-key"] == "k-api"  # the caller's request is left alone


def test_the_chained_httpx_exception_carries_the_masked_request() -> None:
    exc = httpx.ConnectError("refused", request=request(**KEYS))
    error = failures().transport_error(exc, plan(), request(**KEYS), "sending")
    assert exc.request is error.request
    assert exc.request.headers["x-api-key"] == "[secure]"
    other = httpx.DecodingError("bad")  # not a RequestError: has no request to mask
    failures().transport_error(other, plan(), request(**KEYS), "sending")


def test_a_certificate_failure_found_in_the_chain_is_named() -> None:
    exc = httpx.ConnectError("handshake failed")
    exc.__cause__ = ssl.SSLCertVerificationError(1, "verify failed")
    error = failures().transport_error(exc, plan(), request(), "sending")
    assert "is not trusted (handshake failed)" in error.message


def test_the_origin_keeps_a_non_default_port_and_the_scheme() -> None:
    assert origin_of(httpx.URL("https://h:8443/x")) == "https://h:8443"
    assert origin_of(httpx.URL("http://h/x")) == "http://h"


def test_errors_raised_below_are_copied_into_the_call_once_the_original_left_alone() -> None:
    raised = StreamError("boom", trace="t", body={"error": {}})
    placed = failures().in_call(raised, plan(label="chat.create_stream"), request(**KEYS))
    assert placed is not raised and type(placed) is StreamError
    assert (raised.operation, raised.request) == (None, None)
    assert placed.operation == "chat.create_stream" and placed.message == "boom"
    assert (placed.trace, placed.body, placed.args) == ("t", {"error": {}}, ("boom",))
    assert placed.request is not None and placed.request.headers["x-api-key"] == "[secure]"
    again = failures().in_call(placed, plan(label="other"), request())
    assert again is placed and again.operation == "chat.create_stream"


def test_mapping_turns_httpx_errors_into_tabby_errors_and_attaches_its_own() -> None:
    mapped = failures()
    with pytest.raises(APIConnectionError) as info, mapped.mapping(plan(), request(), "sending"):
        raise httpx.ConnectError("refused")
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    with pytest.raises(StreamError) as again, mapped.mapping(plan(), request(), "reading"):
        raise StreamError("x")
    assert again.value.operation is None  # ours pass through as they are
    with pytest.raises(KeyError), mapped.mapping(plan(), request(), "reading"):
        raise KeyError("not ours")
    bound = mapped.bound(plan(label="x.y"), request())
    assert bound.transport_error(httpx.ReadError("r"), "mid-stream").operation == "x.y"
    assert bound.in_call(StreamError("s")).operation == "x.y"


# ---- status errors and their hints -------------------------------------------------------------


def answer(status: int, sent: httpx.Request, detail: str = "Invalid API key") -> httpx.Response:
    return httpx.Response(status, json={"detail": detail}, request=sent)


def hint_for(auth: str, keys: frozenset[str], **headers: str) -> str:
    error = failures(keys).status_error(answer(401, request(**headers)), plan(auth))
    assert type(error) is AuthenticationError and error.operation == "models.get"
    assert error.args == (error.message,)
    prefix = "401 Invalid API key ("
    assert error.message.startswith(prefix) and error.message.endswith(")")
    return error.message[len(prefix) : -1]


ADMIN_HEADER = {"x-admin-key": "k"}
API_HEADER = {"x-api-key": "k"}
BEARER_HEADER = {"authorization": "Bearer k"}
ALL = frozenset({"api_key", "admin_key", "bearer_token"})


def test_which_key_an_admin_operation_was_refused_with() -> None:
    assert hint_for("admin", ALL, **ADMIN_HEADER, **BEARER_HEADER) == (
        "the server rejected the admin key (set by admin_key=)"
    )
    assert hint_for("admin", ALL, **BEARER_HEADER) == (
        "an admin operation: the bearer token must hold the admin key"
    )
    assert hint_for("admin", ALL) == (
        "this is an admin operation: give an admin key (admin_key= or TABBY_ADMIN_KEY), or a"
        " bearer token holding it"
    )


def test_which_key_an_api_operation_was_refused_with() -> None:
    assert hint_for("api", frozenset()) == (
        "no key configured: give an api key (api_key= or TABBY_API_KEY)"
    )
    assert hint_for("api", frozenset({"api_key"}), **API_HEADER) == (
        "the server rejected the api key (set by api_key=)"
    )
    assert hint_for("listing", frozenset({"admin_key"}), **API_HEADER, **ADMIN_HEADER) == (
        "the server rejected the admin key, sent as the api key (set by admin_key=)"
    )
    assert hint_for("api", frozenset({"bearer_token"}), **BEARER_HEADER) == (
        "the server rejected the bearer token"
    )
    assert hint_for("none", ALL, **BEARER_HEADER, **ADMIN_HEADER) == (
        "the server rejected the admin key and bearer token"
    )


def test_hints_name_where_the_key_was_set_environment_or_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TABBY_API_KEY", "from-env")
    config = ClientConfig.resolve(base_url=str(BASE))
    error = Failures(CREDENTIALS, config).status_error(
        answer(401, request(**API_HEADER)), plan("api")
    )
    assert (
        error.message
        == "401 Invalid API key (the server rejected the api key (set by TABBY_API_KEY))"
    )
    flags = failures(frozenset({"api_key"}), style="flag")
    rejected = flags.status_error(answer(401, request(**API_HEADER)), plan("api"))
    assert rejected.message.endswith("(the server rejected the api key (set by --api-key))")
    missing = failures(style="flag").status_error(answer(401, request()), plan("api"))
    assert missing.message.endswith(
        "(no key configured: give an api key (--api-key or TABBY_API_KEY))"
    )


def test_the_response_of_a_status_error_has_its_keys_masked() -> None:
    error = failures().status_error(answer(401, request(**KEYS)), plan())
    assert error.response.request.headers["x-api-key"] == "[secure]"
    assert error.request is not None and error.request.headers["authorization"] == "[secure]"


def test_a_404_under_a_base_url_ending_in_v1_says_how_to_fix_it() -> None:
    cases = {
        "http://tabby:5000/v1": "http://tabby:5000",
        "http://tabby:5000/v1/": "http://tabby:5000",
        "http://h/proxy/v1": "http://h/proxy",
        "http://h/proxy/v1//": "http://h/proxy",
        "http://h/proxy//v1": "http://h/proxy",
        "http://h/APIX/v1": "http://h/APIX",
    }
    for base, fixed in cases.items():
        mapped = failures(base=httpx.URL(base))
        error = mapped.status_error(answer(404, request(), "Not Found"), plan())
        assert type(error) is NotFoundError
        assert error.message == (
            "404 Not Found (base_url ends in /v1, but TabbyAPI's paths start with /v1 already:"
            f" use base_url={fixed!r})"
        )
    plain = failures().status_error(answer(404, request(), "Not Found"), plan())
    assert plain.message == "404 Not Found"
    other = failures(base=httpx.URL("http://tabby:5000/v1"))
    assert other.status_error(answer(500, request(), "boom"), plan()).message == "500 boom"
    for other_path in ("http://h/v10", "http://h/v1X"):
        mapped = failures(base=httpx.URL(other_path))
        assert "/v1" not in mapped.status_error(answer(404, request()), plan()).message


def test_a_listings_500_with_the_admin_key_sent_points_at_it() -> None:
    hint = (
        "TabbyAPI answers 500 here when the admin key is wrong and the api key valid:"
        " check the admin key (set by admin_key=)"
    )
    error = failures(frozenset({"admin_key"})).status_error(
        answer(500, request(**ADMIN_HEADER), "boom"), plan("listing")
    )
    assert type(error) is InternalServerError and error.message == f"500 boom ({hint})"
    without_key = failures().status_error(answer(500, request(), "boom"), plan("listing"))
    assert without_key.message == "500 boom"
    not_listing = failures().status_error(answer(500, request(**ADMIN_HEADER), "boom"), plan())
    assert not_listing.message == "500 boom"
    other = failures().status_error(answer(403, request(**ADMIN_HEADER), "no"), plan("listing"))
    assert other.message == "403 no"
