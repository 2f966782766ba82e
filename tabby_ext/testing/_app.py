"""The fake TabbyAPI as a Starlette application, assembled the way TabbyAPI assembles FastAPI.

One route per spec operation (plus `/api/latest/*` twins and the API documents), TabbyAPI's
check order (JSON syntax → auth → model loaded → field validation, docs/server-behavior.md §2),
FastAPI's error bodies, and Starlette's own CORS middleware configured as TabbyAPI configures it.
An unhandled exception reaches Starlette's ServerErrorMiddleware: plain-text 500, and uvicorn
then drops the connection, as on the real server.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from email.message import Message
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from . import _core_routes, _kobold_routes, _model_routes, _oai_routes
from ._auth import KeyPermissionError, check_admin_key, check_api_key
from ._conform import conformer
from ._errors import ContextLengthError, HTTPError, InternalError, ValidationFailed
from ._faults import FaultRegistry
from ._injection import FaultInjector
from ._recording import Recorder, RequestLog
from ._responses import EventStream, sse_response
from ._routing import Call, Needs
from ._routing import Route as Handler
from ._spec import Operation, components, operations
from ._state import ServerConfig, ServerState
from ._validation import BodyValidator, json_invalid

#: Served by TabbyAPI but absent from its OpenAPI document.
EXTRA_OPERATIONS = tuple(
    Operation("GET", path, "none", None, False) for path in ("/openapi.json", "/docs", "/redoc")
)
#: TabbyAPI mounts its Kobold `/api/v1` router a second time under `/api/latest`.
_TWINS = {"/api/v1/": "/api/latest/"}


def _is_json(content_type: str) -> bool:
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def _parse_body(request: Request) -> Any:
    """FastAPI's body reading: JSON when the content type says so (or is absent), else bytes."""
    body = await request.body()
    if not body:
        return None
    content_type = request.headers.get("content-type")
    if content_type is not None and not _is_json(content_type):
        return body
    try:
        return json.loads(body)
    except json.JSONDecodeError as error:
        raise ValidationFailed(json_invalid(error)) from error
    except UnicodeDecodeError as error:
        failure = json.JSONDecodeError("Invalid UTF-8", body.decode("latin-1"), error.start)
        raise ValidationFailed(json_invalid(failure)) from error


def _authenticate(operation: Operation, request: Request, config: ServerConfig) -> None:
    if operation.auth == "api":
        check_api_key(request.headers, config.api_key, config.admin_key)
    elif operation.auth == "admin":
        check_admin_key(request.headers, config.admin_key)


def _check_needs(needs: Needs | None, body: Any, state: ServerState) -> None:
    """TabbyAPI's `check_model_container` / `check_embeddings_container` dependencies."""
    status = state.config.version.no_model_status
    if needs == "embeddings" and state.embedding_model is None:
        raise HTTPError(status, "No embedding models are currently loaded.")
    if needs in ("model", "model_or_inline") and state.model is None:
        if needs == "model_or_inline" and isinstance(body, dict) and body.get("model"):
            raise InternalError("inline model loading is disabled")
        raise HTTPError(status, "No models are currently loaded.")


def _endpoint(
    operation: Operation,
    handler: Handler,
    state: Callable[[], ServerState],
    validator: BodyValidator,
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        current = state()
        reshape = conformer(current.config.version)  # None: the pinned version, as written
        body = await _parse_body(request) if operation.body_schema else None
        if reshape is not None and isinstance(body, dict):
            body = reshape.request(operation.method, operation.path, body)
        _authenticate(operation, request, current.config)
        _check_needs(handler.needs, body, current)
        if operation.body_schema is not None and (body is not None or operation.body_required):
            body, errors = validator.validate_body(operation.body_schema, body)
            if errors:
                raise ValidationFailed(errors)
        try:
            answer = await handler.handler(Call(request, body, current))
        except KeyPermissionError as error:  # TabbyAPI's listings fail with a 500 here
            raise InternalError(str(error)) from error
        version = current.config.version
        if isinstance(answer, EventStream):
            if reshape is not None:
                events = reshape.events(operation.method, operation.path, answer.events)
                answer = EventStream(events, answer.ping_interval)
            return sse_response(answer, current.config.ping_interval, version.sse_pings)
        if reshape is not None:
            return reshape.response(operation.method, operation.path, answer)
        return answer

    return endpoint


async def _error_response(request: Request, error: Exception) -> Response:
    """FastAPI's exception handlers (and TabbyAPI's context-length one); async, since Starlette
    runs a plain function handler on a worker thread."""
    if isinstance(error, HTTPException):
        return JSONResponse({"detail": error.detail}, error.status_code, error.headers)
    if isinstance(error, HTTPError):
        return JSONResponse({"detail": error.detail}, error.status, dict(error.headers))
    if isinstance(error, ContextLengthError):
        return JSONResponse(error.body(), 400)
    assert isinstance(error, ValidationFailed)
    return JSONResponse({"detail": error.errors}, 422)


def _routes(state: Callable[[], ServerState]) -> list[BaseRoute]:
    handlers: dict[tuple[str, str], Handler] = {}
    for module in (_oai_routes, _model_routes, _core_routes, _kobold_routes):
        handlers.update(module.router.routes)
    validator = BodyValidator(components())
    routes: list[BaseRoute] = []
    for operation in (*operations(), *EXTRA_OPERATIONS):
        handler = handlers.get((operation.method, operation.path))
        if handler is None:
            raise RuntimeError(f"no handler for {operation.method} {operation.path}")
        endpoint = _endpoint(operation, handler, state, validator)
        paths = [operation.path]
        paths += [operation.path.replace(a, b, 1) for a, b in _TWINS.items() if a in operation.path]
        for path in paths:
            route = Route(path, endpoint, methods=[operation.method])
            route.methods = {operation.method}  # FastAPI routes do not answer HEAD
            routes.append(route)
    return routes


def build_app(
    state: Callable[[], ServerState], faults: FaultRegistry, log: RequestLog
) -> Starlette:
    """The ASGI app; `state()` is read per request (a reset swaps in a fresh state)."""
    return Starlette(
        routes=_routes(state),
        middleware=[
            Middleware(Recorder, log=log),
            Middleware(FaultInjector, faults=faults),
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_credentials=True,
                allow_methods=["*"],
                allow_headers=["*"],
            ),
        ],
        exception_handlers={
            error: _error_response
            for error in (HTTPException, HTTPError, ContextLengthError, ValidationFailed)
        },
    )
