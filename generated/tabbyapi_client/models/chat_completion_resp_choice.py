from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chat_completion_logprobs import ChatCompletionLogprobs
    from ..models.chat_completion_message_output import ChatCompletionMessageOutput


T = TypeVar("T", bound="ChatCompletionRespChoice")


@_attrs_define
class ChatCompletionRespChoice:
    """
    Attributes:
        index (int):  Default: 0.
        finish_reason (None | str):
        eos_reason (None | str):
        stop_str (None | str):
        message (ChatCompletionMessageOutput):
        logprobs (ChatCompletionLogprobs | None):
    """

    finish_reason: None | str
    eos_reason: None | str
    stop_str: None | str
    message: ChatCompletionMessageOutput
    logprobs: ChatCompletionLogprobs | None
    index: int = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_completion_logprobs import ChatCompletionLogprobs  # noqa: PLC0415

        index = self.index

        finish_reason: None | str
        finish_reason = self.finish_reason

        eos_reason: None | str
        eos_reason = self.eos_reason

        stop_str: None | str
        stop_str = self.stop_str

        message = self.message.to_dict()

        logprobs: dict[str, Any] | None
        if isinstance(self.logprobs, ChatCompletionLogprobs):
            logprobs = self.logprobs.to_dict()
        else:
            logprobs = self.logprobs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "finish_reason": finish_reason,
                "eos_reason": eos_reason,
                "stop_str": stop_str,
                "message": message,
                "logprobs": logprobs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_logprobs import ChatCompletionLogprobs  # noqa: PLC0415
        from ..models.chat_completion_message_output import ChatCompletionMessageOutput  # noqa: PLC0415

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

        def _parse_stop_str(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stop_str = _parse_stop_str(d.pop("stop_str", None))

        message = ChatCompletionMessageOutput.from_dict(d.pop("message"))

        def _parse_logprobs(data: object) -> ChatCompletionLogprobs | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logprobs_type_0 = ChatCompletionLogprobs.from_dict(data)

                return logprobs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionLogprobs | None, data)

        logprobs = _parse_logprobs(d.pop("logprobs", None))

        chat_completion_resp_choice = cls(
            index=index,
            finish_reason=finish_reason,
            eos_reason=eos_reason,
            stop_str=stop_str,
            message=message,
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
