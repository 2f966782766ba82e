from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_card import ModelCard


T = TypeVar("T", bound="ModelCardParameters")


@_attrs_define
class ModelCardParameters:
    """Represents model card parameters.

    Attributes:
        max_seq_len (int | None | Unset):
        cache_size (int | None | Unset):
        cache_mode (None | str | Unset):  Default: 'FP16'.
        rope_scale (float | None | Unset):  Default: 1.0.
        rope_alpha (float | None | Unset):  Default: 1.0.
        max_batch_size (int | None | Unset):  Default: 1.
        chunk_size (int | None | Unset):  Default: 2048.
        prompt_template (None | str | Unset):
        prompt_template_content (None | str | Unset):
        use_vision (bool | None | Unset):  Default: False.
        draft (ModelCard | None | Unset):
    """

    max_seq_len: int | None | Unset = UNSET
    cache_size: int | None | Unset = UNSET
    cache_mode: None | str | Unset = "FP16"
    rope_scale: float | None | Unset = 1.0
    rope_alpha: float | None | Unset = 1.0
    max_batch_size: int | None | Unset = 1
    chunk_size: int | None | Unset = 2048
    prompt_template: None | str | Unset = UNSET
    prompt_template_content: None | str | Unset = UNSET
    use_vision: bool | None | Unset = False
    draft: ModelCard | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.model_card import ModelCard  # noqa: PLC0415

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

        rope_scale: float | None | Unset
        if isinstance(self.rope_scale, Unset):
            rope_scale = UNSET
        else:
            rope_scale = self.rope_scale

        rope_alpha: float | None | Unset
        if isinstance(self.rope_alpha, Unset):
            rope_alpha = UNSET
        else:
            rope_alpha = self.rope_alpha

        max_batch_size: int | None | Unset
        if isinstance(self.max_batch_size, Unset):
            max_batch_size = UNSET
        else:
            max_batch_size = self.max_batch_size

        chunk_size: int | None | Unset
        if isinstance(self.chunk_size, Unset):
            chunk_size = UNSET
        else:
            chunk_size = self.chunk_size

        prompt_template: None | str | Unset
        if isinstance(self.prompt_template, Unset):
            prompt_template = UNSET
        else:
            prompt_template = self.prompt_template

        prompt_template_content: None | str | Unset
        if isinstance(self.prompt_template_content, Unset):
            prompt_template_content = UNSET
        else:
            prompt_template_content = self.prompt_template_content

        use_vision: bool | None | Unset
        if isinstance(self.use_vision, Unset):
            use_vision = UNSET
        else:
            use_vision = self.use_vision

        draft: dict[str, Any] | None | Unset
        if isinstance(self.draft, Unset):
            draft = UNSET
        elif isinstance(self.draft, ModelCard):
            draft = self.draft.to_dict()
        else:
            draft = self.draft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if max_seq_len is not UNSET:
            field_dict["max_seq_len"] = max_seq_len
        if cache_size is not UNSET:
            field_dict["cache_size"] = cache_size
        if cache_mode is not UNSET:
            field_dict["cache_mode"] = cache_mode
        if rope_scale is not UNSET:
            field_dict["rope_scale"] = rope_scale
        if rope_alpha is not UNSET:
            field_dict["rope_alpha"] = rope_alpha
        if max_batch_size is not UNSET:
            field_dict["max_batch_size"] = max_batch_size
        if chunk_size is not UNSET:
            field_dict["chunk_size"] = chunk_size
        if prompt_template is not UNSET:
            field_dict["prompt_template"] = prompt_template
        if prompt_template_content is not UNSET:
            field_dict["prompt_template_content"] = prompt_template_content
        if use_vision is not UNSET:
            field_dict["use_vision"] = use_vision
        if draft is not UNSET:
            field_dict["draft"] = draft

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_card import ModelCard  # noqa: PLC0415

        d = dict(src_dict)

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

        def _parse_rope_scale(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rope_scale = _parse_rope_scale(d.pop("rope_scale", UNSET))

        def _parse_rope_alpha(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rope_alpha = _parse_rope_alpha(d.pop("rope_alpha", UNSET))

        def _parse_max_batch_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_batch_size = _parse_max_batch_size(d.pop("max_batch_size", UNSET))

        def _parse_chunk_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        chunk_size = _parse_chunk_size(d.pop("chunk_size", UNSET))

        def _parse_prompt_template(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt_template = _parse_prompt_template(d.pop("prompt_template", UNSET))

        def _parse_prompt_template_content(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt_template_content = _parse_prompt_template_content(d.pop("prompt_template_content", UNSET))

        def _parse_use_vision(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        use_vision = _parse_use_vision(d.pop("use_vision", UNSET))

        def _parse_draft(data: object) -> ModelCard | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                draft_type_0 = ModelCard.from_dict(data)

                return draft_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelCard | None | Unset, data)

        draft = _parse_draft(d.pop("draft", UNSET))

        model_card_parameters = cls(
            max_seq_len=max_seq_len,
            cache_size=cache_size,
            cache_mode=cache_mode,
            rope_scale=rope_scale,
            rope_alpha=rope_alpha,
            max_batch_size=max_batch_size,
            chunk_size=chunk_size,
            prompt_template=prompt_template,
            prompt_template_content=prompt_template_content,
            use_vision=use_vision,
            draft=draft,
        )

        model_card_parameters.additional_properties = d
        return model_card_parameters

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
