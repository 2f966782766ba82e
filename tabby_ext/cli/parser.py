"""The standard library's argparse under the `tabby` command tree: parsers filled on first use.

A command's parser is created empty (its name and one line of help for its parent's list) and
filled (its arguments, its subcommands, the options derived from the operation table) only when
it parses arguments or shows its help. `tabby --help` so builds the command list alone, and
`tabby models load` fills `models` and `load`, nothing else.

Global options (`--base-url`, `--json`, ...) go before the command; the command that runs
(the last word of it: `tabby models list --json`) accepts them too, unless one of its own
options has that name.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, overload

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from .._settings import Setting
    from .config import State

    Handler = Callable[[State, argparse.Namespace], "int | None"]

_N = TypeVar("_N")

#: Namespace attributes the command tree sets besides the options' own.
HANDLER = "_tabby_handler"
PARSER = "_tabby_parser"
#: Key options: their values are masked in argparse's error messages.
MASK = "**********"
MASK_MIN_LENGTH = 8
HELP_WIDTH = 100


class UsageError(Exception):
    """A usage mistake found after parsing: exit 2 with the command's usage line."""


def escape(text: str) -> str:
    """argparse %-formats help strings: a `%` from the spec must stay a `%`."""
    return text.replace("%", "%%")


def docstring(function: Any) -> str:
    """A function's docstring without its indentation (inspect.cleandoc, without inspect)."""
    import textwrap

    first, _, rest = (getattr(function, "__doc__", None) or "").strip().partition("\n")
    return (first + "\n" + textwrap.dedent(rest)).strip()


def first_line(text: str) -> str:
    return text.split("\n\n", 1)[0].replace("\n", " ").strip()


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions as written (paragraphs and lists), at most 100 columns."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 30,
        width: int | None = None,
    ) -> None:
        if width is None:
            import shutil

            width = min(shutil.get_terminal_size().columns, HELP_WIDTH) - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class WideFormatter(Formatter):
    """For long command names (`tabby call`'s `completions.create_stream`)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=36)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser filled on first use, with subcommands that are Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs.setdefault("allow_abbrev", False)  # a new option must never change what one means
        if sys.version_info >= (3, 14):
            kwargs.setdefault("suggest_on_error", True)
        super().__init__(*args, **kwargs)
        self.commands: dict[str, Parser] = {}
        #: Request field -> the option that gives it (set by `options.derive`).
        self.fields: dict[str, str] = {}
        #: Key values to mask in error messages (shared with the subcommands).
        self.secrets: list[str] = []
        #: Takes every argument unparsed into this attribute (`tabby fake-server`).
        self.passthrough: str | None = None
        #: Rewrites the arguments before parsing (`tabby call "POST /v1/model/load"`).
        self.rewrite: Callable[[Parser, list[str]], list[str]] | None = None
        #: The line its parent lists it with (the description when it has no other).
        self.summary = ""
        self._pending: list[Callable[[Parser], None]] = []
        self._filled = False
        self._subcommands: argparse._SubParsersAction[Parser] | None = None
        self.set_defaults(**{PARSER: self})

    # --- building --------------------------------------------------------------------------

    def defer(self, build: Callable[[Parser], None]) -> Parser:
        """Run `build(self)` when this parser is first used."""
        self._pending.append(build)
        return self

    def fill(self) -> Parser:
        """Run the deferred builds; a command that runs also gets the global options."""
        while self._pending:
            self._pending.pop(0)(self)
        if not self._filled:
            self._filled = True
            if self.description is None:
                self.description = self.summary or None
            if not self.commands and self.passthrough is None:
                add_global_options(self, after_command=True)
        return self

    def handle(self, handler: Handler) -> Parser:
        """Make this the command that runs `handler(state, args)`; its docstring is the help."""
        self.set_defaults(**{HANDLER: handler})
        if self.description is None:
            self.description = docstring(handler) or None
        return self

    def command_group(self, title: str = "commands", metavar: str = "COMMAND") -> None:
        """Where the subcommands are listed in the help (before the first `add_command`)."""
        self._subcommands = self.add_subparsers(
            title=title, metavar=metavar, help=f"`{self.prog} {metavar} --help` for its options"
        )

    def add_command(
        self,
        name: str,
        handler: Handler | None = None,
        *,
        help: str | None = None,
        build: Callable[[Parser], None] | None = None,
        add_help: bool = True,
    ) -> Parser:
        """A subcommand: `handler` runs it (or `build` makes it, when first used)."""
        if self._subcommands is None:
            self.command_group()
        assert self._subcommands is not None
        text = help if help is not None else first_line(docstring(handler))
        child = self._subcommands.add_parser(name, help=escape(text), add_help=add_help)
        child.secrets = self.secrets
        child.summary = text
        if handler is not None:
            child.handle(handler)
        if build is not None:
            child.defer(build)
        self.commands[name] = child
        return child

    # --- parsing and help: fill first ------------------------------------------------------

    @overload
    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: None = None
    ) -> tuple[argparse.Namespace, list[str]]: ...
    @overload
    def parse_known_args(
        self, args: Iterable[str] | None, namespace: _N
    ) -> tuple[_N, list[str]]: ...
    @overload
    def parse_known_args(self, *, namespace: _N) -> tuple[_N, list[str]]: ...
    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        self.fill()
        arguments = list(sys.argv[1:] if args is None else args)
        if self.rewrite is not None:
            arguments = self.rewrite(self, arguments)
        if self.passthrough is not None:
            namespace = argparse.Namespace() if namespace is None else namespace
            setattr(namespace, self.passthrough, arguments)
            setattr(namespace, HANDLER, self.get_default(HANDLER))
            setattr(namespace, PARSER, self)
            return namespace, []
        namespace, extras = super().parse_known_args(arguments, namespace)
        if extras and not self.commands:  # the command that runs says what it did not take
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def format_usage(self) -> str:
        return super(Parser, self.fill()).format_usage()

    def format_help(self) -> str:
        return super(Parser, self.fill()).format_help()

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """argparse ignores a failed write (help piped into `head`): the BrokenPipeError goes
        up to `app.run` instead, which ends every command the same way."""
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> NoReturn:
        unknown = re.search(r"invalid choice: '([^']*)'", message)
        if unknown and self.commands and "maybe you meant" not in message:
            import difflib

            close = difflib.get_close_matches(unknown[1], list(self.commands), n=1)
            message += f". Did you mean {close[0]!r}?" if close else ""
        for secret in self.secrets:
            message = message.replace(secret, MASK)
        super().error(message)


def secrets_in(argv: Sequence[str]) -> list[str]:
    """The key values given as options or in the environment (the settings table's keys), to
    mask in errors, before the options are even parsed."""
    from .._settings import SETTINGS

    keys = [setting for setting in SETTINGS if setting.secret]
    options = {setting.flag for setting in keys}
    found = [os.environ.get(setting.env, "") for setting in keys]
    for i, word in enumerate(argv):
        option, eq, value = word.partition("=")
        if option in options:
            found.append(value if eq else argv[i + 1] if i + 1 < len(argv) else "")
    return [s for s in found if len(s) >= MASK_MIN_LENGTH]


# --- the global options ------------------------------------------------------------------


def checked(setting: Setting) -> Callable[[str], Any]:
    """The argparse type of a setting's option: the settings table's own check, so a value the
    client would refuse is a usage error here, in the table's words."""

    def check(text: str) -> Any:
        try:
            return setting.check(text, setting.flag)
        except ValueError as exc:  # ConfigurationError: "--timeout must be ..."
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{setting.flag} ")) from None

    check.__name__ = setting.name
    return check


class VersionAction(argparse.Action):
    """`--version`: the installed version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS)
        self.help = kwargs.get("help")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import version

        sys.stdout.write(f"tabby {version('tabbyapi')}\n")
        parser.exit()


def add_global_options(parser: Parser, *, after_command: bool) -> None:
    """The options every command shares: on the root (listed in `tabby --help`), and hidden
    on the command that runs (skipping any name one of its own options has)."""
    taken = set(parser._option_string_actions)  # argparse's table of the option strings
    hide = after_command

    def add(*names: str, help: str, **kwargs: Any) -> None:
        free = [name for name in names if name not in taken]
        if not free:
            return
        if after_command:
            kwargs["default"] = argparse.SUPPRESS  # given here, or left as the root set it
        parser.add_argument(*free, help=argparse.SUPPRESS if hide else help, **kwargs)

    if not after_command:
        parser.add_argument("--version", action=VersionAction, help="Print the version.")
    from .._settings import SETTINGS  # the client's settings, one option each

    for setting in SETTINGS:
        where = f"else ${setting.env}"
        if isinstance(setting.default, bool):
            where += f", else {'on' if setting.default else 'off'}"
        elif setting.default is not None:
            where += (
                f", else {setting.default:g}"
                if isinstance(setting.default, float)
                else (f", else {setting.default}")
            )
        if setting.secret:
            where += "; prefer the variable: flags show in `ps`"
        text = f"{setting.help[:1].upper()}{setting.help[1:]} ({where})."
        if isinstance(setting.default, bool):
            add(setting.flag, action=argparse.BooleanOptionalAction, help=text)
        else:
            metavar = "KEY" if setting.secret else setting.name.rsplit("_", 1)[-1].upper()
            add(setting.flag, type=checked(setting), metavar=metavar, help=text)
    json_help = "JSON (the default when stdout is not a terminal)."
    add("--json", dest="json_mode", action="store_const", const=True, help=json_help)
    add("--table", dest="json_mode", action="store_const", const=False, help="Human tables.")
    add("-v", "--verbose", action="store_true", help="Log requests and show tracebacks.")
