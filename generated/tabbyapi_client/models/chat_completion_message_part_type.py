from typing import Literal

ChatCompletionMessagePartType = Literal["image_url", "text"]

CHAT_COMPLETION_MESSAGE_PART_TYPE_VALUES: set[ChatCompletionMessagePartType] = {
    "image_url",
    "text",
}


def check_chat_completion_message_part_type(value: str) -> ChatCompletionMessagePartType:
    if value in CHAT_COMPLETION_MESSAGE_PART_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CHAT_COMPLETION_MESSAGE_PART_TYPE_VALUES!r}"
    )
