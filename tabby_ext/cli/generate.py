"""`tabby complete` and `tabby chat`: stream generated text to stdout as it arrives.

Reasoning (`reasoning_content`) goes to stderr, dim on a terminal, so stdout holds only the
answer. Ctrl-C closes the stream, which stops the generation; what was printed stays.
"""

from __future__ import annotations

import sys
from argparse import ArgumentTypeError
from typing import TYPE_CHECKING, Any, cast

from .commands import operation
from .options import derive, fields_from
from .output import color_allowed, dumps
from .parser import UsageError

if TYPE_CHECKING:
    from argparse import Namespace

    from .config import State
    from .parser import Parser

DIM, RESET = "\x1b[2m", "\x1b[0m"
MAX_TOKENS_HINT = (
    "hint: TabbyAPI cannot stream a completion without max_tokens; pass --max-tokens N"
)


class Printer:
    """Writes answer text to stdout and reasoning to stderr (dim), separated by a blank line."""

    def __init__(self, *, show_reasoning: bool = True) -> None:
        self.show_reasoning = show_reasoning
        self.dim = color_allowed(sys.stderr)
        self.in_reasoning = False
        self.at_line_start = True

    def reasoning(self, text: str) -> None:
        if not self.show_reasoning or not text:
            return
        self.in_reasoning = True
        sys.stderr.write(f"{DIM}{text}{RESET}" if self.dim else text)
        sys.stderr.flush()

    def answer(self, text: str) -> None:
        if not text:
            return
        if self.in_reasoning:
            sys.stderr.write("\n\n")
            sys.stderr.flush()
            self.in_reasoning = False
        sys.stdout.write(text)
        sys.stdout.flush()
        self.at_line_start = text.endswith("\n")

    def end(self) -> None:
        """Finish the line (so the shell prompt or the next message starts on its own)."""
        if self.in_reasoning:
            sys.stderr.write("\n")
            self.in_reasoning = False
        if not self.at_line_start:
            sys.stdout.write("\n")
            self.at_line_start = True
        sys.stdout.flush()
        sys.stderr.flush()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def stream_chat(
    state: State, messages: list[dict[str, Any]], fields: dict[str, Any], printer: Printer
) -> tuple[str, bool]:
    """Stream one chat answer; return (answer text, interrupted). Ctrl-C closes the stream."""
    parts: list[str] = []
    stream = state.client().chat.create_stream(messages=cast(Any, messages), **fields)
    try:
        with stream:
            for chunk in stream:
                if state.settings.json is True:
                    state.out.json_line(chunk)
                for choice in chunk.choices[:1]:
                    delta = choice.delta
                    content = _text(delta.content)
                    parts.append(content)  # kept before shown: a Ctrl-C keeps what was seen
                    if state.settings.json is not True:
                        printer.reasoning(_text(delta.reasoning_content))
                        printer.answer(content)
    except KeyboardInterrupt:
        return "".join(parts), True
    finally:
        printer.end()
    return "".join(parts), False


def _complete(state: State, /, prompt: str, fields: dict[str, Any]) -> None:
    from ..errors import StreamError

    printer = Printer()
    stream = state.client().completions.create_stream(prompt=prompt, **fields)
    try:
        with stream:
            for chunk in stream:
                if state.settings.json is True:
                    state.out.json_line(chunk)
                else:
                    for choice in chunk.choices[:1]:
                        printer.answer(_text(choice.text))
    except KeyboardInterrupt:
        printer.end()
        state.out.info("Interrupted: the generation was stopped.")
        raise SystemExit(130) from None
    except StreamError:
        printer.end()
        if "max_tokens" not in fields:
            state.out.info(MAX_TOKENS_HINT)
        raise
    printer.end()


def read_prompt(prompt: str) -> str:
    """PROMPT as given, or all of stdin for `-`."""
    return sys.stdin.read() if prompt == "-" else prompt


def complete(parser: Parser) -> None:
    parser.handle(run_complete)
    parser.add_argument("prompt", metavar="PROMPT", help="The text to complete (-: stdin).")
    derive(parser, operation("completions", "create_stream"), skip=["prompt"], arguments="PROMPT")


def run_complete(state: State, args: Namespace) -> None:
    """Stream a completion of PROMPT (`-`: read stdin) to stdout.

    With --json, each streamed chunk is printed as one JSON line.
    """
    _complete(state, read_prompt(args.prompt), fields_from(args))


def chat(parser: Parser) -> None:
    parser.handle(run_chat)
    parser.add_argument(
        "prompt", nargs="?", metavar="PROMPT", help="One message (-: stdin); none: a chat."
    )
    parser.add_argument("--system", metavar="TEXT", help="A system message before the chat.")
    parser.add_argument(
        "--show-reasoning",
        dest="show_reasoning",
        action="store_true",
        default=True,
        help="Show the model's reasoning (dim, on stderr; the default).",
    )
    parser.add_argument(
        "--hide-reasoning",
        dest="show_reasoning",
        action="store_false",
        help="Do not show the model's reasoning.",
    )
    parser.add_argument(
        "--history-file",
        metavar="PATH",
        help="The chat's input history (default: $TABBY_HISTORY_FILE, else the state dir).",
    )
    parser.add_argument(
        "--schema",
        metavar="FILE",
        help="A JSON Schema file (or @FILE, - for stdin) the answer must fit: the answer is"
        " generated to it and validated, its JSON printed; exit 1 when it does not validate.",
    )
    derive(parser, operation("chat", "create_stream"), skip=["messages"], arguments="[PROMPT]")


def run_chat(state: State, args: Namespace) -> int | None:
    """One streamed answer to PROMPT (`-`: read stdin); without PROMPT, an interactive chat.

    In the chat: /system TEXT, /clear, /model [NAME], /save FILE, /help, /exit (or Ctrl-D);
    a line of three double quotes starts and ends a multi-line message. With --schema, one
    answer that is JSON fitting the schema, printed once validated.
    """
    fields = fields_from(args)
    prompt: str | None = args.prompt
    show_reasoning: bool = args.show_reasoning
    if args.schema is not None:
        _structured_chat(state, args, fields)
        return None
    if prompt is None:
        from .repl import Repl

        Repl(
            state,
            fields,
            system=args.system,
            show_reasoning=show_reasoning,
            history_path=args.history_file,
        ).run()
        return None
    messages: list[dict[str, Any]] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": read_prompt(prompt)})
    _, interrupted = stream_chat(state, messages, fields, Printer(show_reasoning=show_reasoning))
    if interrupted:
        state.out.info("Interrupted: the generation was stopped.")
        return 130
    return None


#: The chat fields `--schema` decides (or that cannot go with one answer of JSON).
SCHEMA_DECIDES = (
    "response_format",
    "json_schema",
    "regex_pattern",
    "grammar_string",
    "n",
    "best_of",
    "echo",
    "tools",
    "functions",
    "tool_choice",
    "parallel_tool_calls",
)


def _structured_chat(state: State, args: Namespace, fields: dict[str, Any]) -> None:
    """`tabby chat --schema FILE PROMPT`: `chat.parse` with the schema; the validated JSON goes
    to stdout; an answer that does not fit (or was cut short) is an error (exit 1), its text on
    stderr."""
    from ..errors import OutputError
    from .options import read_json_argument

    if args.prompt is None:
        raise UsageError("--schema needs a PROMPT: it checks one answer")
    given = [name for name in SCHEMA_DECIDES if name in fields]
    if given:
        names = ", ".join("--" + name.replace("_", "-") for name in given)
        raise UsageError(f"--schema decides the answer's format: drop {names}")
    source = args.schema if args.schema.startswith("@") or args.schema == "-" else f"@{args.schema}"
    try:
        schema = read_json_argument(source, "--schema")
    except ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(schema, dict):
        raise UsageError("--schema must hold a JSON Schema object")
    messages: list[dict[str, Any]] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": read_prompt(args.prompt)})
    try:
        answer = state.client().chat.parse(cast(Any, messages), response_format=schema, **fields)
    except OutputError as error:
        if error.text:
            state.out.info(f"the answer: {error.text}")
        raise
    state.out.write(dumps(answer.parsed) + "\n")
