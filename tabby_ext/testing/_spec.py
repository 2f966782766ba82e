"""The pinned TabbyAPI OpenAPI document and the route table derived from it, and the specs of
the older TabbyAPI versions the fake can answer as.

Auth kind, request-body schema and response schema of every operation come from the spec,
so the fake server cannot drift from the operations the generated client knows about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

AuthKind = Literal["api", "admin", "none"]

#: Where the spec is looked for: a copy shipped inside the package, then the repository's.
SPEC_PACKAGE_RESOURCE = "tabbyapi.json"
SPEC_REPO_PATH = Path(__file__).resolve().parents[2] / "openapi" / "tabbyapi.json"
#: Where older versions' specs are looked for: shipped in the package's `specs/` (pyproject's
#: wheel force-include), then the repository's test fixtures (the one copy in a checkout).
OLDER_SPECS_PACKAGE_DIR = "specs"
OLDER_SPECS_REPO_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "specs"


@dataclass(frozen=True)
class Operation:
    """One (method, path) of the spec: who may call it and what body it takes."""

    method: str
    path: str
    auth: AuthKind
    body_schema: dict[str, Any] | None
    body_required: bool


def _read_spec_bytes() -> bytes:
    shipped = resources.files(__package__).joinpath(SPEC_PACKAGE_RESOURCE)
    if shipped.is_file():
        return shipped.read_bytes()
    if SPEC_REPO_PATH.is_file():
        return SPEC_REPO_PATH.read_bytes()
    raise FileNotFoundError(
        f"TabbyAPI OpenAPI spec not found: neither {__package__}/{SPEC_PACKAGE_RESOURCE} "
        f"nor {SPEC_REPO_PATH} exists"
    )


@lru_cache(maxsize=1)
def spec_bytes() -> bytes:
    """The spec file exactly as pinned (served verbatim at /openapi.json)."""
    return _read_spec_bytes()


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(spec_bytes())
    return document


@cache
def older_spec_bytes(filename: str) -> bytes:
    """An older version's spec file (served verbatim at /openapi.json in that mode)."""
    shipped = resources.files(__package__).joinpath(OLDER_SPECS_PACKAGE_DIR, filename)
    if shipped.is_file():
        return shipped.read_bytes()
    in_repo = OLDER_SPECS_REPO_DIR / filename
    if in_repo.is_file():
        return in_repo.read_bytes()
    raise FileNotFoundError(
        f"TabbyAPI OpenAPI spec {filename} not found: neither {__package__}/"
        f"{OLDER_SPECS_PACKAGE_DIR}/{filename} nor {in_repo} exists"
    )


@cache
def older_spec(filename: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(older_spec_bytes(filename))
    return document


def request_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """The JSON schema a document declares for an operation's request body (None: none)."""
    operation = document["paths"].get(path, {}).get(method.lower())
    body = (operation or {}).get("requestBody")
    return _json_schema(body["content"]) if body else None


def response_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """The JSON schema a document declares for an operation's 200 answer (None: none, or no
    such operation in that document)."""
    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return None
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    return _json_schema(content)


def components() -> dict[str, Any]:
    schemas: dict[str, Any] = spec()["components"]["schemas"]
    return schemas


def _auth_kind(operation: dict[str, Any]) -> AuthKind:
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}
    if "x-admin-key" in headers:
        return "admin"
    if "x-api-key" in headers:
        return "api"
    return "none"


def _json_schema(content: dict[str, Any]) -> dict[str, Any] | None:
    schema = content.get("application/json", {}).get("schema")
    return schema if schema else None


@lru_cache(maxsize=1)
def operations() -> tuple[Operation, ...]:
    """Every operation of the spec, in document order."""
    result = []
    for path, methods in spec()["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody")
            result.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    auth=_auth_kind(operation),
                    body_schema=_json_schema(body["content"]) if body else None,
                    body_required=bool(body and body.get("required")),
                )
            )
    return tuple(result)
