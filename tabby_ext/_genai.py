"""What a call's telemetry says, in the OpenTelemetry GenAI semantic conventions' words.

Pure functions and one accumulator, no OpenTelemetry import (tabby_ext/_otel.py records what
they return): span names and attributes from a call's fields, and from its answer or stream.

* Generations (chat, completions, embeddings, Kobold's generate) follow the conventions' client
  inference and embeddings spans: `{gen_ai.operation.name} {gen_ai.request.model}`, the
  request's recommended parameters, `gen_ai.response.*`, `gen_ai.usage.*` as the server counted
  them, and TabbyAPI's own figures under `tabbyapi.` (its prompt and generation speeds and times
  from `usage`, docs/server-behavior.md §6, and each choice's `eos_reason`).
* Every other operation is a `tabbyapi.<tag>.<method>` span; the admin ones (model, LoRA,
  template and sampler changes, downloads) name what they change, never a key (a download's
  `token` is not read).
* Content (prompts, answers, tool definitions) only when the client captures content, as JSON
  strings in the conventions' message schemas.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._operations import to_jsonable

PROVIDER = "tabbyapi"

#: The generations, by operation key, and their `gen_ai.operation.name`.
GENERATIONS = {
    "POST /v1/chat/completions": "chat",
    "POST /v1/completions": "text_completion",
    "POST /v1/embeddings": "embeddings",
    "POST /api/v1/generate": "text_completion",
    "POST /api/extra/generate/stream": "text_completion",
}
#: The generations whose answers have choices, each with a finish reason.
CHOICES = frozenset({"POST /v1/chat/completions", "POST /v1/completions"})
#: The generations that generate (embeddings count input tokens only).
OUTPUTS = frozenset(GENERATIONS) - {"POST /v1/embeddings"}
#: The model load stream, whose progress events become span events.
MODEL_LOAD = "POST /v1/model/load"

Attributes = dict[str, Any]

#: Request fields recorded as the conventions' recommended request attributes (as given).
_INTS = {"max_tokens": "gen_ai.request.max_tokens", "top_k": "gen_ai.request.top_k"}
_INTS |= {"seed": "gen_ai.request.seed"}
_FLOATS = {
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "presence_penalty": "gen_ai.request.presence_penalty",
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _names(value: Any) -> list[str] | None:
    """A string or a list of them (or of token ids) as a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and value:
        return [str(v) for v in value if isinstance(v, str | int)]
    return None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# ---- requests -------------------------------------------------------------------------------


def span_name(key: str, label: str, fields: Mapping[str, Any]) -> str:
    """`chat Qwen3-4B-exl3`, `text_completion` (no model named), `tabbyapi.models.load`."""
    operation = GENERATIONS.get(key)
    if operation is None:
        return f"tabbyapi.{label}"
    model = _text(fields.get("model"))
    return f"{operation} {model}" if model else operation


def start_attributes(key: str, label: str, fields: Mapping[str, Any]) -> Attributes:
    """What the span has from its start (what samplers see), besides `server.*`."""
    operation = GENERATIONS.get(key)
    if operation is None:
        return {"tabbyapi.operation": label}
    attributes: Attributes = {
        "gen_ai.operation.name": operation,
        "gen_ai.provider.name": PROVIDER,
    }
    model = _text(fields.get("model"))
    if model:
        attributes["gen_ai.request.model"] = model
    return attributes


def request_attributes(
    key: str, fields: Mapping[str, Any], streaming: bool, capture: bool
) -> Attributes:
    """The request's recorded parameters (and its content when `capture`)."""
    if key not in GENERATIONS:
        admin = ADMIN.get(key)
        return admin(fields) if admin is not None else {}
    attributes: Attributes = {}
    for field, name in _INTS.items():
        number = _int(fields.get(field))
        if number is not None:
            attributes[name] = number
    for field, name in _FLOATS.items():
        real = _number(fields.get(field))
        if real is not None:
            attributes[name] = real
    stops = _names(fields.get("stop"))
    if stops:
        attributes["gen_ai.request.stop_sequences"] = stops
    count = _int(fields.get("n"))
    if count is not None and count != 1:
        attributes["gen_ai.request.choice.count"] = count
    if streaming:
        attributes["gen_ai.request.stream"] = True
    encoding = _text(fields.get("encoding_format"))
    if encoding:
        attributes["gen_ai.request.encoding_formats"] = [encoding]
    output = _output_type(fields)
    if output:
        attributes["gen_ai.output.type"] = output
    if capture:
        attributes.update(_request_content(fields))
    return attributes


def _output_type(fields: Mapping[str, Any]) -> str | None:
    fmt = to_jsonable(fields.get("response_format"))
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind in ("json_object", "json_schema") or fields.get("json_schema") is not None:
        return "json"
    return "text" if kind == "text" else None


def _request_content(fields: Mapping[str, Any]) -> Attributes:
    attributes: Attributes = {}
    messages = to_jsonable(fields.get("messages"))
    prompt = fields.get("prompt")
    if isinstance(messages, list):
        attributes["gen_ai.input.messages"] = _dumps([_input_message(m) for m in messages])
    elif isinstance(prompt, str | list):
        prompts = [prompt] if isinstance(prompt, str) else prompt
        parts = [{"type": "text", "content": str(p)} for p in prompts]
        attributes["gen_ai.input.messages"] = _dumps([{"role": "user", "parts": parts}])
    tools = to_jsonable(fields.get("tools"))
    if isinstance(tools, list) and tools:
        attributes["gen_ai.tool.definitions"] = _dumps([_tool_definition(t) for t in tools])
    return attributes


def _input_message(message: Any) -> dict[str, Any]:
    if not isinstance(message, dict):
        return {"role": "user", "parts": []}
    role = str(message.get("role") or "user")
    parts: list[dict[str, Any]] = []
    reasoning = message.get("reasoning_content")
    if isinstance(reasoning, str) and reasoning:
        parts.append({"type": "reasoning", "content": reasoning})
    content = message.get("content")
    if role == "tool":
        parts.append(
            {"type": "tool_call_response", "id": message.get("tool_call_id"), "response": content}
        )
    elif isinstance(content, str):
        parts.append({"type": "text", "content": content})
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and part.get("type", "text") == "text":
                parts.append({"type": "text", "content": part.get("text")})
            elif isinstance(part, dict):  # an image: its kind, never its data
                parts.append({"type": str(part.get("type"))})
    for call in message.get("tool_calls") or ():
        if isinstance(call, dict):
            function = call.get("function") or {}
            name, arguments = function.get("name"), function.get("arguments")
            parts.append(_tool_call(call.get("id"), name, arguments))
    return {"role": role, "parts": parts}


def _tool_call(call_id: Any, name: Any, arguments: Any) -> dict[str, Any]:
    if isinstance(arguments, str):
        with contextlib.suppress(ValueError):  # arguments that are not JSON stay a string
            arguments = json.loads(arguments)
    return {"type": "tool_call", "id": call_id, "name": name, "arguments": arguments}


def _tool_definition(tool: Any) -> dict[str, Any]:
    function = tool.get("function") if isinstance(tool, dict) else None
    if not isinstance(function, dict):
        return {"type": str(tool.get("type")) if isinstance(tool, dict) else "function"}
    out = {"type": str(tool.get("type") or "function"), "name": function.get("name")}
    for key in ("description", "parameters"):
        if function.get(key) is not None:
            out[key] = function[key]
    return out


# ---- admin operations: what they change, by name ---------------------------------------------


def _picker(**names: str) -> Callable[[Mapping[str, Any]], Attributes]:
    """Attributes from string or integer fields: `_picker(model_name="tabbyapi.model.name")`."""

    def pick(fields: Mapping[str, Any]) -> Attributes:
        out: Attributes = {}
        for field, name in names.items():
            value = fields.get(field)
            if isinstance(value, str | int) and not isinstance(value, bool):
                out[name] = value
        return out

    return pick


def _model_load(fields: Mapping[str, Any]) -> Attributes:
    out = _picker(model_name="tabbyapi.model.name", max_seq_len="tabbyapi.model.max_seq_len")(
        fields
    )
    draft = to_jsonable(fields.get("draft_model"))
    if isinstance(draft, dict) and isinstance(draft.get("draft_model_name"), str):
        out["tabbyapi.model.draft_name"] = draft["draft_model_name"]
    return out


def _lora_load(fields: Mapping[str, Any]) -> Attributes:
    loras = to_jsonable(fields.get("loras"))
    names = [str(lora.get("name")) for lora in loras or () if isinstance(lora, dict)]
    return {"tabbyapi.lora.names": names} if names else {}


#: Admin operations, by key: the attributes naming what they change.
ADMIN: dict[str, Callable[[Mapping[str, Any]], Attributes]] = {
    MODEL_LOAD: _model_load,
    "POST /v1/model/embedding/load": _picker(embedding_model_name="tabbyapi.model.name"),
    "POST /v1/lora/load": _lora_load,
    "POST /v1/template/switch": _picker(prompt_template_name="tabbyapi.template.name"),
    "POST /v1/sampling/override/switch": _picker(preset="tabbyapi.sampler_override.preset"),
    # Never `token` (a Hugging Face key).
    "POST /v1/download": _picker(
        repo_id="tabbyapi.download.repo_id",
        repo_type="tabbyapi.download.repo_type",
        revision="tabbyapi.download.revision",
    ),
}


def load_progress(event: Any) -> Attributes:
    """A model load's progress event as the attributes of a span event."""
    out: Attributes = {}
    for field, name in (
        ("model_type", "tabbyapi.model.type"),
        ("module", "tabbyapi.model.module"),
        ("modules", "tabbyapi.model.modules"),
        ("status", "tabbyapi.model.status"),
    ):
        value = getattr(event, field, None)
        if isinstance(value, str | int) and not isinstance(value, bool):
            out[name] = value
    return out


# ---- answers and streams ---------------------------------------------------------------------


class Tally:
    """What a generation answered, from its answer or, chunk by chunk, from its stream."""

    __slots__ = (
        "capture",
        "dimensions",
        "eos",
        "finish",
        "input_tokens",
        "output_tokens",
        "outputs",
        "parts",
        "response_id",
        "response_model",
        "speeds",
        "usage",
    )

    def __init__(self, capture: bool, outputs: bool = True) -> None:
        self.capture = capture
        #: Whether output tokens are counted (not for embeddings).
        self.outputs = outputs
        self.response_id: str | None = None
        self.response_model: str | None = None
        #: Per choice index: finish reason, TabbyAPI's eos_reason, usage (streams: per choice).
        self.finish: dict[int, str] = {}
        self.eos: dict[int, str] = {}
        self.usage: dict[int, Any] = {}
        self.dimensions: int | None = None
        #: Per choice index, when capturing: (kind, text or tool call) in order.
        self.parts: dict[int, list[tuple[str, Any]]] = {}
        self.input_tokens: int | None = None
        self.output_tokens: int | None = None
        self.speeds: Attributes = {}

    # -- answers --

    def answer(self, result: Any) -> None:
        """A non-streamed answer (chat, completion, embeddings, Kobold's generate)."""
        self.response_id = _text(getattr(result, "id", None))
        self.response_model = _text(getattr(result, "model", None))
        usage = getattr(result, "usage", None)
        if usage is not None:
            self.usage[0] = usage
        data = getattr(result, "data", None)
        if isinstance(data, list) and data:  # embeddings
            vector = getattr(data[0], "embedding", None)
            if isinstance(vector, list):
                self.dimensions = len(vector)
        results = getattr(result, "results", None)
        if isinstance(results, list):  # Kobold
            for index, item in enumerate(results):
                self._add(index, "text", getattr(item, "text", None))
        for position, choice in enumerate(getattr(result, "choices", None) or ()):
            index = self._choice(choice, position)
            message = getattr(choice, "message", None)
            if message is not None:
                self._message(index, message)
            else:
                self._add(index, "text", getattr(choice, "text", None))

    def _choice(self, choice: Any, position: int) -> int:
        index = _int(getattr(choice, "index", None))
        index = position if index is None else index
        finish = _text(getattr(choice, "finish_reason", None))
        if finish:
            self.finish[index] = finish
        eos = _text(getattr(choice, "eos_reason", None))
        if eos:
            self.eos[index] = eos
        return index

    def _message(self, index: int, message: Any) -> None:
        if not self.capture:
            return
        self._add(index, "reasoning", getattr(message, "reasoning_content", None))
        self._add(index, "text", getattr(message, "content", None))
        calls = getattr(message, "tool_calls", None)
        for call in calls if isinstance(calls, list) else ():
            function = getattr(call, "function", None)
            self._add(
                index,
                "tool_call",
                _tool_call(
                    _text(getattr(call, "id", None)),
                    _text(getattr(function, "name", None)),
                    getattr(function, "arguments", None),
                ),
            )

    def _add(self, index: int, kind: str, value: Any) -> None:
        if self.capture and ((isinstance(value, str) and value) or kind == "tool_call"):
            self.parts.setdefault(index, []).append((kind, value))

    # -- streams --

    def chunk(self, chunk: Any) -> None:
        """One stream chunk (chat, completion or Kobold)."""
        if self.response_id is None:
            self.response_id = _text(getattr(chunk, "id", None))
            self.response_model = _text(getattr(chunk, "model", None)) or _text(
                getattr(chunk, "model_name", None)
            )
        choices = getattr(chunk, "choices", None)
        usage = getattr(chunk, "usage", None)
        if choices is None:  # Kobold: {"token"}
            self._add(0, "text", getattr(chunk, "token", None))
            return
        index = 0
        for position, choice in enumerate(choices):
            index = self._choice(choice, position)
            if self.capture:
                delta = getattr(choice, "delta", None)
                if delta is not None:
                    self._message(index, delta)
                else:
                    self._add(index, "text", getattr(choice, "text", None))
        if usage is not None and _int(getattr(usage, "prompt_tokens", None)) is not None:
            self.usage[index] = usage  # the choice's own usage (`n > 1`: one per choice)

    # -- the end --

    def attributes(self, choices: int) -> Attributes:
        """The span's response attributes; `choices`: how many the request asked for (a choice
        with no finish reason, in a stream that ended short, reads `error`)."""
        out: Attributes = {}
        if self.response_id:
            out["gen_ai.response.id"] = self.response_id
        if self.response_model:
            out["gen_ai.response.model"] = self.response_model
        if self.finish or choices:
            count = max([choices, *(i + 1 for i in self.finish)])
            out["gen_ai.response.finish_reasons"] = [
                self.finish.get(i, "error") for i in range(count)
            ]
        if self.eos:
            out["tabbyapi.response.eos_reasons"] = [
                self.eos.get(i, "") for i in range(max(self.eos) + 1)
            ]
        if self.dimensions is not None:
            out["gen_ai.embeddings.dimension.count"] = self.dimensions
        self._usage(out)
        if self.capture and self.parts:
            out["gen_ai.output.messages"] = _dumps(
                [self._output(i) for i in range(max(self.parts) + 1)]
            )
        return out

    def _usage(self, out: Attributes) -> None:
        if not self.usage:
            return
        prompts = [_int(getattr(u, "prompt_tokens", None)) for u in self.usage.values()]
        outputs = [_int(getattr(u, "completion_tokens", None)) for u in self.usage.values()]
        if prompts and all(p is not None for p in prompts):
            self.input_tokens = max(p for p in prompts if p is not None)
            out["gen_ai.usage.input_tokens"] = self.input_tokens
        if self.outputs and outputs and all(o is not None for o in outputs):
            self.output_tokens = sum(o for o in outputs if o is not None)
            out["gen_ai.usage.output_tokens"] = self.output_tokens
        last = self.usage[max(self.usage)]
        for field in (
            "prompt_tokens_per_sec",
            "completion_tokens_per_sec",
            "prompt_time",
            "completion_time",
            "total_time",
        ):
            # "Indeterminate" (a prompt too short to time) is left out: a number or nothing.
            value = _number(getattr(last, field, None))
            if value is not None:
                out[f"tabbyapi.usage.{field}"] = value

    def _output(self, index: int) -> dict[str, Any]:
        parts: list[dict[str, Any]] = []
        for kind, value in _merged(self.parts.get(index, ())):
            if kind == "tool_call":
                parts.append(value)
            else:
                parts.append({"type": kind, "content": value})
        message: dict[str, Any] = {"role": "assistant", "parts": parts}
        if index in self.finish:
            message["finish_reason"] = self.finish[index]
        return message


def _merged(parts: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A stream's pieces of text (or reasoning) joined where they follow each other (joined
    once, at the end: a long stream's pieces are not concatenated one by one)."""
    runs: list[tuple[str, list[Any]]] = []
    for kind, value in parts:
        if runs and kind != "tool_call" and runs[-1][0] == kind:
            runs[-1][1].append(value)
        else:
            runs.append((kind, [value]))
    return [(kind, values[0] if kind == "tool_call" else "".join(values)) for kind, values in runs]
