"""The `tabby` command tree: global options, lazily imported subcommands, exit codes.

`tabby --help` imports only click and this module; each subcommand's module (and the client,
httpx, rich) loads when that subcommand runs. Exit codes: 0 ok, 1 API or connection error
(one line on stderr), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

#: Subcommand -> (module:attribute, one-line help); imported only when used.
COMMANDS: dict[str, tuple[str, str]] = {
    "health": ("commands:health", "Server status, your key's permission level, the loaded model."),
    "models": ("commands:models", "List, show, load (with progress), unload and download models."),
    "lora": ("commands:lora", "List, load and unload LoRAs."),
    "templates": ("commands:templates", "List, switch to and unload prompt templates."),
    "sampling": ("commands:sampling", "List, switch to and unload sampler override presets."),
    "tokens": ("commands:tokens", "Encode text to token ids and decode them back."),
    "complete": ("generate:complete", "Stream a completion of PROMPT to stdout."),
    "chat": ("generate:chat", "One answer to PROMPT, or an interactive chat without it."),
    "batch": ("batch:batch", "Run an OpenAI-format batch file (resumable)."),
    "call": ("call:call", "Call any operation of the API by name, with options per field."),
    "doctor": ("doctor:doctor", "Check what works and what does not, and why."),
    "fake-server": ("commands:fake_server", "Run the embedded fake TabbyAPI server."),
}

EXIT_OK, EXIT_API, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class LazyGroup(click.Group):
    """A group whose subcommands are imported from `COMMANDS`-style tables when used."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *sorted(super().list_commands(ctx))]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, _, attr = self.lazy[cmd_name][0].partition(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The help text is in the table: listing commands imports none of them.
        rows = [(name, text) for name, (_, text) in self.lazy.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            import difflib

            close = difflib.get_close_matches(args[0], self.list_commands(ctx), n=1)
            if close and "No such command" in exc.message:
                hint = f"{exc.message} Did you mean {close[0]!r}?"
                raise click.UsageError(hint, exc.ctx) from None
            raise


class TabbyGroup(LazyGroup):
    """The root group: maps every outcome to an exit code and one clear line on stderr."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(args, prog_name or "tabby", complete_var, False, **extra)
            code = rv if isinstance(rv, int) else EXIT_OK
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except click.Abort:  # Ctrl-C (click turns KeyboardInterrupt into Abort)
            sys.stderr.write("Interrupted.\n")
            code = EXIT_INTERRUPTED
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import RequestValidationError, TabbyError

        try:
            return super().invoke(ctx)
        except RequestValidationError as exc:  # refused before anything was sent
            _report(ctx, exc)
            raise click.exceptions.Exit(EXIT_USAGE) from None
        except TabbyError as exc:
            _report(ctx, exc)
            raise click.exceptions.Exit(EXIT_API) from None


def _report(ctx: click.Context, exc: Exception) -> None:
    from .config import State
    from .output import Output

    state = ctx.obj if isinstance(ctx.obj, State) else None
    out = state.out if state is not None else Output(json_mode=False)
    if state is not None and state.settings.verbose:
        import traceback

        out.info("".join(traceback.format_exception(exc)).rstrip())
    out.error(describe(exc, state.settings.url if state is not None else None))


def describe(exc: Exception, url: str | None = None) -> str:
    """One line naming what failed: the status and the server's message, or the cause."""
    from ..errors import APIConnectionError, APIStatusError, StreamError

    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, APIStatusError):
        return f"the server answered {message}"
    if isinstance(exc, StreamError):
        return f"the server reported an error mid-stream: {message}"
    if isinstance(exc, APIConnectionError):
        where = f"cannot reach {url}: " if url else ""
        return f"{where}{message} ({type(exc).__name__}); is TabbyAPI running? try `tabby doctor`"
    return str(message)


@click.group(
    "tabby",
    cls=TabbyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--base-url",
    metavar="URL",
    help="TabbyAPI's address (default: $TABBY_BASE_URL, else http://127.0.0.1:5000).",
)
@click.option(
    "--api-key",
    metavar="KEY",
    help="API key (default: $TABBY_API_KEY; prefer the variable: flags show in `ps`).",
)
@click.option("--admin-key", metavar="KEY", help="Admin key (default: $TABBY_ADMIN_KEY).")
@click.option("--timeout", type=float, metavar="S", help="Seconds per request (default: 600).")
@click.option(
    "--max-retries", type=click.IntRange(min=0), metavar="N", help="Retries (default: 2)."
)
@click.option(
    "--json/--table",
    "json_mode",
    default=None,
    help="JSON (default when stdout is not a terminal) or human tables.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log requests and show tracebacks.")
@click.version_option(package_name="tabbyapi", prog_name="tabby", message="%(prog)s %(version)s")
@click.pass_context
def cli(
    ctx: click.Context,
    base_url: str | None,
    api_key: str | None,
    admin_key: str | None,
    timeout: float | None,
    max_retries: int | None,
    json_mode: bool | None,
    verbose: bool,
) -> None:
    """Command line for TabbyAPI: administration, generation, batches and diagnostics.

    Settings come from the options, then TABBY_BASE_URL / TABBY_API_KEY / TABBY_ADMIN_KEY.
    Results print as tables on a terminal and as JSON otherwise (or with --json).
    """
    from .config import Settings, State

    settings = Settings.resolve(
        base_url=base_url,
        api_key=api_key,
        admin_key=admin_key,
        timeout=timeout,
        max_retries=max_retries,
        json=json_mode,
        verbose=verbose,
    )
    state = State(settings)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if verbose:
        state.enable_logging()
