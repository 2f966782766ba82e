from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_logprobs import ChatCompletionLogprobs
    from ..models.chat_completion_message import ChatCompletionMessage


T = TypeVar("T", bound="ChatCompletionRespChoice")


@_attrs_define
class ChatCompletionRespChoice:
    """
    Attributes:
        message (ChatCompletionMessage):
        index (int | Unset):  Default: 0.
        finish_reason (None | str | Unset):
        eos_reason (None | str | Unset):
        stop_str (None | str | Unset):
        logprobs (ChatCompletionLogprobs | None | Unset):
    """

    message: ChatCompletionMessage
    index: int | Unset = 0
    finish_reason: None | str | Unset = UNSET
    eos_reason: None | str | Unset = UNSET
    stop_str: None | str | Unset = UNSET
    logprobs: ChatCompletionLogprobs | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_completion_logprobs import ChatCompletionLogprobs  # noqa: PLC0415

        message = self.message.to_dict()

        index = self.index

        finish_reason: None | str | Unset
        if isinstance(self.finish_reason, Unset):
            finish_reason = UNSET
        else:
            finish_reason = self.finish_reason

        eos_reason: None | str | Unset
        if isinstance(self.eos_reason, Unset):
            eos_reason = UNSET
        else:
            eos_reason = self.eos_reason

        stop_str: None | str | Unset
        if isinstance(self.stop_str, Unset):
            stop_str = UNSET
        else:
            stop_str = self.stop_str

        logprobs: dict[str, Any] | None | Unset
        if isinstance(self.logprobs, Unset):
            logprobs = UNSET
        elif isinstance(self.logprobs, ChatCompletionLogprobs):
            logprobs = self.logprobs.to_dict()
        else:
            logprobs = self.logprobs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if index is not UNSET:
            field_dict["index"] = index
        if finish_reason is not UNSET:
            field_dict["finish_reason"] = finish_reason
        if eos_reason is not UNSET:
            field_dict["eos_reason"] = eos_reason
        if stop_str is not UNSET:
            field_dict["stop_str"] = stop_str
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_logprobs import ChatCompletionLogprobs  # noqa: PLC0415
        from ..models.chat_completion_message import ChatCompletionMessage  # noqa: PLC0415

        d = dict(src_dict)
        message = ChatCompletionMessage.from_dict(d.pop("message"))

        index = d.pop("index", UNSET)

        def _parse_finish_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finish_reason = _parse_finish_reason(d.pop("finish_reason", UNSET))

        def _parse_eos_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        eos_reason = _parse_eos_reason(d.pop("eos_reason", UNSET))

        def _parse_stop_str(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stop_str = _parse_stop_str(d.pop("stop_str", UNSET))

        def _parse_logprobs(data: object) -> ChatCompletionLogprobs | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logprobs_type_0 = ChatCompletionLogprobs.from_dict(data)

                return logprobs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionLogprobs | None | Unset, data)

        logprobs = _parse_logprobs(d.pop("logprobs", UNSET))

        chat_completion_resp_choice = cls(
            message=message,
            index=index,
            finish_reason=finish_reason,
            eos_reason=eos_reason,
            stop_str=stop_str,
            logprobs=logprobs,
        )

        chat_completion_resp_choice.additional_properties = d
        return chat_completion_resp_choice

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
