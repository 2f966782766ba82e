"""What the fake server has "on disk": model folders, templates, presets, LoRAs, and defaults.

Everything is deterministic so tests can assert exact names, module counts and contexts.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class FakeModel:
    """A model folder: `modules` drives the load progress stream; `reasoning` makes chat
    completions start with `reasoning_content` (unless the request disables thinking)."""

    name: str
    modules: int = 6
    max_seq_len: int = 4096
    prompt_template: str | None = "chatml"
    reasoning: bool = False


DEFAULT_MODELS = (
    FakeModel("Llama-3.1-8B-Instruct-exl3", modules=6, prompt_template="llama3"),
    FakeModel("Qwen3-4B-exl3", modules=4, prompt_template="chatml", reasoning=True),
)
DEFAULT_DRAFT_MODELS = (
    FakeModel("Llama-3.2-1B-Instruct-exl3", modules=3, prompt_template="llama3"),
)
DEFAULT_EMBEDDING_MODELS = ("bge-small-en-v1.5",)
DEFAULT_TEMPLATES = ("chatml", "llama3", "alpaca")
DEFAULT_LORAS = ("tabby-style-lora",)
DEFAULT_DOWNLOADABLE_REPOS = ("turboderp/Llama-3.2-1B-Instruct-exl3",)
DEFAULT_SAMPLER_PRESETS: MappingProxyType[str, dict[str, Any]] = MappingProxyType(
    {
        "safe_defaults": {
            "temperature": {"override": 1.0, "force": False},
            "top_p": {"override": 1.0, "force": False},
        },
        "creative": {
            "temperature": {"override": 1.3, "force": False},
            "max_tokens": {"override": 32, "force": False},
        },
        "precise": {
            "temperature": {"override": 0.1, "force": True},
            "max_tokens": {"override": 3, "force": False},
        },
    }
)

#: Jinja sources reported as `prompt_template_content` / `/props` `chat_template`.
TEMPLATE_SOURCES = MappingProxyType(
    {
        "chatml": (
            "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
            "{{ message['content'] }}<|im_end|>\n{% endfor %}"
            "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
        ),
        "llama3": (
            "{{ bos_token }}{% for message in messages %}<|start_header_id|>"
            "{{ message['role'] }}<|end_header_id|>\n\n{{ message['content'] }}<|eot_id|>"
            "{% endfor %}{% if add_generation_prompt %}"
            "<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"
        ),
        "alpaca": (
            "{% for message in messages %}### {{ message['role'] | capitalize }}:\n"
            "{{ message['content'] }}\n\n{% endfor %}"
            "{% if add_generation_prompt %}### Response:\n{% endif %}"
        ),
    }
)

_TURN_FORMATS = {
    "chatml": ("<|im_start|>{role}\n{content}<|im_end|>\n", "<|im_start|>assistant\n"),
    "llama3": (
        "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>",
        "<|start_header_id|>assistant<|end_header_id|>\n\n",
    ),
    "alpaca": ("### {role}:\n{content}\n\n", "### Response:\n"),
}


def template_source(name: str) -> str:
    return TEMPLATE_SOURCES.get(name, TEMPLATE_SOURCES["chatml"])


def render_prompt(
    template: str, messages: list[tuple[str, str]], add_generation_prompt: bool
) -> str:
    """Render (role, text) turns the way the named template would (unknown names: chatml)."""
    turn, generation_prompt = _TURN_FORMATS.get(template, _TURN_FORMATS["chatml"])
    text = "".join(turn.format(role=role, content=content) for role, content in messages)
    return text + generation_prompt if add_generation_prompt else text
