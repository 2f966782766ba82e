"""tabby_ext: the TabbyAPI facade (`Tabby`, `AsyncTabby`) over the generated `tabbyapi_client`.

Names are imported on first use, so `import tabby_ext` costs almost nothing and the generated
models load only when a call needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import errors
from ._version import __version__

if TYPE_CHECKING:
    from ._async.client import AsyncTabby
    from ._async.streaming import AsyncStream, AsyncTextStream
    from ._config import Secret
    from ._contract import NOT_GIVEN, NotGiven
    from ._retry import RetryPolicy
    from ._sync.client import Tabby
    from ._sync.streaming import Stream, TextStream
    from .errors import *  # noqa: F403 (the names `__all__ += errors.__all__` adds)

__all__ = [
    "NOT_GIVEN",
    "AsyncStream",
    "AsyncTabby",
    "AsyncTextStream",
    "NotGiven",
    "RetryPolicy",
    "Secret",
    "Stream",
    "Tabby",
    "TextStream",
    "__version__",
]
__all__ += errors.__all__

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
    module = _WHERE.get(name, ".errors" if name in errors.__all__ else None)
    if module is None:
        raise AttributeError(f"module 'tabby_ext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)  # absolute names ignore it
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
