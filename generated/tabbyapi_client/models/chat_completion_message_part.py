from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_message_part_type import (
    ChatCompletionMessagePartType,
    check_chat_completion_message_part_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_image_url import ChatCompletionImageUrl


T = TypeVar("T", bound="ChatCompletionMessagePart")


@_attrs_define
class ChatCompletionMessagePart:
    """
    Attributes:
        type_ (ChatCompletionMessagePartType | Unset): Server default: `"text"`.
        text (None | str | Unset):
        image_url (ChatCompletionImageUrl | None | Unset):
    """

    type_: ChatCompletionMessagePartType | Unset = UNSET
    text: None | str | Unset = UNSET
    image_url: ChatCompletionImageUrl | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_completion_image_url import ChatCompletionImageUrl  # noqa: PLC0415

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        image_url: dict[str, Any] | None | Unset
        if isinstance(self.image_url, Unset):
            image_url = UNSET
        elif isinstance(self.image_url, ChatCompletionImageUrl):
            image_url = self.image_url.to_dict()
        else:
            image_url = self.image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if text is not UNSET:
            field_dict["text"] = text
        if image_url is not UNSET:
            field_dict["image_url"] = image_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_image_url import ChatCompletionImageUrl  # noqa: PLC0415

        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: ChatCompletionMessagePartType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_chat_completion_message_part_type(_type_)

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))

        def _parse_image_url(data: object) -> ChatCompletionImageUrl | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                image_url_type_0 = ChatCompletionImageUrl.from_dict(data)

                return image_url_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionImageUrl | None | Unset, data)

        image_url = _parse_image_url(d.pop("image_url", UNSET))

        chat_completion_message_part = cls(
            type_=type_,
            text=text,
            image_url=image_url,
        )

        chat_completion_message_part.additional_properties = d
        return chat_completion_message_part

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
