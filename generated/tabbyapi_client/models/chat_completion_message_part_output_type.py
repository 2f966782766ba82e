from typing import Literal

ChatCompletionMessagePartOutputType = Literal["image_url", "text"]

CHAT_COMPLETION_MESSAGE_PART_OUTPUT_TYPE_VALUES: set[ChatCompletionMessagePartOutputType] = {
    "image_url",
    "text",
}


def check_chat_completion_message_part_output_type(value: str) -> ChatCompletionMessagePartOutputType:
    if value in CHAT_COMPLETION_MESSAGE_PART_OUTPUT_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CHAT_COMPLETION_MESSAGE_PART_OUTPUT_TYPE_VALUES!r}"
    )
