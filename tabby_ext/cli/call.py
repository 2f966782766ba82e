"""`tabby call OPERATION`: every operation of the table, named three ways, through the facade.

An operation is named `tag.method` (`models.load`, `chat.create_stream`), by its generated name
(`load_model`) or by its route (`"POST /v1/model/load"`). Its request fields are options;
`--body` gives a whole body and `--extra-body` fields this client does not know yet.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .options import derive, fields_from, json_object, merged_body
from .parser import PARSER, UsageError, WideFormatter, docstring

if TYPE_CHECKING:
    from argparse import Namespace

    from .._operations import Operation, OperationTable
    from .config import State
    from .parser import Parser


def table() -> OperationTable:
    from .._operations import operation_table

    return operation_table()


def target(op: Operation) -> tuple[Operation, str]:
    """(operation whose facade method to call, method name): the one `tabby_ext.batch`
    sends a line of `op`'s route to (a route alias goes to its canonical operation, the
    answer before the stream), or the stream of an operation that only streams."""
    from ..batch import facade_method

    found = facade_method(op, table())
    if found is None:
        raise UsageError(f"{op.key} has no facade method; use the raw client")
    return found


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


def call(parser: Parser) -> None:
    """Call any operation of the API: `tabby call models.load --model-name NAME`.

    OPERATION is `tag.method` as listed below, the generated operation name (`load_model`) or the
    route (`"POST /v1/model/load"`). `tabby call OPERATION --help` lists its fields as options.
    """
    parser.description = docstring(call)
    parser.formatter_class = WideFormatter
    parser.command_group(
        "operations (tag.method; the generated name or the route works too)", "OPERATION"
    )
    for name, (named, op, method) in sorted(names().items()):
        route = named.key if named is op else f"{named.key} (alias of {op.key})"
        parser.add_command(
            name, help=f"{route}  {summary(op.tag, method)}", build=operation_command(op, method)
        )
    parser.rewrite = canonical_name


def canonical_name(parser: Parser, args: list[str]) -> list[str]:
    """`load_model` or `"POST /v1/model/load"` -> `models.load` (the listed name); an unknown
    name is a usage error that suggests the closest one."""
    if not args or args[0].startswith("-") or args[0] in parser.commands:
        return args
    found = resolve(args[0])
    if found is None:
        known = [*names(), *(op.name for op in table().operations)]
        close = difflib.get_close_matches(args[0], known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        parser.error(f"no operation {args[0]!r}.{hint} `tabby call --help` lists them.")
    return [found[2], *args[1:]]


def operation_command(op: Operation, method: str) -> Callable[[Parser], None]:
    """Fills the parser of `tabby call tag.method`: --body, --extra-body, a field per option."""
    from ..batch import STREAM_MODE

    mode = op.facade_methods[method]
    stream_note = " Streams: one JSON event per line." if mode == STREAM_MODE else ""

    def handler(state: State, args: Namespace) -> None:
        fields = merged_body(op, args.body, fields_from(args), getattr(args, PARSER))
        result = invoke(state, op, method, fields, extra_body=args.extra_body)
        if mode == STREAM_MODE:
            print_stream(state, result)
        else:
            state.out.data(result)

    def build(parser: Parser) -> None:
        parser.handle(handler)
        parser.description = f"{op.key}: {summary(op.tag, method)}{stream_note}"
        parser.add_argument(
            "--body",
            metavar="JSON|@FILE|-",
            type=json_object("--body"),
            help="The whole request body (options given override its fields).",
        )
        parser.add_argument(
            "--extra-body",
            metavar="JSON|@FILE",
            type=json_object("--extra-body"),
            help="Fields this client does not know yet, sent as they are.",
        )
        derive(parser, lambda: op)

    return build


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
