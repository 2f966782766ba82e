"""Shell completion through argcomplete (part of the `cli` extra), imported only when the shell
asks: `eval "$(register-python-argcomplete tabby)"` in ~/.bashrc or ~/.zshrc, or
`register-python-argcomplete --shell fish tabby | source` in fish.

The shell runs `tabby` with `_ARGCOMPLETE` set and the line typed so far in `COMP_LINE`; the
commands named in it are built (their options derived from the operation table) before
argcomplete walks the parser, which prints the completions and ends the process.
"""

from __future__ import annotations

import os
import shlex
import sys

from .parser import Parser


def words(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:  # an unclosed quote: the word being typed
        return line.split()


def complete(parser: Parser) -> None:
    """Print the completions for $COMP_LINE and exit (argcomplete's protocol)."""
    try:
        import argcomplete
    except ImportError:
        sys.exit(1)
    line = os.environ.get("COMP_LINE", "")
    point = int(os.environ.get("COMP_POINT", len(line)))
    command = parser.fill()
    for word in words(line[:point])[1:]:
        sub = command.commands.get(word)
        if sub is not None:
            command = sub.fill()
    argcomplete.autocomplete(parser)
    sys.exit(0)  # not reached: argcomplete exits after printing
