"""The endpoint table of docs/endpoints.md, rendered from the generated operation table.

    python scripts/endpoint_table.py          # rewrite the table in docs/endpoints.md
    python scripts/endpoint_table.py --check  # fail if docs/endpoints.md is not the table's

A new operation in a regenerated spec shows up here without anyone writing its row.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "endpoints.md"
HEADER = (
    "| endpoint | facade (`client.`…) | raw module (`tabbyapi_client.api.`…) | key |\n"
    "|---|---|---|---|\n"
)
TABLE = re.compile(re.escape(HEADER) + r"(?:\|.*\n)*")


def render() -> str:
    from tabby_ext._operations import operation_table

    rows = []
    for op in operation_table().operations:
        if op.facade_methods:
            names = [*op.facade_methods, *op.helpers]  # helpers: parse, run_tools, ...
            facade = ", ".join(f"`{op.tag}.{name}()`" for name in names)
        elif op.alias_of:
            facade = f"raw only: alias of `{op.alias_of}`"
        else:
            facade = f"raw only: {op.raw_only or 'no facade name yet'}"
        raw = f"`{op.module.removeprefix('tabbyapi_client.api.')}`"
        rows.append(f"| `{op.key}` | {facade} | {raw} | {op.auth} |\n")
    return HEADER + "".join(rows)


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    if not TABLE.search(text):
        print("docs/endpoints.md has no endpoint table header to replace", file=sys.stderr)
        return 1
    updated = TABLE.sub(lambda _: render(), text, count=1)
    if "--check" in sys.argv:
        if updated != text:
            print("docs/endpoints.md's table is out of date: run scripts/endpoint_table.py")
            return 1
        return 0
    PAGE.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
