"""The helper methods' engine: `client._request` hands a call of a helper mode (`chat.parse`,
`chat.run_tools`, ...; generator/operations.yaml `helper_methods`) to its function here, which
runs it as one or more ordinary requests of the operation (`client._exchange`).

Imported on the first helper call only: `import tabby_ext` pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._contract import Call
from .._operations import CallPlan
from ..errors import TabbyError
from .structured import parse, parse_stream
from .tool_runner import run_tools, run_tools_stream

if TYPE_CHECKING:
    from .client import AsyncTabby

#: Mode -> the function that runs it (with the client, the call, and the call's name).
HELPERS: dict[str, Callable[..., Any]] = {
    "parse": parse,
    "parse_stream": parse_stream,
    "tools": run_tools,
    "tools_stream": run_tools_stream,
}


async def run_helper(client: AsyncTabby, call: Call) -> Any:
    """Run a helper call; an error refused before any request names the call, like any other."""
    label = CallPlan.of(client._table.by_key[call.key], {}, call.mode).label
    try:
        return await HELPERS[call.mode](client, call, label)
    except TabbyError as error:
        if error.operation is None:
            raise error.in_call(label) from error.__cause__
        raise
