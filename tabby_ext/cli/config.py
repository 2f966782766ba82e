"""The CLI's settings: its flags on top of the client's settings table, nothing resolved here.

The client's settings (`tabby_ext._config.SETTINGS`: base URL, keys, timeout, retries, ...)
come from the flags, then the TABBY_* variables, then the defaults, resolved by the client's own
table with the flags named as flags (a hint then says `--api-key`, not `api_key=`). Keys are
kept as `Secret` and only handed to the client; what can be shown is where each came from
("--api-key", "TABBY_API_KEY"), never its value.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging

    from .. import AsyncTabby, Tabby
    from .._config import ClientConfig

#: The loggers `--verbose` shows.
LOGGERS = ("tabby_ext", "httpx")
#: The chat REPL's history file (default: under the user's state directory).
ENV_HISTORY_FILE = "TABBY_HISTORY_FILE"


@dataclasses.dataclass
class Settings:
    """The global options: the client settings the flags gave (None: not given) and how to
    print; the client's configuration is resolved from them on first use."""

    flags: Mapping[str, Any]
    json: bool | None = None  # None: JSON when stdout is not a terminal
    verbose: bool = False
    _config: ClientConfig | None = dataclasses.field(default=None, repr=False)

    @classmethod
    def resolve(cls, *, json: bool | None = None, verbose: bool = False, **flags: Any) -> Settings:
        return cls(flags=flags, json=json, verbose=verbose)

    @property
    def config(self) -> ClientConfig:
        """The client's configuration (`ConfigurationError` if a flag or variable is unusable)."""
        if self._config is None:
            from .._config import ClientConfig

            self._config = ClientConfig.resolve(style="flag", **self.flags)
        return self._config

    @property
    def url(self) -> str:
        return self.config.base_url

    def known_url(self) -> str | None:
        """The base URL, or None when the settings are unusable (for messages)."""
        from ..errors import ConfigurationError

        try:
            return self.url
        except ConfigurationError:
            return None

    def secrets(self) -> list[str]:
        """The key values, for masking anything the CLI prints (never for showing); none if the
        settings are unusable (the error that says so never holds a key)."""
        from ..errors import ConfigurationError

        try:
            return self.config.secrets()
        except ConfigurationError:
            return []

    def client(self) -> Tabby:
        from .. import Tabby

        return Tabby._from_config(self.config)

    def async_client(self) -> AsyncTabby:
        from .. import AsyncTabby

        return AsyncTabby._from_config(self.config)


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
