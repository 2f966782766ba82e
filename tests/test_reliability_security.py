"""Credentials over real sockets, sync and async (RELIABILITY.md §11): never to another origin,
never in a repr, an error or a log line, least privilege per operation, TLS verification on."""

from __future__ import annotations

import logging
import ssl
import traceback
from collections.abc import Callable
from typing import Any

import pytest
from support.driver import ADMIN_KEY, API_KEY, FAST_RETRY, Driver
from support.reliability import (
    CREDENTIAL_HEADERS,
    HI,
    RawServer,
    pool_of,
    posts,
    sse_body,
    sse_head,
)

import tabby_ext
from tabby_ext._operations import operation_table
from tabby_ext.testing import FakeTabbyServer

BEARER = "bearer-secret-token"

# one operation of each auth class, plus a stream: (path, method, call)
REDIRECTED: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "api": ("/v1/completions", lambda c: c.completions.create(prompt="p", max_tokens=1)),
    "admin": ("/v1/template/unload", lambda c: c.templates.unload()),
    "listing": ("/v1/models", lambda c: c.models.list()),
    "stream": (
        "/v1/chat/completions",
        lambda c: c.chat.create_stream(messages=HI, max_tokens=1),
    ),
}


def keyed_client(drive: Driver, url: str) -> Any:
    return drive.client(
        base_url=url, api_key=API_KEY, admin_key=ADMIN_KEY, bearer_token=BEARER, retry=FAST_RETRY
    )


def call_ignoring_errors(drive: Driver, call: Callable[[], Any]) -> None:
    try:
        result = drive(call())
        if hasattr(result, "__aiter__") or hasattr(result, "__iter__"):
            drive.collect(result)
    except tabby_ext.TabbyError:
        pass  # e.g. 401 at the other end: the headers that got there are what matters


@pytest.mark.parametrize("kind", list(REDIRECTED))
@pytest.mark.parametrize("target", ["other-port", "other-host-name"])
def test_cross_origin_redirect_carries_no_credential(
    drive: Driver, server: FakeTabbyServer, kind: str, target: str
) -> None:
    path, call = REDIRECTED[kind]
    client = keyed_client(drive, server.url)
    with FakeTabbyServer(ping_interval=None) as other:
        # "localhost" is the same socket as 127.0.0.1 but another origin.
        landing = other if target == "other-port" else server
        base = other.url if target == "other-port" else f"http://localhost:{server.port}"
        server.inject(path, redirect_to=base + path)
        call_ignoring_errors(drive, lambda: call(client))
        hops = posts(landing, path)
        assert hops, "the redirect was not followed"
        assert not set(CREDENTIAL_HEADERS) & set(hops[-1].headers), hops[-1].headers
        first = posts(server, path)[0].headers
        assert {"x-api-key", "x-admin-key", "authorization"} & set(first)  # sent at home


@pytest.mark.parametrize("kind", list(REDIRECTED))
def test_same_origin_redirect_keeps_the_credentials(
    drive: Driver, server: FakeTabbyServer, kind: str
) -> None:
    path, call = REDIRECTED[kind]
    client = keyed_client(drive, server.url)
    server.inject(path, redirect_to=server.url + path)
    call_ignoring_errors(drive, lambda: call(client))
    first, second = (r.headers for r in posts(server, path))
    assert {h: first.get(h) for h in CREDENTIAL_HEADERS} == {
        h: second.get(h) for h in CREDENTIAL_HEADERS
    }
    assert second["authorization"] == f"Bearer {BEARER}"


def test_cross_origin_redirect_to_a_raw_server_of_a_stream(
    drive: Driver, server: FakeTabbyServer
) -> None:
    chunk = (
        '{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m", '
        '"choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": null}]}'
    )
    with RawServer(lambda _: [sse_head(), sse_body(chunk, "[DONE]")]) as raw:
        client = keyed_client(drive, server.url)
        server.inject("/v1/chat/completions", redirect_to=raw.url + "/v1/chat/completions")
        assert drive.collect(client.chat.create_stream(messages=HI, max_tokens=1))
        head = raw.requests[-1].split(b"\r\n\r\n")[0].lower()
        for secret in (API_KEY, ADMIN_KEY, BEARER):
            assert secret.encode() not in raw.requests[-1]
        assert b"x-api-key" not in head and b"authorization" not in head


# ---- least privilege ------------------------------------------------------------------------


def test_api_operations_never_get_the_admin_key(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    from tabbyapi_client.api.tokens import encode_tokens

    raw_encode = encode_tokens.asyncio if drive.kind == "async" else encode_tokens.sync
    from tabbyapi_client.models.token_encode_request import TokenEncodeRequest

    calls = [
        lambda: client.completions.create(prompt="p", max_tokens=1),
        lambda: client.chat.create(messages=HI, max_tokens=1),
        lambda: client.embeddings.create(input="x"),
        lambda: client.tokens.encode(text="hello"),
        lambda: client.tokens.decode(tokens=[1, 2]),
        lambda: client.models.get(),
        lambda: client.models.get_props(),
        lambda: client.lora.get_active(),
        lambda: client.kobold.generate(prompt="p", max_tokens=1),
        lambda: client.kobold.token_count(prompt="p"),
        lambda: client.kobold.current_model(),
        lambda: raw_encode(client=client.raw, body=TokenEncodeRequest(text="x")),
    ]
    for call in calls:
        drive(call())
    assert drive.text(client.chat.create_stream(messages=HI, max_tokens=1)) == "tok0"
    drive.collect(client.kobold.generate_stream(prompt="p", max_tokens=1))
    table = operation_table()
    seen = set()
    for request in server.requests:
        op = table.lookup(request.method, request.path)
        assert op is not None
        sent = {h: request.headers.get(h) for h in CREDENTIAL_HEADERS}
        if op.auth == "api":
            seen.add(op.path)
            assert sent == {"x-api-key": API_KEY, "x-admin-key": None, "authorization": None}
    assert len(seen) >= 12


def test_no_credential_goes_to_unauthenticated_operations(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = keyed_client(drive, server.url)
    for call in (
        client.health.check,
        client.service_info.get,
        client.kobold.version,
        client.kobold.extra_version,
        client.kobold.list_soft_prompts,
    ):
        drive(call())
    for request in server.requests:
        assert not set(CREDENTIAL_HEADERS) & set(request.headers), request.path


# ---- secrets never printed ------------------------------------------------------------------

SECRET = "sk-leak-canary-0123456789"


def every_error(drive: Driver, secret_server: FakeTabbyServer) -> list[BaseException]:
    """One instance of every error type, raised by a client holding the secret keys."""
    client = drive.client(
        base_url=secret_server.url,
        api_key=SECRET,
        admin_key=SECRET + "-admin",
        bearer_token=SECRET + "-bearer",
        retry=FAST_RETRY,
        max_retries=0,
    )
    wrong = client.with_options(api_key="wrong", admin_key="wrong", bearer_token=None)
    dead = client.with_options(base_url="http://127.0.0.1:9")
    inject = secret_server.inject
    actions: list[Callable[[], Any]] = [
        lambda: dead.health.check(),  # APIConnectionError
        lambda: (
            inject("/health", delay_headers=0.5),
            client.health.check(timeout=0.1),
        )[1],  # APITimeoutError
        lambda: wrong.completions.create(prompt="p", max_tokens=1),  # AuthenticationError
        lambda: wrong.templates.unload(),  # AuthenticationError (admin hint)
        lambda: (inject("/v1/models", status=403), client.models.list())[1],
        lambda: client.models.load(model_name="nope"),  # BadRequestError
        lambda: client.completions.create(prompt="w " * 5000, max_tokens=1),  # context length
        lambda: client.with_options(base_url=secret_server.url + "/x").health.check(),  # 404
        lambda: client.completions.create(prompt="p", max_tokens="many"),  # 422
        lambda: (inject("/v1/completions", status=429), client.completions.create(prompt="p"))[1],
        lambda: client.completions.create(prompt="p", min_tokens=5, max_tokens=1),  # 500
        lambda: (inject("/v1/models", status=503), client.models.list())[1],
        lambda: client.completions.create(prompt="p", max_token=1),  # RequestValidationError
        lambda: (inject("/health", status=200, body="nope"), client.health.check())[1],
    ]
    streams: list[Callable[[], Any]] = [
        lambda: (
            inject("/v1/completions", inband_error="boom"),
            client.completions.create_stream(prompt="p", max_tokens=1),
        )[1],
        lambda: (
            inject("/v1/completions", no_done=True),
            client.completions.create_stream(prompt="p", max_tokens=1),
        )[1],
        lambda: (
            inject("/v1/completions", drop_after_events=1),
            client.completions.create_stream(prompt="p", max_tokens=3),
        )[1],
    ]
    errors: list[BaseException] = []
    for action in actions:
        with pytest.raises(tabby_ext.TabbyError) as info:
            drive(action())
        errors.append(info.value)
    for action in streams:
        with pytest.raises(tabby_ext.TabbyError) as info:
            drive.collect(action())
        errors.append(info.value)
    return errors


def test_keys_never_appear_in_any_error_repr_or_log(
    drive: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root: tabby_ext, httpx, httpcore, asyncio
    with FakeTabbyServer(
        api_key=SECRET, admin_key=SECRET + "-admin", ping_interval=None
    ) as secret_server:
        errors = every_error(drive, secret_server)
        kinds = {type(e).__name__ for e in errors}
        assert kinds >= {
            "APIConnectionError",
            "APITimeoutError",
            "AuthenticationError",
            "PermissionDeniedError",
            "BadRequestError",
            "ContextLengthExceededError",
            "NotFoundError",
            "UnprocessableEntityError",
            "RateLimitError",
            "InternalServerError",
            "ServiceUnavailableError",
            "RequestValidationError",
            "ResponseDecodeError",
            "StreamError",
            "IncompleteStreamError",
        }, kinds
        texts = [caplog.text]
        with_headers = 0
        for error in errors:
            texts += [str(error), repr(error), *traceback.format_exception(error)]
            cause = error.__cause__
            while cause is not None:
                texts += [str(cause), repr(cause)]
                cause = cause.__cause__
            for attr in ("request", "response"):
                if getattr(error, attr, None) is not None:
                    texts.append(repr(getattr(error, attr)))
            # What a user logs to debug a failure: the headers the request went out with.
            request = getattr(error, "request", None)
            response = getattr(error, "response", None)
            if response is not None:
                request = response.request
            if request is not None:
                texts.append(repr(request.headers))
                with_headers += 1
                if type(error).__name__ != "RequestValidationError":
                    assert request.headers.get("x-api-key") in ("[secure]", None), error
        assert with_headers >= 10  # status, connection and stream errors all carry a request
        assert "HTTP Request" in caplog.text or "send_request" in caplog.text  # logs were on
        assert SECRET not in "\n".join(texts)


# ---- TLS ------------------------------------------------------------------------------------


def test_tls_verification_is_on_by_default(drive: Driver) -> None:
    client = drive.client(base_url="https://tabby.example:5000", api_key=API_KEY)
    for c in (client, client.with_options(timeout=5)):
        context = pool_of(c).ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
