"""Answers in another TabbyAPI version's shape, derived from the two specs alone.

The fake writes every answer as the pinned TabbyAPI (e632af4) does. For an older version, each
JSON answer and each stream event is walked together with the schema the pinned spec declares
for that operation's answer and the schema the older spec declares for it, property by property
(`$ref`s followed, the `anyOf` branch the value is an instance of):

* a property the pinned schema declares and the older one does not is left out
  (`eos_reason`, `reasoning_content`, the usage timing fields, ...);
* a property only the older schema declares is added with that schema's default, or null
  where it is nullable (the `top_logprobs: null` of 436ce75's leaf log-probabilities);
* a key the pinned schema does not declare is the fake's own (an SSE chunk's envelope) and
  stays;
* the version's `hidden_fields` are added to complete dumps of the schema they belong to.

Stream events are walked with the schema of the operation's JSON answer: TabbyAPI builds a
completion chunk as a `CompletionResponse`, and a chat chunk's choice from the fields of the
answer's choice, its `delta` being a message like the answer's `message` (`STREAM_ALIASES`).

Request bodies go the other way: what the older request schema lacks is left out before the
fake reads the request (pydantic, which TabbyAPI's models use, ignores unknown fields), so an
older server ignores `tool_choice`, `enable_thinking`, `backend`, ... as the real one does.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sse_starlette import ServerSentEvent
from starlette.responses import JSONResponse, Response

from ._responses import compact_json
from ._spec import older_spec, request_schema, response_schema, spec
from ._versions import ServerVersion

#: A stream event's key -> the key of the JSON answer whose schema describes it.
STREAM_ALIASES: Mapping[str, str] = {"delta": "message"}
_ABSENT = object()


@dataclass(frozen=True)
class _Walk:
    """How a walk reshapes: `aliases` for keys of stream events; `answer` False (a request):
    only leave out, add nothing."""

    aliases: Mapping[str, str]
    answer: bool = True


_ANSWER, _EVENT, _REQUEST = _Walk({}), _Walk(STREAM_ALIASES), _Walk({}, answer=False)


class _Schemas:
    """One spec's schemas: `$ref`s followed, `anyOf` resolved against a value."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._components: dict[str, Any] = document.get("components", {}).get("schemas", {})

    def resolve(self, schema: Any, value: Any) -> tuple[dict[str, Any], str | None]:
        """The schema `value` is an instance of, and the component name it came from."""
        name = None
        for _ in range(32):
            if not isinstance(schema, dict):
                return {}, name
            ref = schema.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                schema = self._components.get(name, {})
                continue
            branches = schema.get("anyOf") or schema.get("oneOf")
            if branches:
                schema = self._branch(branches, value)
                continue
            return schema, name
        return {}, name

    def deref(self, schema: Any) -> dict[str, Any]:
        """`schema` with its `$ref`s followed (no `anyOf` resolved)."""
        for _ in range(32):
            if not isinstance(schema, dict):
                return {}
            ref = schema.get("$ref")
            if not isinstance(ref, str):
                return schema
            schema = self._components.get(ref.rsplit("/", 1)[-1], {})
        return {}

    def _branch(self, branches: list[Any], value: Any) -> Any:
        wanted = (
            "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
        )
        for branch in branches:
            resolved = self.deref(branch)
            kind = resolved.get("type") or ("object" if "properties" in resolved else None)
            if wanted is not None and kind == wanted:
                return branch
        return {}


def _nullable(schema: dict[str, Any]) -> bool:
    if schema.get("type") == "null":
        return True
    return any(isinstance(b, dict) and b.get("type") == "null" for b in schema.get("anyOf", []))


class Conformer:
    """Reshapes pinned-spec answers into what `version` sends, from the pinned and its spec."""

    def __init__(
        self, version: ServerVersion, *, old_document: dict[str, Any] | None = None
    ) -> None:
        """`old_document`: that version's spec (default: its shipped spec file)."""
        assert version.spec_file is not None
        self._version = version
        self._new_document = spec()
        self._old_document = old_document or older_spec(version.spec_file)
        self._new = _Schemas(self._new_document)
        self._old = _Schemas(self._old_document)

    # --- answers and events -------------------------------------------------------------

    def value(self, method: str, path: str, value: Any, *, event: bool = False) -> Any:
        """`value` (a JSON answer, or one stream event) as `version` sends it."""
        new = response_schema(self._new_document, method, path)
        old = response_schema(self._old_document, method, path)
        if new is None or old is None:
            return value
        return self._walk(value, new, old, _EVENT if event else _ANSWER)

    def request(self, method: str, path: str, body: Any) -> Any:
        """A request body as `version` reads it: without the fields its request schema lacks."""
        new = request_schema(self._new_document, method, path)
        old = request_schema(self._old_document, method, path)
        if new is None or old is None:
            return body
        return self._walk(body, new, old, _REQUEST)

    def response(self, method: str, path: str, response: Response) -> Response:
        """A JSON answer re-rendered in `version`'s shape (other responses as they are)."""
        if response.status_code != 200 or not isinstance(response, JSONResponse):
            return response
        before = json.loads(bytes(response.body))
        after = self.value(method, path, before)
        return response if after == before else JSONResponse(after, response.status_code)

    async def events(
        self, method: str, path: str, events: AsyncIterator[ServerSentEvent]
    ) -> AsyncIterator[ServerSentEvent]:
        """A stream's events in `version`'s shape (pydantic's compact JSON when reshaped)."""
        async for event in events:
            yield self._event(method, path, event)

    def _event(self, method: str, path: str, event: ServerSentEvent) -> ServerSentEvent:
        data = event.data
        if not isinstance(data, str) or not data.startswith("{"):
            return event
        before = json.loads(data)
        if "error" in before:
            return event
        after = self.value(method, path, before, event=True)
        if after == before:
            return event
        return ServerSentEvent(
            compact_json(after), event=event.event, id=event.id, retry=event.retry, sep=event._sep
        )

    # --- the walk -----------------------------------------------------------------------

    def _walk(self, value: Any, new: Any, old: Any, how: _Walk) -> Any:
        if isinstance(value, list):
            new_schema, _ = self._new.resolve(new, value)
            old_schema, _ = self._old.resolve(old, value)
            items_new, items_old = new_schema.get("items"), old_schema.get("items")
            if not isinstance(items_new, dict) or not isinstance(items_old, dict):
                return value
            return [self._walk(item, items_new, items_old, how) for item in value]
        if not isinstance(value, dict):
            return value
        new_schema, _ = self._new.resolve(new, value)
        old_schema, old_name = self._old.resolve(old, value)
        new_props = new_schema.get("properties")
        old_props = old_schema.get("properties")
        if not isinstance(new_props, dict) or not isinstance(old_props, dict):
            return self._walk_map(value, new_schema, old_schema, how)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key if key in new_props else how.aliases.get(key, key)
            if name not in new_props:
                out[key] = item  # not the spec's: the fake's own envelope
            elif name in old_props:
                out[key] = self._walk(item, new_props[name], old_props[name], how)
            # else: a field the older version does not have
        if not how.answer:
            return out
        for name, schema in old_props.items():
            if name not in new_props and name not in out:
                default = self._default(schema)
                if default is not _ABSENT:
                    out[name] = default
        hidden = self._version.hidden_fields.get(old_name or "")
        if hidden and out and set(old_props) <= set(out):
            for name, default in hidden.items():
                out.setdefault(name, copy.deepcopy(default))
        return out

    def _walk_map(
        self, value: dict[str, Any], new: dict[str, Any], old: dict[str, Any], how: _Walk
    ) -> Any:
        new_values, old_values = new.get("additionalProperties"), old.get("additionalProperties")
        if not isinstance(new_values, dict) or not isinstance(old_values, dict):
            return value
        return {k: self._walk(v, new_values, old_values, how) for k, v in value.items()}

    def _default(self, schema: Any) -> Any:
        resolved = self._old.deref(schema)
        if "default" in resolved:
            return copy.deepcopy(resolved["default"])
        if _nullable(resolved):
            return None
        return _ABSENT

    # --- what differs -------------------------------------------------------------------

    def missing_in_old(self) -> dict[str, list[str]]:
        """Per pinned component schema that the older spec also has: the properties it lacks
        there (what the walk leaves out wherever those schemas are reached)."""
        old_components = self._old_document.get("components", {}).get("schemas", {})
        missing = {}
        for name, schema in self._new_document["components"]["schemas"].items():
            old = old_components.get(name)
            if old is None:
                continue
            gone = sorted(set(schema.get("properties", {})) - set(old.get("properties", {})))
            if gone:
                missing[name] = gone
        return missing


# --- dumps ------------------------------------------------------------------------------


def dump(schema_name: str, **values: Any) -> dict[str, Any]:
    """A whole pydantic dump of a pinned-spec schema: every property, the given values, else
    the schema's default, else null (how TabbyAPI serialises the models it builds)."""
    schemas = spec()["components"]["schemas"]
    out: dict[str, Any] = {}
    for name, schema in schemas[schema_name]["properties"].items():
        if name in values:
            out[name] = values[name]
        else:
            out[name] = copy.deepcopy(schema.get("default"))
    unknown = set(values) - set(out)
    if unknown:
        raise KeyError(f"{schema_name} has no {sorted(unknown)}")
    return out


@cache
def conformer(version: ServerVersion) -> Conformer | None:
    """The reshaper for `version` (None for the pinned one: answers stay as written)."""
    return None if version.spec_file is None else Conformer(version)
