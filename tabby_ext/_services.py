"""The facade services: typed names only; behaviour comes from the generated operation table.

Each service is one TabbyAPI tag. Its attributes are annotations, not code: `client.models.load`
is looked up in the operation table (tag `models`, facade name `load`) and bound to the client,
sync or async. The naming rules for streaming operations:

* an operation that streams when its request says so (`stream: true`) gives `name` (JSON answer)
  and `name_stream` (a `Stream` of typed chunks);
* an operation that always streams gives `name_stream`, and, unless its own name already ends in
  `_stream`, `name`, which consumes the stream and returns its final event (a model load).
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, overload

from ._operations import Operation, OperationTable

if TYPE_CHECKING:
    from tabbyapi_client.models.abort_response import AbortResponse
    from tabbyapi_client.models.auth_permission_response import AuthPermissionResponse
    from tabbyapi_client.models.chat_completion_response import ChatCompletionResponse
    from tabbyapi_client.models.chat_completion_stream_chunk import ChatCompletionStreamChunk
    from tabbyapi_client.models.completion_response import CompletionResponse
    from tabbyapi_client.models.completion_stream_chunk import CompletionStreamChunk
    from tabbyapi_client.models.current_model_response import CurrentModelResponse
    from tabbyapi_client.models.download_response import DownloadResponse
    from tabbyapi_client.models.embeddings_response import EmbeddingsResponse
    from tabbyapi_client.models.generate_response import GenerateResponse
    from tabbyapi_client.models.health_check_response import HealthCheckResponse
    from tabbyapi_client.models.kobold_token_event import KoboldTokenEvent
    from tabbyapi_client.models.lora_list import LoraList
    from tabbyapi_client.models.lora_load_response import LoraLoadResponse
    from tabbyapi_client.models.max_length_response import MaxLengthResponse
    from tabbyapi_client.models.model_card import ModelCard
    from tabbyapi_client.models.model_list import ModelList
    from tabbyapi_client.models.model_load_response import ModelLoadResponse
    from tabbyapi_client.models.model_props_response import ModelPropsResponse
    from tabbyapi_client.models.sampler_override_list_response import SamplerOverrideListResponse
    from tabbyapi_client.models.template_list import TemplateList
    from tabbyapi_client.models.token_count_response import TokenCountResponse
    from tabbyapi_client.models.token_decode_response import TokenDecodeResponse
    from tabbyapi_client.models.token_encode_response import TokenEncodeResponse

    from ._async.streaming import AsyncStream
    from ._sync.streaming import Stream

R = TypeVar("R")
C = TypeVar("C")


class Sync:
    """Marks a service bound to `Tabby`: calls return values."""


class Async:
    """Marks a service bound to `AsyncTabby`: calls return awaitables."""


K = TypeVar("K", Sync, Async)


class Call(Generic[K, R]):
    """Type of a facade method returning `R` (awaitable on `AsyncTabby`)."""

    @overload
    def __call__(self: Call[Sync, R], *args: Any, **kwargs: Any) -> R: ...
    @overload
    def __call__(self: Call[Async, R], *args: Any, **kwargs: Any) -> Coroutine[Any, Any, R]: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


class StreamCall(Generic[K, C]):
    """Type of a facade method opening a stream of `C` chunks."""

    @overload
    def __call__(self: StreamCall[Sync, C], *args: Any, **kwargs: Any) -> Stream[C]: ...
    @overload
    def __call__(
        self: StreamCall[Async, C], *args: Any, **kwargs: Any
    ) -> Coroutine[Any, Any, AsyncStream[C]]: ...
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


class Binder(Protocol):
    """What a service needs from its client."""

    def _bind(self, op: Operation, mode: str) -> Any: ...

    @property
    def _table(self) -> OperationTable: ...


def resolve(table: OperationTable, tag: str, name: str) -> tuple[Operation, str]:
    """The operation and call mode ("call" / "stream" / "drain") behind `client.<tag>.<name>`."""
    op = table.by_facade.get((tag, name))
    if op is not None:
        if op.stream and op.stream.when == "always":
            return op, "stream" if name.endswith("_stream") else "drain"
        return op, "call"
    base = name.removesuffix("_stream")
    op = table.by_facade.get((tag, base))
    if base != name and op is not None and op.stream is not None:
        return op, "stream"
    raise AttributeError(f"TabbyAPI has no operation {tag}.{name}")


class Service(Generic[K]):
    """One TabbyAPI tag; attributes are bound on first access from the operation table."""

    tag: ClassVar[str]

    def __init_subclass__(cls, tag: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.tag = tag

    def __init__(self, client: Binder) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        op, mode = resolve(self._client._table, self.tag, name)
        method = self._client._bind(op, mode)
        self.__dict__[name] = method
        return method

    def __dir__(self) -> list[str]:
        table = self._client._table
        own: set[str] = {name for (tag, name) in table.by_facade if tag == self.tag}
        own.update(
            f"{op.facade}_stream"
            for op in table.by_facade.values()
            if op.tag == self.tag and op.stream and op.stream.when == "stream_field"
        )
        return sorted({*super().__dir__(), *own})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} service>"


class Completions(Service[K], tag="completions"):
    create: Call[K, CompletionResponse]
    create_stream: StreamCall[K, CompletionStreamChunk]


class Chat(Service[K], tag="chat"):
    create: Call[K, ChatCompletionResponse]
    create_stream: StreamCall[K, ChatCompletionStreamChunk]


class Embeddings(Service[K], tag="embeddings"):
    create: Call[K, EmbeddingsResponse]


class Models(Service[K], tag="models"):
    list: Call[K, ModelList]
    get: Call[K, ModelCard]
    get_props: Call[K, ModelPropsResponse]
    list_draft: Call[K, ModelList]
    load: Call[K, ModelLoadResponse]
    load_stream: StreamCall[K, ModelLoadResponse]
    unload: Call[K, None]
    download: Call[K, DownloadResponse]
    list_embedding: Call[K, ModelList]
    get_embedding: Call[K, ModelCard]
    load_embedding: Call[K, ModelLoadResponse]
    unload_embedding: Call[K, None]


class Lora(Service[K], tag="lora"):
    list: Call[K, LoraList]
    get_active: Call[K, LoraList]
    load: Call[K, LoraLoadResponse]
    unload: Call[K, None]


class Templates(Service[K], tag="templates"):
    list: Call[K, TemplateList]
    switch: Call[K, None]
    unload: Call[K, None]


class Tokens(Service[K], tag="tokens"):
    encode: Call[K, TokenEncodeResponse]
    decode: Call[K, TokenDecodeResponse]


class Sampling(Service[K], tag="sampling"):
    list_overrides: Call[K, SamplerOverrideListResponse]
    switch_override: Call[K, None]
    unload_override: Call[K, None]


class Health(Service[K], tag="health"):
    check: Call[K, HealthCheckResponse]


class Auth(Service[K], tag="auth"):
    get_permission: Call[K, AuthPermissionResponse]


class ServiceInfo(Service[K], tag="service_info"):
    get: Call[K, Any]


class Kobold(Service[K], tag="kobold"):
    generate: Call[K, GenerateResponse]
    generate_stream: StreamCall[K, KoboldTokenEvent]
    abort: Call[K, AbortResponse]
    check: Call[K, GenerateResponse]
    token_count: Call[K, TokenCountResponse]
    current_model: Call[K, CurrentModelResponse]
    max_length: Call[K, MaxLengthResponse]
    max_context_length: Call[K, MaxLengthResponse]
    true_max_context_length: Call[K, MaxLengthResponse]
    version: Call[K, Any]
    extra_version: Call[K, Any]
    list_soft_prompts: Call[K, Any]
    get_soft_prompt: Call[K, Any]
    set_soft_prompt: Call[K, Any]


#: Attribute name on the client -> service class.
SERVICES: dict[str, type[Service[Any]]] = {
    "completions": Completions,
    "chat": Chat,
    "embeddings": Embeddings,
    "models": Models,
    "lora": Lora,
    "templates": Templates,
    "tokens": Tokens,
    "sampling": Sampling,
    "health": Health,
    "auth": Auth,
    "service_info": ServiceInfo,
    "kobold": Kobold,
}
