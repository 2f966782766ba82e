"""Mutable server state: what is loaded, active overrides, running Kobold jobs.

Only touched from the server's event loop; `reset()` on the server swaps in a fresh instance.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ._catalog import FakeModel
from ._tokens import Tokenizer
from ._versions import PINNED, ServerVersion

EMBEDDING_DIMENSIONS = 384


@dataclass(frozen=True)
class ServerConfig:
    """Everything the constructor was given, normalised."""

    api_key: str | None
    admin_key: str | None
    ping_interval: float | None
    token_delay: float
    loaded_model: str | None
    loaded_embedding_model: str | None
    models: tuple[FakeModel, ...]
    draft_models: tuple[FakeModel, ...]
    embedding_models: tuple[str, ...]
    templates: tuple[str, ...]
    sampler_presets: Mapping[str, Mapping[str, Any]]
    loras: tuple[str, ...]
    downloadable_repos: tuple[str, ...]
    #: The TabbyAPI release the fake answers as.
    version: ServerVersion = PINNED


@dataclass
class LoadedDraft:
    model: FakeModel
    rope_scale: float = 1.0
    rope_alpha: float = 1.0


@dataclass
class LoadedModel:
    """The model container: a folder plus the parameters it was loaded with."""

    model: FakeModel
    max_seq_len: int
    prompt_template: str | None
    cache_size: int | None = None
    cache_mode: str = "FP16"
    chunk_size: int = 2048
    rope_scale: float = 1.0
    rope_alpha: float = 1.0
    use_vision: bool = False
    draft: LoadedDraft | None = None
    loras: dict[str, float] = field(default_factory=dict)

    @classmethod
    def with_defaults(cls, model: FakeModel) -> LoadedModel:
        return cls(model, model.max_seq_len, model.prompt_template, cache_size=model.max_seq_len)


@dataclass
class KoboldJob:
    """A running Kobold generation, reachable through its genkey for check/abort."""

    text: str = ""
    abort: asyncio.Event = field(default_factory=asyncio.Event)


class ServerState:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.models = list(config.models)
        self.loras = list(config.loras)
        self.model: LoadedModel | None = None
        if config.loaded_model is not None:
            model = self.find_model(config.loaded_model)
            if model is None:
                raise ValueError(f"loaded_model {config.loaded_model!r} is not in models")
            self.model = LoadedModel.with_defaults(model)
        if config.loaded_embedding_model not in (None, *config.embedding_models):
            raise ValueError(f"{config.loaded_embedding_model!r} is not in embedding_models")
        self.embedding_model = config.loaded_embedding_model
        self.sampler_preset: str | None = None
        self.sampler_overrides: dict[str, Any] = {}
        self.tokenizer = Tokenizer()
        self.kobold_jobs: dict[str, KoboldJob] = {}
        self.background: set[asyncio.Task[None]] = set()

    def find_model(self, name: str) -> FakeModel | None:
        return next((m for m in self.models if m.name == name), None)

    def find_draft(self, name: str) -> FakeModel | None:
        return next((m for m in self.config.draft_models if m.name == name), None)

    def spawn(self, coroutine: Any) -> None:
        """Run work that outlives its request (a model load the client walked away from)."""
        task: asyncio.Task[None] = asyncio.get_running_loop().create_task(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)
