"""Deterministic "generation": token i is `tok{i}` (text pieces "tok0", " tok1", ...).

Plans honour max_tokens, stop strings/ids and a natural end of sequence, so streaming and
non-streaming answers to the same request always agree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ._tokens import Tokenizer

#: Tokens generated when a request sets no max_tokens; the fake model then emits EOS.
NATURAL_LENGTH = 16
#: Reasoning models think this many tokens ("think0 think1 think2") before answering.
REASONING_LENGTH = 3
MAX_TOKEN_ALIASES = ("max_length", "max_completion_tokens")


def piece(index: int, word: str = "tok") -> str:
    return f"{word}{index}" if index == 0 else f" {word}{index}"


@dataclass(frozen=True)
class Plan:
    """What one choice generates: visible text pieces plus how and why it ended."""

    pieces: tuple[str, ...]
    completion_tokens: int
    finish_reason: str
    eos_reason: str
    stop_str: str | None = None

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def plan(
    max_tokens: int | None,
    stop: list[str | int],
    tokenizer: Tokenizer,
    word: str = "tok",
    room: int | None = None,
) -> Plan:
    """Generate until max_tokens, a stop string/id, the context is full (`room` tokens left)
    or, with no max_tokens, the natural end."""
    natural = max_tokens is None
    limit = NATURAL_LENGTH if max_tokens is None else max_tokens
    if room is not None and room < limit:
        limit, natural = max(room, 0), False
    stop_strings = [s for s in stop if isinstance(s, str) and s]
    stop_ids = {s for s in stop if isinstance(s, int)}
    pieces: list[str] = []
    text = ""
    for index in range(limit):
        token = piece(index, word)
        if tokenizer.token_id(token) in stop_ids:
            return Plan(tuple(pieces), index + 1, "stop", "stop_token")
        text += token
        hits = [(text.find(s), s) for s in stop_strings if s in text]
        if hits:
            cut, stop_str = min(hits)
            visible: list[str] = []
            for kept in (*pieces, token):
                if cut <= 0:
                    break
                visible.append(kept[:cut])
                cut -= len(kept)
            return Plan(tuple(visible), index + 1, "stop", "stop_string", stop_str)
        pieces.append(token)
    if natural:
        return Plan(tuple(pieces), limit, "stop", "stop_token")
    return Plan(tuple(pieces), limit, "length", "max_new_tokens")


def normalise_params(body: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Apply max_tokens aliases, then sampler overrides (request defaults, or forced)."""
    params = dict(body)
    if params.get("max_tokens") is None:
        for alias in MAX_TOKEN_ALIASES:
            if params.get(alias) is not None:
                params["max_tokens"] = params[alias]
                break
    for name, override in overrides.items():
        value, force = (
            (override.get("override"), bool(override.get("force")))
            if isinstance(override, dict)
            else (override, False)
        )
        if force or params.get(name) is None:
            params[name] = value
    return params


def stop_list(params: dict[str, Any]) -> list[str | int]:
    stop = params.get("stop")
    if stop is None:
        return []
    return [stop] if isinstance(stop, str) else list(stop)


def usage(prompt_tokens: int, completion_tokens: int, started: float) -> dict[str, Any]:
    """TabbyAPI's usage block, including its non-standard timing keys."""
    elapsed = round(time.monotonic() - started, 2)
    per_sec: float | str = round(completion_tokens / elapsed, 2) if elapsed else "Indeterminate"
    return {
        "prompt_tokens": prompt_tokens,
        "prompt_time": 0.0,
        "prompt_tokens_per_sec": "Indeterminate",
        "completion_tokens": completion_tokens,
        "completion_time": elapsed,
        "completion_tokens_per_sec": per_sec,
        "total_tokens": prompt_tokens + completion_tokens,
        "total_time": elapsed,
    }


def logprob(index: int) -> float:
    return round(-0.125 * (index % 7 + 1), 4)


def top_candidates(token: str, index: int, count: int) -> list[tuple[str, float]]:
    """The sampled token first, then made-up runners-up with lower log-probabilities."""
    chosen = [(token, logprob(index))]
    return (chosen + [(f"{token}_alt{k}", logprob(index) - k) for k in range(1, count)])[:count]
