"""Fast typed decoding: JSON to the generated attrs models, several times quicker than `from_dict`.

The generated `from_dict` re-imports, re-defines helper closures and copies the dict on every call;
on a stream that is most of the client's CPU per chunk. From the decode plans the generator writes
beside the operation table (which JSON key holds a nested model, a list of models, or a plain
value), this module compiles one small straight-line function per model. The result is the same
object `from_dict` builds (a test checks equality); models whose fields the plan cannot describe
(unions of models, inline objects) keep their own `from_dict`.
"""

from __future__ import annotations

import functools
import importlib
import keyword
from collections.abc import Callable, Mapping
from typing import Any

Decoder = Callable[[Any], Any]


class DecodePlans:
    """Compiles and caches decoders for the models named in the generated plans."""

    def __init__(self, plans: Mapping[str, Any]) -> None:
        self._plans = plans
        self._compiling: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self._plans

    @functools.cache  # noqa: B019 - one instance per process (the operation table's)
    def decoder(self, name: str) -> Decoder:
        """The decoder for generated model class `name` (compiled once)."""
        plan = self._plans.get(name)
        if plan is None:
            raise KeyError(name)
        self._compiling.add(name)
        try:
            return self._build(plan)
        finally:
            self._compiling.discard(name)

    def _build(self, plan: Mapping[str, Any]) -> Decoder:
        cls = getattr(importlib.import_module(plan["module"]), plan["class"])
        if plan["fields"] is None:
            return cls.from_dict  # type: ignore[no-any-return]
        source = _compile(cls, plan["fields"])
        if source is None:
            return cls.from_dict  # type: ignore[no-any-return]
        code, needs = source
        from tabbyapi_client.types import UNSET

        env: dict[str, Any] = {"_cls": cls, "_U": UNSET, "_dict": dict, "_new": object.__new__}
        env.update(
            {f"_d_{n}": _Lazy(self, n) if n in self._compiling else self.decoder(n) for n in needs}
        )
        env["_known"] = frozenset(f[0] for f in plan["fields"])
        exec(code, env)  # the source is built above from the generated plan, never from input
        return env["decode"]  # type: ignore[no-any-return]


class _Lazy:
    """A nested decoder still being compiled further up (a recursive model), resolved on use."""

    __slots__ = ("_fn", "_name", "_plans")

    def __init__(self, plans: DecodePlans, name: str) -> None:
        self._plans = plans
        self._name = name
        self._fn: Decoder | None = None

    def __call__(self, data: Any) -> Any:
        fn = self._fn
        if fn is None:
            fn = self._fn = self._plans.decoder(self._name)
        return fn(data)


def _python_name(cls: Any, key: str) -> str | None:
    """The attrs field openapi-python-client made of JSON key `key` (`object` -> `object_`)."""
    names = {a.name for a in cls.__attrs_attrs__}
    for candidate in (key, f"{key}_"):
        if candidate in names and candidate.isidentifier() and not keyword.iskeyword(candidate):
            return candidate
    return None


def _compile(cls: Any, fields: list[list[Any]]) -> tuple[str, set[str]] | None:
    lines = [
        "def decode(d):",
        "    if type(d) is not _dict: raise TypeError(type(d).__name__)",
        "    get = d.get",
    ]
    args, needs = [], set()
    for i, field in enumerate(fields):
        key, kind, required = field[0], field[1], field[-1]
        py = _python_name(cls, key)
        if py is None:
            return None
        value = f"d[{key!r}]" if required else f"get({key!r}, _U)"
        if kind == "plain":
            args.append(f"{py}={value}")
            continue
        target = field[2]
        needs.add(target)
        fn = f"_d_{target}"
        convert = f"[{fn}(x) for x in v{i}]" if kind.startswith("list") else f"{fn}(v{i})"
        skip = [] if required else [f"v{i} is _U"]
        if kind.endswith("?"):
            skip.append(f"v{i} is None")
        lines.append(f"    v{i} = {value}")
        if skip:
            lines.append(f"    if not ({' or '.join(skip)}): v{i} = {convert}")
        else:
            lines.append(f"    v{i} = {convert}")
        args.append(f"{py}=v{i}")
    lines.append(f"    obj = _cls({', '.join(args)})")
    lines.append("    if not _known.issuperset(d):")
    lines.append(
        "        obj.additional_properties = {k: v for k, v in d.items() if k not in _known}"
    )
    lines.append("    return obj")
    return "\n".join(lines), needs
