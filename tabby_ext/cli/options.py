"""Command-line options derived from the operation table: one per request field.

Types, help, choices and the server's defaults come from the spec (`Operation.fields`), so a
regenerated client brings its new fields to every command without a CLI edit. Scalars are typed
options, booleans `--x/--no-x` pairs, arrays of numbers repeatable or comma-separated, and
objects or unions JSON (`@file` reads a file, `-` stdin).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .._operations import Operation

    ParamType = click.ParamType[Any, Any]  # generic in recent click; plain at run time
else:
    ParamType = click.ParamType

#: Prefix of the parameter names that carry request fields (keeps them apart from a command's
#: own parameters, whatever the spec names its fields).
FIELD_PREFIX = "f__"
SCALARS = {"integer": click.INT, "number": click.FLOAT, "string": click.STRING}


def read_json_argument(value: str, what: str) -> Any:
    """JSON given inline, as `@path` (a file) or `-` (stdin)."""
    if value == "-":
        text = sys.stdin.read()
    elif value.startswith("@"):
        try:
            text = Path(value[1:]).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise click.BadParameter(f"cannot read {value[1:]}: {exc.strerror}") from exc
    else:
        text = value
    try:
        return json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"{what} is not valid JSON ({exc})") from exc


class JSONValue(ParamType):
    """A JSON value of the field's types; a bare word is a string where strings are allowed."""

    name = "json"

    def __init__(self, types: Sequence[str], choices: Sequence[Any] | None = None) -> None:
        self.types = tuple(types)
        self.choices = tuple(choices or ())

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        if not set(self.types) <= {"number", "integer", "string"}:
            return "JSON"
        words = [t.upper() for t in self.types if t != "string"]
        if "string" in self.types:
            words += [str(c) for c in self.choices] or ["TEXT"]
        return "|".join(words)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        # A bare word (`auto`, `hello`) is a string where the field takes strings.
        as_text = ("string" in self.types or "any" in self.types) and not value.startswith("@")
        try:
            parsed = read_json_argument(value, "the value")
        except click.BadParameter:
            if as_text:
                return self._choice(value, param, ctx)
            raise
        if _matches(parsed, self.types):
            return self._choice(parsed, param, ctx) if isinstance(parsed, str) else parsed
        if as_text:
            return self._choice(value, param, ctx)
        self.fail(f"expected {' or '.join(self.types)}, got {value!r:.60}", param, ctx)

    def _choice(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """With choices, a string must be one of them (`rope_alpha`: a number or "auto")."""
        if self.choices and value not in self.choices and "any" not in self.types:
            self.fail(f"{value!r} is not a number or one of {list(self.choices)}", param, ctx)
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


class ListItems(ParamType):
    """One occurrence of a repeatable array option: a JSON array, or comma-separated scalars
    (numbers), or one string item (strings may contain commas)."""

    name = "list"

    def __init__(self, items: Sequence[str]) -> None:
        self.items = tuple(items)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        item = self.items[0] if len(self.items) == 1 else "value"
        return "TEXT" if item in ("string", "any") else item.upper()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        if value.startswith("[") or value.startswith("@"):
            parsed = read_json_argument(value, "the list")
            if not isinstance(parsed, list):
                self.fail(f"expected a JSON array, got {value!r:.60}", param, ctx)
            return parsed
        numeric = set(self.items) <= {"integer", "number", "boolean"}
        parts = [p.strip() for p in value.split(",")] if numeric else [value]
        return [self._item(part, param, ctx) for part in parts if part or not numeric]

    def _item(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> Any:
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
        self.fail(f"{text!r} is not a valid {' or '.join(self.items)}", param, ctx)


class ArrayOption(click.Option):
    """A repeatable array field: occurrences join into one list. For a field that may also be
    a string (`stop`, `text`), one plain occurrence is sent as that string."""

    def __init__(
        self, decls: Sequence[str], *, items: Sequence[str], string_ok: bool, **kwargs: Any
    ) -> None:
        super().__init__(decls, type=ListItems(items), multiple=True, **kwargs)
        self.as_string = string_ok and not set(items) <= {"integer", "number", "boolean"}

    def type_cast_value(self, ctx: click.Context, value: Any) -> Any:
        if (
            self.as_string
            and isinstance(value, list | tuple)
            and len(value) == 1
            and isinstance(value[0], str)
            and not value[0].startswith(("[", "@"))
        ):
            return value[0]
        parts = super().type_cast_value(ctx, value)
        if not parts:
            return None
        return [item for part in parts for item in part]


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


def _help(spec: Mapping[str, Any], kind: str, option_type: Any, *, required: bool) -> str:
    parts = [str(spec.get("description") or "").strip().rstrip(".")]
    if kind == "array":
        numeric = set(spec.get("items") or ()) <= {"integer", "number", "boolean"}
        parts.append("repeat or comma-separate" if numeric else "repeatable, or a JSON array")
    elif kind == "json" and option_type.get_metavar(None) == "JSON":
        parts.append("JSON, @FILE or - for stdin")
    if spec.get("default") is not None:
        parts.append(f"server default: {json.dumps(spec['default'])}")
    if required:
        parts.append("required")
    return "; ".join(p for p in parts if p)


def field_option(
    name: str, spec: Mapping[str, Any], *, required: bool = False, taken: Collection[str] = ()
) -> click.Option:
    """The option for one request field (its aliases are extra option names)."""
    names = [f"--{option_name(n, taken)}" for n in (name, *(spec.get("aliases") or ()))]
    types = list(spec.get("types") or ["any"])
    items = spec.get("items")
    choices = spec.get("choices")
    kind = _kind(types, items)
    option_type: Any
    if kind == "flag":
        option_type = click.BOOL
        names = [f"{n}/--no-{n[2:]}" for n in names]
    elif kind == "array":
        option_type = ListItems(items or ["any"])
    elif kind == "scalar" and choices and types == ["string"]:
        option_type = click.Choice([str(c) for c in choices])
    elif kind == "scalar":
        option_type = SCALARS[types[0]]
    else:
        option_type = JSONValue(types, choices)
    kwargs: dict[str, Any] = {
        "help": _help(spec, kind, option_type, required=required),
        "default": None,
        "show_default": False,
    }
    decls = [*names, FIELD_PREFIX + name]
    if kind == "flag":
        return click.Option(decls, is_flag=True, **kwargs)
    if kind == "array":
        return ArrayOption(decls, items=items or ["any"], string_ok="string" in types, **kwargs)
    return click.Option(decls, type=option_type, **kwargs)


def field_options(
    op: Operation, *, skip: Sequence[str] = (), taken: Collection[str] = ()
) -> list[click.Parameter]:
    """An option per request field of `op` (minus `skip` and the stream switch); `taken`:
    option strings the command already uses."""
    stream_field = op.stream.field if op.stream else None
    taken = {*taken, "-h", "--help"}
    return [
        field_option(
            name, op.fields.get(name, {}), required=name in op.request_required, taken=taken
        )
        for name in op.request_fields
        if name not in skip and name != stream_field
    ]


def fields_from(params: Mapping[str, Any]) -> dict[str, Any]:
    """The request fields a command was given (its derived options that were used)."""
    fields: dict[str, Any] = {}
    for key, value in params.items():
        if not key.startswith(FIELD_PREFIX) or value is None:
            continue
        fields[key[len(FIELD_PREFIX) :]] = value
    return fields


def merged_body(
    op: Operation, body: Any, fields: Mapping[str, Any], command: click.Command
) -> dict[str, Any]:
    """`--body` (a JSON object) with the fields given as options on top; checks required."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise click.BadParameter("must be a JSON object", param_hint="--body")
    merged = {**body, **fields}
    given = set(merged) | {op.aliases[name] for name in merged if name in op.aliases}
    missing = [name for name in op.request_required if name not in given]
    if missing:
        options = {p.name: p.opts[0] for p in command.params if p.name}
        names = ", ".join(options.get(FIELD_PREFIX + n, n) for n in missing)
        raise click.UsageError(f"missing required option(s): {names} (or give them in --body)")
    return merged


class DerivedCommand(click.Command):
    """A command whose request-field options are built from the operation table on first use,
    so listing commands (`tabby --help`) never loads the table."""

    def __init__(
        self,
        name: str | None,
        *,
        operation: Callable[[], Operation] | None = None,
        skip: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        self._operation = operation
        self._skip = tuple(skip)
        self._built = operation is None
        super().__init__(name, **kwargs)

    # click appends to and pops from `params` in place: one list, extended once.
    @property
    def params(self) -> list[click.Parameter]:
        if not self._built:
            self._built = True
            assert self._operation is not None
            taken = {o for p in self._params for o in (*p.opts, *p.secondary_opts)}
            self._params.extend(field_options(self._operation(), skip=self._skip, taken=taken))
        return self._params

    @params.setter
    def params(self, value: list[click.Parameter]) -> None:
        self._params = list(value)
