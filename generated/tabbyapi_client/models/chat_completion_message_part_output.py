from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_message_part_output_type import (
    ChatCompletionMessagePartOutputType,
    check_chat_completion_message_part_output_type,
)

if TYPE_CHECKING:
    from ..models.chat_completion_image_url_output import ChatCompletionImageUrlOutput


T = TypeVar("T", bound="ChatCompletionMessagePartOutput")


@_attrs_define
class ChatCompletionMessagePartOutput:
    """
    Attributes:
        type_ (ChatCompletionMessagePartOutputType):  Default: 'text'.
        text (None | str):
        image_url (ChatCompletionImageUrlOutput | None):
    """

    text: None | str
    image_url: ChatCompletionImageUrlOutput | None
    type_: ChatCompletionMessagePartOutputType = "text"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_completion_image_url_output import ChatCompletionImageUrlOutput  # noqa: PLC0415

        type_: str = self.type_

        text: None | str
        text = self.text

        image_url: dict[str, Any] | None
        if isinstance(self.image_url, ChatCompletionImageUrlOutput):
            image_url = self.image_url.to_dict()
        else:
            image_url = self.image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "text": text,
                "image_url": image_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_image_url_output import ChatCompletionImageUrlOutput  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_chat_completion_message_part_output_type(d.pop("type"))

        def _parse_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        text = _parse_text(d.pop("text"))

        def _parse_image_url(data: object) -> ChatCompletionImageUrlOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                image_url_type_0 = ChatCompletionImageUrlOutput.from_dict(data)

                return image_url_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionImageUrlOutput | None, data)

        image_url = _parse_image_url(d.pop("image_url"))

        chat_completion_message_part_output = cls(
            type_=type_,
            text=text,
            image_url=image_url,
        )

        chat_completion_message_part_output.additional_properties = d
        return chat_completion_message_part_output

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
