"""The settings table: each client setting's name, TABBY_* variable, default and check, once.

The library (`_config.ClientConfig` resolves them), the `tabby` command line (one global option
per row: `--api-key`, `--timeout`, ...), `tabby doctor` and the error hints all read `SETTINGS`.
Light on purpose (httpx is imported by the checks that need it, when they run), so the command
line can build its options without loading the client. Keys are held as `Secret`, whose repr
and str never show the value.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
#: Connecting should take seconds, whatever the rest of a request may take.
CONNECT_TIMEOUT = 5.0


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


# ---- checks: (value, where it came from) -> the value to use, or ConfigurationError ----------


def check_base_url(url: Any, source: str) -> str:
    """`url` without its trailing slash, or a `ConfigurationError` saying what is wrong."""
    import httpx

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
    return str(url).rstrip("/")


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine (`localhost`, 127.0.0.0/8, ::1): never proxied from the
    environment, and keys sent to it in clear text stay on the machine."""
    import ipaddress

    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_key(value: Any, source: str) -> Secret | None:
    """A key as a `Secret` ("" is no key), refused (never shown) if it cannot be a header."""
    if isinstance(value, Secret):
        return value
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


def seconds(value: Any) -> float:
    """A timeout in seconds: a finite number > 0, or ValueError saying why not."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"must be a finite number of seconds > 0, not {type(value).__name__}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"must be a finite number of seconds > 0, not {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"must be a finite number of seconds > 0, not {value!r}")
    return number


def as_timeout(value: float | str | httpx.Timeout) -> httpx.Timeout:
    """A float sets every timeout but connect, which stays short unless the float is shorter.
    An `httpx.Timeout` is taken as it is (a None part in it means no limit, as in httpx), but
    its numbers must be finite and > 0. Raises ValueError saying what is wrong."""
    import httpx

    if isinstance(value, httpx.Timeout):
        for part, limit in value.as_dict().items():
            if limit is not None:
                try:
                    seconds(limit)
                except ValueError as exc:
                    raise ValueError(f"{part} {exc}") from None
        return value
    number = seconds(value)
    return httpx.Timeout(number, connect=min(number, CONNECT_TIMEOUT))


def check_timeout(value: Any, source: str) -> httpx.Timeout:
    try:
        return as_timeout(value)
    except ValueError as exc:
        raise ConfigurationError(f"{source} {exc}") from None


def check_max_retries(value: Any, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"{source} must be a whole number >= 0, not {value!r}")
    return value


FLAGS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False}
FLAGS |= {"no": False, "off": False}


def check_flag(value: Any, source: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in FLAGS:
        return FLAGS[value.strip().lower()]
    raise ConfigurationError(f"{source} must be true or false (1/0, yes/no), not {value!r}")


#: The variable of the GenAI conventions that opts in to recording content. Its values: a flag
#: (the older instrumentations), or where content goes (`SPAN_ONLY`, `EVENT_ONLY`,
#: `SPAN_AND_EVENT`, `NO_CONTENT`; the latest experimental conventions). This client records
#: content on spans only, so the values that put content on spans turn it on.
CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
CAPTURE_MODES = {"span_only": True, "span_and_event": True, "event_only": False}
CAPTURE_MODES |= {"no_content": False}


def check_capture_content(value: Any, source: str) -> bool:
    """Whether spans carry prompts, answers and tool definitions. Shared with every GenAI
    instrumentation of the process, the variable never fails a client: a value it does not
    know means no content. An argument must be a flag."""
    if isinstance(value, str) and value.strip().lower() in CAPTURE_MODES:
        return CAPTURE_MODES[value.strip().lower()]
    if source == CAPTURE_CONTENT_ENV:
        return FLAGS.get(str(value).strip().lower(), False)
    return check_flag(value, source)


# ---- the table ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Setting:
    """One client setting: its keyword argument (and CLI flag), variable, default and check."""

    name: str
    env: str
    default: Any
    check: Callable[[Any, str], Any]
    help: str
    secret: bool = False

    @property
    def flag(self) -> str:
        """The `tabby` command line's option for it (`--api-key`)."""
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "base_url",
        "TABBY_BASE_URL",
        DEFAULT_BASE_URL,
        check_base_url,
        "TabbyAPI's address, without /v1",
    ),
    Setting("api_key", "TABBY_API_KEY", None, check_key, "TabbyAPI api key", secret=True),
    Setting(
        "admin_key",
        "TABBY_ADMIN_KEY",
        None,
        check_key,
        "TabbyAPI admin key, for loads, unloads, switches and admin listings",
        secret=True,
    ),
    Setting(
        "bearer_token",
        "TABBY_BEARER_TOKEN",
        None,
        check_key,
        "a key sent as `Authorization: Bearer` (what a proxy in front may want)",
        secret=True,
    ),
    Setting(
        "timeout",
        "TABBY_TIMEOUT",
        600.0,
        check_timeout,
        "seconds to wait for each step of a request (connecting: at most 5)",
    ),
    Setting(
        "max_retries",
        "TABBY_MAX_RETRIES",
        None,
        check_max_retries,
        "retries of a failed request (default: the retry policy's, 2)",
    ),
    Setting(
        "strict_responses",
        "TABBY_STRICT_RESPONSES",
        False,
        check_flag,
        "refuse an answer that lacks a field the pinned TabbyAPI always sends",
    ),
    Setting(
        "telemetry",
        "TABBY_TELEMETRY",
        True,
        check_flag,
        "OpenTelemetry spans and metrics of each call, once the application uses OpenTelemetry"
        " (the `otel` extra); off: none, at no cost",
    ),
    Setting(
        "capture_content",
        CAPTURE_CONTENT_ENV,
        False,
        check_capture_content,
        "record prompts, answers and tool definitions on the spans (never keys)",
    ),
    Setting(
        "propagate_trace_context",
        "TABBY_PROPAGATE_TRACE_CONTEXT",
        True,
        check_flag,
        "send the W3C `traceparent` header with each request whose span records",
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}
KEYS = tuple(setting.name for setting in SETTINGS if setting.secret)


def argument_label(setting: Setting, style: str) -> str:
    """How the caller gives `setting` as an argument: `api_key=` (library) or `--api-key`."""
    return setting.flag if style == "flag" else f"{setting.name}="
