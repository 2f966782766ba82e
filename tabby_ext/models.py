"""The generated request, response and stream-chunk models, re-exported for facade users.

`from tabby_ext.models import ChatCompletionRequest, ChatCompletionStreamChunk` is the same as
importing them from `tabbyapi_client.models`; this module only saves the second import path.
"""

from tabbyapi_client.models import *  # noqa: F403
from tabbyapi_client.models import __all__ as __all__
