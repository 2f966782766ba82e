from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LoggingConfig")


@_attrs_define
class LoggingConfig:
    """Options for logging

    Attributes:
        log_prompt (bool | None): Enable prompt logging (default: False). Default: False.
        log_generation_params (bool | None): Enable generation parameter logging (default: False). Default: False.
        log_requests (bool | None): Enable request logging (default: False).
            NOTE: Only use this for debugging! Default: False.
        log_chat_completion_requests (bool | None): Write every /v1/chat/completions request to logs/debug/ as JSON
            (default: False).
            Also saves the fully templated prompt (the exact text sent to the tokenizer) as a .txt file with the same
            basename.
            PRIVACY WARNING: Enabling this creates a comprehensive request log, including the full message history and
            generation parameters. API keys are redacted, but prompts and user-provided content are preserved for bug-report
            reproduction. Default: False.
    """

    log_prompt: bool | None = False
    log_generation_params: bool | None = False
    log_requests: bool | None = False
    log_chat_completion_requests: bool | None = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        log_prompt: bool | None
        log_prompt = self.log_prompt

        log_generation_params: bool | None
        log_generation_params = self.log_generation_params

        log_requests: bool | None
        log_requests = self.log_requests

        log_chat_completion_requests: bool | None
        log_chat_completion_requests = self.log_chat_completion_requests

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "log_prompt": log_prompt,
                "log_generation_params": log_generation_params,
                "log_requests": log_requests,
                "log_chat_completion_requests": log_chat_completion_requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_log_prompt(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        log_prompt = _parse_log_prompt(d.pop("log_prompt", False))

        def _parse_log_generation_params(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        log_generation_params = _parse_log_generation_params(d.pop("log_generation_params", False))

        def _parse_log_requests(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        log_requests = _parse_log_requests(d.pop("log_requests", False))

        def _parse_log_chat_completion_requests(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        log_chat_completion_requests = _parse_log_chat_completion_requests(
            d.pop("log_chat_completion_requests", False)
        )

        logging_config = cls(
            log_prompt=log_prompt,
            log_generation_params=log_generation_params,
            log_requests=log_requests,
            log_chat_completion_requests=log_chat_completion_requests,
        )

        logging_config.additional_properties = d
        return logging_config

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
