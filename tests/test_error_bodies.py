"""Status errors from every error body TabbyAPI, or a proxy in front of it, sends: their type,
message, code and body (`tabby_ext.errors`, pure: responses built in memory)."""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest

from tabby_ext import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ContextLengthExceededError,
    IncompleteStreamError,
    InternalServerError,
    NoModelLoadedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ResponseDecodeError,
    ServiceUnavailableError,
    StreamError,
    TabbyError,
    UnprocessableEntityError,
)
from tabby_ext.errors import MESSAGE_LIMIT, parse_error_body, status_error

REQUEST = httpx.Request("POST", "http://tabby:5000/v1/completions")


def response(
    status: int, content: bytes | str | Any = b"", ctype: str | None = None
) -> httpx.Response:
    if not isinstance(content, bytes | str):
        content, ctype = json.dumps(content), ctype or "application/json"
    headers = {"content-type": ctype} if ctype else {}
    return httpx.Response(status, headers=headers, content=content, request=REQUEST)


@pytest.mark.parametrize(
    ("status", "cls", "code"),
    [
        (400, BadRequestError, "invalid_request"),
        (401, AuthenticationError, "authentication_error"),
        (403, PermissionDeniedError, "permission_error"),
        (404, NotFoundError, "not_found"),
        (409, ConflictError, "conflict"),
        (418, APIStatusError, "api_error"),
        (422, UnprocessableEntityError, "unprocessable_entity"),
        (429, RateLimitError, "rate_limit_exceeded"),
        (500, InternalServerError, "server_error"),
        (502, InternalServerError, "server_error"),
        (503, ServiceUnavailableError, "service_unavailable"),
        (599, InternalServerError, "server_error"),
    ],
)
def test_each_status_has_its_type_and_default_code(
    status: int, cls: type[APIStatusError], code: str
) -> None:
    error = status_error(response(status, {"detail": "nope"}))
    assert type(error) is cls
    assert error.code == code and error.status_code == status
    assert error.message == f"{status} nope" and str(error) == f"{status} nope"
    assert error.body == {"detail": "nope"}
    assert error.request is REQUEST and error.method == "POST"
    assert error.url == "http://tabby:5000/v1/completions"
    assert repr(error) == f"{cls.__name__}(status_code={status}, message='{status} nope')"


def test_the_openai_error_shape_gives_message_and_code() -> None:
    body = {"error": {"message": "too long", "code": "context_length_exceeded", "type": "x"}}
    error = status_error(response(400, body))
    assert type(error) is ContextLengthExceededError and isinstance(error, BadRequestError)
    assert error.message == "400 too long" and error.code == "context_length_exceeded"
    coded = status_error(response(429, {"error": {"message": "slow down", "code": 7}}))
    assert type(coded) is RateLimitError and coded.code == "7"
    uncoded = status_error(response(400, {"error": {"message": "bad", "code": None}}))
    assert uncoded.code == "invalid_request"
    without_message = status_error(response(400, {"error": {"code": "x"}}))
    assert without_message.message == '400 {"error": {"code": "x"}}'
    assert without_message.code == "invalid_request"


def test_fastapi_validation_errors_name_each_location() -> None:
    detail = [
        {"loc": ["body", "max_tokens"], "msg": "must be an int", "type": "int_type"},
        {"loc": ["body", "messages", 0, "role"], "type": "missing"},
        {"loc": ["body"], "msg": "bad body"},
        {"msg": "somewhere"},
        "not a dict",
    ]
    error = status_error(response(422, {"detail": detail}))
    assert type(error) is UnprocessableEntityError
    assert error.message == (
        "422 max_tokens: must be an int; messages.0.role: missing; body: bad body; body: somewhere"
    )
    assert error.errors == detail[:4]
    assert status_error(response(422, {"detail": [{}]})).message == "422 body: invalid"
    assert status_error(response(422, {"detail": []})).message == "422 validation error"
    assert status_error(response(422, {"detail": "no model"})).errors == []
    assert status_error(response(422, ["x"])).errors == []


def test_other_json_bodies_are_shown_as_json() -> None:
    assert status_error(response(500, {"oops": 1})).message == '500 {"oops": 1}'
    assert status_error(response(500, [1, 2])).message == "500 [1, 2]"
    assert status_error(response(500, {"detail": 5})).message == '500 {"detail": 5}'
    assert status_error(response(500, "null", "application/json")).message == (
        "500 Internal Server Error"
    )
    empty = status_error(response(502))
    assert empty.message == "502 Bad Gateway" and empty.body is None


def test_a_plain_text_body_is_the_message_clipped() -> None:
    error = status_error(response(500, "  Internal Server Error\n", "text/plain"))
    assert error.message == "500 Internal Server Error"
    assert error.body == "  Internal Server Error\n"
    long = "x" * (MESSAGE_LIMIT + 1)
    clipped = status_error(response(500, long, "text/plain"))
    assert clipped.message == f"500 {'x' * MESSAGE_LIMIT}…" and clipped.body == long
    exact = status_error(response(500, "y" * MESSAGE_LIMIT, "text/plain"))
    assert exact.message == f"500 {'y' * MESSAGE_LIMIT}"
    blank = status_error(response(503, "   ", "text/plain"))
    assert blank.message == "503 Service Unavailable"


def test_a_binary_body_is_decoded_with_replacements() -> None:
    body, message, code = parse_error_body(response(500, b"\xff\xfeboom"))
    assert body == "\ufffd\ufffdboom" and message == "\ufffd\ufffdboom" and code is None


@pytest.mark.parametrize(
    ("content", "ctype"),
    [
        ("<html><body>Bad Gateway</body></html>", "text/html"),
        ("\n  <html>502</html>", None),  # markup without a content type
        ("Bad Gateway: upstream closed", "text/html; charset=utf-8"),  # a type without markup
    ],
)
def test_an_html_error_page_is_named_not_shown(content: str, ctype: str | None) -> None:
    error = status_error(response(502, content, ctype))
    assert type(error) is InternalServerError
    assert error.message == "502 HTML error page (Bad Gateway)"
    assert error.body == content


def test_an_html_page_with_an_unknown_status_has_no_reason() -> None:
    error = status_error(response(599, "<html/>", "text/html"))
    assert error.message == "599 HTML error page ()"


# ---- every error keeps its fields --------------------------------------------------------------


def test_errors_without_a_request_have_no_method_or_url() -> None:
    error = TabbyError("x")
    assert (error.operation, error.request, error.method, error.url) == (None, None, None, None)
    assert APIConnectionError().message == "Connection error."
    assert APITimeoutError().message == "Request timed out."
    assert APITimeoutError(request=REQUEST).request is REQUEST
    assert RequestValidationError("bad", field="prompt").field == "prompt"
    assert RequestValidationError("bad").field is None
    decode = ResponseDecodeError("bad json", response=response(200))
    assert decode.response is not None and decode.response.status_code == 200
    stream = StreamError("died", trace="Traceback", body={"error": {}})
    assert (stream.message, stream.trace, stream.body) == ("died", "Traceback", {"error": {}})


def test_a_status_error_pickles_with_its_response() -> None:
    error = status_error(response(429, {"detail": "slow"}))
    error.operation = "completions.create"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RateLimitError and copy.args == ("429 slow",)
    assert (copy.message, copy.code, copy.body) == (
        "429 slow",
        "rate_limit_exceeded",
        {"detail": "slow"},
    )
    assert copy.operation == "completions.create"
    assert copy.response.status_code == 429 and copy.response.json() == {"detail": "slow"}
    assert copy.response.reason_phrase == "Too Many Requests"
    assert copy.response.request.url == REQUEST.url
    assert copy.request.method == "POST"


def test_a_pickled_error_keeps_the_headers_of_its_request_and_response() -> None:
    sent = httpx.Request("GET", "http://tabby:5000/v1/models", headers={"x-api-key": "[secure]"})
    answer = httpx.Response(
        429,
        headers={"retry-after": "7", "content-type": "application/json"},
        content=b'{"detail": "slow"}',
        request=sent,
        extensions={"reason_phrase": b"Slow Down Please"},
    )
    copy = pickle.loads(pickle.dumps(status_error(answer)))
    assert copy.request.headers["x-api-key"] == "[secure]"
    assert copy.response.headers["retry-after"] == "7"
    assert copy.response.request.headers["x-api-key"] == "[secure]"
    assert copy.response.request.method == "GET"
    connection = pickle.loads(pickle.dumps(APIConnectionError("down", request=sent)))
    assert connection.request.headers["x-api-key"] == "[secure]"
    assert connection.url == "http://tabby:5000/v1/models"


def test_an_unread_response_is_dropped_from_the_pickle() -> None:
    streamed = httpx.Response(200, stream=httpx.ByteStream(b"x"), request=REQUEST)
    error = ResponseDecodeError("bad", response=streamed)
    assert pickle.loads(pickle.dumps(error)).response is None
    bare = ResponseDecodeError("bad", response=httpx.Response(200, content=b"{}"))
    copy = pickle.loads(pickle.dumps(bare)).response
    assert copy is not None and copy.content == b"{}"
    with pytest.raises(RuntimeError, match="request instance has not been set"):
        copy.request  # noqa: B018 (a response that had no request still has none)


def test_the_error_tree_is_the_openai_sdks_with_tabbyapis_cases_below() -> None:
    """Code ported from the openai SDK catches the same names; every >= 500 is an
    InternalServerError, a 503 included; TabbyAPI's own cases are subclasses."""
    for cls in (APIConnectionError, ResponseDecodeError, StreamError, IncompleteStreamError):
        assert issubclass(cls, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIStatusError, APIError) and issubclass(APIError, TabbyError)
    assert issubclass(ServiceUnavailableError, InternalServerError)
    assert issubclass(NoModelLoadedError, ServiceUnavailableError)
    assert issubclass(ContextLengthExceededError, BadRequestError)
    assert issubclass(ConfigurationError, ValueError) and not issubclass(
        ConfigurationError, APIError
    )
    assert issubclass(RequestValidationError, TypeError)
    assert not issubclass(RequestValidationError, APIError)


@pytest.mark.parametrize("status", [503, 400])
@pytest.mark.parametrize(
    "detail", ["No models are currently loaded.", "No embedding models are currently loaded."]
)
def test_no_model_loaded_is_one_class_whatever_status_the_server_version_uses(
    status: int, detail: str
) -> None:
    """TabbyAPI e632af4 answers 503, 436ce75 (March 2025) 400: the class follows the meaning."""
    error = status_error(
        httpx.Response(status, json={"detail": detail}, request=httpx.Request("GET", "http://t/"))
    )
    assert type(error) is NoModelLoadedError and isinstance(error, ServiceUnavailableError)
    assert error.status_code == status and error.message == f"{status} {detail}"
    assert error.code == "model_not_loaded"
    other = status_error(
        httpx.Response(status, json={"detail": "Something else."}, request=error.request)
    )
    assert type(other) is (ServiceUnavailableError if status == 503 else BadRequestError)


def test_an_error_is_complete_when_constructed() -> None:
    request = httpx.Request("POST", "http://t/v1/completions")
    response = httpx.Response(503, json={"detail": "x"}, request=request)
    error = status_error(response, operation="completions.create", hint="try later")
    assert (error.message, error.args) == ("503 x (try later)", ("503 x (try later)",))
    assert (error.operation, error.method, error.url) == (
        "completions.create",
        "POST",
        "http://t/v1/completions",
    )
    placed = StreamError("boom").in_call("chat.create_stream", request)
    assert placed.operation == "chat.create_stream" and placed.request is request


def test_a_prompt_too_long_is_told_by_its_words_when_a_proxy_drops_the_code() -> None:
    """LiteLLM passes TabbyAPI's context-length 400 on with `code: "400"` and wrapped words."""
    wrapped = {
        "error": {
            "message": "litellm.ContextWindowExceededError: litellm.BadRequestError: Prompt"
            " length 5001 exceeds the available context size of 4096 tokens",
            "type": None,
            "param": None,
            "code": "400",
        }
    }
    error = status_error(httpx.Response(400, json=wrapped, request=REQUEST))
    assert type(error) is ContextLengthExceededError and error.code == "400"
    plain = status_error(httpx.Response(400, json={"detail": "too long"}, request=REQUEST))
    assert type(plain) is BadRequestError
