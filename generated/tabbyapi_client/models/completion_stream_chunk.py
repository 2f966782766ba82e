from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_stream_choice import CompletionStreamChoice
    from ..models.usage_stats import UsageStats


T = TypeVar("T", bound="CompletionStreamChunk")


@_attrs_define
class CompletionStreamChunk:
    """One event of a streamed completion. The model key is `model_name` (non-streaming uses `model`).

    Attributes:
        id (str):
        object_ (str):  Default: 'text_completion'.
        created (int):
        model_name (None | str): The model's folder name. None from servers before 2025 (TabbyAPI 436ce75 names it
            `model`: see `additional_properties`) and from proxies that rename it.
        choices (list[CompletionStreamChoice]):
        usage (None | UsageStats):
    """

    id: str
    created: int
    model_name: None | str
    choices: list[CompletionStreamChoice]
    usage: None | UsageStats
    object_: str = "text_completion"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.usage_stats import UsageStats  # noqa: PLC0415

        id = self.id

        object_ = self.object_

        created = self.created

        model_name: None | str
        model_name = self.model_name

        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)

        usage: dict[str, Any] | None
        if isinstance(self.usage, UsageStats):
            usage = self.usage.to_dict()
        else:
            usage = self.usage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "model_name": model_name,
                "choices": choices,
                "usage": usage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_stream_choice import CompletionStreamChoice  # noqa: PLC0415
        from ..models.usage_stats import UsageStats  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = d.pop("object", "text_completion")

        created = d.pop("created")

        def _parse_model_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        model_name = _parse_model_name(d.pop("model_name", None))

        choices = []
        _choices = d.pop("choices")
        for choices_item_data in _choices:
            choices_item = CompletionStreamChoice.from_dict(choices_item_data)

            choices.append(choices_item)

        def _parse_usage(data: object) -> None | UsageStats:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                usage_type_0 = UsageStats.from_dict(data)

                return usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UsageStats, data)

        usage = _parse_usage(d.pop("usage", None))

        completion_stream_chunk = cls(
            id=id,
            object_=object_,
            created=created,
            model_name=model_name,
            choices=choices,
            usage=usage,
        )

        completion_stream_chunk.additional_properties = d
        return completion_stream_chunk

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
