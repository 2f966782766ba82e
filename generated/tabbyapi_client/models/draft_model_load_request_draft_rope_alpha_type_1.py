from typing import Literal

DraftModelLoadRequestDraftRopeAlphaType1 = Literal["auto"]

DRAFT_MODEL_LOAD_REQUEST_DRAFT_ROPE_ALPHA_TYPE_1_VALUES: set[DraftModelLoadRequestDraftRopeAlphaType1] = {
    "auto",
}


def check_draft_model_load_request_draft_rope_alpha_type_1(
    value: str,
) -> DraftModelLoadRequestDraftRopeAlphaType1:
    if value in DRAFT_MODEL_LOAD_REQUEST_DRAFT_ROPE_ALPHA_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DRAFT_MODEL_LOAD_REQUEST_DRAFT_ROPE_ALPHA_TYPE_1_VALUES!r}"
    )
