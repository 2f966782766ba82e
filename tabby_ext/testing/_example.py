"""`example_server()`: where examples and the demo run — a real server if configured, else ours."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EXAMPLE_API_KEY = "example-api-key"
EXAMPLE_ADMIN_KEY = "example-admin-key"


@contextmanager
def example_server(**server_options: Any) -> Iterator[dict[str, Any]]:
    """Yield `Tabby(...)` arguments: {} when TABBY_BASE_URL is set (the client reads TABBY_*),
    else those of an embedded `FakeTabbyServer` started for the duration."""
    from .._settings import BY_NAME

    if os.environ.get(BY_NAME["base_url"].env):  # the client reads its settings from there
        yield {}
        return
    from . import FakeTabbyServer

    options = {"api_key": EXAMPLE_API_KEY, "admin_key": EXAMPLE_ADMIN_KEY, **server_options}
    with FakeTabbyServer(**options) as server:
        yield {
            "base_url": server.url,
            "api_key": options["api_key"],
            "admin_key": options["admin_key"],
        }
