"""Every answer a real TabbyAPI gave decodes, older and newer servers alike, even thinned out.

The recordings: `fixtures/observed_answers.json` (TabbyAPI e632af4, the pinned spec's; JSON
answers and stream events) and `fixtures/observed_436ce75.json` (TabbyAPI 436ce75, March 2025).
For each, hypothesis removes any subset of its null fields (at any depth) and adds unknown
fields to any of its objects; the client's typed decoder of the operation's answer (or stream
event) must accept the result, read each removed field as its default or None, and keep each
unknown field in that object's `additional_properties`.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tabby_ext._events import EventDecoder
from tabby_ext._operations import operation_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NORMALIZED = json.loads((ROOT / "generated" / "tabbyapi.normalized.json").read_text("utf-8"))
SCHEMAS = NORMALIZED["components"]["schemas"]
#: No shrinking: a failure already names the field the decoder missed, and a run with failures
#: stays as quick as one without.
THINNED = settings(
    max_examples=8,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Recorded:
    """One answer a real server gave: a 200 JSON body or one stream event's data."""

    server: str
    name: str
    operation: str  # "METHOD /path" of the operation whose decoder reads it
    value: Any
    event: bool

    @property
    def id(self) -> str:
        return f"{self.server} {self.name}"


def _new_recordings() -> list[Recorded]:
    observed = json.loads((FIXTURES / "observed_answers.json").read_text("utf-8"))
    answers = [
        Recorded("e632af4", f"{a['name']} #{i}", a["operation"], a["body"], False)
        for i, a in enumerate(observed["answers"])
    ]
    events = [
        Recorded("e632af4", f"{e['name']} #{i}", e["operation"], e["event"], True)
        for i, e in enumerate(observed["events"])
    ]
    return answers + events


def _old_recordings() -> list[Recorded]:
    """observed_436ce75.json is keyed by "METHOD /path <what was asked>": a body, a stream's
    events (a list, "[DONE]" included), or an error (status and body: not an answer)."""
    observed = json.loads((FIXTURES / "observed_436ce75.json").read_text("utf-8"))
    out = []
    for key, value in observed.items():
        if key in ("commit", "note"):
            continue
        method, path, *_ = key.split(" ")
        operation = f"{method} {path}"
        if isinstance(value, dict) and set(value) == {"status", "body"}:
            continue  # an error answer, decoded by the error mapping (not this test)
        if key.startswith("GET /v1/models"):  # the first cards of the listing
            value = {"object": "list", "data": value}
        if isinstance(value, list):
            items = [v for v in value if v != "[DONE]"]
            out += [
                Recorded("436ce75", f"{key} #{i}", operation, v, True) for i, v in enumerate(items)
            ]
        else:
            out.append(Recorded("436ce75", key, operation, value, False))
    return out


RECORDED = _new_recordings() + _old_recordings()


def test_both_servers_recordings_are_here() -> None:
    servers = {r.server for r in RECORDED}
    assert servers == {"e632af4", "436ce75"}
    old = [r for r in RECORDED if r.server == "436ce75"]
    assert {r.event for r in old} == {True, False} and len(old) >= 15


# ---- where the nulls and the objects are, from the spec ----------------------------------


def _resolve(schema: Any, value: Any) -> dict[str, Any]:
    for _ in range(32):
        if not isinstance(schema, dict):
            return {}
        if "$ref" in schema:
            schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
            continue
        if "anyOf" in schema:
            kind = (
                "object" if isinstance(value, dict) else "array" if isinstance(value, list) else ""
            )
            branches = [b for b in schema["anyOf"] if _resolve(b, None).get("type") == kind]
            schema = branches[0] if len(branches) == 1 else {}
            continue
        return schema
    return {}


def sites(value: Any, schema: Any, where: Path_ = ()) -> tuple[list[Path_], list[Path_]]:
    """(paths of null fields the schema declares, paths of the objects that are models)."""
    nulls: list[Path_] = []
    models: list[Path_] = []
    resolved = _resolve(schema, value)
    if isinstance(value, dict) and isinstance(resolved.get("properties"), dict):
        models.append(where)
        for key, item in value.items():
            declared = resolved["properties"].get(key)
            if declared is None:
                continue
            if item is None:
                nulls.append((*where, key))
            else:
                n, m = sites(item, declared, (*where, key))
                nulls += n
                models += m
    elif isinstance(value, list) and isinstance(resolved.get("items"), dict):
        for index, item in enumerate(value):
            n, m = sites(item, resolved["items"], (*where, index))
            nulls += n
            models += m
    return nulls, models


def schema_of(recorded: Recorded) -> Any:
    method, path = recorded.operation.split(" ", 1)
    content = NORMALIZED["paths"][path][method.lower()]["responses"]["200"]["content"]
    if recorded.event:
        return content["text/event-stream"]["itemSchema"]
    return content["application/json"]["schema"]


def test_sites_find_nested_nulls_and_models() -> None:
    card = {"id": "m", "logging": {"log_prompt": None}, "parameters": None, "extra": None}
    nulls, models = sites(card, {"$ref": "#/components/schemas/ModelCard"})
    assert nulls == [("logging", "log_prompt"), ("parameters",)]
    assert models == [(), ("logging",)]


# ---- thinning a recording out, and reading it back ---------------------------------------


def _at(value: Any, path: Path_) -> Any:
    for step in path:
        value = value[step]
    return value


UNKNOWN_NAMES = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=6).map(
    lambda s: f"zz_{s}"
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**31), 2**31) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(UNKNOWN_NAMES, inner, max_size=2),
    max_leaves=4,
)


@st.composite
def thinned(
    draw: st.DrawFn, recorded: Recorded
) -> tuple[Any, list[Path_], list[tuple[Path_, str, Any]]]:
    """The recording with some null fields removed and some unknown fields added; returns it,
    the removed paths and the (object path, name, value) of each added field."""
    nulls, models = sites(recorded.value, schema_of(recorded))
    value = copy.deepcopy(recorded.value)
    removed = draw(st.lists(st.sampled_from(nulls), unique=True)) if nulls else []
    for path in removed:
        del _at(value, path[:-1])[path[-1]]
    added = []
    chosen = draw(st.lists(st.sampled_from(models), unique=True, max_size=4)) if models else []
    for where in chosen:
        target = _at(value, where)
        for name, extra in draw(
            st.dictionaries(UNKNOWN_NAMES, JSON, min_size=1, max_size=2)
        ).items():
            if name not in target:
                target[name] = extra
                added.append((where, name, extra))
    return value, removed, added


def decode(recorded: Recorded, value: Any) -> Any:
    op = operation_table().by_key[recorded.operation]
    raw = json.dumps(value).encode()
    if not recorded.event:
        return op.parse(raw)
    assert op.stream is not None
    (chunk,) = EventDecoder(op.stream, idle_timeout=None).feed(b"data: " + raw + b"\r\n\r\n")
    return chunk


def _field(obj: Any, key: str) -> attrs.Attribute[Any]:
    by_name = attrs.fields_dict(type(obj))
    for name in (key, f"{key}_"):
        if name in by_name:
            return by_name[name]
    raise AssertionError(f"{type(obj).__name__} has no field for {key!r}")


def follow(decoded: Any, path: Path_) -> Any:
    """The decoded value at a JSON path: attributes of models, items of lists and maps."""
    for step in path:
        if isinstance(step, int) or isinstance(decoded, dict):
            decoded = decoded[step]
        else:
            decoded = getattr(decoded, _field(decoded, step).name)
    return decoded


@pytest.mark.parametrize("recorded", RECORDED, ids=[r.id for r in RECORDED])
@THINNED
@given(data=st.data())
def test_a_thinned_out_real_answer_decodes(recorded: Recorded, data: st.DataObject) -> None:
    value, removed, added = data.draw(thinned(recorded))
    decoded = decode(recorded, value)
    for path in removed:
        owner = follow(decoded, path[:-1])
        attribute = _field(owner, str(path[-1]))
        read = getattr(owner, attribute.name)
        default = attribute.default
        assert read is None or (default is not attrs.NOTHING and read == default), (path, read)
    for where, name, extra in added:
        assert follow(decoded, where).additional_properties[name] == extra, (where, name)
