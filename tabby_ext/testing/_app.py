"""The application layer: routing, TabbyAPI's check order, error shapes and CORS.

Check order (SERVER-BEHAVIOR.md §2): JSON syntax → auth → model loaded → field validation.
"""

from __future__ import annotations

import json
import logging
from email.message import Message
from typing import Any

from . import _core_routes, _kobold_routes, _model_routes, _oai_routes
from ._auth import KeyPermissionError, check_admin_key, check_api_key
from ._errors import ContextLengthError, HTTPError, InternalError
from ._messages import (
    EventStream,
    RecordedRequest,
    Response,
    detail_response,
    internal_server_error,
    json_bytes,
)
from ._routing import Call, Needs, Route
from ._spec import Operation, components, operations
from ._state import ServerState
from ._validation import BodyValidator, json_invalid

logger = logging.getLogger(__name__)

#: Served by TabbyAPI but absent from its OpenAPI document.
EXTRA_OPERATIONS = tuple(
    Operation("GET", path, "none", None, False) for path in ("/openapi.json", "/docs", "/redoc")
)
_CORS_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


class _ValidationFailed(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _is_json(content_type: str) -> bool:
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _parse_body(request: RecordedRequest) -> Any:
    """FastAPI's body reading: JSON when the content type says so (or is absent), else bytes."""
    if not request.body:
        return None
    content_type = request.headers.get("content-type")
    if content_type is not None and not _is_json(content_type):
        return request.body
    try:
        return json.loads(request.body)
    except json.JSONDecodeError as error:
        raise _ValidationFailed(json_invalid(error)) from error
    except UnicodeDecodeError as error:
        failure = json.JSONDecodeError("Invalid UTF-8", request.body.decode("latin-1"), error.start)
        raise _ValidationFailed(json_invalid(failure)) from error


def canonical_path(path: str) -> str:
    """`/api/latest/*` is TabbyAPI's undocumented twin of `/api/v1/*`."""
    return "/api/v1/" + path[len("/api/latest/") :] if path.startswith("/api/latest/") else path


class App:
    """Maps a request to a response; knows nothing about sockets or faults."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._validator = BodyValidator(components())
        routes: dict[tuple[str, str], Route] = {}
        for module in (_oai_routes, _model_routes, _core_routes, _kobold_routes):
            routes.update(module.router.routes)
        self._routes: dict[str, dict[str, tuple[Operation, Route]]] = {}
        for operation in (*operations(), *EXTRA_OPERATIONS):
            route = routes.get((operation.method, operation.path))
            if route is None:
                raise RuntimeError(f"no handler for {operation.method} {operation.path}")
            self._routes.setdefault(operation.path, {})[operation.method] = (operation, route)

    async def handle(self, request: RecordedRequest) -> Response | EventStream:
        origin = request.headers.get("origin")
        if (
            request.method == "OPTIONS"
            and origin is not None
            and "access-control-request-method" in request.headers
        ):
            return self._preflight(request, origin)
        response = await self._dispatch(request)
        if origin is not None and not (
            isinstance(response, Response) and response.close_connection
        ):
            cors = [
                ("access-control-allow-origin", "*"),
                ("access-control-allow-credentials", "true"),
            ]
            if "cookie" in request.headers:
                cors = [cors[1], ("access-control-allow-origin", origin), ("vary", "Origin")]
            response.headers.extend(cors)
        return response

    @staticmethod
    def _preflight(request: RecordedRequest, origin: str) -> Response:
        headers = [
            ("vary", "Origin"),
            ("access-control-allow-methods", _CORS_METHODS),
            ("access-control-max-age", "600"),
            ("access-control-allow-credentials", "true"),
            ("access-control-allow-origin", origin),
        ]
        requested = request.headers.get("access-control-request-headers")
        if requested is not None:
            headers.append(("access-control-allow-headers", requested))
        return Response(200, b"OK", "text/plain; charset=utf-8", headers)

    def _redirect_slash(self, request: RecordedRequest) -> Response | None:
        path = request.path
        other = path[:-1] if path.endswith("/") else path + "/"
        if path == "/" or canonical_path(other) not in self._routes:
            return None
        host = request.headers.get("host", "127.0.0.1")
        location = f"http://{host}{other}" + (f"?{request.query}" if request.query else "")
        return Response(307, b"", None, [("location", location)])

    async def _dispatch(self, request: RecordedRequest) -> Response | EventStream:
        methods = self._routes.get(canonical_path(request.path))
        if methods is None:
            return self._redirect_slash(request) or detail_response(404, "Not Found")
        if request.method not in methods:
            allow = ", ".join(methods)
            return detail_response(405, "Method Not Allowed", [("allow", allow)])
        operation, route = methods[request.method]
        state = self.state
        try:
            body = _parse_body(request) if operation.body_schema else None
            self._authenticate(operation, request)
            self._check_needs(route.needs, body)
            if operation.body_schema is not None and (body is not None or operation.body_required):
                body, errors = self._validator.validate_body(operation.body_schema, body)
                if errors:
                    raise _ValidationFailed(errors)
            return await route.handler(Call(request, body, state))
        except _ValidationFailed as failure:
            return Response(422, json_bytes({"detail": failure.errors}), "application/json")
        except HTTPError as error:
            return detail_response(error.status, error.detail, error.headers)
        except ContextLengthError as error:
            return Response(400, json_bytes(error.body()), "application/json")
        except (InternalError, KeyPermissionError):
            return internal_server_error()
        except Exception:
            logger.exception(
                "fake TabbyAPI server: unhandled error in %s %s", request.method, request.path
            )
            return internal_server_error()

    def _authenticate(self, operation: Operation, request: RecordedRequest) -> None:
        config = self.state.config
        if operation.auth == "api":
            check_api_key(request.headers, config.api_key, config.admin_key)
        elif operation.auth == "admin":
            check_admin_key(request.headers, config.admin_key)

    def _check_needs(self, needs: Needs | None, body: Any) -> None:
        state = self.state
        if needs == "embeddings" and state.embedding_model is None:
            raise HTTPError(503, "No embedding models are currently loaded.")
        if needs in ("model", "model_or_inline") and state.model is None:
            if needs == "model_or_inline" and isinstance(body, dict) and body.get("model"):
                raise InternalError("inline model loading is disabled")
            raise HTTPError(503, "No models are currently loaded.")
