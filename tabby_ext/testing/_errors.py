"""Exceptions handlers raise to produce TabbyAPI's non-200 answers (see SERVER-BEHAVIOR.md §2)."""

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


class InternalError(Exception):
    """An unhandled server-side exception: plain-text 500, then the connection is dropped."""
