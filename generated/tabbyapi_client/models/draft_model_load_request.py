from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.draft_model_load_request_draft_rope_alpha_type_1 import (
    DraftModelLoadRequestDraftRopeAlphaType1,
    check_draft_model_load_request_draft_rope_alpha_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="DraftModelLoadRequest")


@_attrs_define
class DraftModelLoadRequest:
    """Represents a draft model load request.

    Attributes:
        draft_model_name (str):
        draft_rope_scale (float | None | Unset):
        draft_rope_alpha (DraftModelLoadRequestDraftRopeAlphaType1 | float | None | Unset): Automatically calculated if
            set to "auto"
        draft_gpu_split (list[float] | None | Unset):
    """

    draft_model_name: str
    draft_rope_scale: float | None | Unset = UNSET
    draft_rope_alpha: DraftModelLoadRequestDraftRopeAlphaType1 | float | None | Unset = UNSET
    draft_gpu_split: list[float] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        draft_model_name = self.draft_model_name

        draft_rope_scale: float | None | Unset
        if isinstance(self.draft_rope_scale, Unset):
            draft_rope_scale = UNSET
        else:
            draft_rope_scale = self.draft_rope_scale

        draft_rope_alpha: float | None | str | Unset
        if isinstance(self.draft_rope_alpha, Unset):
            draft_rope_alpha = UNSET
        elif isinstance(self.draft_rope_alpha, str):
            draft_rope_alpha = self.draft_rope_alpha
        else:
            draft_rope_alpha = self.draft_rope_alpha

        draft_gpu_split: list[float] | None | Unset
        if isinstance(self.draft_gpu_split, Unset):
            draft_gpu_split = UNSET
        elif isinstance(self.draft_gpu_split, list):
            draft_gpu_split = self.draft_gpu_split

        else:
            draft_gpu_split = self.draft_gpu_split

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "draft_model_name": draft_model_name,
            }
        )
        if draft_rope_scale is not UNSET:
            field_dict["draft_rope_scale"] = draft_rope_scale
        if draft_rope_alpha is not UNSET:
            field_dict["draft_rope_alpha"] = draft_rope_alpha
        if draft_gpu_split is not UNSET:
            field_dict["draft_gpu_split"] = draft_gpu_split

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        draft_model_name = d.pop("draft_model_name")

        def _parse_draft_rope_scale(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        draft_rope_scale = _parse_draft_rope_scale(d.pop("draft_rope_scale", UNSET))

        def _parse_draft_rope_alpha(
            data: object,
        ) -> DraftModelLoadRequestDraftRopeAlphaType1 | float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                draft_rope_alpha_type_1 = check_draft_model_load_request_draft_rope_alpha_type_1(data)

                return draft_rope_alpha_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DraftModelLoadRequestDraftRopeAlphaType1 | float | None | Unset, data)

        draft_rope_alpha = _parse_draft_rope_alpha(d.pop("draft_rope_alpha", UNSET))

        def _parse_draft_gpu_split(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                draft_gpu_split_type_0 = cast(list[float], data)

                return draft_gpu_split_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        draft_gpu_split = _parse_draft_gpu_split(d.pop("draft_gpu_split", UNSET))

        draft_model_load_request = cls(
            draft_model_name=draft_model_name,
            draft_rope_scale=draft_rope_scale,
            draft_rope_alpha=draft_rope_alpha,
            draft_gpu_split=draft_gpu_split,
        )

        draft_model_load_request.additional_properties = d
        return draft_model_load_request

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
