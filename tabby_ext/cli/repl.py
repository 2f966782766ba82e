"""The interactive chat: streamed answers, a kept conversation, slash commands, history.

Line editing and history use the standard library's readline (no extra dependency); the
history file is created private (0600) since it holds what was typed. A line of three double
quotes starts and ends a multi-line message; a trailing backslash continues a line.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import history_file
from .generate import Printer, stream_chat
from .output import is_terminal

if TYPE_CHECKING:
    from .config import State

PROMPT, CONTINUATION = "you> ", "...> "
FENCE = '"""'
HISTORY_LENGTH = 2000
HELP = """\
/system [TEXT]   show or set the system message
/clear           forget the conversation (the system message stays)
/model [NAME]    show the loaded model, or load NAME (needs the admin key)
/save FILE       write the conversation as JSON ({"messages": [...]})
/exit            leave (or Ctrl-D); Ctrl-C stops an answer or clears the line
A line of three double quotes starts and ends a multi-line message; a line ending in a
backslash continues on the next."""


class Repl:
    """One chat session on a terminal (or on piped stdin: one message per line)."""

    def __init__(
        self,
        state: State,
        fields: dict[str, Any],
        *,
        system: str | None = None,
        show_reasoning: bool = True,
        history_path: str | None = None,
    ) -> None:
        self.state = state
        self.fields = fields
        self.system = system
        self.messages: list[dict[str, Any]] = []
        self.printer = Printer(show_reasoning=show_reasoning)
        self.interactive = is_terminal(sys.stdin)
        self.history = history_file(history_path) if self.interactive else None
        self._readline: Any = None

    # --- the loop ----------------------------------------------------------------------

    def run(self) -> None:
        self._open_history()
        try:
            if self.interactive:
                self._banner()
            while True:
                try:
                    text = self._read()
                except EOFError:
                    if self.interactive:
                        sys.stdout.write("\n")
                    return
                except KeyboardInterrupt:
                    sys.stdout.write("\n")
                    continue
                if not text.strip():
                    continue
                if text.startswith("/") and not text.startswith("//"):
                    if not self.command(text):
                        return
                    continue
                self.ask(text[1:] if text.startswith("//") else text)
        finally:
            self._save_history()

    def ask(self, text: str) -> None:
        """Send one user message with the conversation so far; keep the (partial) answer."""
        from ..errors import TabbyError
        from .app import describe

        self.messages.append({"role": "user", "content": text})
        try:
            answer, interrupted = stream_chat(
                self.state, self._conversation(), self.fields, self.printer
            )
        except TabbyError as exc:
            self.messages.pop()
            self.state.out.error(describe(exc))
            return
        except KeyboardInterrupt:  # before the first token: nothing to keep
            self.messages.pop()
            self.printer.end()
            self.state.out.info("(stopped)")
            return
        if answer:
            self.messages.append({"role": "assistant", "content": answer})
        else:
            self.messages.pop()
        if interrupted:
            self.state.out.info("(stopped; the partial answer is kept)" if answer else "(stopped)")

    def _conversation(self) -> list[dict[str, Any]]:
        system = [{"role": "system", "content": self.system}] if self.system else []
        return [*system, *self.messages]

    # --- slash commands ----------------------------------------------------------------

    def command(self, line: str) -> bool:
        """Run a slash command; False means leave."""
        name, _, arg = line[1:].partition(" ")
        arg = arg.strip()
        say = self.state.out.info
        if name in ("exit", "quit", "q"):
            return False
        if name == "help":
            say(HELP)
        elif name == "system":
            if arg:
                self.system = arg
                say("System message set.")
            else:
                say(f"System message: {self.system}" if self.system else "No system message.")
        elif name == "clear":
            self.messages.clear()
            say("Conversation cleared.")
        elif name == "model":
            self._model(arg)
        elif name == "save":
            self._save(arg)
        else:
            say(f"Unknown command /{name}; /help lists them (start with // to send a slash).")
        return True

    def _model(self, name: str) -> None:
        from ..errors import TabbyError
        from .app import describe
        from .commands import current_model

        try:
            if not name:
                card = current_model(self.state)
                self.state.out.info(f"Model: {card.id}" if card else "No model is loaded.")
                return
            from . import progress

            stream = self.state.client().models.load_stream(model_name=name)
            try:
                progress.model_load(self.state.out, stream, {"model": name})
            except SystemExit:  # Ctrl-C while loading: back to the prompt
                return
            self.state.out.info(f"Loaded {name}.")
        except TabbyError as exc:
            self.state.out.error(describe(exc))

    def _save(self, path: str) -> None:
        if not path:
            self.state.out.info("Usage: /save FILE")
            return
        try:
            Path(path).expanduser().write_text(
                json.dumps({"messages": self._conversation()}, indent=2, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
        except OSError as exc:
            self.state.out.error(f"cannot write {path}: {exc.strerror}")
            return
        self.state.out.info(f"Saved {len(self._conversation())} messages to {path}.")

    # --- input -------------------------------------------------------------------------

    def _banner(self) -> None:
        from .commands import current_model

        card = current_model(self.state)
        model = card.id if card is not None else "no model loaded"
        self.state.out.info(
            f"Chat with {model} at {self.state.settings.url}. /help for commands, Ctrl-D to leave."
        )

    def _input(self, prompt: str) -> str:
        return input(prompt if self.interactive else "")

    def _read(self) -> str:
        """One message: a line, a backslash-continued line, or a fenced multi-line block."""
        line = self._input(PROMPT)
        if line.strip() == FENCE:
            lines: list[str] = []
            while True:
                more = self._input(CONTINUATION)
                if more.rstrip().endswith(FENCE):
                    lines.append(more.rstrip()[: -len(FENCE)])
                    return "\n".join(lines).strip("\n")
                lines.append(more)
        while line.endswith("\\"):
            line = line[:-1] + "\n" + self._input(CONTINUATION)
        return line

    # --- history -----------------------------------------------------------------------

    def _open_history(self) -> None:
        if self.history is None:
            return
        try:
            import readline
        except ImportError:  # a Python without readline: plain input() still works
            return
        self._readline = readline
        readline.set_history_length(HISTORY_LENGTH)
        with contextlib.suppress(OSError):  # no history yet, or unreadable: start empty
            readline.read_history_file(self.history)

    def _save_history(self) -> None:
        if self._readline is None or self.history is None:
            return
        try:
            self.history.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.history, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
            self._readline.write_history_file(self.history)
        except OSError as exc:
            self.state.out.info(f"(history not saved to {self.history}: {exc.strerror})")
