"""Types for annotating what you pass to the facade, generated from the spec.

A `TypedDict` per object the spec nests in a request (`ChatCompletionMessageParam`,
`LoraLoadInfoParam`, `DraftModelLoadRequestParam`, ...; the generated attrs models are accepted
wherever these are), `<Request>Aliases` for the server's other field names, and `NotGiven` /
`NOT_GIVEN`, the default of every optional field (left out of the request, unlike None).
This module re-exports `tabbyapi_client.params`, so a regeneration updates it.
"""

from tabbyapi_client import params as _params
from tabbyapi_client.params import *  # noqa: F403

from tabby_ext._contract import NOT_GIVEN, NotGiven

__all__ = ["NOT_GIVEN", "NotGiven"]
__all__ += _params.__all__
