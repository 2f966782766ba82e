"""The contract between the generated facade services and the client that runs them.

Hand-written and imported by `generator/facade.py` (which reads the call options from here) and
by the services it writes (`tabbyapi_client/facade/`): each generated method builds one `Call`
from its arguments and hands it to the client's engine (`Engine._request`). Nothing here knows an
operation; adding one to the spec needs no change in this file.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Final,
    Protocol,
    SupportsIndex,
    TypedDict,
    TypeVar,
    overload,
)

if TYPE_CHECKING:
    import httpx

_T_co = TypeVar("_T_co", covariant=True)


class NotGiven:
    """The default of every optional field: the field is left out of the request (the server's
    default, or its sampler override preset, applies). Not the same as passing None (JSON null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@dataclasses.dataclass(frozen=True, slots=True)
class CallOptions:
    """The options every facade method takes besides the request's fields.

    The generator writes one parameter per field, with this annotation and this `doc`; a field
    of the request that has an option's name keeps it, and the option becomes `request_<name>`.
    """

    extra_headers: Mapping[str, str] | None = dataclasses.field(
        default=None, metadata={"doc": "Headers to add to this request."}
    )
    extra_body: Mapping[str, object] | None = dataclasses.field(
        default=None,
        metadata={
            "doc": "JSON fields to add to the body"
            " (fields a newer TabbyAPI knows before you regenerate)."
        },
    )
    extra_query: Mapping[str, str | int | float | bool] | None = dataclasses.field(
        default=None, metadata={"doc": "Query parameters to add."}
    )
    timeout: float | httpx.Timeout | None = dataclasses.field(
        default=None,
        metadata={
            "doc": "Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout."
        },
    )


#: Options of a call that gave none.
NO_OPTIONS: Final = CallOptions()


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    """One facade call, as a generated method hands it to the engine.

    `key` names the operation (`"POST /v1/chat/completions"`, the operation table's key), `mode`
    the kind of method ("call": the JSON answer, "stream": an open stream, "drain": a stream's
    last event, or one of `HELPER_MODES`), `fields` the request's fields as given (`NOT_GIVEN`
    where left out), `aliases` the values given under the server's other names for fields,
    `extras` a helper method's own arguments (`response_format=`, `max_rounds=`, ...).
    """

    key: str
    mode: str
    fields: Mapping[str, Any]
    options: CallOptions = NO_OPTIONS
    aliases: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    extras: Mapping[str, Any] = dataclasses.field(default_factory=dict)


#: Modes of the helper methods (generator/operations.yaml `helper_methods`): hand-written
#: behaviour over an operation's request (`tabby_ext/_async/helpers.py`), not one request each.
HELPER_MODES: Final = frozenset({"parse", "parse_stream", "tools", "tools_stream"})


class Engine(Protocol):
    """What a service needs from its client: one entry point that runs a `Call`."""

    def _request(self, call: Call) -> Any: ...


class Service:
    """One TabbyAPI tag of a client (`client.chat`, `client.models`, ...).

    A service with helper methods (`chat.parse`, ...) names the generated class that holds
    them in `_helpers` (module, class); they are looked up there on first use, so importing
    the client does not load them. Type checkers see that class as the service's base.
    """

    __slots__ = ("_client",)
    _helpers: ClassVar[tuple[str, str] | None] = None

    def __init__(self, client: Engine) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} service>"

    if not TYPE_CHECKING:  # type checkers know the helpers from the service's declared base

        def __getattr__(self, name: str) -> Any:
            helpers = _helper_class(type(self)._helpers)
            method = helpers.__dict__.get(name) if helpers is not None else None
            if method is None or name.startswith("__"):
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
                )
            return method.__get__(self, type(self))

        def __dir__(self) -> list[str]:
            helpers = _helper_class(type(self)._helpers)
            names = [n for n in vars(helpers) if not n.startswith("_")] if helpers else []
            return sorted({*super().__dir__(), *names})


def _helper_class(where: tuple[str, str] | None) -> Any:
    """The class of helper methods `(module, class)` (imported on first use), or None."""
    if where is None:
        return None
    module = sys.modules.get(where[0])
    if module is None:
        module = importlib.import_module(where[0])
    return getattr(module, where[1])


class SequenceNotStr(Protocol[_T_co]):
    """A sequence that is not a `str` (a `str` is a sequence of str, but never a list field).

    Only the methods both type checkers need: with `index` / `count` taking `Any`, mypy would
    also accept `[1, 2]` where strings are due.
    """

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...


class NoAliases(TypedDict, total=False):
    """No other keyword is accepted: the method's parameters are all there is."""
