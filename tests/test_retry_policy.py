"""What `RetryPolicy` retries and how long it waits: its pure decisions, then the same decisions
seen from a server (a raw call to a route the operation table does not know)."""

from __future__ import annotations

import email.utils
import logging
import ssl
import time
from typing import Any

import httpx
import pytest

from tabby_ext import APIConnectionError, APIStatusError, InternalServerError, RetryPolicy
from tabby_ext._retry import deterministic, parse_retry_after
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"
NO_JITTER = RetryPolicy(initial_backoff=1.0, max_backoff=8.0, jitter=False)


def answer(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", "http://h/"))


# ---- defaults --------------------------------------------------------------------------------


def test_the_default_policy_retries_twice_on_408_429_502_504_only() -> None:
    policy = RetryPolicy()
    assert policy.max_retries == 2
    assert policy.retry_statuses == {408, 429, 502, 504}
    assert (policy.initial_backoff, policy.max_backoff, policy.max_retry_after) == (0.5, 8.0, 60.0)
    assert policy.jitter is True
    for attempt in (0, 1):
        assert policy.delay_for_response(attempt, answer(408), mutates=False) is not None
    assert policy.delay_for_response(2, answer(408), mutates=False) is None


def test_max_retries_must_not_be_negative() -> None:
    assert RetryPolicy(max_retries=0).max_retries == 0
    with pytest.raises(ValueError, match=r"^max_retries must be >= 0$"):
        RetryPolicy(max_retries=-1)


# ---- backoff ---------------------------------------------------------------------------------


def test_backoff_doubles_per_attempt_up_to_the_cap() -> None:
    assert [NO_JITTER.backoff(a) for a in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_waits_anywhere_between_zero_and_the_backoff() -> None:
    policy = RetryPolicy(initial_backoff=1.0, max_backoff=2.0, jitter=True)
    waits = [policy.backoff(3) for _ in range(300)]
    assert all(0.0 <= w <= 2.0 for w in waits)
    assert min(waits) < 0.5 and max(waits) > 1.5  # spread over the whole range


# ---- responses -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 502, 504])
def test_transient_statuses_wait_the_backoff_of_their_attempt(status: int) -> None:
    assert NO_JITTER.delay_for_response(0, answer(status), mutates=False) == 1.0
    assert NO_JITTER.delay_for_response(1, answer(status), mutates=False) == 2.0


@pytest.mark.parametrize("status", [200, 301, 400, 401, 404, 422, 500, 503])
def test_other_statuses_are_returned_as_they_are(status: int) -> None:
    assert NO_JITTER.delay_for_response(0, answer(status), mutates=False) is None


def test_a_success_or_redirect_is_never_retried_even_with_retry_after() -> None:
    policy = RetryPolicy(retry_statuses=frozenset({200, 307, 399}), jitter=False)
    for status in (200, 307, 399):
        assert (
            policy.delay_for_response(0, answer(status, **{"retry-after": "1"}), mutates=False)
            is None
        )
    assert policy.delay_for_response(0, answer(400), mutates=False) is None
    assert (
        RetryPolicy(retry_statuses=frozenset({400})).delay_for_response(
            0, answer(400), mutates=False
        )
        is not None
    )


def test_a_503_is_retried_only_when_the_server_says_when() -> None:
    assert (
        NO_JITTER.delay_for_response(0, answer(503, **{"retry-after": "3"}), mutates=False) == 3.0
    )
    assert NO_JITTER.delay_for_response(0, answer(503), mutates=False) is None


def test_the_last_attempt_gives_up() -> None:
    policy = RetryPolicy(max_retries=3, jitter=False)
    told = answer(429, **{"retry-after": "0"})
    assert policy.delay_for_response(2, told, mutates=False) == 0.0
    assert policy.delay_for_response(3, told, mutates=False) is None
    assert policy.delay_for_response(4, told, mutates=False) is None
    assert RetryPolicy(max_retries=0).delay_for_response(0, told, mutates=False) is None


def test_a_mutating_request_is_never_retried_after_an_answer() -> None:
    for status in (429, 502, 503):
        told = answer(status, **{"retry-after": "0"})
        assert NO_JITTER.delay_for_response(0, told, mutates=True) is None


def test_retry_after_up_to_the_bound_is_waited_beyond_it_not() -> None:
    policy = RetryPolicy(max_retry_after=5.0)
    assert policy.delay_for_response(0, answer(429, **{"retry-after": "5"}), mutates=False) == 5.0
    assert (
        policy.delay_for_response(0, answer(429, **{"retry-after": "5.5"}), mutates=False) is None
    )


# ---- Retry-After parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the precise one wins
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),  # a bad one falls back
        ({"retry-after-ms": "-40"}, 0.0),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "tomorrow"}, None),
        ({}, None),
    ],
)
def test_retry_after_headers(headers: dict[str, str], seconds: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers)) == seconds


def test_retry_after_as_an_http_date() -> None:
    later = parse_retry_after(httpx.Headers({"retry-after": http_date(time.time() + 30)}))
    assert later is not None and 28.0 <= later <= 30.0
    past = parse_retry_after(httpx.Headers({"retry-after": http_date(time.time() - 30)}))
    assert past == 0.0


def http_date(when: float) -> str:
    return email.utils.formatdate(when, usegmt=True)


# ---- exceptions ------------------------------------------------------------------------------

NOT_SENT = [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("full")]
MAYBE_SENT = [
    httpx.ReadTimeout("slow"),
    httpx.WriteTimeout("slow"),
    httpx.ReadError("reset"),
    httpx.WriteError("pipe"),
    httpx.RemoteProtocolError("garbage"),
]


@pytest.mark.parametrize("exc", NOT_SENT, ids=lambda e: type(e).__name__)
def test_failures_before_sending_are_retried_even_for_mutating_requests(exc: Exception) -> None:
    assert NO_JITTER.delay_for_exception(0, exc, mutates=True) == 1.0
    assert NO_JITTER.delay_for_exception(1, exc, mutates=False) == 2.0
    assert NO_JITTER.delay_for_exception(2, exc, mutates=False) is None


@pytest.mark.parametrize("exc", MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_failures_after_sending_are_retried_for_reads_only(exc: Exception) -> None:
    assert NO_JITTER.delay_for_exception(0, exc, mutates=False) == 1.0
    assert NO_JITTER.delay_for_exception(0, exc, mutates=True) is None
    assert NO_JITTER.delay_for_exception(2, exc, mutates=False) is None


@pytest.mark.parametrize(
    "exc",
    [
        httpx.LocalProtocolError("bad header"),
        httpx.UnsupportedProtocol("ftp"),
        httpx.ProxyError("denied"),
        httpx.TransportError("other"),
        httpx.TooManyRedirects("loop"),
        httpx.DecodingError("gzip"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_other_failures_are_not_retried(exc: Exception) -> None:
    assert NO_JITTER.delay_for_exception(0, exc, mutates=False) is None


def test_an_untrusted_certificate_is_not_retried() -> None:
    cause = ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed")
    chained = httpx.ConnectError("TLS handshake failed")
    chained.__cause__ = cause
    assert deterministic(chained)
    assert NO_JITTER.delay_for_exception(0, chained, mutates=False) is None
    in_context = httpx.ConnectError("TLS handshake failed")
    in_context.__context__ = httpx.ConnectError("inner")
    in_context.__context__.__context__ = cause
    assert deterministic(in_context)
    told = httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    assert deterministic(told)
    assert not deterministic(httpx.ConnectError("connection refused"))
    assert not deterministic(httpx.ReadError("CERTIFICATE_VERIFY_FAILED"))  # only on connect


def test_a_cyclic_exception_chain_ends() -> None:
    first, second = httpx.ConnectError("a"), httpx.ConnectError("b")
    first.__cause__, second.__cause__ = second, first
    assert not deterministic(first)


# ---- routes the table does not know (a raw call to a newer endpoint) -------------------------


@pytest.fixture
def server() -> Any:
    with FakeTabbyServer(api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None) as srv:
        yield srv


def raw_call(server: FakeTabbyServer, method: str, path: str) -> httpx.Response:
    from tabby_ext import Tabby

    policy = RetryPolicy(initial_backoff=0.01, max_backoff=0.02)
    with Tabby(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=policy) as client:
        http: httpx.Client = client.raw.get_httpx_client()
        return http.request(method, path)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_an_unknown_route_read_is_retried(server: FakeTabbyServer, method: str) -> None:
    server.inject("/v1/newer/route", status=502, times=1)
    raw_call(server, method, "/v1/newer/route")
    assert [r.method for r in server.requests if r.path == "/v1/newer/route"] == [method] * 2


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_an_unknown_route_with_another_method_is_mutating_and_sent_once(
    server: FakeTabbyServer, method: str
) -> None:
    server.inject("/v1/newer/route", status=502, times=1)
    assert raw_call(server, method, "/v1/newer/route").status_code == 502
    assert [r.method for r in server.requests if r.path == "/v1/newer/route"] == [method]


def test_an_unknown_route_gets_the_api_key_only(server: FakeTabbyServer) -> None:
    raw_call(server, "GET", "/v1/newer/route")
    headers = server.requests[-1].headers
    assert headers.get("x-api-key") == API_KEY
    assert "x-admin-key" not in headers


# ---- what a retry logs -----------------------------------------------------------------------


def test_each_retry_is_logged_with_its_reason_and_count(
    drive: Any, server: FakeTabbyServer, caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(initial_backoff=0.01, max_backoff=0.01, jitter=False)
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=policy)
    server.inject("/v1/models", status=502, times=2)
    with caplog.at_level(logging.INFO, logger="tabby_ext"):
        drive(client.models.list())
    retries = [r for r in caplog.records if r.name == "tabby_ext.retry"]
    assert [(r.levelname, r.getMessage()) for r in retries] == [
        ("INFO", "models.list: retrying GET /v1/models in 0.01s (status 502, retry 1 of 2)"),
        ("INFO", "models.list: retrying GET /v1/models in 0.01s (status 502, retry 2 of 2)"),
    ]
    # The fields, for a JSON formatter: the attempt that comes next, why, and after how long.
    names = ("tabby_operation", "tabby_attempt", "tabby_reason", "tabby_delay_s")
    fields = [tuple(getattr(r, name) for name in names) for r in retries]
    assert fields == [
        ("models.list", 2, "status 502", 0.01),
        ("models.list", 3, "status 502", 0.01),
    ]


def test_a_retriable_failure_raised_after_the_last_retry_is_a_warning(
    drive: Any, server: FakeTabbyServer, caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(max_retries=1, initial_backoff=0.01, jitter=False)
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=policy)
    server.inject("/v1/models", status=502, times=2)
    with caplog.at_level(logging.INFO, logger="tabby_ext"), pytest.raises(InternalServerError):
        drive(client.models.list())
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert [(r.name, r.getMessage()) for r in warnings] == [
        (
            "tabby_ext.retry",
            "models.list: giving up on GET /v1/models after 2 attempts"
            " (status 502; retries exhausted (max_retries=1))",
        )
    ]
    # A failure never worth retrying (a 400), or no retry allowed at all: no warning.
    caplog.clear()
    server.inject("/v1/models", status=400)
    with caplog.at_level(logging.INFO, logger="tabby_ext"), pytest.raises(APIStatusError):
        drive(client.models.list())
    server.inject("/v1/models", status=502)
    with caplog.at_level(logging.INFO, logger="tabby_ext"), pytest.raises(APIStatusError):
        drive(client.with_options(max_retries=0).models.list())
    assert [r for r in caplog.records if r.name == "tabby_ext.retry"] == []


def test_a_retry_after_longer_than_the_policy_waits_is_given_up_with_a_warning(
    drive: Any, server: FakeTabbyServer, caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(max_retries=2, max_retry_after=1.0)
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=policy)
    server.inject("/v1/models", status=503, retry_after="30")
    with caplog.at_level(logging.INFO, logger="tabby_ext"), pytest.raises(APIStatusError):
        drive(client.models.list())
    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "tabby_ext.retry"
    ] == [
        (
            "WARNING",
            "models.list: giving up on GET /v1/models after 1 attempt"
            " (status 503; Retry-After 30s is longer than max_retry_after 1s)",
        )
    ]


def test_a_connection_failure_retry_is_logged_with_the_failure(
    drive: Any, caplog: pytest.LogCaptureFixture
) -> None:
    policy = RetryPolicy(max_retries=1, initial_backoff=0.01, jitter=False)
    client = drive.client(base_url="http://127.0.0.1:9", retry=policy)
    with caplog.at_level(logging.INFO, logger="tabby_ext"), pytest.raises(APIConnectionError):
        drive(client.health.check())
    messages = [r.getMessage() for r in caplog.records if r.name == "tabby_ext.retry"]
    assert messages == [
        "health.check: retrying GET /health in 0.01s (ConnectError, retry 1 of 1)",
        "health.check: giving up on GET /health after 2 attempts"
        " (ConnectError; retries exhausted (max_retries=1))",
    ]
