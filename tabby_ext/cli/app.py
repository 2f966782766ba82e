"""The `tabby` command tree: global options, lazily built subcommands, exit codes.

`tabby --help` imports argparse and this module only; each subcommand's module (and the client,
httpx, rich) loads when that subcommand runs or shows its help. Exit codes: 0 ok, 1 API or
connection error (one line on stderr), 2 usage error, 130 interrupted, 141 the reader of
stdout went away (`| head`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .parser import HANDLER, PARSER, Parser, UsageError, add_global_options, secrets_in

if TYPE_CHECKING:
    from argparse import Namespace

    from .config import State

#: Subcommand -> (module:builder, one-line help); the module is imported only when used.
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
#: The reader of stdout went away (`| head`): 128 + SIGPIPE, what the shell reports for a
#: program that SIGPIPE ended.
EXIT_BROKEN_PIPE = 141

DESCRIPTION = """\
Command line for TabbyAPI: administration, generation, batches and diagnostics.

Settings come from the options below, then their TABBY_* variables, then the defaults.
Results print as tables on a terminal and as JSON otherwise (or with --json).
The options below go before the command, or at the end of it (`tabby models list --json`)."""


def builder(target: str) -> Callable[[Parser], None]:
    """`module:function` of this package, imported when the command is first used."""
    module, _, attr = target.partition(":")

    def build(parser: Parser) -> None:
        getattr(importlib.import_module(f"{__package__}.{module}"), attr)(parser)

    return build


def root() -> Parser:
    """The `tabby` parser: global options and the list of commands (none of them built)."""
    parser = Parser(prog="tabby", description=DESCRIPTION)
    add_global_options(parser, after_command=False)
    for name, (target, text) in COMMANDS.items():
        parser.add_command(name, help=text, build=builder(target))
    return parser


def exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return EXIT_API


def run(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` (default: sys.argv[1:]), run the command, return the exit code.

    A reader that leaves early (`tabby complete ... | head`) ends the command quietly with
    EXIT_BROKEN_PIPE, as a tool killed by SIGPIPE would (the Python docs' "Note on SIGPIPE":
    SIGPIPE stays ignored, since a network client must not die of a closed socket)."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # what is still buffered fails here, not at interpreter exit
    except BrokenPipeError:
        _silence_broken_streams()
        return EXIT_BROKEN_PIPE
    return code


def _silence_broken_streams() -> None:
    """Point stdout (and stderr) at /dev/null where the reader has gone, so the flush at
    interpreter exit writes nowhere instead of failing again."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # closed, or not a file: nothing buffered to lose
            pass


def _run(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = root()
    parser.secrets.extend(secrets_in(arguments))
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (argcomplete)
        from .completion import complete

        complete(parser)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version, or a usage error (exit 2)
        return exit_code(exc)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return EXIT_INTERRUPTED
    handler = getattr(args, HANDLER, None)
    command: Parser = getattr(args, PARSER)
    if handler is None:  # a group without its subcommand: say what there is
        command.print_help(sys.stderr)
        return EXIT_USAGE
    return invoke(handler, args, command)


def invoke(handler: Callable[..., Any], args: Namespace, command: Parser) -> int:
    """Run a command's handler: every outcome becomes an exit code and one line on stderr."""
    from .._settings import SETTINGS
    from ..errors import ConfigurationError, RequestValidationError, TabbyError
    from .config import Settings, State

    settings = Settings.resolve(
        json=getattr(args, "json_mode", None),
        verbose=bool(getattr(args, "verbose", False)),
        **{setting.name: getattr(args, setting.name, None) for setting in SETTINGS},
    )
    state = State(settings)
    try:
        if settings.verbose:
            state.enable_logging()
        code = handler(state, args)
        return code if isinstance(code, int) else EXIT_OK
    except UsageError as exc:
        command.print_usage(sys.stderr)
        sys.stderr.write(f"{command.prog}: error: {state.out.mask(str(exc))}\n")
        return EXIT_USAGE
    except (RequestValidationError, ConfigurationError) as exc:  # refused before sending
        _report(state, exc)
        return EXIT_USAGE
    except TabbyError as exc:
        _report(state, exc)
        return EXIT_API
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exit_code(exc)
    finally:
        state.close()


def _report(state: State, exc: Exception) -> None:
    if state.settings.verbose:
        import traceback

        state.out.info("".join(traceback.format_exception(exc)).rstrip())
    state.out.error(describe(exc, state.settings.known_url()))


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
