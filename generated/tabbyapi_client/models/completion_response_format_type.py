from typing import Literal

CompletionResponseFormatType = Literal["json", "json_object", "json_schema", "text"]

COMPLETION_RESPONSE_FORMAT_TYPE_VALUES: set[CompletionResponseFormatType] = {
    "json",
    "json_object",
    "json_schema",
    "text",
}


def check_completion_response_format_type(value: str) -> CompletionResponseFormatType:
    if value in COMPLETION_RESPONSE_FORMAT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {COMPLETION_RESPONSE_FORMAT_TYPE_VALUES!r}")
