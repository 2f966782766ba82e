"""One call of every facade method on the embedded server, with a check of its answer."""

from __future__ import annotations

from typing import Any

DRAFT = {"draft_model_name": "Llama-3.2-1B-Instruct-exl3"}

#: (service, method, args, kwargs, check on the result)
CALLS: list[tuple[str, str, tuple[Any, ...], dict[str, Any], Any]] = [
    ("embeddings", "create", (), {"input": ["a", "b"]}, lambda r: len(r.data) == 2),
    ("models", "list", (), {}, lambda r: len(r.data) >= 2),
    ("models", "get", (), {}, lambda r: r.id),
    ("models", "get_props", (), {}, lambda r: r.default_generation_settings.n_ctx == 4096),
    ("models", "list_draft", (), {}, lambda r: r.data[0].id == DRAFT["draft_model_name"]),
    (
        "models",
        "download",
        (),
        {"repo_id": "turboderp/Llama-3.2-1B-Instruct-exl3"},
        lambda r: r.download_path.endswith("Llama-3.2-1B-Instruct-exl3"),
    ),
    ("models", "list_embedding", (), {}, lambda r: len(r.data) >= 1),
    ("models", "get_embedding", (), {}, lambda r: r.id),
    ("models", "unload_embedding", (), {}, lambda r: r is None),
    ("models", "load_embedding", ("bge-small-en-v1.5",), {}, lambda r: r.status == "finished"),
    ("lora", "list", (), {}, lambda r: len(r.data) >= 1),
    (
        "lora",
        "load",
        (),
        {"loras": [{"name": "tabby-style-lora", "scaling": 0.5}]},
        lambda r: r.success == ["tabby-style-lora"],
    ),
    ("lora", "get_active", (), {}, lambda r: isinstance(r.data, list)),
    ("lora", "unload", (), {}, lambda r: r is None),
    ("templates", "list", (), {}, lambda r: "chatml" in r.data),
    ("templates", "switch", ("chatml",), {}, lambda r: r is None),
    ("templates", "unload", (), {}, lambda r: r is None),
    ("tokens", "encode", ("hello world",), {}, lambda r: r.length == len(r.tokens)),
    ("tokens", "decode", (), {"tokens": [1]}, lambda r: isinstance(r.text, str)),
    ("sampling", "list_overrides", (), {}, lambda r: "creative" in r.presets),
    ("sampling", "switch_override", (), {"preset": "creative"}, lambda r: r is None),
    ("sampling", "unload_override", (), {}, lambda r: r is None),
    ("service_info", "get", (), {}, lambda r: r.api["openai"].relative_url == "/v1"),
    (
        "kobold",
        "generate",
        (),
        {"prompt": "p", "max_tokens": 2},
        lambda r: r.results[0].text == "tok0 tok1",
    ),
    ("kobold", "abort", ("k1",), {}, lambda r: r.success is True),
    ("kobold", "check", ("k1",), {}, lambda r: r.results == []),
    ("kobold", "token_count", ("one two",), {}, lambda r: r.value == len(r.ids)),
    ("kobold", "current_model", (), {}, lambda r: r.result.startswith("tabbyAPI/")),
    ("kobold", "max_length", (), {}, lambda r: r.value > 0),
    ("kobold", "max_context_length", (), {}, lambda r: r.value > 0),
    ("kobold", "true_max_context_length", (), {}, lambda r: r.value > 0),
    ("kobold", "version", (), {}, lambda r: r.result == "1.2.5"),
    ("kobold", "extra_version", (), {}, lambda r: r.result == "KoboldCpp"),
    ("kobold", "list_soft_prompts", (), {}, lambda r: r.values == []),
    ("kobold", "get_soft_prompt", (), {}, lambda r: r.value == ""),
    ("kobold", "set_soft_prompt", (), {}, lambda r: r.additional_properties == {}),
]
