from typing import Literal

ModelLoadRequestRopeAlphaType1 = Literal["auto"]

MODEL_LOAD_REQUEST_ROPE_ALPHA_TYPE_1_VALUES: set[ModelLoadRequestRopeAlphaType1] = {
    "auto",
}


def check_model_load_request_rope_alpha_type_1(value: str) -> ModelLoadRequestRopeAlphaType1:
    if value in MODEL_LOAD_REQUEST_ROPE_ALPHA_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {MODEL_LOAD_REQUEST_ROPE_ALPHA_TYPE_1_VALUES!r}"
    )
