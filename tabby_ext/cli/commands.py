"""The curated administration commands: friendly names over the facade and derived options.

Each command names its operation (`models.load`); its request fields become options from the
operation table, minus the ones taken as arguments. `--json` prints the server's answer as is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from .options import DerivedCommand, fields_from

if TYPE_CHECKING:
    from .._operations import Operation
    from .config import State


def operation(tag: str, method: str) -> Callable[[], Operation]:
    """The operation behind `client.<tag>.<method>`, looked up when first needed."""

    def lookup() -> Operation:
        from .._operations import operation_table

        return operation_table().facade(tag, method)

    return lookup


def derived(
    group: click.Group, name: str, tag: str, method: str, *, skip: Sequence[str] = (), **kw: Any
) -> Callable[[Callable[..., Any]], click.Command]:
    """`@derived(group, "load", "models", "load_stream", skip=["model_name"])`: a subcommand
    with an option per request field of that facade method's operation."""
    return group.command(
        name, cls=DerivedCommand, operation=operation(tag, method), skip=skip, **kw
    )


def optional(call: Callable[[], Any]) -> Any:
    """The answer, or None when the server refuses (no model loaded, key not enough)."""
    from ..errors import APIStatusError

    try:
        return call()
    except APIStatusError:
        return None


def current_model(state: State) -> Any:
    """The loaded model's card, or None."""
    return optional(state.client().models.get)


# --- health ------------------------------------------------------------------------------


@click.command("health")
@click.pass_obj
def health(state: State) -> None:
    """Server status, the permission level of your key(s) and the loaded model."""
    from ..errors import APIStatusError
    from .output import key_values, plain

    client = state.client()
    status = plain(client.health.check())
    report: dict[str, Any] = {"url": state.settings.url, **status}
    try:
        report["permission"] = client.auth.get_permission().permission
    except APIStatusError as exc:
        report["permission"] = None
        report["permission_error"] = exc.message
    try:
        report["model"] = client.models.get().id
    except APIStatusError as exc:
        report["model"] = None
        report["model_error"] = exc.message
    human = dict(report)
    if human.get("permission") is None:
        human["permission"] = f"none ({report.get('permission_error')})"
    if human.get("model") is None:
        human["model"] = f"none ({report.get('model_error')})"
    human.pop("permission_error", None)
    human.pop("model_error", None)
    state.out.data(report, key_values(human))


# --- models ------------------------------------------------------------------------------


@click.group("models")
def models() -> None:
    """List, show, load, unload and download models."""


@models.command("list")
@click.option("--draft", "kind", flag_value="draft", help="List draft models instead.")
@click.option("--embedding", "kind", flag_value="embedding", help="List embedding models.")
@click.pass_obj
def models_list(state: State, /, kind: str | None) -> None:
    """The model folders the server has (all of them with an admin key, else the loaded one)."""
    from .output import plain, table

    client = state.client()
    if kind == "draft":
        listing, loaded = client.models.list_draft(), None
    elif kind == "embedding":
        listing, loaded = client.models.list_embedding(), optional(client.models.get_embedding)
    else:
        listing, loaded = client.models.list(), current_model(state)
    loaded_id = getattr(loaded, "id", None)
    rows = [
        {
            "model": m["id"],
            "loaded": "●" if m["id"] == loaded_id else "",
            "owned_by": m.get("owned_by"),
        }
        for m in plain(listing).get("data") or []
    ]
    state.out.data(listing, table(rows) if rows else "(no models)")


@models.command("show")
@click.pass_obj
def models_show(state: State) -> None:
    """The loaded model and its parameters."""
    from .output import key_values, plain

    card = plain(state.client().models.get())
    shown = {"model": card.get("id")}
    for key, value in (card.get("parameters") or {}).items():
        if key != "prompt_template_content" and value is not None:
            shown[key] = value
    state.out.data(card, key_values(shown))


@derived(models, "load", "models", "load_stream", skip=["model_name"])
@click.argument("name")
@click.pass_obj
def models_load(state: State, /, name: str, **params: Any) -> None:
    """Load model folder NAME (and a draft with --draft-model), with live progress."""
    from . import progress

    fields = {**fields_from(params), "model_name": name}
    draft = fields.get("draft_model")
    names = {"model": name}
    if isinstance(draft, dict) and draft.get("draft_model_name"):
        names["draft"] = str(draft["draft_model_name"])
    stream = state.client().models.load_stream(**fields)
    last = progress.model_load(state.out, stream, names)
    state.out.data(last, f"Loaded {name}.")


@models.command("unload")
@click.pass_obj
def models_unload(state: State) -> None:
    """Unload the loaded model."""
    state.client().models.unload()
    state.out.data(None, "Unloaded.")


@derived(models, "download", "models", "download", skip=["repo_id"])
@click.argument("repo_id")
@click.pass_obj
def models_download(state: State, /, repo_id: str, **params: Any) -> None:
    """Download REPO_ID from Hugging Face onto the server (no progress is reported)."""
    from . import progress

    fields = {**fields_from(params), "repo_id": repo_id}
    with progress.spinner(state.out, f"Downloading {repo_id}"):
        result = state.client().models.download(**fields)
    state.out.data(result, f"Downloaded {repo_id} to {result.download_path}.")


# --- lora --------------------------------------------------------------------------------


@click.group("lora")
def lora() -> None:
    """List, load and unload LoRAs."""


@lora.command("list")
@click.pass_obj
def lora_list(state: State) -> None:
    """The LoRA folders, and which are active at what scaling."""
    from .output import plain, table

    client = state.client()
    listing = plain(client.lora.list())
    active = {
        item["id"]: item.get("scaling")
        for item in plain(optional(client.lora.get_active) or {}).get("data") or []
    }
    rows = [
        {
            "lora": item["id"],
            "active": "●" if item["id"] in active else "",
            "scaling": active.get(item["id"]),
        }
        for item in listing.get("data") or []
    ]
    state.out.data(listing, table(rows) if rows else "(no LoRAs)")


def parse_lora(text: str) -> dict[str, Any]:
    """NAME or NAME:SCALING."""
    name, sep, scaling = text.rpartition(":")
    if sep:
        try:
            return {"name": name, "scaling": float(scaling)}
        except ValueError:
            pass
    return {"name": text}


@derived(lora, "load", "lora", "load", skip=["loras"])
@click.argument("loras", nargs=-1, required=True, metavar="NAME[:SCALING]...")
@click.pass_obj
def lora_load(state: State, /, loras: tuple[str, ...], **params: Any) -> None:
    """Load LoRAs onto the loaded model (scaling defaults to 1.0)."""
    result = state.client().lora.load(
        loras=[parse_lora(item) for item in loras], **fields_from(params)
    )
    lines = [f"Loaded: {', '.join(result.success) or 'none'}."]
    if result.failure:
        lines.append(f"Failed: {', '.join(result.failure)}.")
    state.out.data(result, "\n".join(lines))
    if result.failure:
        state.out.error(
            f"{len(result.failure)} LoRA(s) failed to load: {', '.join(result.failure)}"
        )
        raise click.exceptions.Exit(1)


@lora.command("unload")
@click.pass_obj
def lora_unload(state: State) -> None:
    """Unload every LoRA."""
    state.client().lora.unload()
    state.out.data(None, "Unloaded the LoRAs.")


# --- templates ---------------------------------------------------------------------------


@click.group("templates")
def templates() -> None:
    """List, switch to and unload prompt templates."""


@templates.command("list")
@click.pass_obj
def templates_list(state: State) -> None:
    """The prompt templates the server has; ● marks the loaded model's."""
    from .output import plain, table

    listing = state.client().templates.list()
    card = plain(current_model(state) or {})
    active = (card.get("parameters") or {}).get("prompt_template")
    rows = [{"template": t, "active": "●" if t == active else ""} for t in listing.data]
    state.out.data(listing, table(rows) if rows else "(no templates)")


@derived(templates, "use", "templates", "switch", skip=["prompt_template_name"])
@click.argument("name")
@click.pass_obj
def templates_use(state: State, /, name: str, **params: Any) -> None:
    """Switch the loaded model to prompt template NAME."""
    state.client().templates.switch(prompt_template_name=name, **fields_from(params))
    state.out.data(None, f"Using template {name}.")


@templates.command("unload")
@click.pass_obj
def templates_unload(state: State) -> None:
    """Unload the prompt template (chat completions stop working until one is set)."""
    state.client().templates.unload()
    state.out.data(None, "Unloaded the template.")


# --- sampling ----------------------------------------------------------------------------


@click.group("sampling")
def sampling() -> None:
    """List, switch to and unload sampler override presets."""


@sampling.command("list")
@click.pass_obj
def sampling_list(state: State) -> None:
    """The sampler override presets; ● marks the active one."""
    from rich.console import Group

    from .output import key_values, plain, table

    listing = plain(state.client().sampling.list_overrides())
    selected = listing.get("selected_preset")
    rows = [
        {"preset": p, "active": "●" if p == selected else ""} for p in listing.get("presets") or []
    ]
    parts: list[Any] = [table(rows) if rows else "(no presets)"]
    if listing.get("overrides"):
        parts.append(key_values(listing["overrides"], title="Active overrides"))
    state.out.data(listing, Group(*parts))


@derived(sampling, "use", "sampling", "switch_override", skip=["preset"])
@click.argument("preset", required=False)
@click.pass_obj
def sampling_use(state: State, /, preset: str | None, **params: Any) -> None:
    """Switch to override preset PRESET (or to the --overrides given)."""
    fields = fields_from(params)
    if preset is not None:
        fields["preset"] = preset
    if not fields:
        raise click.UsageError("give a PRESET or --overrides")
    state.client().sampling.switch_override(**fields)
    state.out.data(None, f"Using sampler preset {preset}." if preset else "Using the overrides.")


@sampling.command("unload")
@click.pass_obj
def sampling_unload(state: State) -> None:
    """Drop the sampler overrides."""
    state.client().sampling.unload_override()
    state.out.data(None, "Unloaded the sampler overrides.")


# --- tokens ------------------------------------------------------------------------------


@click.group("tokens")
def tokens() -> None:
    """Encode text to token ids and decode them back."""


@derived(tokens, "encode", "tokens", "encode", skip=["text"])
@click.argument("text")
@click.pass_obj
def tokens_encode(state: State, /, text: str, **params: Any) -> None:
    """The token ids of TEXT."""
    result = state.client().tokens.encode(text=text, **fields_from(params))
    ids = " ".join(str(t) for t in result.tokens)
    state.out.data(result, f"{result.length} tokens: {ids}")


@derived(tokens, "decode", "tokens", "decode", skip=["tokens"])
@click.argument("ids", nargs=-1, required=True, type=int, metavar="ID...")
@click.pass_obj
def tokens_decode(state: State, /, ids: tuple[int, ...], **params: Any) -> None:
    """The text of token ids ID..."""
    result = state.client().tokens.decode(tokens=list(ids), **fields_from(params))
    state.out.data(result, result.text)


# --- fake-server -------------------------------------------------------------------------


@click.command(
    "fake-server",
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def fake_server(args: tuple[str, ...]) -> None:
    """Run the embedded fake TabbyAPI server (`tabby fake-server --help` for its options)."""
    from ..testing.__main__ import main

    main(list(args))
