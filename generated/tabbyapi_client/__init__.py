"""A client library for accessing TabbyAPI"""

# Custom template (generator/templates): the client classes are imported on first use, so that
# `tabbyapi_client.facade` and `operations.json` can be read without importing attrs.
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
