"""TabbyAPI's key checks (docs/server-behavior.md §3), including its header precedence quirks.

A key configured as None disables that kind of check; with no admin key everyone is admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ._errors import HTTPError

Permission = Literal["admin", "api"]


class KeyPermissionError(ValueError):
    """Raised by `key_permission`; listings turn it into a 500, /v1/auth/permission into a 400."""


def _bearer_token(authorization: str) -> str | None:
    parts = authorization.split(" ")
    if len(parts) < 2 or parts[0].lower() != "bearer":
        return None
    return parts[1]


def _check(
    header_key: str | None,
    authorization: str | None,
    valid: set[str],
    kind: str,
) -> None:
    if header_key:
        if header_key not in valid:
            raise HTTPError(401, f"Invalid {kind} key")
        return
    if authorization:
        token = _bearer_token(authorization)
        if token is None or token not in valid:
            raise HTTPError(401, f"Invalid {kind} key")
        return
    raise HTTPError(401, f"Please provide an {kind} key")


def check_api_key(headers: Mapping[str, str], api_key: str | None, admin_key: str | None) -> None:
    """API-key endpoints: `x-api-key`, else `Authorization`; the admin key is accepted too."""
    if api_key is None:
        return
    valid = {api_key} | ({admin_key} if admin_key is not None else set())
    _check(headers.get("x-api-key"), headers.get("authorization"), valid, "API")


def check_admin_key(headers: Mapping[str, str], admin_key: str | None) -> None:
    """Admin endpoints: `x-admin-key`, else `Authorization`; `x-api-key` is never read."""
    if admin_key is None:
        return
    _check(headers.get("x-admin-key"), headers.get("authorization"), {admin_key}, "admin")


def key_permission(
    headers: Mapping[str, str], api_key: str | None, admin_key: str | None
) -> Permission:
    """Which view a caller gets: looks at x-admin-key, then x-api-key, then Authorization."""
    if admin_key is None:
        return "admin"
    if "x-admin-key" in headers:
        token: str | None = headers["x-admin-key"]
    elif "x-api-key" in headers:
        token = headers["x-api-key"]
    elif "authorization" in headers:
        parts = headers["authorization"].split(" ")
        if len(parts) < 2:
            raise KeyPermissionError("Invalid authorization format.")
        token = parts[1]
    elif api_key is None:
        return "api"
    else:
        raise KeyPermissionError("The provided authentication key is missing.")
    if token == admin_key:
        return "admin"
    if api_key is None or token == api_key:
        return "api"
    raise KeyPermissionError("The provided authentication key is invalid.")
