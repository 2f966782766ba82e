"""`tabby`: the command line for TabbyAPI, a thin shell over the facade (`pip install
"tabbyapi[cli]"`). Nothing here is imported by `import tabby_ext`."""

from __future__ import annotations

import sys


def main() -> None:
    """The `tabby` console script."""
    try:
        from .app import cli
    except ImportError as exc:  # click or rich missing: the `cli` extra is not installed
        if exc.name not in ("click", "rich"):
            raise
        sys.stderr.write(
            f"tabby needs the cli extra ({exc.name} is missing): pip install 'tabbyapi[cli]'\n"
        )
        sys.exit(2)
    cli.main(prog_name="tabby")
