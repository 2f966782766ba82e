"""The exceptions tabby_ext raises: one hierarchy, typed by cause, never carrying a key.

The tree is the openai SDK's, so code ported from it catches the same names (`APIError` →
`APIStatusError` → one class per status, every status >= 500 under `InternalServerError`),
with TabbyAPI's own cases as subclasses::

    TabbyError
    ├── ConfigurationError (ValueError)          unusable settings, at construction
    ├── RequestValidationError (TypeError)       arguments that cannot form a request
    ├── OutputError                              an answer that is not what was asked for
    │   ├── OutputTruncatedError                 cut short (`finish_reason == "length"`)
    │   ├── OutputValidationError                JSON that does not fit the schema
    │   └── ToolCallMissingError                 `tool_choice` demanded a call; none came
    ├── ToolRunError                             a tool runner that cannot go on
    │   ├── MaxRoundsExceededError               still calling tools after `max_rounds`
    │   └── ToolExecutionError                   a tool raised (`raise_tool_errors=True`)
    └── APIError                                 something happened on the way or at the server
        ├── APIConnectionError → APITimeoutError
        ├── ResponseDecodeError                  an answer that cannot mean anything
        ├── StreamError                          the server's in-band error inside a stream
        ├── IncompleteStreamError                a stream that ended before its end marker
        └── APIStatusError                       a 4xx / 5xx answer
            ├── BadRequestError → ContextLengthExceededError
            ├── AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError,
            │   UnprocessableEntityError, RateLimitError
            └── InternalServerError → ServiceUnavailableError → NoModelLoadedError

The class follows what the server means, whichever version says it: "No models are currently
loaded." is a `NoModelLoadedError` both as today's 503 and as an older TabbyAPI's 400
(docs/server-behavior.md, "Older servers"). Status errors are built from TabbyAPI's real
error bodies (docs/server-behavior.md §2): `{"detail": str}`, FastAPI's 422 list, the OpenAI
`{"error": {...}}` shape and plain-text 500s. Every error is complete when constructed.

`OutputError` and `ToolRunError` come from answers TabbyAPI gave with a 200: it does not
enforce `tool_choice`, and skips a schema it cannot compile (docs/structured-outputs.md), so
the client checks and says so.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Self, TypedDict, Unpack

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ContextLengthExceededError",
    "IncompleteStreamError",
    "InternalServerError",
    "MaxRoundsExceededError",
    "NoModelLoadedError",
    "NotFoundError",
    "OutputError",
    "OutputTruncatedError",
    "OutputValidationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseDecodeError",
    "ServiceUnavailableError",
    "StreamError",
    "TabbyError",
    "ToolCallMissingError",
    "ToolExecutionError",
    "ToolRunError",
    "UnprocessableEntityError",
]

#: The longest error body text kept in a message; the full body stays on `.body`.
MESSAGE_LIMIT = 500


class Context(TypedDict, total=False):
    """Where an error happened: the facade call and the request as sent (keys masked)."""

    operation: str | None
    request: httpx.Request | None


class TabbyError(Exception):
    """Base class of every error raised by tabby_ext.

    `operation` names the facade call (`models.load`) and `request` is the request as sent with
    its credential headers masked (`method`, `url`); both are None for errors raised before a
    request existed. Every error pickles (`multiprocessing`, `concurrent.futures`): its type,
    message and fields survive; a response survives without its stream.
    """

    def __init__(self, message: str, **context: Unpack[Context]) -> None:
        super().__init__(message)
        self.message = message
        self.operation = context.get("operation")
        self.request = context.get("request")

    @property
    def method(self) -> str | None:
        return self.request.method if self.request is not None else None

    @property
    def url(self) -> str | None:
        return str(self.request.url) if self.request is not None else None

    def in_call(self, operation: str, request: httpx.Request | None = None) -> Self:
        """A copy of this error that names the call it happened in (for an error raised where
        the call was not known: a stream's decoder, a refused field). The original is left as
        it was."""
        state = {**vars(self), "operation": operation}
        if request is not None and self.request is None:
            state["request"] = request
        copy: Self = _restore(type(self), self.message, state)
        return copy

    def __reduce__(self) -> tuple[Any, ...]:
        state = {name: _picklable(value) for name, value in vars(self).items()}
        return (_restore, (type(self), self.message, state))


def _restore(cls: type[TabbyError], message: str, state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


def _picklable(value: Any) -> Any:
    """A request or response as pickle can carry it: no stream, no extensions, body read."""
    import httpx  # only when pickling: `import tabby_ext.errors` stays light

    if isinstance(value, httpx.Request):
        return httpx.Request(value.method, value.url, headers=value.headers)
    if isinstance(value, httpx.Response):
        try:
            content = value.content
        except httpx.ResponseNotRead:
            return None
        request = value._request
        return httpx.Response(
            value.status_code,
            headers=value.headers,
            content=content,
            request=_picklable(request) if request is not None else None,
        )
    return value


class ConfigurationError(TabbyError, ValueError):
    """The client's settings are unusable (a `base_url` without scheme, a key with a newline):
    raised when the client is built, before anything is sent."""


class RequestValidationError(TabbyError, TypeError):
    """The caller's arguments cannot form a valid request (raised before anything is sent);
    `field` names the argument."""

    def __init__(
        self, message: str, *, field: str | None = None, **context: Unpack[Context]
    ) -> None:
        super().__init__(message, **context)
        self.field = field


class OutputError(TabbyError):
    """The server answered (200), but not with what the call asked for. `.text` is the answer's
    text as generated, `.response` the answer itself (the last one, after any re-asks: a chat
    or completion response, or a stream's last chunk), `.request` the request that produced it."""

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        response: Any = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, **context)
        self.text = text
        self.response = response


class OutputTruncatedError(OutputError):
    """The answer stopped at the token limit (`finish_reason == "length"`): its JSON is cut short,
    so no half-parsed value is returned. Raise `max_tokens`, or ask for less."""


class OutputValidationError(OutputError):
    """The answer is not JSON that fits the schema (TabbyAPI skips a schema it cannot compile and
    generates freely): `.validation_message` says why, `.attempts` how many answers were tried."""

    def __init__(
        self,
        message: str,
        *,
        validation_message: str,
        attempts: int = 1,
        text: str | None = None,
        response: Any = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, text=text, response=response, **context)
        self.validation_message = validation_message
        self.attempts = attempts


class ToolCallMissingError(OutputError):
    """`tool_choice` was "required" or named a function, and the answer has no such call
    (TabbyAPI accepts `tool_choice` without enforcing it). `.tool_choice` is what was asked."""

    def __init__(
        self,
        message: str,
        *,
        tool_choice: Any = None,
        text: str | None = None,
        response: Any = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, text=text, response=response, **context)
        self.tool_choice = tool_choice


class ToolRunError(TabbyError):
    """A tool runner (`chat.run_tools`) stopped: `.messages` is the conversation so far (the
    messages given, then each assistant message and tool result), to inspect or resume."""

    def __init__(
        self, message: str, *, messages: list[Any] | None = None, **context: Unpack[Context]
    ) -> None:
        super().__init__(message, **context)
        self.messages = list(messages or [])


class MaxRoundsExceededError(ToolRunError):
    """The model still asked for tools after `max_rounds` rounds. `.rounds` is that number."""

    def __init__(
        self,
        message: str,
        *,
        rounds: int,
        messages: list[Any] | None = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, messages=messages, **context)
        self.rounds = rounds


class ToolExecutionError(ToolRunError):
    """A tool function raised and the runner was told to stop (`raise_tool_errors=True`); the
    function's own exception is the `__cause__`. `.tool_name`, `.arguments` (the JSON text the
    model sent) and `.tool_call_id` name the call."""

    def __init__(
        self,
        message: str,
        *,
        tool_name: str,
        arguments: str,
        tool_call_id: str,
        messages: list[Any] | None = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, messages=messages, **context)
        self.tool_name = tool_name
        self.arguments = arguments
        self.tool_call_id = tool_call_id


class APIError(TabbyError):
    """Something went wrong on the way to the server or in its answer."""


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before the answer was complete."""

    default_message = "Connection error."

    def __init__(self, message: str | None = None, **context: Unpack[Context]) -> None:
        super().__init__(message or self.default_message, **context)


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout, or a stream that only sent pings for too long."""

    default_message = "Request timed out."


class ResponseDecodeError(APIError):
    """An answer that cannot mean anything: bad JSON or UTF-8, malformed SSE, an event too big,
    a field missing that has no default (openai's `APIResponseValidationError`)."""

    def __init__(
        self, message: str, *, response: httpx.Response | None = None, **context: Unpack[Context]
    ) -> None:
        super().__init__(message, **context)
        self.response = response


class StreamError(APIError):
    """The server reported an error inside a stream (`data: {"error": {...}}`)."""

    def __init__(
        self,
        message: str,
        *,
        trace: str | None = None,
        body: Any = None,
        **context: Unpack[Context],
    ) -> None:
        super().__init__(message, **context)
        self.trace = trace
        self.body = body


class IncompleteStreamError(APIError):
    """A stream ended before its terminator (`[DONE]`, or a model load's final `finished`)."""


class APIStatusError(APIError):
    """The server answered with a 4xx/5xx status: `.status_code`, `.message`, `.code`, `.body`
    (the decoded body) and `.response`."""

    #: Default `code` for this class when the body does not carry one.
    default_code = "api_error"

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        code: str | None = None,
        operation: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation, request=response._request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.code = code or self.default_code

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r})"


class BadRequestError(APIStatusError):
    """400: TabbyAPI refused the request (an unknown model folder, template or preset name, a
    failed download); its `detail` says why."""

    default_code = "invalid_request"


class ContextLengthExceededError(BadRequestError):
    """The prompt does not fit the model's context (OpenAI-shaped 400)."""

    default_code = "context_length_exceeded"


class AuthenticationError(APIStatusError):
    """401: a key is missing or wrong (TabbyAPI answers every auth failure with 401); the
    message says which key was rejected and where it was set."""

    default_code = "authentication_error"


class PermissionDeniedError(APIStatusError):
    """403: never sent by TabbyAPI itself; a proxy in front may."""

    default_code = "permission_error"


class NotFoundError(APIStatusError):
    """404: no such route (a `base_url` ending in /v1, or an operation the server lacks)."""

    default_code = "not_found"


class ConflictError(APIStatusError):
    """409: never sent by TabbyAPI itself; here for code ported from the openai SDK."""

    default_code = "conflict"


class UnprocessableEntityError(APIStatusError):
    """422: FastAPI validation errors (see `.errors` for each `loc`) or tabbyAPI's own refusals."""

    default_code = "unprocessable_entity"

    @property
    def errors(self) -> list[dict[str, Any]]:
        """FastAPI's per-field errors (`type`, `loc`, `msg`, ...); empty for string details."""
        detail = self.body.get("detail") if isinstance(self.body, dict) else None
        return [e for e in detail if isinstance(e, dict)] if isinstance(detail, list) else []


class RateLimitError(APIStatusError):
    """429: a proxy's rate limit (TabbyAPI has none); retried, honouring `Retry-After`."""

    default_code = "rate_limit_exceeded"


class InternalServerError(APIStatusError):
    """A status >= 500 (TabbyAPI's bare 500 comes from the request itself: it is not retried)."""

    default_code = "server_error"


class ServiceUnavailableError(InternalServerError):
    """503: no model loaded, or a generation aborted."""

    default_code = "service_unavailable"


class NoModelLoadedError(ServiceUnavailableError):
    """TabbyAPI has no model (or no embedding model) loaded: load one first. Raised for what the
    server means, whatever status its version answers with (503 today, 400 before 2025)."""

    default_code = "model_not_loaded"


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}
#: What TabbyAPI means by a `detail`, whichever status it comes with (docs/server-behavior.md).
MEANINGS: dict[str, type[APIStatusError]] = {
    "No models are currently loaded.": NoModelLoadedError,
    "No embedding models are currently loaded.": NoModelLoadedError,
}


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT] + "…"


def _describe_422(detail: list[Any]) -> str:
    parts = []
    for error in detail:
        if isinstance(error, dict):
            loc = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
            parts.append(f"{loc or 'body'}: {error.get('msg', error.get('type', 'invalid'))}")
    return "; ".join(parts) or "validation error"


def parse_error_body(response: httpx.Response) -> tuple[Any, str, str | None]:
    """Return (body, message, code) from any error body TabbyAPI or a proxy in front may send."""
    content = response.content
    try:
        body: Any = json.loads(content) if content else None
    except (ValueError, UnicodeDecodeError):
        body = content.decode("utf-8", "replace")
        ctype = response.headers.get("content-type", "")
        if "html" in ctype or body.lstrip()[:1] == "<":
            return body, f"HTML error page ({_clip(response.reason_phrase or '')})", None
        return body, _clip(body) or response.reason_phrase, None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and "message" in error:
            code = error.get("code")
            return body, _clip(str(error["message"])), str(code) if code else None
        detail = body.get("detail")
        if isinstance(detail, str):
            return body, _clip(detail), None
        if isinstance(detail, list):
            return body, _clip(_describe_422(detail)), None
    return body, _clip(json.dumps(body)) if body is not None else response.reason_phrase, None


#: Words that say the prompt did not fit, whoever says them (TabbyAPI's 400 carries the code
#: too; a proxy may drop the code and keep the words: docs/server-behavior.md, LiteLLM).
CONTEXT_LENGTH_WORDS = ("exceeds the available context size", "ContextWindowExceededError")


def status_error_class(
    status: int, body: Any, code: str | None, message: str = ""
) -> type[APIStatusError]:
    """The class for an error answer: by meaning where TabbyAPI's words say it, else by status."""
    if code == "context_length_exceeded" or any(w in message for w in CONTEXT_LENGTH_WORDS):
        return ContextLengthExceededError
    detail = body.get("detail") if isinstance(body, dict) else None
    meaning = MEANINGS.get(detail.strip()) if isinstance(detail, str) else None
    if meaning is not None:
        return meaning
    return STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)


def status_error(
    response: httpx.Response, *, operation: str | None = None, hint: str | None = None
) -> APIStatusError:
    """The typed error for a non-2xx response whose body has been read (`hint`: what to do,
    appended to the message)."""
    body, message, code = parse_error_body(response)
    status = response.status_code
    cls = status_error_class(status, body, code, message)
    text = f"{status} {message}" + (f" ({hint})" if hint else "")
    return cls(text, response=response, body=body, code=code, operation=operation)
