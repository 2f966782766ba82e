"""Command-line options derived from the operation table: one per request field.

Types, help, choices and the server's defaults come from the spec (`Operation.fields`), so a
regenerated client brings its new fields to every command without a CLI edit. Scalars are typed
options, booleans `--x/--no-x` pairs, arrays of numbers repeatable or comma-separated, and
objects or unions JSON (`@file` reads a file, `-` stdin).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .parser import Parser, UsageError, escape

if TYPE_CHECKING:
    from .._operations import Operation

#: Prefix of the attributes that carry request fields (keeps them apart from a command's own
#: arguments, whatever the spec names its fields).
FIELD_PREFIX = "f__"
#: The attribute argcomplete reads for an argument's completions.
COMPLETER = "completer"
SCALARS: dict[str, tuple[Callable[[str], Any], str]] = {
    "integer": (int, "INTEGER"),
    "number": (float, "FLOAT"),
    "string": (str, "TEXT"),
}


def read_json_argument(value: str, what: str) -> Any:
    """JSON given inline, as `@path` (a file) or `-` (stdin)."""
    if value == "-":
        text = sys.stdin.read()
    elif value.startswith("@"):
        try:
            text = Path(value[1:]).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise argparse.ArgumentTypeError(f"cannot read {value[1:]}: {exc.strerror}") from exc
    else:
        text = value
    try:
        return json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{what} is not valid JSON ({exc})") from exc


def json_object(what: str) -> Callable[[str], dict[str, Any]]:
    """The type of `--body` / `--extra-body`: a JSON object, inline, `@file` or `-`."""

    def convert(value: str) -> dict[str, Any]:
        parsed = read_json_argument(value, what)
        if not isinstance(parsed, dict):
            raise argparse.ArgumentTypeError("must be a JSON object")
        return parsed

    return convert


class JSONValue:
    """A JSON value of the field's types; a bare word is a string where strings are allowed."""

    def __init__(self, types: Sequence[str], choices: Sequence[Any] | None = None) -> None:
        self.types = tuple(types)
        self.choices = tuple(choices or ())

    def metavar(self) -> str:
        if not set(self.types) <= {"number", "integer", "string"}:
            return "JSON"
        words = [t.upper() for t in self.types if t != "string"]
        if "string" in self.types:
            words += [str(c) for c in self.choices] or ["TEXT"]
        return "|".join(words)

    def __call__(self, value: str) -> Any:
        # A bare word (`auto`, `hello`) is a string where the field takes strings. A field of
        # any type (`json_schema`) takes JSON only: text that is not JSON is a mistake to
        # report, not a string to send (`'"text"'` sends a JSON string).
        as_text = "string" in self.types and not value.startswith("@")
        try:
            parsed = read_json_argument(value, "the value")
        except argparse.ArgumentTypeError:
            if as_text:
                return self._choice(value)
            raise
        if _matches(parsed, self.types):
            return self._choice(parsed) if isinstance(parsed, str) else parsed
        if as_text:
            return self._choice(value)
        raise argparse.ArgumentTypeError(f"expected {' or '.join(self.types)}, got {value!r:.60}")

    def _choice(self, value: str) -> str:
        """With choices, a string must be one of them (`rope_alpha`: a number or "auto")."""
        if self.choices and value not in self.choices and "any" not in self.types:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a number or one of {list(self.choices)}"
            )
        return value


def _matches(value: Any, types: Sequence[str]) -> bool:
    checks: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "any": lambda v: True,
    }
    return value is None or any(checks.get(t, checks["any"])(value) for t in types)


class ListItems:
    """One occurrence of a repeatable array option: a JSON array, or comma-separated scalars
    (numbers), or one string item (strings may contain commas). Returns (text, items)."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = tuple(items)

    def metavar(self) -> str:
        item = self.items[0] if len(self.items) == 1 else "value"
        return "TEXT" if item in ("string", "any") else item.upper()

    def __call__(self, value: str) -> tuple[str, list[Any]]:
        if value.startswith("[") or value.startswith("@"):
            parsed = read_json_argument(value, "the list")
            if not isinstance(parsed, list):
                raise argparse.ArgumentTypeError(f"expected a JSON array, got {value!r:.60}")
            return value, parsed
        numeric = set(self.items) <= {"integer", "number", "boolean"}
        parts = [p.strip() for p in value.split(",")] if numeric else [value]
        return value, [self._item(part) for part in parts if part or not numeric]

    def _item(self, text: str) -> Any:
        for kind in self.items:
            if kind in ("integer", "number", "boolean"):
                try:
                    parsed = json.loads(text)
                except ValueError:
                    continue
                if _matches(parsed, [kind]):
                    return parsed
            elif kind == "string":
                return text
            else:  # object / any: JSON if it parses, else the text
                try:
                    return json.loads(text)
                except ValueError:
                    return text
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid {' or '.join(self.items)}")


class Occurrences(list[tuple[str, list[Any]]]):
    """What a repeatable array option was given: (text, items) per occurrence."""

    def __init__(self, as_string: bool) -> None:
        super().__init__()
        self.as_string = as_string

    def value(self) -> Any:
        """The items of all occurrences as one list; for a field that may also be a string,
        one plain occurrence is sent as that string (`--stop END`)."""
        if self.as_string and len(self) == 1 and not self[0][0].startswith(("[", "@")):
            return self[0][0]
        return [item for _, items in self for item in items]


class ArrayAction(argparse.Action):
    """A repeatable array field: every occurrence is kept, joined by `Occurrences.value`."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str,
        *,
        items: Sequence[str],
        string_ok: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(option_strings, dest, type=ListItems(items), **kwargs)
        self.as_string = string_ok and not set(items) <= {"integer", "number", "boolean"}

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        given = getattr(namespace, self.dest, None)
        if not isinstance(given, Occurrences):
            given = Occurrences(self.as_string)
            setattr(namespace, self.dest, given)
        given.append(values)


def option_name(field: str, taken: Collection[str] = ()) -> str:
    """`max_seq_len` -> `max-seq-len`; `field-NAME` when the command has that option already."""
    name = field.replace("_", "-")
    return f"field-{name}" if f"--{name}" in taken or f"--no-{name}" in taken else name


def _kind(types: Sequence[str], items: Sequence[str] | None) -> str:
    """How a field is given: "flag", "array" (repeatable), "scalar" or "json"."""
    if list(types) == ["boolean"]:
        return "flag"
    if "array" in types and items and set(types) <= {"array", "string"}:
        return "array"
    if len(types) == 1 and types[0] in SCALARS:
        return "scalar"
    return "json"


def _help(spec: Mapping[str, Any], kind: str, metavar: str | None, *, required: bool) -> str:
    parts = [str(spec.get("description") or "").strip().rstrip(".")]
    if kind == "array":
        numeric = set(spec.get("items") or ()) <= {"integer", "number", "boolean"}
        parts.append("repeat or comma-separate" if numeric else "repeatable, or a JSON array")
    elif kind == "json" and metavar == "JSON":
        parts.append("JSON, @FILE or - for stdin")
    if spec.get("default") is not None:
        parts.append(f"server default: {json.dumps(spec['default'])}")
    if required:
        parts.append("required")
    return escape("; ".join(p for p in parts if p))


def add_field_option(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    name: str,
    spec: Mapping[str, Any],
    *,
    required: bool = False,
    taken: Collection[str] = (),
) -> argparse.Action:
    """The option for one request field (its aliases are extra option names); its value is
    None unless given."""
    names = [f"--{option_name(n, taken)}" for n in (name, *(spec.get("aliases") or ()))]
    types = list(spec.get("types") or ["any"])
    items = list(spec.get("items") or ["any"])
    choices = spec.get("choices")
    kind = _kind(types, spec.get("items"))
    dest = FIELD_PREFIX + name
    if kind == "flag":
        return parser.add_argument(
            *names,
            dest=dest,
            action=argparse.BooleanOptionalAction,
            default=None,
            help=_help(spec, kind, None, required=required),
        )
    if kind == "array":
        items_type = ListItems(items)
        return parser.add_argument(
            *names,
            dest=dest,
            action=ArrayAction,
            items=items,
            string_ok="string" in types,
            metavar=items_type.metavar(),
            default=None,
            help=_help(spec, kind, items_type.metavar(), required=required),
        )
    if kind == "scalar" and choices and types == ["string"]:
        return parser.add_argument(
            *names,
            dest=dest,
            choices=[str(c) for c in choices],
            default=None,
            help=_help(spec, kind, None, required=required),
        )
    if kind == "scalar":
        convert, metavar = SCALARS[types[0]]
        return parser.add_argument(
            *names,
            dest=dest,
            type=convert,
            metavar=metavar,
            default=None,
            help=_help(spec, kind, metavar, required=required),
        )
    value = JSONValue(types, choices)
    action = parser.add_argument(
        *names,
        dest=dest,
        type=value,
        metavar=value.metavar(),
        default=None,
        help=_help(spec, kind, value.metavar(), required=required),
    )
    if choices:  # shell completion offers the words (`--rope-alpha auto`)
        words = [str(c) for c in choices]
        setattr(action, COMPLETER, lambda **_: words)
    return action


def add_field_options(parser: Parser, op: Operation, *, skip: Sequence[str] = ()) -> None:
    """An option per request field of `op` (minus `skip` and the stream switch), after the
    options the command has already; records which option gives which field."""
    stream_field = op.stream.field if op.stream else None
    taken = set(parser._option_string_actions)  # argparse's table of the option strings
    group = parser.add_argument_group(f"request fields ({op.key})")
    for name in op.request_fields:
        if name in skip or name == stream_field:
            continue
        spec = op.fields.get(name, {})
        action = add_field_option(
            group, name, spec, required=name in op.request_required, taken=taken
        )
        parser.fields[name] = action.option_strings[0]


def derive(
    parser: Parser,
    operation: Callable[[], Operation],
    *,
    skip: Sequence[str] = (),
    arguments: str = "",
) -> Parser:
    """Give `parser` an option per request field of `operation()` when it is first used (the
    operation table is read then); `arguments`: the positionals, for a short usage line."""
    parser.usage = f"%(prog)s [options] {arguments}".rstrip()
    parser.defer(lambda p: add_field_options(p, operation(), skip=skip))
    return parser


def fields_from(args: argparse.Namespace) -> dict[str, Any]:
    """The request fields a command was given (its derived options that were used)."""
    fields: dict[str, Any] = {}
    for key, value in vars(args).items():
        if not key.startswith(FIELD_PREFIX) or value is None:
            continue
        fields[key[len(FIELD_PREFIX) :]] = (
            value.value() if isinstance(value, Occurrences) else value
        )
    return fields


def merged_body(
    op: Operation, body: dict[str, Any] | None, fields: Mapping[str, Any], parser: Parser
) -> dict[str, Any]:
    """`--body` (a JSON object) with the fields given as options on top; checks required."""
    merged = {**(body or {}), **fields}
    given = set(merged) | {op.aliases[name] for name in merged if name in op.aliases}
    missing = [name for name in op.request_required if name not in given]
    if missing:
        names = ", ".join(parser.fields.get(n, n) for n in missing)
        raise UsageError(f"missing required option(s): {names} (or give them in --body)")
    return merged
