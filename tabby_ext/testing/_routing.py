"""Handler registration: each route module fills a `Router`; the app merges them.

A route declares what must be loaded before it runs (`needs`), mirroring TabbyAPI's
`check_model_container` / `check_embeddings_container` dependencies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from ._auth import Permission, key_permission
from ._responses import EventStream
from ._state import LoadedModel, ServerState

Needs = Literal["model", "model_or_inline", "embeddings"]


@dataclass
class Call:
    """What a handler gets: the request, its validated body and the server state."""

    request: Request
    body: Any
    state: ServerState

    @property
    def model(self) -> LoadedModel:
        """The loaded model (routes that need one are only called while one is loaded)."""
        assert self.state.model is not None
        return self.state.model

    def permission(self) -> Permission:
        config = self.state.config
        return key_permission(self.request.headers, config.api_key, config.admin_key)


Handler = Callable[[Call], Awaitable["Response | EventStream"]]


@dataclass(frozen=True)
class Route:
    handler: Handler
    needs: Needs | None


class Router:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}

    def route(
        self, method: str, path: str, needs: Needs | None = None
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes[(method, path)] = Route(handler, needs)
            return handler

        return register
