"""Live progress on stderr (only when it is a terminal): model loads, downloads, batches.

A model load shows one bar per model in the order the server loads them (draft first), with
module counts and elapsed time. Ctrl-C stops watching a load, which goes on on the server.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .output import is_terminal

if TYPE_CHECKING:
    from rich.progress import Progress

    from .output import Output

INTERRUPTED_LOAD = (
    "Interrupted: stopped watching, but the load goes on on the server (TabbyAPI cannot "
    "cancel it). `tabby models show` tells when it is loaded."
)


def live() -> bool:
    return is_terminal(sys.stderr)


def model_load(out: Output, stream: Any, names: Mapping[str, str]) -> Any:
    """Consume a `models.load_stream()`; return its last event (the main model's `finished`)."""
    try:
        with stream:
            if not live():
                return _last(stream)
            return _draw_load(out, stream, names)
    except KeyboardInterrupt:
        out.info(INTERRUPTED_LOAD)
        raise SystemExit(130) from None


def _last(events: Iterable[Any]) -> Any:
    last = None
    for last in events:  # noqa: B007
        pass
    return last


def _draw_load(out: Output, stream: Iterable[Any], names: Mapping[str, str]) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("modules"),
        TimeElapsedColumn(),
    )
    tasks: dict[str, Any] = {}
    last = None
    with _progress(out, columns) as bars:
        for last in stream:
            kind = str(last.model_type)
            if kind not in tasks:
                label = f"{kind:<6} {names.get(kind, '')}".rstrip()
                tasks[kind] = bars.add_task(label, total=last.modules)
            bars.update(tasks[kind], completed=last.module, total=last.modules)
    return last


def _progress(out: Output, columns: Any) -> Progress:
    from rich.progress import Progress

    return Progress(*columns, console=out.err_console, refresh_per_second=10)


@contextlib.contextmanager
def spinner(out: Output, label: str) -> Iterator[None]:
    """A spinner with elapsed time while a call without progress events runs."""
    if not live():
        yield
        return
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    with _progress(out, (SpinnerColumn(), TextColumn(label), TimeElapsedColumn())) as bars:
        bars.add_task(label, total=None)
        yield


class BatchBar:
    """Requests done of total, requests/s and tokens/s, elapsed (a no-op off a terminal)."""

    def __init__(self, out: Output, total: int) -> None:
        self._bars: Progress | None = None
        self.tokens = 0
        if not live():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

        self._bars = _progress(
            out,
            (
                TextColumn("batch"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rates]}"),
                TimeElapsedColumn(),
            ),
        )
        self._task = self._bars.add_task("batch", total=total, rates="")

    def start(self) -> BatchBar:
        if self._bars is not None:
            self._bars.start()
        return self

    def stop(self) -> None:
        if self._bars is not None:
            self._bars.stop()

    def advance(self, tokens: int) -> None:
        self.tokens += tokens
        if self._bars is None:
            return
        self._bars.advance(self._task)
        task = self._bars.tasks[0]
        elapsed = task.elapsed or 0.0
        if elapsed > 0:
            rates = f"{task.completed / elapsed:.1f} req/s  {self.tokens / elapsed:.0f} tok/s"
            self._bars.update(self._task, rates=rates)
