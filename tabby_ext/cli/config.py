"""Where the CLI's settings come from: flags, then TABBY_* variables, then TabbyAPI's defaults.

Keys are kept as `Secret` and only handed to the client; what can be shown is where each came
from ("--api-key", "TABBY_API_KEY"), never its value.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .._config import DEFAULT_BASE_URL

if TYPE_CHECKING:
    import logging

    from .. import AsyncTabby, Tabby

#: Environment variables the CLI reads (the client reads the same ones).
ENV_BASE_URL = "TABBY_BASE_URL"
ENV_API_KEY = "TABBY_API_KEY"
ENV_ADMIN_KEY = "TABBY_ADMIN_KEY"
#: The loggers `--verbose` shows.
LOGGERS = ("tabby_ext", "httpx")
#: The chat REPL's history file (default: under the user's state directory).
ENV_HISTORY_FILE = "TABBY_HISTORY_FILE"


@dataclasses.dataclass(frozen=True)
class Setting:
    """A resolved value and where it came from ("--base-url", "TABBY_BASE_URL", "default")."""

    value: str | None
    source: str


def _resolve(flag_value: str | None, flag: str, env: str, default: str | None) -> Setting:
    if flag_value:
        return Setting(flag_value, flag)
    from_env = os.environ.get(env)
    if from_env:
        return Setting(from_env, env)
    return Setting(default, "default" if default is not None else "not set")


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the global options decide; builds clients on demand."""

    base_url: Setting
    api_key: Setting
    admin_key: Setting
    timeout: float | None = None
    max_retries: int | None = None
    json: bool | None = None  # None: JSON when stdout is not a terminal
    verbose: bool = False

    @classmethod
    def resolve(
        cls,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        admin_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        json: bool | None = None,
        verbose: bool = False,
    ) -> Settings:
        return cls(
            base_url=_resolve(base_url, "--base-url", ENV_BASE_URL, DEFAULT_BASE_URL),
            api_key=_resolve(api_key, "--api-key", ENV_API_KEY, None),
            admin_key=_resolve(admin_key, "--admin-key", ENV_ADMIN_KEY, None),
            timeout=timeout,
            max_retries=max_retries,
            json=json,
            verbose=verbose,
        )

    @property
    def url(self) -> str:
        return (self.base_url.value or DEFAULT_BASE_URL).rstrip("/")

    def secrets(self) -> list[str]:
        """The key values, for masking anything the CLI prints (never for showing)."""
        return [s.value for s in (self.api_key, self.admin_key) if s.value]

    def client(self) -> Tabby:
        from .. import Tabby

        # "" rather than None for an unset key: None would make the client read the
        # environment again, and the CLI has already decided.
        return Tabby(
            base_url=self.url,
            api_key=self.api_key.value or "",
            admin_key=self.admin_key.value or "",
            timeout=self.timeout,
            max_retries=self.max_retries,
        )

    def async_client(self) -> AsyncTabby:
        from .. import AsyncTabby

        return AsyncTabby(
            base_url=self.url,
            api_key=self.api_key.value or "",
            admin_key=self.admin_key.value or "",
            timeout=self.timeout,
            max_retries=self.max_retries,
        )


def state_dir() -> Path:
    """The user's state directory for tabby ($XDG_STATE_HOME/tabby, ~/.local/state/tabby)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "tabby"


def history_file(flag_value: str | None = None) -> Path:
    """The chat history file: --history-file, then $TABBY_HISTORY_FILE, then the state dir."""
    chosen = flag_value or os.environ.get(ENV_HISTORY_FILE)
    return Path(chosen).expanduser() if chosen else state_dir() / "chat_history"


class State:
    """What every command's handler gets: the settings, the printer and a client built on
    first use (closed when the command ends)."""

    def __init__(self, settings: Settings) -> None:
        from .output import Output

        self.settings = settings
        self.out = Output(settings.json, secrets=settings.secrets())
        self._client: Tabby | None = None
        self._log_handler: logging.Handler | None = None

    def client(self) -> Tabby:
        if self._client is None:
            self._client = self.settings.client()
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._log_handler is not None:
            import logging

            for name in LOGGERS:
                logging.getLogger(name).removeHandler(self._log_handler)
            self._log_handler = None

    def enable_logging(self) -> None:
        """--verbose: the client's request log on stderr, key values masked."""
        import logging

        secrets = self.settings.secrets()

        class Mask(logging.Filter):
            def filter(self, record: logging.LogRecord) -> bool:
                text = record.getMessage()
                for secret in secrets:
                    text = text.replace(secret, "**********")
                record.msg, record.args = text, None
                return True

        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        handler.addFilter(Mask())
        self._log_handler = handler
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(handler)
