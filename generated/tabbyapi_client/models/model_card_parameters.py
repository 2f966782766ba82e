from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_card import ModelCard


T = TypeVar("T", bound="ModelCardParameters")


@_attrs_define
class ModelCardParameters:
    """Represents model card parameters.

    Attributes:
        max_seq_len (int | None):
        cache_size (int | None):
        cache_mode (None | str):  Default: 'FP16'.
        rope_scale (float | None):  Default: 1.0.
        rope_alpha (float | None):  Default: 1.0.
        max_batch_size (int | None):  Default: 1.
        chunk_size (int | None):  Default: 2048.
        prompt_template (None | str):
        prompt_template_content (None | str):
        use_vision (bool | None):  Default: False.
        draft (ModelCard | None):
    """

    max_seq_len: int | None
    cache_size: int | None
    prompt_template: None | str
    prompt_template_content: None | str
    draft: ModelCard | None
    cache_mode: None | str = "FP16"
    rope_scale: float | None = 1.0
    rope_alpha: float | None = 1.0
    max_batch_size: int | None = 1
    chunk_size: int | None = 2048
    use_vision: bool | None = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.model_card import ModelCard  # noqa: PLC0415

        max_seq_len: int | None
        max_seq_len = self.max_seq_len

        cache_size: int | None
        cache_size = self.cache_size

        cache_mode: None | str
        cache_mode = self.cache_mode

        rope_scale: float | None
        rope_scale = self.rope_scale

        rope_alpha: float | None
        rope_alpha = self.rope_alpha

        max_batch_size: int | None
        max_batch_size = self.max_batch_size

        chunk_size: int | None
        chunk_size = self.chunk_size

        prompt_template: None | str
        prompt_template = self.prompt_template

        prompt_template_content: None | str
        prompt_template_content = self.prompt_template_content

        use_vision: bool | None
        use_vision = self.use_vision

        draft: dict[str, Any] | None
        if isinstance(self.draft, ModelCard):
            draft = self.draft.to_dict()
        else:
            draft = self.draft

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "max_seq_len": max_seq_len,
                "cache_size": cache_size,
                "cache_mode": cache_mode,
                "rope_scale": rope_scale,
                "rope_alpha": rope_alpha,
                "max_batch_size": max_batch_size,
                "chunk_size": chunk_size,
                "prompt_template": prompt_template,
                "prompt_template_content": prompt_template_content,
                "use_vision": use_vision,
                "draft": draft,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_card import ModelCard  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_max_seq_len(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_seq_len = _parse_max_seq_len(d.pop("max_seq_len", None))

        def _parse_cache_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        cache_size = _parse_cache_size(d.pop("cache_size", None))

        def _parse_cache_mode(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cache_mode = _parse_cache_mode(d.pop("cache_mode", "FP16"))

        def _parse_rope_scale(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rope_scale = _parse_rope_scale(d.pop("rope_scale", 1.0))

        def _parse_rope_alpha(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        rope_alpha = _parse_rope_alpha(d.pop("rope_alpha", 1.0))

        def _parse_max_batch_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_batch_size = _parse_max_batch_size(d.pop("max_batch_size", 1))

        def _parse_chunk_size(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        chunk_size = _parse_chunk_size(d.pop("chunk_size", 2048))

        def _parse_prompt_template(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prompt_template = _parse_prompt_template(d.pop("prompt_template", None))

        def _parse_prompt_template_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prompt_template_content = _parse_prompt_template_content(d.pop("prompt_template_content", None))

        def _parse_use_vision(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        use_vision = _parse_use_vision(d.pop("use_vision", False))

        def _parse_draft(data: object) -> ModelCard | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                draft_type_0 = ModelCard.from_dict(data)

                return draft_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelCard | None, data)

        draft = _parse_draft(d.pop("draft", None))

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
