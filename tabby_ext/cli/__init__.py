"""`tabby`: the command line for TabbyAPI, a thin shell over the facade (`pip install
"tabbyapi[cli]"`). Nothing here is imported by `import tabby_ext`."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """The `tabby` console script: runs `argv` (default: sys.argv[1:]), returns the exit code."""
    import importlib.util

    try:
        missing = importlib.util.find_spec("rich") is None
    except (ImportError, ValueError):
        missing = True
    if missing:  # the command tree is argparse's; tables and progress bars need rich
        sys.stderr.write(
            "tabby needs the cli extra (rich is missing): pip install 'tabbyapi[cli]'\n"
        )
        return 2
    from .app import run

    return run(argv)
