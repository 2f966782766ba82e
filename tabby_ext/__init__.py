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
    from ._async.structured import AsyncParseStream
    from ._async.tool_runner import AsyncToolRunStream
    from ._contract import NOT_GIVEN, NotGiven
    from ._retry import RetryPolicy
    from ._settings import Secret
    from ._structured import Parsed
    from ._sync.client import Tabby
    from ._sync.streaming import Stream, TextStream
    from ._sync.structured import ParseStream
    from ._sync.tool_runner import ToolRunStream
    from ._tools import FunctionTool, ToolInvocation, ToolResult, ToolRun, tool
    from .errors import *  # noqa: F403 (the names `__all__ += errors.__all__` adds)

__all__ = [
    "NOT_GIVEN",
    "AsyncParseStream",
    "AsyncStream",
    "AsyncTabby",
    "AsyncTextStream",
    "AsyncToolRunStream",
    "FunctionTool",
    "NotGiven",
    "ParseStream",
    "Parsed",
    "RetryPolicy",
    "Secret",
    "Stream",
    "Tabby",
    "TextStream",
    "ToolInvocation",
    "ToolResult",
    "ToolRun",
    "ToolRunStream",
    "__version__",
    "tool",
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
    "Secret": "._settings",
    "Parsed": "._structured",
    "ParseStream": "._sync.structured",
    "AsyncParseStream": "._async.structured",
    "ToolRunStream": "._sync.tool_runner",
    "AsyncToolRunStream": "._async.tool_runner",
    "tool": "._tools",
    "FunctionTool": "._tools",
    "ToolInvocation": "._tools",
    "ToolResult": "._tools",
    "ToolRun": "._tools",
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
