"""`tabby doctor`: what works and what does not, and why, one line per finding with a fix.

Checks, in order: the settings, reachability, TLS, each configured key's permission, the
loaded model and template, and the server's live /openapi.json against the spec this client
was generated from (operations and request fields either side lacks).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from argparse import Namespace

    from .. import Tabby
    from .._config import ClientConfig
    from .config import State
    from .parser import Parser

OK, WARN, FAIL, INFO = "ok", "warn", "fail", "info"
SYMBOLS = {OK: ("✓", "green"), WARN: ("!", "yellow"), FAIL: ("✗", "red"), INFO: ("·", "blue")}
METHODS = ("get", "put", "post", "delete", "patch")
REGENERATE = "regenerate the client: make spec URL={url} && make generate"


@dataclasses.dataclass(frozen=True)
class Finding:
    """One line of the report: how it stands, what was seen, and what to do about it."""

    status: str
    check: str
    message: str
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- the pinned spec ---------------------------------------------------------------------


def pinned_spec_path() -> Path | None:
    """The spec the client was generated from: shipped in the wheel as
    tabby_ext/testing/tabbyapi.json, or openapi/tabbyapi.json in a checkout."""
    shipped = resources.files("tabby_ext.testing").joinpath("tabbyapi.json")
    if shipped.is_file():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parents[2] / "openapi" / "tabbyapi.json"
    return checkout if checkout.is_file() else None


def _resolve(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    """A schema with `$ref`s (and a single-branch anyOf/allOf) followed."""
    for _ in range(20):
        if not isinstance(schema, dict):
            return {}
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            node: Any = spec
            for part in ref[2:].split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            schema = node
            continue
        for key in ("allOf", "anyOf"):
            branches = [b for b in schema.get(key, []) if b.get("type") != "null"]
            if len(branches) == 1 and "properties" not in schema:
                schema = branches[0]
                break
        else:
            return schema
    return {}


@dataclasses.dataclass(frozen=True)
class Body:
    """An operation's request body as a spec declares it: its fields, and whether the server
    refuses fields it does not declare (`additionalProperties: false`) or ignores them."""

    fields: frozenset[str]
    strict: bool = False


def operations(spec: dict[str, Any]) -> dict[str, Body]:
    """`METHOD /path` -> its request body."""
    found: dict[str, Body] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            content = (op.get("requestBody") or {}).get("content") or {}
            schema = _resolve(spec, (content.get("application/json") or {}).get("schema"))
            strict = schema.get("additionalProperties") is False
            found[f"{method.upper()} {path}"] = Body(
                frozenset(schema.get("properties") or {}), strict
            )
    return found


def compare_specs(live: dict[str, Any], pinned: dict[str, Any], url: str) -> Iterator[Finding]:
    """Both ways: what the server has that this client does not know, and what this client
    would send that the server does not know (and whether it would be ignored or refused)."""
    server, client = operations(live), operations(pinned)
    regenerate = REGENERATE.format(url=url)
    for key in sorted(server.keys() - client.keys()):
        yield Finding(
            WARN,
            "spec",
            f"the server has {key}, which this client does not know",
            f"call it over HTTP (client.raw's httpx client) or {regenerate}",
        )
    for key in sorted(client.keys() - server.keys()):
        yield Finding(
            WARN,
            "spec",
            f"this client knows {key}, which the server does not have (an older TabbyAPI?):"
            " calling it is refused (404)",
            "don't call it on this server, or upgrade TabbyAPI",
        )
    for key in sorted(server.keys() & client.keys()):
        theirs, ours = server[key], client[key]
        for field in sorted(theirs.fields - ours.fields):
            yield Finding(
                WARN,
                "spec",
                f"the server's {key} takes field {field!r}, which this client does not know",
                f"send it with extra_body={{{field!r}: ...}} (tabby call ... --extra-body) "
                f"or {regenerate}",
            )
        for field in sorted(ours.fields - theirs.fields):
            fate = (
                "refused (422): the server takes no field it does not declare"
                if theirs.strict
                else "silently ignored: the server drops fields it does not know"
            )
            yield Finding(
                WARN,
                "spec",
                f"this client can send field {field!r} on {key}, which the server does not know:"
                f" given, it is {fate}",
                "leave it out on this server, or upgrade TabbyAPI",
            )


# --- the checks ----------------------------------------------------------------------------


def check_settings(config: ClientConfig) -> Iterator[Finding]:
    """Each setting and where it came from (keys only as set or not, never their value)."""
    for report in config.describe():
        if report.value == "not set" and report.name in ("api_key", "admin_key"):
            yield Finding(
                INFO,
                "settings",
                f"no {report.name.replace('_', ' ')}",
                f"give one ({config.how_to_set(report.name)}) if the server needs it",
            )
        else:
            yield Finding(INFO, "settings", f"{report.name} {report.value} (from {report.source})")


def check_tls(config: ClientConfig) -> Iterator[Finding]:
    from .._settings import is_loopback

    parts = urlsplit(config.base_url)
    host = parts.hostname or ""
    if parts.scheme != "https":
        if config.key_kinds and not is_loopback(host):
            yield Finding(
                WARN,
                "tls",
                f"keys go in clear text over http to {host}",
                "use https (a TLS proxy in front of TabbyAPI) for anything beyond this machine",
            )
        return
    import socket
    import ssl

    context = ssl.create_default_context()
    try:
        timeout = min(config.timeout.connect or 5.0, 5.0)
        with (
            socket.create_connection((host, parts.port or 443), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            cert = tls.getpeercert() or {}
            version = tls.version()
    except ssl.SSLCertVerificationError as exc:
        yield Finding(
            FAIL,
            "tls",
            f"the certificate of {host} is not trusted: {exc.verify_message}",
            "install a trusted certificate on the server, or point SSL_CERT_FILE at its CA",
        )
        return
    except (ssl.SSLError, OSError) as exc:
        yield Finding(
            FAIL,
            "tls",
            f"no TLS handshake with {host}:{parts.port or 443}: {exc}",
            "check that the server speaks https on that port (or use http://)",
        )
        return
    expires = cert.get("notAfter")
    days = (ssl.cert_time_to_seconds(str(expires)) - time.time()) / 86400 if expires else None
    if days is not None and days < 14:
        yield Finding(
            WARN, "tls", f"{version}; the certificate expires in {days:.0f} days", "renew it"
        )
    else:
        yield Finding(OK, "tls", f"{version}, certificate trusted")


def check_reachable(client: Tabby, config: ClientConfig) -> Iterator[Finding]:
    from ..errors import APIConnectionError, TabbyError
    from .app import describe

    url = config.base_url
    quick = client.with_options(max_retries=0, timeout=min(config.timeout.read or 10.0, 10.0))
    try:
        quick.health.check()  # connects; the second call measures the answer alone
        started = time.perf_counter()
        health = quick.health.check()
    except APIConnectionError as exc:
        yield Finding(
            FAIL,
            "reachable",
            f"{url} does not answer: {exc.message}",
            f"start TabbyAPI there, or give its address ({config.how_to_set('base_url')})",
        )
        return
    except TabbyError as exc:
        yield Finding(
            FAIL,
            "reachable",
            f"{url}/health: {describe(exc)}",
            "is this TabbyAPI? check the URL (a proxy in front?)",
        )
        return
    ms = (time.perf_counter() - started) * 1000
    issues = [str(i.to_dict() if hasattr(i, "to_dict") else i) for i in (health.issues or [])]
    if health.status == "healthy" and not issues:
        yield Finding(OK, "reachable", f"{url} is {health.status} ({ms:.0f} ms)")
    else:
        yield Finding(
            WARN,
            "reachable",
            f"{url} is {health.status}: {'; '.join(issues) or 'no details'}",
            "see the server's console",
        )


def check_keys(client: Tabby, config: ClientConfig) -> Iterator[Finding]:
    from ..errors import APIStatusError

    probes: list[tuple[str, Tabby, str]] = []
    if config.api_key is not None:
        probes.append(("api key", client.with_options(admin_key=None), "api"))
    if config.admin_key is not None:
        probes.append(("admin key", client.with_options(api_key=None), "admin"))
    if not probes:
        probes.append(("no key", client, "api"))
    for label, probe, wanted in probes:
        try:
            permission = probe.auth.get_permission().permission
        except APIStatusError as exc:
            if label == "no key":
                yield Finding(
                    FAIL,
                    "keys",
                    f"the server wants a key ({exc.message})",
                    f"give an api key ({config.how_to_set('api_key')}), and an admin key for"
                    f" administration ({config.how_to_set('admin_key')})",
                )
            else:
                yield Finding(
                    FAIL,
                    "keys",
                    f"the {label} is refused: {exc.message}",
                    f"check it against the server's api_tokens.yml ({wanted} key)",
                )
            continue
        status = OK if permission == wanted or permission == "admin" else WARN
        fix = None
        if status == WARN:
            fix = "administration (load, unload, switch) will be refused: use the admin key"
        what = "works" if label != "no key" else "not needed: the server has auth disabled"
        yield Finding(status, "keys", f"{label} {what}, permission {permission}", fix)


def check_model(client: Tabby) -> Iterator[Finding]:
    from ..errors import APIStatusError, ServiceUnavailableError

    try:
        card = client.models.get()
    except ServiceUnavailableError:
        yield Finding(
            WARN,
            "model",
            "no model is loaded: generations are refused (NoModelLoadedError)",
            "tabby models list, then tabby models load NAME",
        )
        return
    except APIStatusError as exc:
        yield Finding(FAIL, "model", f"cannot ask which model is loaded: {exc.message}")
        return
    template = getattr(card.parameters, "prompt_template", None) if card.parameters else None
    yield Finding(OK, "model", f"{card.id} is loaded")
    if not template:
        yield Finding(
            WARN,
            "model",
            "no prompt template: chat completions answer 422",
            "tabby templates list, then tabby templates use NAME",
        )


def check_spec(client: Tabby, config: ClientConfig) -> Iterator[Finding]:
    path = pinned_spec_path()
    if path is None:
        yield Finding(WARN, "spec", "the pinned spec is not installed; cannot compare")
        return
    import httpx

    pinned = json.loads(path.read_text(encoding="utf-8"))
    try:
        response = client.raw.get_httpx_client().get("/openapi.json")
        live = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError) as exc:
        yield Finding(WARN, "spec", f"cannot read the server's /openapi.json: {exc}")
        return
    if not isinstance(live, dict) or "paths" not in live:
        yield Finding(
            WARN,
            "spec",
            f"the server's /openapi.json answered {response.status_code} without a spec; "
            "cannot compare",
            "a proxy may hide it; compare by hand with make spec-diff",
        )
        return
    findings = list(compare_specs(live, pinned, config.base_url))
    yield from findings
    if not findings:
        version = (live.get("info") or {}).get("version", "?")
        yield Finding(
            OK, "spec", f"the server's API (version {version}) is the one this client knows"
        )


def run_checks(state: State) -> Iterator[Finding]:
    config = state.settings.config
    yield from check_settings(config)
    tls = list(check_tls(config))
    yield from tls
    if any(f.status == FAIL for f in tls):
        return
    client = state.client()
    reachable = list(check_reachable(client, config))
    yield from reachable
    if any(f.status == FAIL for f in reachable):
        return
    yield from check_keys(client, config)
    yield from check_model(client)
    yield from check_spec(client, config)


def line(finding: Finding, *, color: bool) -> str:
    symbol, style = SYMBOLS[finding.status]
    head = f"[{style}]{symbol}[/{style}]" if color else symbol
    text = f"{head} {finding.check}: {finding.message}"
    return text + (f" → {finding.fix}" if finding.fix else "")


def doctor(parser: Parser) -> None:
    parser.handle(run)


def run(state: State, args: Namespace) -> int:
    """Check the settings, reachability, TLS, keys, the loaded model and the server's API.

    One line per finding, with what to do about it. Exit 1 when a check failed.
    """
    findings: list[Finding] = []
    out = state.out
    for finding in run_checks(state):
        findings.append(finding)
        if not out.json:
            from rich.markup import escape

            text = line(
                dataclasses.replace(
                    finding,
                    message=escape(finding.message),
                    fix=escape(finding.fix) if finding.fix else None,
                ),
                color=True,
            )
            out.console.print(out.mask(text), soft_wrap=True)
    if out.json:
        out.data([f.to_dict() for f in findings])
    return 1 if any(f.status == FAIL for f in findings) else 0
