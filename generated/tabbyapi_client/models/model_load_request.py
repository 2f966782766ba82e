from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_load_request_rope_alpha_type_1 import (
    ModelLoadRequestRopeAlphaType1,
    check_model_load_request_rope_alpha_type_1,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.draft_model_load_request import DraftModelLoadRequest


T = TypeVar("T", bound="ModelLoadRequest")


@_attrs_define
class ModelLoadRequest:
    """Represents a model load request.

    Attributes:
        model_name (str):
        backend (None | str | Unset): Backend to use
        max_seq_len (int | None | Unset): Leave this blank to use the model's base sequence length
        cache_size (int | None | Unset): Number in tokens, must be multiple of 256
        cache_mode (None | str | Unset):
        tensor_parallel (bool | None | Unset):
        tensor_parallel_backend (None | str | Unset): Server default: `"native"`.
        gpu_split_auto (bool | None | Unset):
        autosplit_reserve (list[float] | None | Unset):
        gpu_split (list[float] | None | Unset):
        rope_scale (float | None | Unset): Automatically pulled from the model's config if not present
        rope_alpha (float | ModelLoadRequestRopeAlphaType1 | None | Unset): Automatically calculated if set to "auto"
        chunk_size (int | None | Unset):
        output_chunking (bool | None | Unset): Server default: `true`.
        prompt_template (None | str | Unset):
        vision (bool | None | Unset):
        draft_model (DraftModelLoadRequest | None | Unset):
        skip_queue (bool | None | Unset): Server default: `false`.
    """

    model_name: str
    backend: None | str | Unset = UNSET
    max_seq_len: int | None | Unset = UNSET
    cache_size: int | None | Unset = UNSET
    cache_mode: None | str | Unset = UNSET
    tensor_parallel: bool | None | Unset = UNSET
    tensor_parallel_backend: None | str | Unset = UNSET
    gpu_split_auto: bool | None | Unset = UNSET
    autosplit_reserve: list[float] | None | Unset = UNSET
    gpu_split: list[float] | None | Unset = UNSET
    rope_scale: float | None | Unset = UNSET
    rope_alpha: float | ModelLoadRequestRopeAlphaType1 | None | Unset = UNSET
    chunk_size: int | None | Unset = UNSET
    output_chunking: bool | None | Unset = UNSET
    prompt_template: None | str | Unset = UNSET
    vision: bool | None | Unset = UNSET
    draft_model: DraftModelLoadRequest | None | Unset = UNSET
    skip_queue: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.draft_model_load_request import DraftModelLoadRequest  # noqa: PLC0415

        model_name = self.model_name

        backend: None | str | Unset
        if isinstance(self.backend, Unset):
            backend = UNSET
        else:
            backend = self.backend

        max_seq_len: int | None | Unset
        if isinstance(self.max_seq_len, Unset):
            max_seq_len = UNSET
        else:
            max_seq_len = self.max_seq_len

        cache_size: int | None | Unset
        if isinstance(self.cache_size, Unset):
            cache_size = UNSET
        else:
            cache_size = self.cache_size

        cache_mode: None | str | Unset
        if isinstance(self.cache_mode, Unset):
            cache_mode = UNSET
        else:
            cache_mode = self.cache_mode

        tensor_parallel: bool | None | Unset
        if isinstance(self.tensor_parallel, Unset):
            tensor_parallel = UNSET
        else:
            tensor_parallel = self.tensor_parallel

        tensor_parallel_backend: None | str | Unset
        if isinstance(self.tensor_parallel_backend, Unset):
            tensor_parallel_backend = UNSET
        else:
            tensor_parallel_backend = self.tensor_parallel_backend

        gpu_split_auto: bool | None | Unset
        if isinstance(self.gpu_split_auto, Unset):
            gpu_split_auto = UNSET
        else:
            gpu_split_auto = self.gpu_split_auto

        autosplit_reserve: list[float] | None | Unset
        if isinstance(self.autosplit_reserve, Unset):
            autosplit_reserve = UNSET
        elif isinstance(self.autosplit_reserve, list):
            autosplit_reserve = self.autosplit_reserve

        else:
            autosplit_reserve = self.autosplit_reserve

        gpu_split: list[float] | None | Unset
        if isinstance(self.gpu_split, Unset):
            gpu_split = UNSET
        elif isinstance(self.gpu_split, list):
            gpu_split = self.gpu_split

        else:
            gpu_split = self.gpu_split

        rope_scale: float | None | Unset
        if isinstance(self.rope_scale, Unset):
            rope_scale = UNSET
        else:
            rope_scale = self.rope_scale

        rope_alpha: float | None | str | Unset
        if isinstance(self.rope_alpha, Unset):
            rope_alpha = UNSET
        elif isinstance(self.rope_alpha, str):
            rope_alpha = self.rope_alpha
        else:
            rope_alpha = self.rope_alpha

        chunk_size: int | None | Unset
        if isinstance(self.chunk_size, Unset):
            chunk_size = UNSET
        else:
            chunk_size = self.chunk_size

        output_chunking: bool | None | Unset
        if isinstance(self.output_chunking, Unset):
            output_chunking = UNSET
        else:
            output_chunking = self.output_chunking

        prompt_template: None | str | Unset
        if isinstance(self.prompt_template, Unset):
            prompt_template = UNSET
        else:
            prompt_template = self.prompt_template

        vision: bool | None | Unset
        if isinstance(self.vision, Unset):
            vision = UNSET
        else:
            vision = self.vision

        draft_model: dict[str, Any] | None | Unset
        if isinstance(self.draft_model, Unset):
            draft_model = UNSET
        elif isinstance(self.draft_model, DraftModelLoadRequest):
            draft_model = self.draft_model.to_dict()
        else:
            draft_model = self.draft_model

        skip_queue: bool | None | Unset
        if isinstance(self.skip_queue, Unset):
            skip_queue = UNSET
        else:
            skip_queue = self.skip_queue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_name": model_name,
            }
        )
        if backend is not UNSET:
            field_dict["backend"] = backend
        if max_seq_len is not UNSET:
            field_dict["max_seq_len"] = max_seq_len
        if cache_size is not UNSET:
            field_dict["cache_size"] = cache_size
        if cache_mode is not UNSET:
            field_dict["cache_mode"] = cache_mode
        if tensor_parallel is not UNSET:
            field_dict["tensor_parallel"] = tensor_parallel
        if tensor_parallel_backend is not UNSET:
            field_dict["tensor_parallel_backend"] = tensor_parallel_backend
        if gpu_split_auto is not UNSET:
            field_dict["gpu_split_auto"] = gpu_split_auto
        if autosplit_reserve is not UNSET:
            field_dict["autosplit_reserve"] = autosplit_reserve
        if gpu_split is not UNSET:
            field_dict["gpu_split"] = gpu_split
        if rope_scale is not UNSET:
            field_dict["rope_scale"] = rope_scale
        if rope_alpha is not UNSET:
            field_dict["rope_alpha"] = rope_alpha
        if chunk_size is not UNSET:
            field_dict["chunk_size"] = chunk_size
        if output_chunking is not UNSET:
            field_dict["output_chunking"] = output_chunking
        if prompt_template is not UNSET:
            field_dict["prompt_template"] = prompt_template
        if vision is not UNSET:
            field_dict["vision"] = vision
        if draft_model is not UNSET:
            field_dict["draft_model"] = draft_model
        if skip_queue is not UNSET:
            field_dict["skip_queue"] = skip_queue

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.draft_model_load_request import DraftModelLoadRequest  # noqa: PLC0415

        d = dict(src_dict)
        model_name = d.pop("model_name")

        def _parse_backend(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        backend = _parse_backend(d.pop("backend", UNSET))

        def _parse_max_seq_len(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_seq_len = _parse_max_seq_len(d.pop("max_seq_len", UNSET))

        def _parse_cache_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cache_size = _parse_cache_size(d.pop("cache_size", UNSET))

        def _parse_cache_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cache_mode = _parse_cache_mode(d.pop("cache_mode", UNSET))

        def _parse_tensor_parallel(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        tensor_parallel = _parse_tensor_parallel(d.pop("tensor_parallel", UNSET))

        def _parse_tensor_parallel_backend(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tensor_parallel_backend = _parse_tensor_parallel_backend(d.pop("tensor_parallel_backend", UNSET))

        def _parse_gpu_split_auto(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        gpu_split_auto = _parse_gpu_split_auto(d.pop("gpu_split_auto", UNSET))

        def _parse_autosplit_reserve(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                autosplit_reserve_type_0 = cast(list[float], data)

                return autosplit_reserve_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        autosplit_reserve = _parse_autosplit_reserve(d.pop("autosplit_reserve", UNSET))

        def _parse_gpu_split(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                gpu_split_type_0 = cast(list[float], data)

                return gpu_split_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        gpu_split = _parse_gpu_split(d.pop("gpu_split", UNSET))

        def _parse_rope_scale(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rope_scale = _parse_rope_scale(d.pop("rope_scale", UNSET))

        def _parse_rope_alpha(data: object) -> float | ModelLoadRequestRopeAlphaType1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rope_alpha_type_1 = check_model_load_request_rope_alpha_type_1(data)

                return rope_alpha_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(float | ModelLoadRequestRopeAlphaType1 | None | Unset, data)

        rope_alpha = _parse_rope_alpha(d.pop("rope_alpha", UNSET))

        def _parse_chunk_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        chunk_size = _parse_chunk_size(d.pop("chunk_size", UNSET))

        def _parse_output_chunking(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        output_chunking = _parse_output_chunking(d.pop("output_chunking", UNSET))

        def _parse_prompt_template(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt_template = _parse_prompt_template(d.pop("prompt_template", UNSET))

        def _parse_vision(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        vision = _parse_vision(d.pop("vision", UNSET))

        def _parse_draft_model(data: object) -> DraftModelLoadRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                draft_model_type_0 = DraftModelLoadRequest.from_dict(data)

                return draft_model_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DraftModelLoadRequest | None | Unset, data)

        draft_model = _parse_draft_model(d.pop("draft_model", UNSET))

        def _parse_skip_queue(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        skip_queue = _parse_skip_queue(d.pop("skip_queue", UNSET))

        model_load_request = cls(
            model_name=model_name,
            backend=backend,
            max_seq_len=max_seq_len,
            cache_size=cache_size,
            cache_mode=cache_mode,
            tensor_parallel=tensor_parallel,
            tensor_parallel_backend=tensor_parallel_backend,
            gpu_split_auto=gpu_split_auto,
            autosplit_reserve=autosplit_reserve,
            gpu_split=gpu_split,
            rope_scale=rope_scale,
            rope_alpha=rope_alpha,
            chunk_size=chunk_size,
            output_chunking=output_chunking,
            prompt_template=prompt_template,
            vision=vision,
            draft_model=draft_model,
            skip_queue=skip_queue,
        )

        model_load_request.additional_properties = d
        return model_load_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
