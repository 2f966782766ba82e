"""Exceptions handlers raise to produce TabbyAPI's non-200 answers (see docs/server-behavior.md §2),
and the ones the fake raises on purpose to make the HTTP server misbehave."""

from __future__ import annotations

from typing import Any


class HTTPError(Exception):
    """FastAPI's HTTPException: `{"detail": ...}` with the given status."""

    def __init__(
        self, status: int, detail: Any, headers: list[tuple[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or []


class ContextLengthError(Exception):
    """The OpenAI-shaped 400 `context_length_exceeded` error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": "invalid_request_error",
                "param": None,
                "code": "context_length_exceeded",
            }
        }


class ValidationFailed(Exception):
    """FastAPI's RequestValidationError: 422 `{"detail": [errors]}`."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Deliberate(Exception):
    """Raised on purpose to reach the server's own error path; never logged as a traceback."""


class InternalError(Deliberate):
    """An unhandled server-side exception: Starlette's ServerErrorMiddleware answers a plain-text
    500 and re-raises, and uvicorn then closes the connection (what TabbyAPI does)."""


class DropConnection(Deliberate):
    """Raised mid-response: uvicorn closes the connection without finishing the body."""
