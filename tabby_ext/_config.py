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
from .errors import ConfigurationError

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


def _secret(value: str | Secret | None, name: str, env: str) -> Secret | None:
    if isinstance(value, Secret):
        return value
    source = f"{name}=" if value is not None else env
    value = value if value is not None else os.environ.get(env) or None
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigurationError(f"{source} must be a str, not {type(value).__name__}")
    if value != value.strip() or not value.isprintable() or not value.isascii():
        # Never show the value: it is a credential.
        raise ConfigurationError(
            f"{source} has whitespace, control or non-ASCII characters (a trailing newline"
            " from a file?): strip it; a key travels in an HTTP header"
        )
    return Secret(value)


def check_base_url(url: str, source: str) -> str:
    """`url` without its trailing slash, or a `ConfigurationError` saying what is wrong."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"{source} {url!r} is not a URL ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            f"{source} {url!r} needs a scheme and a host, like 'http://127.0.0.1:5000'"
        )
    if parsed.query or parsed.fragment:
        raise ConfigurationError(f"{source} {url!r} must not have a query or fragment")
    return url.rstrip("/")


def environment_proxies() -> dict[str, str]:
    """The proxies the environment names (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, with
    `NO_PROXY` under "no"), read as httpx and urllib read them."""
    import urllib.request  # only when a client is built

    return dict(urllib.request.getproxies_environment())


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
    #: `proxy=`: every request of the client's own pool goes through it.
    proxy: str | None = None
    #: The environment's proxies when the client was built (see `environment_proxies`).
    environment_proxies: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def key_kinds(self) -> frozenset[str]:
        """Which credentials this configuration has (`api_key`, `admin_key`, `bearer_token`)."""
        kinds = ("api_key", "admin_key", "bearer_token")
        return frozenset(kind for kind in kinds if getattr(self, kind) is not None)

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
        proxy: str | None = None,
    ) -> ClientConfig:
        if base_url is not None:
            url = check_base_url(base_url, "base_url=")
        elif os.environ.get("TABBY_BASE_URL"):
            url = check_base_url(os.environ["TABBY_BASE_URL"], "TABBY_BASE_URL")
        else:
            url = DEFAULT_BASE_URL
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = dataclasses.replace(policy, max_retries=max_retries)
        if proxy is not None:
            check_base_url(proxy, "proxy=")
        return cls(
            base_url=url,
            api_key=_secret(api_key, "api_key", "TABBY_API_KEY"),
            admin_key=_secret(admin_key, "admin_key", "TABBY_ADMIN_KEY"),
            bearer_token=_secret(bearer_token, "bearer_token", "TABBY_BEARER_TOKEN"),
            timeout=as_timeout(timeout),
            retry=policy,
            default_headers=dict(default_headers or {}),
            proxy=proxy,
            environment_proxies=environment_proxies() if proxy is None else {},
        )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with `changes` (same names as `resolve`); keys given as str become Secrets."""
        if "max_retries" in changes:
            retry = changes.pop("retry", None) or self.retry
            changes["retry"] = dataclasses.replace(retry, max_retries=changes.pop("max_retries"))
        for name in ("api_key", "admin_key", "bearer_token"):
            if name in changes:
                changes[name] = _secret(changes[name], name, "")
        if "timeout" in changes:
            changes["timeout"] = as_timeout(changes["timeout"])
        if "base_url" in changes:
            changes["base_url"] = check_base_url(str(changes["base_url"]), "base_url=")
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        keys = [n for n in ("api_key", "admin_key", "bearer_token") if getattr(self, n)]
        return f"ClientConfig(base_url={self.base_url!r}, keys={keys}, timeout={self.timeout!r})"
