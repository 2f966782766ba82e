"""Sphinx extension of this site: tables rendered from the code, and reference resolution.

* ``{tabby-table} NAME``: a table the code already holds, rendered at build time, so the page
  cannot drift from it: ``settings`` (tabby_ext._config.SETTINGS), ``status-errors`` (which
  error class a status or a server's words become), ``transport-errors`` (what each network
  failure becomes), ``retry-policy`` (`RetryPolicy`'s fields and defaults).
* Type names the code writes unqualified (the generated facade imports its models under
  ``TYPE_CHECKING``, so autodoc sees ``ChatCompletionResponse``, not its module) resolve to the
  one documented object of that name; a name documented nowhere still fails the `-n` build.
* The reference documents each name once: `tabby_ext`'s page leaves the error classes to
  `tabby_ext.errors`' page, and the facade's service classes show no constructor (the client
  builds them; they are reached as ``client.chat``, ``client.models``, ...).
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
import re
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains.python import PythonDomain
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

# The directives write MyST (they are used in the Markdown pages, where nested content is parsed
# as Markdown): `code`, {role}`target`.


def _literal(value: Any) -> str:
    return f"`{value}`"


def _error(cls: type) -> str:
    return f"{{py:class}}`~tabby_ext.errors.{cls.__name__}`"


def _settings() -> tuple[list[str], list[list[str]]]:
    from tabby_ext._settings import SETTINGS, as_timeout

    rows = []
    for setting in SETTINGS:
        if setting.default is None:
            default = "not set"
        elif setting.name == "timeout":
            t = as_timeout(setting.default)
            default = f"{t.read:g} s (connect: {t.connect:g} s)"
        else:
            default = _literal(setting.default)
        rows.append(
            [
                f"{_literal(setting.name + '=')} / {_literal(setting.flag)}",
                _literal(setting.env),
                default,
                setting.help + (" (a secret: never printed)" if setting.secret else ""),
            ]
        )
    return ["argument / `tabby` flag", "variable", "default", "what it is"], rows


def _status_errors() -> tuple[list[str], list[list[str]]]:
    from tabby_ext import errors

    rows = [
        [
            f"`{status}`",
            _error(cls),
            _literal(cls.default_code),
        ]
        for status, cls in sorted(errors.STATUS_ERRORS.items())
    ]
    rows.append(
        [
            "any other `>= 500`",
            _error(errors.InternalServerError),
            _literal(errors.InternalServerError.default_code),
        ]
    )
    rows.append(["any other", _error(errors.APIStatusError), _literal("api_error")])
    cls = errors.ContextLengthExceededError
    words = " or ".join(f'"{w}"' for w in errors.CONTEXT_LENGTH_WORDS)
    rows.append(
        [
            f'code `"{cls.default_code}"`, or the words {words}',
            _error(cls),
            _literal(cls.default_code),
        ]
    )
    for detail, meaning in errors.MEANINGS.items():
        rows.append(
            [
                f'`{{"detail": "{detail}"}}`, any status',
                _error(meaning),
                _literal(meaning.default_code),
            ]
        )
    return ["the answer", "raises", "`.code` (if the body has none)"], rows


def _transport_errors() -> tuple[list[str], list[list[str]]]:
    from tabby_ext import _failures

    rows = [
        [
            f"`httpx.{cause.__name__}`",
            _error(kind),
            _literal(text),
        ]
        for cause, kind, text in _failures.TRANSPORT_ERRORS
    ]
    kind, text = _failures.UNTRUSTED
    rows.insert(
        0,
        [
            "a TLS certificate the client does not trust",
            _error(kind),
            _literal(text),
        ],
    )
    kind, text = _failures.OTHER
    rows.append(["anything else (too many redirects, ...)", _error(kind), _literal(text)])
    return ["the failure", "raises", "message (after the operation's name)"], rows


def _retry_policy() -> tuple[list[str], list[list[str]]]:
    from tabby_ext import RetryPolicy

    rows = []
    for field in dataclasses.fields(RetryPolicy):
        value = field.default
        if isinstance(value, frozenset):
            value = ", ".join(str(v) for v in sorted(value))
        rows.append([_literal(field.name), _literal(value)])
    return ["field", "default"], rows


TABLES = {
    "settings": _settings,
    "status-errors": _status_errors,
    "transport-errors": _transport_errors,
    "retry-policy": _retry_policy,
}


class TabbyTable(SphinxDirective):
    """``{tabby-table} NAME``: one of `TABLES`, rendered from the code."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in TABLES:
            raise self.error(f"unknown table {name!r}; known: {sorted(TABLES)}")
        header, rows = TABLES[name]()
        lines = ["```{list-table}", ":header-rows: 1", ":widths: auto", ""]
        for row in [header, *rows]:
            lines.append(f"* - {row[0]}")
            lines.extend(f"  - {cell}" for cell in row[1:])
        lines.append("```")
        container = nodes.container(classes=["tabby-table"])
        self.state.nested_parse(StringList(lines, source=f"<tabby-table {name}>"), 0, container)
        return [container]


# ---- the reference -----------------------------------------------------------------------------


class TabbyAliases(SphinxDirective):
    """``{tabby-aliases} MODULE [SOURCE]``: every name of MODULE's ``__all__`` that is neither
    a class nor a function (a type alias: ``ChatCompletionMessageParam``,
    ``HealthCheckResponseStatus``), as a data entry with its value and, where SOURCE (the module
    that defines them) gives one, its ``#:`` comment. autodoc documents the classes a module
    re-exports, but not these."""

    required_arguments = 1
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        import importlib

        from sphinx.pycode import ModuleAnalyzer

        module = importlib.import_module(self.arguments[0])
        docs: dict[tuple[str, str], list[str]] = {}
        if len(self.arguments) > 1:
            docs = ModuleAnalyzer.for_module(self.arguments[1]).find_attr_docs()
        lines: list[str] = []
        for name in module.__all__:
            value = getattr(module, name)
            if (
                name.startswith("_")
                or inspect.isclass(value)
                or (callable(value) and not hasattr(value, "__origin__"))
            ):
                continue
            # an alias written as a string is the union it names
            shown = value if isinstance(value, str) else repr(value).replace("typing.", "")
            lines += [
                f"```{{py:data}} {name}",
                f":module: {module.__name__}",
                f":value: {shown}",
                "",
                *docs.get(("", name), []),
                "```",
                "",
            ]
        container = nodes.container()
        self.state.nested_parse(
            StringList(lines, source=f"<tabby-aliases {module.__name__}>"), 0, container
        )
        return container.children


def _by_short_name(domain: PythonDomain) -> dict[str, list[str]]:
    """Every documented Python object's full names by the last part of its name, shortest first
    (kept until the set of objects changes)."""
    objects = domain.objects
    key = (id(objects), len(objects))
    cached = _INDEX.get("key")
    if cached != key:
        index: dict[str, list[str]] = {}
        for name in sorted(objects, key=lambda name: (len(name), name)):
            index.setdefault(name.rpartition(".")[2], []).append(name)
        _INDEX.clear()
        _INDEX.update(key=key, index=index)
    return _INDEX["index"]  # type: ignore[no-any-return]


_INDEX: dict[str, Any] = {}
_BUILTINS = frozenset(dir(builtins))
_find_obj = PythonDomain.find_obj


def find_obj(
    self: PythonDomain,
    env: BuildEnvironment,
    modname: str,
    classname: str,
    name: str,
    type: str | None,
    searchmode: int = 0,
) -> list[tuple[str, Any]]:
    """Sphinx's lookup, answered at once for a name no documented object ends with (`str`,
    `Mapping`, ...). Sphinx searches every type in a signature by suffix over all ~6 000 objects
    of this reference, which was a third of the build; the answer is the same."""
    if name.rpartition(".")[2] not in _by_short_name(self):
        return []
    if searchmode == 1 and name in _BUILTINS:
        return []  # `type[T]` is the builtin, not one of the TypedDicts' fields named `type`
    return _find_obj(self, env, modname, classname, name, type, searchmode)


def resolve_short_names(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """A Python name no object is documented under (``ModelList``, ``tabby_ext._contract.
    NotGiven``) resolves to the one documented object whose last name part is the same; where
    several are (a name documented under two modules), the shortest full name wins."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    short = target.rpartition(".")[2]
    if not short or short[0] == "_":
        return None
    domain = env.get_domain("py")
    assert isinstance(domain, PythonDomain)
    found = _by_short_name(domain).get(short)
    if not found:
        return None
    retargeted = node.deepcopy()
    retargeted["reftarget"] = found[0]
    # "obj": a type alias is data, which a class reference does not match
    return domain.resolve_xref(
        env, node.get("refdoc", ""), app.builder, "obj", found[0], retargeted, contnode
    )


def skip_member(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Each name is documented once, where it comes from: `tabby_ext`'s page leaves the error
    classes to `tabby_ext.errors`' page, `tabby_ext.types` leaves `NOT_GIVEN` / `NotGiven` to
    `tabby_ext`'s. A generated model's fields are documented by its "Attributes:" section."""
    module = getattr(app.env.current_document, "autodoc_module", "")
    if what == "module":
        home = getattr(obj, "__module__", None) if inspect.isclass(obj) else None
        if module == "tabby_ext" and home == "tabby_ext.errors":
            return True
        if module == "tabby_ext.types" and name in ("NOT_GIVEN", "NotGiven"):
            return True
    if what == "class" and module == "tabby_ext.models":
        if name == "additional_properties":
            return False  # unknown fields are kept here (see Compatibility)
        import tabby_ext.models

        cls = getattr(
            tabby_ext.models, getattr(app.env.current_document, "autodoc_class", ""), None
        )
        if re.search(rf"^\s+{re.escape(name)} \(", inspect.getdoc(cls) or "", re.MULTILINE):
            return True
    return None


#: An "Args:" entry of a generated facade method: `name (type, optional): text`.
_ARG_WITH_TYPE = re.compile(r"^(\s+)(\w+) \(.*?\)(:|$)")


def _prose_out_of_args(lines: list[str]) -> list[str]:
    """An "Args:" entry that names no parameter ("The other arguments are those of `create()`
    ...", in the helper methods) is prose: it goes before the section, as a paragraph (napoleon
    would read "The other arguments are those" as a parameter)."""
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Args:")
    except StopIteration:
        return lines
    header = len(lines[start]) - len(lines[start].lstrip())
    body = [i for i in range(start + 1, len(lines)) if lines[i].strip()]
    if not body:
        return lines
    entry = len(lines[body[0]]) - len(lines[body[0]].lstrip())
    kept, prose, i = [lines[start]], [], start + 1
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        if line.strip() and indent <= header:
            break  # the next section
        if line.strip() and indent == entry and not re.match(r"\*{0,2}\w+(:| \(|$)", line.strip()):
            prose.append(line.strip())
            i += 1
            while (
                i < len(lines)
                and lines[i].strip()
                and len(lines[i]) - len(lines[i].lstrip()) > entry
            ):
                prose.append(lines[i].strip())
                i += 1
            continue
        kept.append(line)
        i += 1
    if not prose:
        return lines
    pad = " " * header
    return [*lines[:start], *(pad + p for p in prose), "", *kept, *lines[i:]]


def tidy_generated_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """A generated facade method's "Args:" name each parameter's type, which its signature shows
    already: the reference lists each parameter once, typed in the signature (and it builds in
    half the time: every type in a parameter list is a cross-reference looked up by suffix).

    A generated model's docstring holds TabbyAPI's own description text (Python docstrings
    of its pydantic models, not written as reStructuredText): where that text is indented
    (a JSON schema), it is shown as written, in a literal block. Its "Attributes:" section is
    moved to the left margin, where napoleon looks for it."""
    module = getattr(obj, "__module__", "") or ""
    if what == "method" and module.startswith("tabbyapi_client.facade."):
        lines[:] = _prose_out_of_args([_ARG_WITH_TYPE.sub(r"\1\2\3", line) for line in lines])
        return
    if what != "class" or not module.startswith("tabbyapi_client."):
        return
    header = next((i for i, line in enumerate(lines) if line.strip() == "Attributes:"), len(lines))
    prose, fields = lines[:header], lines[header:]
    indent = min((len(x) - len(x.lstrip()) for x in fields if x.strip()), default=0)
    fields = [x[indent:] for x in fields]
    if any(line[:1].isspace() for line in prose if line.strip()):
        prose = ["::", "", *("    " + line for line in prose), ""]
    lines[:] = [*prose, *fields]


#: `code`s: Markdown allows a letter right after a code span; reStructuredText needs an escaped
#: space there ("`custom_id`s" would be a broken literal).
_CODE_THEN_LETTER = re.compile(r"(`[^`\s][^`]*`)(?=[A-Za-z0-9])")


def markdown_isms(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    lines[:] = [_CODE_THEN_LETTER.sub(r"\1\\ ", line) for line in lines]


def napoleon_for_sections_only(app: Sphinx) -> None:
    """napoleon reads an attribute's or property's docstring as "type: text", so "Base URL, e.g.
    "http://..."" or "Token budget for reasoning content: when exceeded, ..." would come out as
    a type named "Base URL, e.g. "http". Here it reads only docstrings that have sections
    (functions, methods, classes: "Args:", "Returns:", "Attributes:", ...)."""
    listeners = app.events.listeners["autodoc-process-docstring"]
    for listener in list(listeners):
        if getattr(listener.handler, "__module__", "") == "sphinx.ext.napoleon":
            app.disconnect(listener.id)
            handler = listener.handler

            def sections_only(app: Sphinx, what: str, *args: Any, _h: Any = handler) -> None:
                if what not in ("attribute", "property", "data"):
                    _h(app, what, *args)

            app.connect("autodoc-process-docstring", sections_only, priority=listener.priority)


def private_bases(app: Sphinx, name: str, obj: Any, options: Any, bases: list[type]) -> None:
    """A base class from a private module (`FakeTabby`, `Service`) is an implementation detail:
    not shown (its members are documented on the public class); nor is `object`."""
    bases[:] = [
        base
        for base in bases
        if base is not object
        and not any(part.startswith("_") for part in getattr(base, "__module__", "").split("."))
    ]


def drop_service_signatures(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    ret: str | None,
) -> tuple[str, str | None] | None:
    """A facade service (`Chat`, `AsyncModels`, ...) or a stream is built by the client: no
    constructor is shown."""
    from tabby_ext import AsyncStream, Stream
    from tabby_ext._contract import Service

    if what == "class" and inspect.isclass(obj) and issubclass(obj, Service | Stream | AsyncStream):
        return "", ret
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("tabby-table", TabbyTable)
    app.add_directive("tabby-aliases", TabbyAliases)
    PythonDomain.find_obj = find_obj  # type: ignore[method-assign]
    app.connect("missing-reference", resolve_short_names)
    app.connect("autodoc-process-signature", drop_service_signatures)
    app.connect("autodoc-skip-member", skip_member)
    # Before napoleon (priority 500), which reads the "Attributes:" section.
    app.connect("autodoc-process-docstring", tidy_generated_docstring, priority=400)
    app.connect("autodoc-process-docstring", markdown_isms, priority=400)
    app.connect("autodoc-process-bases", private_bases)
    app.connect("builder-inited", napoleon_for_sections_only)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
