"""An embedded fake TabbyAPI for tests and demos (no GPU needed), on TabbyAPI's own stack
(uvicorn, Starlette, sse-starlette): install it with ``pip install "tabbyapi[testing]"``.

from tabby_ext.testing import FakeTabbyServer, FakeTabbyTransport

with FakeTabbyServer(api_key="test-api-key", admin_key="test-admin-key") as server:
    ...  # point a client at server.url; inspect server.requests; server.inject(...)

with httpx.Client(transport=FakeTabbyTransport(), base_url="http://tabby.test") as http:
    ...  # the same fake in process, no sockets

with FakeTabbyServer(server_version="436ce75") as old:
    ...  # answers as the older TabbyAPI 436ce75 does (SERVER_VERSIONS lists the choices)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._catalog import FakeModel
from ._example import example_server
from ._faults import Fault
from ._messages import Headers, RecordedRequest
from ._versions import DEFAULT_SERVER_VERSION, SERVER_VERSIONS

if TYPE_CHECKING:
    from ._fake import FakeTabbyOptions
    from ._server import FakeTabbyServer
    from ._transport import AsyncFakeTabbyTransport, FakeTabbyTransport

__all__ = [
    "DEFAULT_SERVER_VERSION",
    "SERVER_VERSIONS",
    "AsyncFakeTabbyTransport",
    "FakeModel",
    "FakeTabbyOptions",
    "FakeTabbyServer",
    "FakeTabbyTransport",
    "Fault",
    "Headers",
    "RecordedRequest",
    "example_server",
]

#: Names that need the `testing` extra, and the module defining each.
_NEEDS_EXTRA = {
    "AsyncFakeTabbyTransport": "._transport",
    "FakeTabbyOptions": "._fake",
    "FakeTabbyServer": "._server",
    "FakeTabbyTransport": "._transport",
}
_MISSING_EXTRA = (
    'tabby_ext.testing.{name} needs the "testing" extra '
    '(uvicorn, starlette, sse-starlette): pip install "tabbyapi[testing]"'
)


def __getattr__(name: str) -> Any:
    """Import the server and transports on first use, so that this package (and its pytest
    plugin) imports without the `testing` extra."""
    module = _NEEDS_EXTRA.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        for dependency in ("starlette", "sse_starlette", "uvicorn"):
            importlib.import_module(dependency)
    except ImportError as error:
        raise ImportError(_MISSING_EXTRA.format(name=name), name=error.name) from error
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
