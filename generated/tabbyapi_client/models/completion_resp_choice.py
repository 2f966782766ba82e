from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.completion_logprobs import CompletionLogprobs


T = TypeVar("T", bound="CompletionRespChoice")


@_attrs_define
class CompletionRespChoice:
    """Represents a single choice in a completion response.

    Attributes:
        index (int):  Default: 0.
        finish_reason (None | str):
        eos_reason (None | str):
        logprobs (CompletionLogprobs | None):
        text (str):
    """

    finish_reason: None | str
    eos_reason: None | str
    logprobs: CompletionLogprobs | None
    text: str
    index: int = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.completion_logprobs import CompletionLogprobs  # noqa: PLC0415

        index = self.index

        finish_reason: None | str
        finish_reason = self.finish_reason

        eos_reason: None | str
        eos_reason = self.eos_reason

        logprobs: dict[str, Any] | None
        if isinstance(self.logprobs, CompletionLogprobs):
            logprobs = self.logprobs.to_dict()
        else:
            logprobs = self.logprobs

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "finish_reason": finish_reason,
                "eos_reason": eos_reason,
                "logprobs": logprobs,
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_logprobs import CompletionLogprobs  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index", 0)

        def _parse_finish_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        finish_reason = _parse_finish_reason(d.pop("finish_reason", None))

        def _parse_eos_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        eos_reason = _parse_eos_reason(d.pop("eos_reason", None))

        def _parse_logprobs(data: object) -> CompletionLogprobs | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logprobs_type_0 = CompletionLogprobs.from_dict(data)

                return logprobs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CompletionLogprobs | None, data)

        logprobs = _parse_logprobs(d.pop("logprobs", None))

        text = d.pop("text")

        completion_resp_choice = cls(
            index=index,
            finish_reason=finish_reason,
            eos_reason=eos_reason,
            logprobs=logprobs,
            text=text,
        )

        completion_resp_choice.additional_properties = d
        return completion_resp_choice

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
