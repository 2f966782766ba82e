"""Client configuration: arguments, then TABBY_* environment variables, then TabbyAPI's defaults.

Keys are held as `Secret`, whose repr and str never show the value, so a config, a client or a
traceback can be printed safely.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

import httpx

from ._retry import RetryPolicy

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
#: Generation can take minutes; connecting should not. Never "no timeout".
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)


class Secret:
    """A credential that does not print itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret is not picklable")


def _secret(value: str | Secret | None, env: str) -> Secret | None:
    if isinstance(value, Secret):
        return value
    value = value if value is not None else os.environ.get(env) or None
    return Secret(value) if value else None


def as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """A float sets every timeout but connect, which stays short unless the float is shorter."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(
        float(timeout), connect=min(float(timeout), DEFAULT_TIMEOUT.connect or 5.0)
    )


@dataclasses.dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a client needs besides its connection pool; cheap to copy with changes."""

    base_url: str
    api_key: Secret | None
    admin_key: Secret | None
    bearer_token: Secret | None
    timeout: httpx.Timeout
    retry: RetryPolicy
    default_headers: Mapping[str, str]

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None = None,
        api_key: str | Secret | None = None,
        admin_key: str | Secret | None = None,
        bearer_token: str | Secret | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> ClientConfig:
        url = base_url or os.environ.get("TABBY_BASE_URL") or DEFAULT_BASE_URL
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = dataclasses.replace(policy, max_retries=max_retries)
        return cls(
            base_url=url.rstrip("/"),
            api_key=_secret(api_key, "TABBY_API_KEY"),
            admin_key=_secret(admin_key, "TABBY_ADMIN_KEY"),
            bearer_token=_secret(bearer_token, "TABBY_BEARER_TOKEN"),
            timeout=as_timeout(timeout),
            retry=policy,
            default_headers=dict(default_headers or {}),
        )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with `changes` (same names as `resolve`); keys given as str become Secrets."""
        if "max_retries" in changes:
            retry = changes.pop("retry", None) or self.retry
            changes["retry"] = dataclasses.replace(retry, max_retries=changes.pop("max_retries"))
        for name in ("api_key", "admin_key", "bearer_token"):
            if isinstance(changes.get(name), str):
                changes[name] = Secret(changes[name])
        if "timeout" in changes:
            changes["timeout"] = as_timeout(changes["timeout"])
        if "base_url" in changes:
            changes["base_url"] = str(changes["base_url"]).rstrip("/")
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        keys = [n for n in ("api_key", "admin_key", "bearer_token") if getattr(self, n)]
        return f"ClientConfig(base_url={self.base_url!r}, keys={keys}, timeout={self.timeout!r})"
