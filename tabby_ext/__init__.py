"""tabby_ext: the TabbyAPI facade (`Tabby`, `AsyncTabby`) over the generated `tabbyapi_client`.

Names are imported on first use, so `import tabby_ext` costs almost nothing and the generated
models load only when a call needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._async.client import AsyncTabby
    from ._async.streaming import AsyncStream, AsyncTextStream
    from ._config import Secret
    from ._contract import NOT_GIVEN, NotGiven
    from ._retry import RetryPolicy
    from ._sync.client import Tabby
    from ._sync.streaming import Stream, TextStream
    from .errors import (
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

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncStream",
    "AsyncTabby",
    "AsyncTextStream",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ContextLengthExceededError",
    "IncompleteStreamError",
    "InternalServerError",
    "NoModelLoadedError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseDecodeError",
    "RetryPolicy",
    "Secret",
    "ServiceUnavailableError",
    "Stream",
    "StreamError",
    "Tabby",
    "TabbyError",
    "TextStream",
    "UnprocessableEntityError",
    "__version__",
]

#: Where each public name lives; imported on first access.
_WHERE = {
    "Tabby": "._sync.client",
    "AsyncTabby": "._async.client",
    "Stream": "._sync.streaming",
    "AsyncStream": "._async.streaming",
    "TextStream": "._sync.streaming",
    "AsyncTextStream": "._async.streaming",
    "NOT_GIVEN": "._contract",
    "NotGiven": "._contract",
    "RetryPolicy": "._retry",
    "Secret": "._config",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name, ".errors" if name in __all__ else None)
    if module is None:
        raise AttributeError(f"module 'tabby_ext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)  # absolute names ignore it
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
