"""The documentation site (docs/, README.md): its examples run, its reference is complete.

* Every Python block of every page and of the README runs (sybil's MyST parsers), in order, one
  namespace per page, against an embedded `FakeTabbyServer` over real sockets that
  `TABBY_BASE_URL`, `TABBY_API_KEY` and `TABBY_ADMIN_KEY` point at. A block that cannot run here
  (a real GPU server) is marked `<!-- skip: next "why" -->`, and the reason is required.
* The API reference (the reference pages read with the site's own configuration) has an entry
  for every public facade method, sync and async, every service, and every error class, so a
  new operation or error without one fails the suite. `make docs` builds the whole site with
  `-n -W` in CI; this reads only the pages the check needs, in a few seconds.
* The README keeps its size, its two commands and its links (docs/endpoints.md, the table that
  left it, is checked in tests/test_facade.py; its example in tests/test_fake_transport.py).
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import inspect
import io
import os
import re
import shlex
import shutil
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import SkipTest, mock

import pytest
from sybil import Example, Sybil
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser, SkipParser

from tabby_ext.testing import FakeTabbyServer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)
API_KEY = "docs-api-key"
ADMIN_KEY = "docs-admin-key"


def run_console(example: Example) -> None:
    """A ```console block: each `$ tabby ...` command runs in process (`tabby_ext.cli.main`)
    and must exit 0. What follows a pipe is the shell's (`| jq ...`), a command sent to the
    background (`&`) is the server the fixture already runs, other commands are not ours."""
    from tabby_ext.cli import main

    lines = str(example.parsed).replace("\\\n", " ").splitlines()
    for line in lines:
        if not line.startswith("$ tabby ") or line.rstrip().endswith("&"):
            continue
        command = os.path.expandvars(line[2:].split(" | ", 1)[0])
        argv = shlex.split(command, comments=True)[1:]
        stdout, stderr = io.StringIO(), io.StringIO()
        with (
            mock.patch.object(sys, "stdin", io.StringIO("")),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            code = main(argv)
        assert code == 0, (
            f"line {example.line}: {command} -> {code}\n{stdout.getvalue()}{stderr.getvalue()}"
        )


SYBIL = Sybil(
    parsers=[
        # An expected output may be wrapped to fit the page (troubleshooting.md's messages).
        PythonCodeBlockParser(doctest_optionflags=doctest.NORMALIZE_WHITESPACE),
        CodeBlockParser(language="console", evaluator=run_console),
        SkipParser(),
    ]
)


def page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture
def docs_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeTabbyServer]:
    """The server the pages' examples talk to, named by the variables a user would set; the
    examples run in an empty directory (a batch example writes its files there)."""
    with FakeTabbyServer(api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None) as server:
        monkeypatch.setenv("TABBY_BASE_URL", server.url)
        monkeypatch.setenv("TABBY_API_KEY", API_KEY)
        monkeypatch.setenv("TABBY_ADMIN_KEY", ADMIN_KEY)
        monkeypatch.chdir(tmp_path)
        yield server


@pytest.mark.parametrize("path", [*PAGES, README], ids=page_id)
def test_every_python_block_runs(path: Path, docs_server: FakeTabbyServer) -> None:
    document = SYBIL.parse(path)
    for example in document.examples():
        if isinstance(example.parsed, tuple) and example.parsed[:1] in (("next",), ("start",)):
            assert example.parsed[1], f"{page_id(path)}:{example.line}: a skip needs a reason"
        try:
            example.evaluate()
        except SkipTest:
            continue


def test_pages_have_python_blocks_to_run() -> None:
    """The examples are found: a page whose blocks were all mislabelled would pass silently.
    Every guide, the getting-started page and the README have some."""
    counts = {page_id(p): len(list(SYBIL.parse(p).examples())) for p in [*PAGES, README]}
    guides = [
        p for p in counts if "/guides/" in p or p.endswith(("getting-started.md", "README.md"))
    ]
    assert all(counts[p] for p in guides), {p: counts[p] for p in guides if not counts[p]}
    assert sum(counts.values()) >= 90, counts


# ---- the API reference ------------------------------------------------------------------------

#: The reference pages that must document the facade and the errors.
REFERENCE_PAGES = ("client.md", "services.md", "async-services.md", "errors.md")


@pytest.fixture(scope="module")
def reference_objects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Full name -> object type of every Python object the reference pages document, read by
    Sphinx with the site's configuration (the entries objects.inv would carry)."""
    tmp = tmp_path_factory.mktemp("reference")
    source = tmp / "source"
    (source / "reference").mkdir(parents=True)
    for name in REFERENCE_PAGES:
        shutil.copy(DOCS / "reference" / name, source / "reference" / name)
    (source / "index.md").write_text("# reference\n", encoding="utf-8")
    with warnings.catch_warnings():
        # Sphinx's own napoleon still reads autodoc's options as a mapping (deprecated in
        # Sphinx 9, for removal in 11): Sphinx's to fix, not ours.
        warnings.filterwarnings("ignore", "The mapping interface for autodoc options")
        return _read(source, tmp)


def _read(source: Path, tmp: Path) -> dict[str, str]:
    from sphinx.application import Sphinx

    app = Sphinx(
        str(source),
        str(DOCS),  # docs/conf.py and docs/_ext
        str(tmp / "out"),
        str(tmp / "doctrees"),
        "dummy",
        status=None,
        warning=io.StringIO(),
        freshenv=True,
    )
    app.builder.read()
    return {name: entry.objtype for name, entry in app.env.get_domain("py").objects.items()}


def test_every_facade_method_and_service_has_a_reference_entry(
    reference_objects: dict[str, str],
) -> None:
    from tabbyapi_client.facade import async_services, sync_services

    from tabby_ext._operations import operation_table

    missing = []
    classes: dict[tuple[str, str], type] = {}  # (module, tag) -> service class
    for module in (sync_services, async_services):
        services = getattr(module, "AsyncServices", None) or module.Services
        for tag, member in vars(services).items():
            if tag.startswith("_"):
                continue
            cls = getattr(module, inspect.get_annotations(member.func)["return"])
            classes[module.__name__, tag] = cls
            for name in (f"{module.__name__}.{services.__name__}.{tag}", _name(cls)):
                if name not in reference_objects:
                    missing.append(name)
            for owner in (cls, _helper_class(cls)):
                if owner is None:
                    continue
                for method, _ in inspect.getmembers(owner, inspect.isfunction):
                    full = f"{_name(owner)}.{method}"
                    if not method.startswith("_") and reference_objects.get(full) != "method":
                        missing.append(full)
    # And every facade and helper method the operation table names (the services and helpers
    # are generated from it).
    for op in operation_table().operations:
        for module in (sync_services, async_services):
            cls = classes[module.__name__, op.tag] if op.facade_methods else None
            for method in op.facade_methods:
                if reference_objects.get(f"{_name(cls)}.{method}") != "method":
                    missing.append(f"{_name(cls)}.{method}")
            for method in op.helpers:
                helpers = _helper_class(cls)
                if reference_objects.get(f"{_name(helpers)}.{method}") != "method":
                    missing.append(f"{_name(helpers)}.{method}")
    assert not missing, f"no reference entry for: {sorted(set(missing))}"


def _name(cls: Any) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _helper_class(service: Any) -> Any:
    """The class of a service's helper methods (`parse`, `run_tools`, ...), or None."""
    where = getattr(service, "_helpers", None)
    return getattr(importlib.import_module(where[0]), where[1]) if where else None


def test_every_error_and_client_export_has_a_reference_entry(
    reference_objects: dict[str, str],
) -> None:
    import tabby_ext
    from tabby_ext import errors

    missing = [
        f"tabby_ext.errors.{name}"
        for name in errors.__all__
        if reference_objects.get(f"tabby_ext.errors.{name}") != "exception"
    ]
    missing += [
        f"tabby_ext.{name}"
        for name in tabby_ext.__all__
        if name not in errors.__all__
        and name != "__version__"
        and f"tabby_ext.{name}" not in reference_objects
    ]
    assert not missing, f"no reference entry for: {missing}"


# ---- pages the code renders -------------------------------------------------------------------


def test_readme_is_the_front_door() -> None:
    """Short, with the two commands CI and the guide rely on, and links into the site."""
    text = README.read_text(encoding="utf-8")
    assert len(text) <= 8_000, len(text)
    assert "make demo" in text and "make test" in text
    for link in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (ROOT / link).is_file(), link


def test_every_page_is_in_the_site(tmp_path: Path) -> None:
    """Every page under docs/ is reachable from the table of contents (a page left out of it is
    a warning of the strict build too; this says which, without building)."""
    linked: set[str] = set()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```\{toctree\}(.*?)```", text, re.DOTALL):
            for line in block.splitlines():
                entry = line.strip()
                if entry.endswith(">") and "<" in entry:  # "Title <page>"
                    entry = entry.rsplit("<", 1)[1][:-1]
                if entry and not entry.startswith(":"):
                    linked.add(str((page.parent / entry).resolve().relative_to(DOCS)))
    pages = {str(p.relative_to(DOCS).with_suffix("")) for p in PAGES} - {"index"}
    assert pages <= linked, sorted(pages - linked)
