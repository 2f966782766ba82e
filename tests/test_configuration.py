"""Client settings: arguments, then TABBY_* variables, then defaults; what `with_options()`
changes; what cannot work is refused at construction, naming where it came from."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator

import httpx
import pytest

from tabby_ext import ConfigurationError, RequestValidationError, RetryPolicy, Tabby
from tabby_ext._config import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    ClientConfig,
    Secret,
    as_timeout,
    check_base_url,
    environment_proxies,
)
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests set the variables they read; nothing of the developer's leaks in."""
    for name in list(os.environ):
        if name.startswith("TABBY_") or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    yield


# ---- keys ------------------------------------------------------------------------------------


def test_a_secret_never_shows_its_value() -> None:
    secret = Secret("k-123")
    assert secret.get() == "k-123"
    assert repr(secret) == str(secret) == "Secret('**********')"
    assert secret == Secret("k-123") and secret != Secret("other") and secret != "k-123"
    assert hash(secret) == hash(Secret("k-123"))
    assert len({Secret("a"), Secret("a"), Secret("b")}) == 2
    with pytest.raises(TypeError, match=r"^a Secret is not picklable$"):
        pickle.dumps(secret)


def test_keys_come_from_arguments_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABBY_API_KEY", "from-env")
    monkeypatch.setenv("TABBY_ADMIN_KEY", "admin-env")
    monkeypatch.setenv("TABBY_BEARER_TOKEN", "bearer-env")
    config = ClientConfig.resolve(api_key="given")
    assert config.api_key == Secret("given")
    assert config.admin_key == Secret("admin-env")
    assert config.bearer_token == Secret("bearer-env")
    assert config.key_kinds == {"api_key", "admin_key", "bearer_token"}
    secret = Secret("as-is")
    assert ClientConfig.resolve(admin_key=secret).admin_key is secret


def test_an_empty_key_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABBY_API_KEY", "")
    config = ClientConfig.resolve(admin_key="")
    assert config.api_key is None and config.admin_key is None and config.bearer_token is None
    assert config.key_kinds == frozenset()
    assert ClientConfig.resolve(bearer_token="b").key_kinds == {"bearer_token"}


@pytest.mark.parametrize("bad", ["s3cr3t\n", " s3cr3t", "s3c\tr3t", "s3c\x00r3t", "s3cr3т"])
def test_a_key_that_cannot_travel_in_a_header_is_refused_without_showing_it(bad: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        ClientConfig.resolve(admin_key=bad)
    assert str(info.value) == (
        "admin_key= has whitespace, control or non-ASCII characters (a trailing newline"
        " from a file?): strip it; a key travels in an HTTP header"
    )


def test_a_bad_key_in_the_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABBY_BEARER_TOKEN", "token\n")
    with pytest.raises(ConfigurationError, match=r"^TABBY_BEARER_TOKEN has whitespace"):
        ClientConfig.resolve()


def test_a_key_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"^api_key= must be a str, not int$"):
        ClientConfig.resolve(api_key=123)  # type: ignore[arg-type]


# ---- base_url --------------------------------------------------------------------------------


def test_base_url_comes_from_the_argument_then_tabby_base_url_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ClientConfig.resolve().base_url == DEFAULT_BASE_URL == "http://127.0.0.1:5000"
    monkeypatch.setenv("TABBY_BASE_URL", "http://tabby.internal:5000/")
    assert ClientConfig.resolve().base_url == "http://tabby.internal:5000"
    assert ClientConfig.resolve(base_url="https://other/").base_url == "https://other"
    monkeypatch.setenv("TABBY_BASE_URL", "")
    assert ClientConfig.resolve().base_url == DEFAULT_BASE_URL


def test_a_client_without_base_url_talks_to_tabby_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server:
        monkeypatch.setenv("TABBY_BASE_URL", server.url)
        monkeypatch.setenv("TABBY_API_KEY", API_KEY)
        with Tabby() as client:
            assert client.base_url == server.url
            assert client.tokens.encode("hi").tokens
        assert server.requests[-1].headers["x-api-key"] == API_KEY


def test_a_bad_tabby_base_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABBY_BASE_URL", "localhost:5000")
    with pytest.raises(ConfigurationError, match=r"^TABBY_BASE_URL 'localhost:5000' needs a"):
        ClientConfig.resolve()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "localhost:5000",
            "'localhost:5000' needs a scheme and a host, like 'http://127.0.0.1:5000'",
        ),
        ("ftp://host", "'ftp://host' needs a scheme and a host"),
        ("http://", "'http://' needs a scheme and a host"),
        ("http://h/?a=1", "'http://h/?a=1' must not have a query or fragment"),
        ("http://h/#top", "'http://h/#top' must not have a query or fragment"),
        ("http://[::1", "'http://[::1' is not a URL ("),
    ],
)
def test_unusable_urls(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        check_base_url(url, "base_url=")
    assert str(info.value).startswith(f"base_url= {message}")


def test_a_url_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"^base_url= 5000 is not a URL \("):
        check_base_url(5000, "base_url=")  # type: ignore[arg-type]


def test_trailing_slashes_are_dropped_and_paths_kept() -> None:
    assert check_base_url("http://h:1///", "x") == "http://h:1"
    assert check_base_url("https://h/tabby/", "x") == "https://h/tabby"
    assert check_base_url("https://h/llmX", "x") == "https://h/llmX"


def test_a_bad_base_url_argument_is_named() -> None:
    with pytest.raises(ConfigurationError, match=r"^base_url= 'localhost:5000' needs a scheme"):
        ClientConfig.resolve(base_url="localhost:5000")


# ---- timeout, retries, proxies, headers ------------------------------------------------------


def test_timeouts() -> None:
    assert ClientConfig.resolve().timeout == DEFAULT_TIMEOUT
    assert httpx.Timeout(600.0, connect=5.0) == DEFAULT_TIMEOUT
    given = httpx.Timeout(3.0)
    assert as_timeout(given) is given
    assert as_timeout(60) == httpx.Timeout(60.0, connect=5.0)  # connecting stays short
    assert as_timeout(2.5) == httpx.Timeout(2.5, connect=2.5)  # unless the whole is shorter
    assert as_timeout("7") == httpx.Timeout(7.0, connect=5.0)  # as TABBY_TIMEOUT gives it
    assert ClientConfig.resolve(timeout=30).timeout == httpx.Timeout(30.0, connect=5.0)
    assert as_timeout(httpx.Timeout(None)) == httpx.Timeout(None)  # httpx's own "no limit"


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (float("inf"), "must be a finite number of seconds > 0, not inf"),
        (float("nan"), "must be a finite number of seconds > 0, not nan"),
        (-1, "must be a finite number of seconds > 0, not -1"),
        (0, "must be a finite number of seconds > 0, not 0"),
        ("soon", "must be a finite number of seconds > 0, not 'soon'"),
        (True, "must be a finite number of seconds > 0, not bool"),
        (httpx.Timeout(5.0, read=float("inf")), "read must be a finite number"),
    ],
)
def test_a_timeout_that_cannot_work_is_refused_at_construction(bad: object, why: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        Tabby(timeout=bad)  # type: ignore[arg-type]
    assert str(info.value).startswith(f"timeout= {why}")
    with Tabby() as client, pytest.raises(ConfigurationError, match=r"^timeout= must"):
        client.with_options(timeout=-1)


def test_a_per_call_timeout_that_cannot_work_names_the_call_and_sends_nothing() -> None:
    with FakeTabbyServer(ping_interval=None) as server, Tabby(base_url=server.url) as client:
        with pytest.raises(RequestValidationError) as info:
            client.health.check(timeout=float("inf"))
        assert str(info.value) == "timeout= must be a finite number of seconds > 0, not inf"
        assert info.value.field == "timeout" and info.value.operation == "health.check"
        assert not server.requests


def test_max_retries_replaces_the_policys_count_only() -> None:
    policy = RetryPolicy(initial_backoff=0.25)
    config = ClientConfig.resolve(retry=policy, max_retries=5)
    assert config.retry == RetryPolicy(initial_backoff=0.25, max_retries=5)
    assert ClientConfig.resolve(retry=policy).retry is policy
    assert ClientConfig.resolve(max_retries=0).retry == RetryPolicy(max_retries=0)
    assert ClientConfig.resolve().retry == RetryPolicy()


def test_proxy_is_checked_and_replaces_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy:3128")
    monkeypatch.setenv("NO_PROXY", "internal")
    assert environment_proxies() == {"https": "http://env-proxy:3128", "no": "internal"}
    config = ClientConfig.resolve()
    assert config.proxy is None and config.environment_proxies == environment_proxies()
    given = ClientConfig.resolve(proxy="http://mine:8080")
    assert given.proxy == "http://mine:8080" and given.environment_proxies == {}
    with pytest.raises(ConfigurationError, match=r"^proxy= 'mine:8080' needs a scheme"):
        ClientConfig.resolve(proxy="mine:8080")


def test_default_headers_are_copied() -> None:
    headers = {"x-team": "a"}
    config = ClientConfig.resolve(default_headers=headers)
    headers["x-team"] = "b"
    assert config.default_headers == {"x-team": "a"}
    assert ClientConfig.resolve().default_headers == {}


def test_repr_names_the_keys_not_their_values() -> None:
    config = ClientConfig.resolve(base_url="http://h:1", api_key="sekrit-1", bearer_token="tok-2")
    text = repr(config)
    assert text.startswith("ClientConfig(base_url='http://h:1', keys=['api_key', 'bearer_token'],")
    assert "sekrit" not in text and "tok-2" not in text


# ---- with_options ----------------------------------------------------------------------------


def test_replace_normalises_what_it_changes() -> None:
    config = ClientConfig.resolve(api_key="a", retry=RetryPolicy(initial_backoff=0.25))
    changed = config.replace(
        base_url="http://other:1/", timeout=60, api_key="b", admin_key="", max_retries=4
    )
    assert changed.base_url == "http://other:1"
    assert changed.timeout == httpx.Timeout(60.0, connect=5.0)
    assert changed.api_key == Secret("b") and changed.admin_key is None
    assert changed.retry == RetryPolicy(initial_backoff=0.25, max_retries=4)
    both = config.replace(retry=RetryPolicy(jitter=False), max_retries=1)
    assert both.retry == RetryPolicy(jitter=False, max_retries=1)
    assert config.replace(retry=RetryPolicy(max_retries=7)).retry.max_retries == 7
    assert config.replace() == config
    assert config.replace(api_key=None).api_key is None  # dropped, not read from TABBY_API_KEY
    with pytest.raises(ConfigurationError, match=r"^base_url= 'nowhere' needs a scheme"):
        config.replace(base_url="nowhere")
    with pytest.raises(ConfigurationError, match=r"^bearer_token= has whitespace"):
        config.replace(bearer_token="b\n")


def test_with_options_sends_with_the_normalised_settings() -> None:
    with (
        FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server,
        Tabby(base_url="http://127.0.0.1:9", api_key=API_KEY) as client,
    ):
        moved = client.with_options(base_url=server.url + "/", timeout=60)
        assert moved.base_url == server.url
        stream = moved.completions.create_stream(prompt="p", max_tokens=1)
        with stream:
            timeouts = stream.response.request.extensions["timeout"]
            assert stream.text() == "tok0"
        assert timeouts == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}


# ---- the settings table ----------------------------------------------------------------------


def test_every_setting_comes_from_its_argument_then_its_variable_then_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tabby_ext._config import SETTINGS

    # Content capture is read from the GenAI conventions' variable, shared with every
    # OpenTelemetry GenAI instrumentation; the client's own settings have TABBY_* names.
    conventions = {"capture_content": "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"}
    assert [s.env for s in SETTINGS] == [
        conventions.get(s.name, f"TABBY_{s.name.upper()}") for s in SETTINGS
    ]
    monkeypatch.setenv("TABBY_TIMEOUT", "42")
    monkeypatch.setenv("TABBY_MAX_RETRIES", "5")
    monkeypatch.setenv("TABBY_STRICT_RESPONSES", "yes")
    monkeypatch.setenv("TABBY_ADMIN_KEY", "admin")
    config = ClientConfig.resolve(api_key="k", max_retries=1)
    assert config.timeout == httpx.Timeout(42.0, connect=5.0)
    assert config.retry.max_retries == 1 and config.strict_responses is True
    assert dict(config.sources) == {
        "base_url": "default",
        "api_key": "api_key=",
        "admin_key": "TABBY_ADMIN_KEY",
        "bearer_token": "default",
        "timeout": "TABBY_TIMEOUT",
        "max_retries": "max_retries=",
        "strict_responses": "TABBY_STRICT_RESPONSES",
        "telemetry": "default",
        "capture_content": "default",
        "propagate_trace_context": "default",
    }
    monkeypatch.setenv("TABBY_MAX_RETRIES", "many")
    with pytest.raises(ConfigurationError, match=r"^TABBY_MAX_RETRIES must be a whole number"):
        ClientConfig.resolve()
    monkeypatch.setenv("TABBY_MAX_RETRIES", "0")
    monkeypatch.setenv("TABBY_STRICT_RESPONSES", "maybe")
    with pytest.raises(ConfigurationError, match=r"^TABBY_STRICT_RESPONSES must be true or false"):
        ClientConfig.resolve()
    with pytest.raises(TypeError, match=r"^not settings: timout$"):
        ClientConfig.resolve(timout=3)


def test_a_client_reports_where_each_setting_came_from_never_a_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TABBY_API_KEY", "env-secret-key")
    with Tabby(admin_key="arg-secret-key", timeout=9) as client:
        reports = {r.name: (r.value, r.source) for r in client.describe_settings()}
        moved = client.with_options(bearer_token="b-secret")
        moved_reports = {r.name: (r.value, r.source) for r in moved.describe_settings()}
    assert reports == {
        "base_url": (DEFAULT_BASE_URL, "default"),
        "api_key": ("set", "TABBY_API_KEY"),
        "admin_key": ("set", "admin_key="),
        "bearer_token": ("not set", "default"),
        "timeout": ("9s", "timeout="),
        "max_retries": ("2", "default"),
        "strict_responses": ("False", "default"),
        "telemetry": ("True", "default"),
        "capture_content": ("False", "default"),
        "propagate_trace_context": ("True", "default"),
    }
    assert moved_reports["bearer_token"] == ("set", "bearer_token=")
    assert "secret" not in repr(reports) + repr(moved_reports)


def test_the_command_lines_flags_name_the_settings_in_messages() -> None:
    config = ClientConfig.resolve(style="flag", api_key="k")
    assert config.sources["api_key"] == "--api-key"
    assert config.how_to_set("admin_key") == "--admin-key or TABBY_ADMIN_KEY"
    assert ClientConfig.resolve().how_to_set("api_key") == "api_key= or TABBY_API_KEY"
    with pytest.raises(ConfigurationError, match=r"^--timeout must be a finite number"):
        ClientConfig.resolve(style="flag", timeout="-1")
