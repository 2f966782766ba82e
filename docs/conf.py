"""Sphinx configuration of the documentation site (`make docs`).

Sphinx + furo + MyST, the attrs project's toolchain: pages are Markdown (MyST), the API reference
is autodoc over the code's own docstrings (the generated facade's Google-style "Args / Returns /
Raises" through napoleon). The build needs no network: no intersphinx, no remote images or fonts;
`make docs` runs it with `-n -W` (every cross-reference must resolve, a warning is an error).
The Python blocks of every page run in `make test` (tests/test_docs.py, sybil).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE / "_ext"), str(ROOT), str(ROOT / "generated")]

from tabby_ext import __version__  # noqa: E402

project = "tabbyapi"
author = "tabbyapi contributors"
copyright = "tabbyapi contributors"
release = version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "tabby_docs",  # docs/_ext/tabby_docs.py: tables rendered from the code, reference resolution
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]
language = "en"

# ---- MyST --------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# `[text](page.md#a-heading)` links resolve (and are checked) down to third-level headings.
myst_heading_anchors = 3

# Single backticks in docstrings are code, as in Markdown (`max_tokens`, `client.chat`).
default_role = "literal"

# ---- the reference -----------------------------------------------------------------------------
nitpicky = True
# httpx publishes no Sphinx inventory, and the build fetches nothing: its types (and
# OpenTelemetry's) are named, not linked. Everything of this project must resolve.
nitpick_ignore_regex = [
    ("py:class", r"(httpx|starlette|opentelemetry)\..+|TracerProvider|MeterProvider"),
    # Nor does the build fetch Python's own inventory: the standard library is named, not linked.
    ("py:class", r"(collections\.abc|os|datetime|pathlib|typing)\..+|Path"),
    # Type variables and parameter specifications of generic classes (`Stream[T]`, `tool()`'s
    # `P`), and a `Literal[...]` Sphinx splits at its commas.
    ("py:(class|obj)", r"(.*\.)?(_?T|_T_co|P|R|E|ResponseT)"),
    ("py:(class|obj)", r"typing\.Literal\[.*"),
    # Internal types that appear in public signatures: named, not documented.
    ("py:class", r"tabby_ext(\.\w+)*\._\w+(\.\w+)*|Operation|OperationTable|Conversation|Call"),
]
# napoleon's "(int | None, optional)": "optional" is a word, not a type.
nitpick_ignore = [("py:class", "optional")]
autodoc_default_options = {"members": True, "undoc-members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# A method without a docstring shows none (not httpx's, for the fake transports' overrides).
autodoc_inherit_docstrings = False
python_use_unqualified_type_names = True
# One parameter a line once a signature is long (the generation methods have ~60).
python_maximum_signature_line_length = 90
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
# A model's "Attributes:" become one entry per field (with its type and description).
napoleon_use_ivar = False

# ---- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"tabbyapi {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {"navigation_with_keys": True}
pygments_style = "friendly"

# `tabby_ext.testing` imports its server and transports on first use: import them now, so that
# autodoc, which lists a module's names, finds them.
import tabby_ext.testing  # noqa: E402

for _name in tabby_ext.testing.__all__:
    getattr(tabby_ext.testing, _name)
