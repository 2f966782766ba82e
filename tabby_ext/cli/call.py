"""`tabby call OPERATION`: every operation of the table, named three ways, through the facade.

An operation is named `tag.method` (`models.load`, `chat.create_stream`), by its generated name
(`load_model`) or by its route (`"POST /v1/model/load"`). Its request fields are options;
`--body` gives a whole body and `--extra-body` fields this client does not know yet.
"""

from __future__ import annotations

import difflib
import functools
from typing import TYPE_CHECKING, Any

import click

from .options import DerivedCommand, fields_from, merged_body, read_json_argument

if TYPE_CHECKING:
    from .._operations import Operation, OperationTable
    from .config import State

STREAM_MODE = "stream"


def table() -> OperationTable:
    from .._operations import operation_table

    return operation_table()


def primary_method(op: Operation) -> str:
    """The facade method a plain name means: the one returning the answer (not the stream)."""
    for name, mode in op.facade_methods.items():
        if mode != STREAM_MODE:
            return name
    return next(iter(op.facade_methods))


def target(op: Operation) -> tuple[Operation, str]:
    """(operation whose facade method to call, method name); route aliases go to their
    canonical operation, which takes the same request."""
    if not op.facade_methods and op.alias_of:
        op = table().by_key[op.alias_of]
    if not op.facade_methods:
        raise click.UsageError(f"{op.key} has no facade method; use the raw client")
    return op, primary_method(op)


def names() -> dict[str, tuple[Operation, Operation, str]]:
    """Every name `call` lists -> (operation named, operation called, facade method):
    `tag.method` per facade method, `tag.name` for a route alias."""
    found: dict[str, tuple[Operation, Operation, str]] = {}
    for op in table().operations:
        for method in op.facade_methods:
            found[f"{op.tag}.{method}"] = (op, op, method)
        if not op.facade_methods:
            found[f"{op.tag}.{op.name}"] = (op, *target(op))
    return found


def resolve(name: str) -> tuple[Operation, str, str] | None:
    """(operation to call, facade method, listed name) for any of the three spellings."""
    listed = names()
    if name in listed:
        _, op, method = listed[name]
        return op, method, name
    ops = table()
    by_name = [op for op in ops.operations if op.name == name]
    verb, _, path = name.strip().partition(" ")
    named = by_name[0] if by_name else ops.by_key.get(f"{verb.upper()} {path.strip()}")
    if named is None:
        return None
    op, method = target(named)
    return op, method, f"{op.tag}.{method}"


@functools.cache
def summary(tag: str, method: str) -> str:
    """The first sentence of the facade method's docstring (generated from the spec)."""
    from tabbyapi_client.facade.sync_services import Services

    doc = getattr(getattr(Services(), tag), method).__doc__ or ""
    paragraph = " ".join(doc.strip().split("\n\n", 1)[0].split())
    sentence, dot, _ = paragraph.partition(". ")
    return sentence + "." if dot else paragraph


class CallGroup(click.Group):
    """Subcommands resolved from the operation table at run time."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = resolve(cmd_name)
        if found is None:
            known = [*names(), *(op.name for op in table().operations)]
            close = difflib.get_close_matches(cmd_name, known, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise click.UsageError(
                f"no operation {cmd_name!r}.{hint} `tabby call --help` lists them.", ctx
            )
        return operation_command(*found)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name, (named, op, method) in sorted(names().items()):
            route = named.key if named is op else f"{named.key} (alias of {op.key})"
            rows.append((name, f"{route}  {summary(op.tag, method)}"))
        with formatter.section(
            "Operations (tag.method; the generated name or the route works too)"
        ):
            formatter.write_dl(rows, col_max=34)


def operation_command(op: Operation, method: str, listed: str) -> click.Command:
    mode = op.facade_methods[method]
    stream_note = " Streams: one JSON event per line." if mode == STREAM_MODE else ""

    @click.pass_context
    def callback(
        ctx: click.Context, /, body: str | None, extra_body: str | None, **params: Any
    ) -> None:
        state: State = ctx.obj
        given = read_json_argument(body, "--body") if body is not None else None
        fields = merged_body(op, given, fields_from(params), ctx.command)
        extra = read_json_argument(extra_body, "--extra-body") if extra_body is not None else None
        if extra is not None and not isinstance(extra, dict):
            raise click.BadParameter("must be a JSON object", param_hint="--extra-body")
        result = invoke(state, op, method, fields, extra_body=extra)
        if mode == STREAM_MODE:
            print_stream(state, result)
        else:
            state.out.data(result)

    command = DerivedCommand(
        listed,
        operation=lambda: op,
        callback=callback,
        help=f"{op.key}: {summary(op.tag, method)}{stream_note}",
        params=[
            click.Option(
                ["--body"],
                metavar="JSON|@FILE|-",
                help="The whole request body (options given override its fields).",
            ),
            click.Option(
                ["--extra-body"],
                metavar="JSON|@FILE",
                help="Fields this client does not know yet, sent as they are.",
            ),
        ],
    )
    return command


def invoke(
    state: State,
    op: Operation,
    method: str,
    fields: dict[str, Any],
    *,
    extra_body: dict[str, Any] | None = None,
) -> Any:
    """`client.<tag>.<method>(**fields)` on the state's client."""
    function = getattr(getattr(state.client(), op.tag), method)
    if extra_body:
        return function(**fields, extra_body=extra_body)
    return function(**fields)


def print_stream(state: State, stream: Any) -> None:
    """Each event of a stream as one JSON line; Ctrl-C closes it (ending the generation)."""
    try:
        with stream:
            for event in stream:
                state.out.json_line(event)
    except KeyboardInterrupt:
        state.out.info("Interrupted: the stream is closed.")
        raise SystemExit(130) from None


@click.group("call", cls=CallGroup)
def call() -> None:
    """Call any operation of the API: `tabby call models.load --model-name NAME`.

    OPERATION is `tag.method` as listed below, the generated operation name (`load_model`) or the
    route (`"POST /v1/model/load"`). `tabby call OPERATION --help` lists its fields as options.
    """
