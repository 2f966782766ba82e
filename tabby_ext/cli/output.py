"""What the CLI prints: JSON for scripts, rich tables for people, one line per error.

JSON is chosen by `--json`, or by default when stdout is not a terminal, so `tabby models list |
jq` works; `--table` forces tables. rich is imported only when a table is drawn.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def plain(value: Any) -> Any:
    """A typed response (attrs model, list of them, ...) as plain JSON values."""
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(plain(value), indent=indent, ensure_ascii=False, default=str)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_allowed(stream: TextIO) -> bool:
    """ANSI styling only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return (
        is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


MASK_MIN_LENGTH = 8


@functools.cache
def console_class() -> type[Console]:
    """rich's Console, except when the reader of its output has gone (`| head`): rich would
    exit 1; the BrokenPipeError goes up to `app.run`, which ends every command the same way."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeConsole


class Output:
    """The CLI's printer: `data()` for results, `info()` / `error()` for people (stderr)."""

    def __init__(self, json_mode: bool | None, secrets: Sequence[str] = ()) -> None:
        self.json = not is_terminal(sys.stdout) if json_mode is None else json_mode
        # Keys shorter than this would garble ordinary words if masked (and are not real keys).
        self._secrets = [s for s in secrets if len(s) >= MASK_MIN_LENGTH]
        self._console: Console | None = None
        self._err_console: Console | None = None

    # --- consoles (rich, on first use) ------------------------------------------------

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = console_class()(highlight=False, soft_wrap=False)
        return self._console

    @property
    def err_console(self) -> Console:
        if self._err_console is None:
            self._err_console = console_class()(stderr=True, highlight=False)
        return self._err_console

    # --- output ---------------------------------------------------------------------

    def mask(self, text: str) -> str:
        """Defence in depth: no configured key value survives into anything printed."""
        for secret in self._secrets:
            text = text.replace(secret, "**********")
        return text

    def data(self, value: Any, human: Any = None) -> None:
        """Print a result: JSON in JSON mode, else `human` (a rich renderable or str; None:
        a generic rendering of `value`)."""
        if self.json:
            self.write(dumps(value) + "\n")
            return
        shown = human if human is not None else generic(plain(value))
        if isinstance(shown, str):
            self.write(shown + ("" if shown.endswith("\n") else "\n"))
        else:
            self.console.print(shown)

    def json_line(self, value: Any) -> None:
        """One compact JSON document per line (streamed events)."""
        self.write(dumps(value, indent=None) + "\n")

    def write(self, text: str) -> None:
        sys.stdout.write(self.mask(text))
        sys.stdout.flush()

    def info(self, text: str) -> None:
        """A note for the person at the terminal (stderr, never mixed into the data)."""
        sys.stderr.write(self.mask(text) + "\n")
        sys.stderr.flush()

    def error(self, text: str) -> None:
        prefix = "\x1b[31merror:\x1b[0m " if color_allowed(sys.stderr) else "error: "
        sys.stderr.write(prefix + self.mask(text) + "\n")
        sys.stderr.flush()


# --- human renderings ------------------------------------------------------------------


def cell(value: Any) -> str:
    """A table cell: scalars as text, empty as "-", structures as compact JSON."""
    if value is None or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def table(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    title: str | None = None,
    mark: Mapping[str, str] | None = None,
) -> Table:
    """A table of `rows` (dicts) with `columns` (default: every scalar key of the rows)."""
    from rich.table import Table

    rows = list(rows)
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            for key, value in row.items():
                if not isinstance(value, dict | list):
                    seen.setdefault(key, None)
        columns = list(seen)
    result = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*(cell(row.get(column)) for column in columns))
    return result


def key_values(data: Mapping[str, Any], *, title: str | None = None) -> Table:
    """A two-column table of a mapping (nested values as compact JSON)."""
    from rich.table import Table

    result = Table(title=title, title_justify="left", show_header=False, box=None)
    result.add_column(style="bold")
    result.add_column(overflow="fold")
    for key, value in data.items():
        result.add_row(str(key), cell(value))
    return result


def generic(value: Any) -> Any:
    """A rendering of any JSON answer: `{"data": [...]}` lists as tables, objects as key/value
    tables, `null` as "ok", everything else as JSON."""
    if value is None:
        return "ok"
    if isinstance(value, Mapping):
        rows = value.get("data")
        if isinstance(rows, list) and all(isinstance(r, Mapping) for r in rows) and rows:
            return table(rows)
        if isinstance(rows, list) and all(isinstance(r, str | int | float) for r in rows):
            return "\n".join(str(r) for r in rows) if rows else "(none)"
        return key_values(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False)
