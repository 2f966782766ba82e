from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.chat_completion_logprob_leaf import ChatCompletionLogprobLeaf


T = TypeVar("T", bound="ChatCompletionLogprob")


@_attrs_define
class ChatCompletionLogprob:
    """
    Attributes:
        token (str):
        token_id (int | None):
        logprob (float):
        top_logprobs (list[ChatCompletionLogprobLeaf] | None):
    """

    token: str
    token_id: int | None
    logprob: float
    top_logprobs: list[ChatCompletionLogprobLeaf] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        token_id: int | None
        token_id = self.token_id

        logprob = self.logprob

        top_logprobs: list[dict[str, Any]] | None
        if isinstance(self.top_logprobs, list):
            top_logprobs = []
            for top_logprobs_type_0_item_data in self.top_logprobs:
                top_logprobs_type_0_item = top_logprobs_type_0_item_data.to_dict()
                top_logprobs.append(top_logprobs_type_0_item)

        else:
            top_logprobs = self.top_logprobs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "token_id": token_id,
                "logprob": logprob,
                "top_logprobs": top_logprobs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_logprob_leaf import ChatCompletionLogprobLeaf  # noqa: PLC0415

        d = dict(src_dict)
        token = d.pop("token")

        def _parse_token_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        token_id = _parse_token_id(d.pop("token_id", None))

        logprob = d.pop("logprob")

        def _parse_top_logprobs(data: object) -> list[ChatCompletionLogprobLeaf] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                top_logprobs_type_0 = []
                _top_logprobs_type_0 = data
                for top_logprobs_type_0_item_data in _top_logprobs_type_0:
                    top_logprobs_type_0_item = ChatCompletionLogprobLeaf.from_dict(
                        top_logprobs_type_0_item_data
                    )

                    top_logprobs_type_0.append(top_logprobs_type_0_item)

                return top_logprobs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChatCompletionLogprobLeaf] | None, data)

        top_logprobs = _parse_top_logprobs(d.pop("top_logprobs", None))

        chat_completion_logprob = cls(
            token=token,
            token_id=token_id,
            logprob=logprob,
            top_logprobs=top_logprobs,
        )

        chat_completion_logprob.additional_properties = d
        return chat_completion_logprob

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
