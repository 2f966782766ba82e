from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UsageStats")


@_attrs_define
class UsageStats:
    """Represents usage stats.

    Attributes:
        prompt_tokens (int):
        completion_tokens (int):
        total_tokens (int):
        prompt_time (float | None | Unset):
        prompt_tokens_per_sec (float | None | str | Unset):
        completion_time (float | None | Unset):
        completion_tokens_per_sec (float | None | str | Unset):
        total_time (float | None | Unset):
    """

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_time: float | None | Unset = UNSET
    prompt_tokens_per_sec: float | None | str | Unset = UNSET
    completion_time: float | None | Unset = UNSET
    completion_tokens_per_sec: float | None | str | Unset = UNSET
    total_time: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        total_tokens = self.total_tokens

        prompt_time: float | None | Unset
        if isinstance(self.prompt_time, Unset):
            prompt_time = UNSET
        else:
            prompt_time = self.prompt_time

        prompt_tokens_per_sec: float | None | str | Unset
        if isinstance(self.prompt_tokens_per_sec, Unset):
            prompt_tokens_per_sec = UNSET
        else:
            prompt_tokens_per_sec = self.prompt_tokens_per_sec

        completion_time: float | None | Unset
        if isinstance(self.completion_time, Unset):
            completion_time = UNSET
        else:
            completion_time = self.completion_time

        completion_tokens_per_sec: float | None | str | Unset
        if isinstance(self.completion_tokens_per_sec, Unset):
            completion_tokens_per_sec = UNSET
        else:
            completion_tokens_per_sec = self.completion_tokens_per_sec

        total_time: float | None | Unset
        if isinstance(self.total_time, Unset):
            total_time = UNSET
        else:
            total_time = self.total_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": total_tokens,
            }
        )
        if prompt_time is not UNSET:
            field_dict["prompt_time"] = prompt_time
        if prompt_tokens_per_sec is not UNSET:
            field_dict["prompt_tokens_per_sec"] = prompt_tokens_per_sec
        if completion_time is not UNSET:
            field_dict["completion_time"] = completion_time
        if completion_tokens_per_sec is not UNSET:
            field_dict["completion_tokens_per_sec"] = completion_tokens_per_sec
        if total_time is not UNSET:
            field_dict["total_time"] = total_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        total_tokens = d.pop("total_tokens")

        def _parse_prompt_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        prompt_time = _parse_prompt_time(d.pop("prompt_time", UNSET))

        def _parse_prompt_tokens_per_sec(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        prompt_tokens_per_sec = _parse_prompt_tokens_per_sec(d.pop("prompt_tokens_per_sec", UNSET))

        def _parse_completion_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        completion_time = _parse_completion_time(d.pop("completion_time", UNSET))

        def _parse_completion_tokens_per_sec(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        completion_tokens_per_sec = _parse_completion_tokens_per_sec(
            d.pop("completion_tokens_per_sec", UNSET)
        )

        def _parse_total_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_time = _parse_total_time(d.pop("total_time", UNSET))

        usage_stats = cls(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            prompt_time=prompt_time,
            prompt_tokens_per_sec=prompt_tokens_per_sec,
            completion_time=completion_time,
            completion_tokens_per_sec=completion_tokens_per_sec,
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
