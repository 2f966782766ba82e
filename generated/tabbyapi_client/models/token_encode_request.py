from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_message import ChatCompletionMessage
    from ..models.token_encode_request_template_vars_type_0 import TokenEncodeRequestTemplateVarsType0


T = TypeVar("T", bound="TokenEncodeRequest")


@_attrs_define
class TokenEncodeRequest:
    """Represents a tokenization request.

    Attributes:
        text (list[ChatCompletionMessage] | str):
        add_bos_token (bool | Unset): Server default: `true`.
        encode_special_tokens (bool | Unset): Server default: `true`.
        decode_special_tokens (bool | Unset): Server default: `true`.
        template_vars (None | TokenEncodeRequestTemplateVarsType0 | Unset): Aliases: chat_template_kwargs
    """

    text: list[ChatCompletionMessage] | str
    add_bos_token: bool | Unset = UNSET
    encode_special_tokens: bool | Unset = UNSET
    decode_special_tokens: bool | Unset = UNSET
    template_vars: None | TokenEncodeRequestTemplateVarsType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.token_encode_request_template_vars_type_0 import TokenEncodeRequestTemplateVarsType0  # noqa: PLC0415

        text: list[dict[str, Any]] | str
        if isinstance(self.text, list):
            text = []
            for text_type_1_item_data in self.text:
                text_type_1_item = text_type_1_item_data.to_dict()
                text.append(text_type_1_item)

        else:
            text = self.text

        add_bos_token = self.add_bos_token

        encode_special_tokens = self.encode_special_tokens

        decode_special_tokens = self.decode_special_tokens

        template_vars: dict[str, Any] | None | Unset
        if isinstance(self.template_vars, Unset):
            template_vars = UNSET
        elif isinstance(self.template_vars, TokenEncodeRequestTemplateVarsType0):
            template_vars = self.template_vars.to_dict()
        else:
            template_vars = self.template_vars

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
            }
        )
        if add_bos_token is not UNSET:
            field_dict["add_bos_token"] = add_bos_token
        if encode_special_tokens is not UNSET:
            field_dict["encode_special_tokens"] = encode_special_tokens
        if decode_special_tokens is not UNSET:
            field_dict["decode_special_tokens"] = decode_special_tokens
        if template_vars is not UNSET:
            field_dict["template_vars"] = template_vars

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_message import ChatCompletionMessage  # noqa: PLC0415
        from ..models.token_encode_request_template_vars_type_0 import TokenEncodeRequestTemplateVarsType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_text(data: object) -> list[ChatCompletionMessage] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                text_type_1 = []
                _text_type_1 = data
                for text_type_1_item_data in _text_type_1:
                    text_type_1_item = ChatCompletionMessage.from_dict(text_type_1_item_data)

                    text_type_1.append(text_type_1_item)

                return text_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChatCompletionMessage] | str, data)

        text = _parse_text(d.pop("text"))

        add_bos_token = d.pop("add_bos_token", UNSET)

        encode_special_tokens = d.pop("encode_special_tokens", UNSET)

        decode_special_tokens = d.pop("decode_special_tokens", UNSET)

        def _parse_template_vars(data: object) -> None | TokenEncodeRequestTemplateVarsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                template_vars_type_0 = TokenEncodeRequestTemplateVarsType0.from_dict(data)

                return template_vars_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TokenEncodeRequestTemplateVarsType0 | Unset, data)

        template_vars = _parse_template_vars(d.pop("template_vars", UNSET))

        token_encode_request = cls(
            text=text,
            add_bos_token=add_bos_token,
            encode_special_tokens=encode_special_tokens,
            decode_special_tokens=decode_special_tokens,
            template_vars=template_vars,
        )

        token_encode_request.additional_properties = d
        return token_encode_request

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
