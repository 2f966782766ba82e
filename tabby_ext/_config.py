"""A client's configuration, resolved from the settings table (`_settings.SETTINGS`).

A value comes from the argument (the keyword, or the CLI's flag), then the environment
variable, then the default, and the resolved `ClientConfig` remembers which, so a hint can say
where to fix a rejected key. Keys stay `Secret`s, so a config, a client or a traceback can be
printed safely.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any, TypedDict

import httpx

from ._retry import RetryPolicy
from ._settings import (
    BY_NAME,
    DEFAULT_BASE_URL,
    KEYS,
    SETTINGS,
    Secret,
    argument_label,
    as_timeout,
    check_base_url,
    is_loopback,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "SETTINGS",
    "ClientConfig",
    "ClientOptions",
    "Secret",
    "SettingReport",
    "as_timeout",
    "check_base_url",
    "environment_proxies",
    "is_loopback",
]

#: Generation can take minutes; connecting should not. Never "no timeout".
DEFAULT_TIMEOUT = as_timeout(BY_NAME["timeout"].default)
#: Where a value came from when nothing gave it.
DEFAULT = "default"


def environment_proxies() -> dict[str, str]:
    """The proxies the environment names (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, with
    `NO_PROXY` under "no"), read as httpx and urllib read them."""
    import urllib.request  # only when a client is built

    return dict(urllib.request.getproxies_environment())


class ClientOptions(TypedDict, total=False):
    """What `with_options()` / `copy()` may change: the constructor's names (the settings of
    the table, a key given as None removed), and the retry policy and default headers."""

    base_url: str
    api_key: str | None
    admin_key: str | None
    bearer_token: str | None
    timeout: float | httpx.Timeout
    max_retries: int
    strict_responses: bool
    telemetry: bool
    capture_content: bool
    propagate_trace_context: bool
    retry: RetryPolicy
    default_headers: Mapping[str, str]


@dataclasses.dataclass(frozen=True, slots=True)
class SettingReport:
    """What `describe_settings()` says of one setting: its value (keys only as set / not set)
    and where it came from (`api_key=`, `--api-key`, `TABBY_API_KEY` or `default`)."""

    name: str
    value: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a client needs besides its connections; cheap to copy with changes."""

    base_url: str
    api_key: Secret | None
    admin_key: Secret | None
    bearer_token: Secret | None
    timeout: httpx.Timeout
    retry: RetryPolicy
    strict_responses: bool
    #: OpenTelemetry (see _telemetry.py): spans and metrics at all, content on spans, traceparent.
    telemetry: bool
    capture_content: bool
    propagate_trace_context: bool
    default_headers: Mapping[str, str]
    #: `proxy=`: every request of the client's own pool goes through it.
    proxy: str | None
    #: The environment's proxies when the client was built (see `environment_proxies`).
    environment_proxies: Mapping[str, str]
    #: Where each setting of the table came from (see `SettingReport.source`).
    sources: Mapping[str, str]
    #: How arguments are named in messages: "keyword" (`api_key=`) or "flag" (`--api-key`).
    style: str = "keyword"
    #: OpenTelemetry providers given to the client; None: the global ones (see _telemetry.py).
    tracer_provider: Any = None
    meter_provider: Any = None

    @classmethod
    def resolve(
        cls,
        *,
        retry: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
        proxy: str | None = None,
        style: str = "keyword",
        tracer_provider: Any = None,
        meter_provider: Any = None,
        **arguments: Any,
    ) -> ClientConfig:
        """Each setting of the table from `arguments` (None: not given), then its variable,
        then its default; the other options as given."""
        unknown = set(arguments) - set(BY_NAME)
        if unknown:
            raise TypeError(f"not settings: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for setting in SETTINGS:
            value, source = arguments.get(setting.name), argument_label(setting, style)
            if value is None:
                value, source = os.environ.get(setting.env) or None, setting.env
            if value is None:
                values[setting.name] = setting.check(setting.default, DEFAULT)
                sources[setting.name] = DEFAULT
            else:
                values[setting.name], sources[setting.name] = setting.check(value, source), source
        if proxy is not None:
            check_base_url(proxy, "proxy=")
        max_retries = values.pop("max_retries")
        return cls(
            **values,
            retry=_with_max_retries(retry or RetryPolicy(), max_retries),
            default_headers=dict(default_headers or {}),
            proxy=proxy,
            environment_proxies=environment_proxies() if proxy is None else {},
            sources=sources,
            style=style,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
        )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with `changes`: settings of the table (checked; a key given as None is
        removed) and `retry` / `default_headers`."""
        sources = dict(self.sources)
        values: dict[str, Any] = {}
        for name, value in changes.items():
            setting = BY_NAME.get(name)
            if setting is None:
                values[name] = dict(value) if name == "default_headers" else value
                continue
            source = argument_label(setting, self.style)
            values[name], sources[name] = setting.check(value, source), source
        retry = values.pop("retry", self.retry)
        if "max_retries" in values:
            retry = _with_max_retries(retry, values.pop("max_retries"))
        return dataclasses.replace(self, **values, retry=retry, sources=sources)

    @property
    def key_kinds(self) -> frozenset[str]:
        """Which credentials this configuration has (`api_key`, `admin_key`, `bearer_token`)."""
        return frozenset(kind for kind in KEYS if getattr(self, kind) is not None)

    def secrets(self) -> list[str]:
        """The key values, for masking what a command line prints (never for showing)."""
        return [key.get() for kind in KEYS if (key := getattr(self, kind)) is not None]

    def how_to_set(self, name: str) -> str:
        """Where a user sets `name`: `api_key= or TABBY_API_KEY` (`--api-key or ...` on the
        command line)."""
        setting = BY_NAME[name]
        return f"{argument_label(setting, self.style)} or {setting.env}"

    def describe(self) -> list[SettingReport]:
        """Each setting's value (keys only as set / not set) and where it came from."""
        reports = []
        for setting in SETTINGS:
            value = getattr(self, setting.name, None)
            if setting.name == "max_retries":
                value = self.retry.max_retries
            if setting.secret:
                shown = "set" if value is not None else "not set"
            elif isinstance(value, httpx.Timeout):
                shown = f"{value.read:g}s" if value.read is not None else "none"
            else:
                shown = str(value)
            reports.append(SettingReport(setting.name, shown, self.sources[setting.name]))
        return reports

    def __repr__(self) -> str:
        keys = sorted(self.key_kinds)
        return f"ClientConfig(base_url={self.base_url!r}, keys={keys}, timeout={self.timeout!r})"


def _with_max_retries(policy: RetryPolicy, max_retries: int | None) -> RetryPolicy:
    if max_retries is None:
        return policy
    return dataclasses.replace(policy, max_retries=max_retries)
