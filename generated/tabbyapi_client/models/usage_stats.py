from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UsageStats")


@_attrs_define
class UsageStats:
    """Represents usage stats.

    Attributes:
        prompt_tokens (int):
        prompt_time (float | None):
        prompt_tokens_per_sec (float | None | str):
        completion_tokens (int):
        completion_time (float | None):
        completion_tokens_per_sec (float | None | str):
        total_tokens (int):
        total_time (float | None):
    """

    prompt_tokens: int
    prompt_time: float | None
    prompt_tokens_per_sec: float | None | str
    completion_tokens: int
    completion_time: float | None
    completion_tokens_per_sec: float | None | str
    total_tokens: int
    total_time: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt_tokens = self.prompt_tokens

        prompt_time: float | None
        prompt_time = self.prompt_time

        prompt_tokens_per_sec: float | None | str
        prompt_tokens_per_sec = self.prompt_tokens_per_sec

        completion_tokens = self.completion_tokens

        completion_time: float | None
        completion_time = self.completion_time

        completion_tokens_per_sec: float | None | str
        completion_tokens_per_sec = self.completion_tokens_per_sec

        total_tokens = self.total_tokens

        total_time: float | None
        total_time = self.total_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt_tokens": prompt_tokens,
                "prompt_time": prompt_time,
                "prompt_tokens_per_sec": prompt_tokens_per_sec,
                "completion_tokens": completion_tokens,
                "completion_time": completion_time,
                "completion_tokens_per_sec": completion_tokens_per_sec,
                "total_tokens": total_tokens,
                "total_time": total_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt_tokens = d.pop("prompt_tokens")

        def _parse_prompt_time(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        prompt_time = _parse_prompt_time(d.pop("prompt_time", None))

        def _parse_prompt_tokens_per_sec(data: object) -> float | None | str:
            if data is None:
                return data
            return cast(float | None | str, data)

        prompt_tokens_per_sec = _parse_prompt_tokens_per_sec(d.pop("prompt_tokens_per_sec", None))

        completion_tokens = d.pop("completion_tokens")

        def _parse_completion_time(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        completion_time = _parse_completion_time(d.pop("completion_time", None))

        def _parse_completion_tokens_per_sec(data: object) -> float | None | str:
            if data is None:
                return data
            return cast(float | None | str, data)

        completion_tokens_per_sec = _parse_completion_tokens_per_sec(d.pop("completion_tokens_per_sec", None))

        total_tokens = d.pop("total_tokens")

        def _parse_total_time(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        total_time = _parse_total_time(d.pop("total_time", None))

        usage_stats = cls(
            prompt_tokens=prompt_tokens,
            prompt_time=prompt_time,
            prompt_tokens_per_sec=prompt_tokens_per_sec,
            completion_tokens=completion_tokens,
            completion_time=completion_time,
            completion_tokens_per_sec=completion_tokens_per_sec,
            total_tokens=total_tokens,
            total_time=total_time,
        )

        usage_stats.additional_properties = d
        return usage_stats

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
