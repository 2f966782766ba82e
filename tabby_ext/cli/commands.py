"""The curated administration commands: friendly names over the facade and derived options.

Each command names its operation (`models.load`); its request fields become options from the
operation table, minus the ones taken as arguments. `--json` prints the server's answer as is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .options import derive, fields_from
from .parser import UsageError

if TYPE_CHECKING:
    from argparse import Namespace

    from .._operations import Operation
    from ..types import LoraLoadInfoParam
    from .config import State
    from .parser import Parser


def operation(tag: str, method: str) -> Callable[[], Operation]:
    """The operation behind `client.<tag>.<method>`, looked up when first needed."""

    def lookup() -> Operation:
        from .._operations import operation_table

        return operation_table().facade(tag, method)

    return lookup


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


def health(parser: Parser) -> None:
    parser.handle(show_health)


def show_health(state: State, args: Namespace) -> None:
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


def models(group: Parser) -> None:
    """List, show, load, unload and download models."""
    listing = group.add_command("list", models_list)
    kind = listing.add_mutually_exclusive_group()
    kind.add_argument(
        "--draft", dest="kind", action="store_const", const="draft", help="List draft models."
    )
    kind.add_argument(
        "--embedding",
        dest="kind",
        action="store_const",
        const="embedding",
        help="List embedding models.",
    )
    group.add_command("show", models_show)
    load = group.add_command("load", models_load)
    load.add_argument("name", metavar="NAME", help="The model folder to load.")
    derive(load, operation("models", "load_stream"), skip=["model_name"], arguments="NAME")
    group.add_command("unload", models_unload)
    download = group.add_command("download", models_download)
    download.add_argument("repo_id", metavar="REPO_ID", help="The Hugging Face repository.")
    derive(download, operation("models", "download"), skip=["repo_id"], arguments="REPO_ID")


def models_list(state: State, args: Namespace) -> None:
    """The model folders the server has (all of them with an admin key, else the loaded one)."""
    from .output import plain, table

    client = state.client()
    if args.kind == "draft":
        listing, loaded = client.models.list_draft(), None
    elif args.kind == "embedding":
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


def models_show(state: State, args: Namespace) -> None:
    """The loaded model and its parameters."""
    from .output import key_values, plain

    card = plain(state.client().models.get())
    shown = {"model": card.get("id")}
    for key, value in (card.get("parameters") or {}).items():
        if key != "prompt_template_content" and value is not None:
            shown[key] = value
    state.out.data(card, key_values(shown))


def models_load(state: State, args: Namespace) -> None:
    """Load model folder NAME (and a draft with --draft-model), with live progress."""
    from . import progress

    name: str = args.name
    fields = {**fields_from(args), "model_name": name}
    draft = fields.get("draft_model")
    names = {"model": name}
    if isinstance(draft, dict) and draft.get("draft_model_name"):
        names["draft"] = str(draft["draft_model_name"])
    stream = state.client().models.load_stream(**fields)
    last = progress.model_load(state.out, stream, names)
    state.out.data(last, f"Loaded {name}.")


def models_unload(state: State, args: Namespace) -> None:
    """Unload the loaded model."""
    state.client().models.unload()
    state.out.data(None, "Unloaded.")


def models_download(state: State, args: Namespace) -> None:
    """Download REPO_ID from Hugging Face onto the server (no progress is reported)."""
    from . import progress

    repo_id: str = args.repo_id
    fields = {**fields_from(args), "repo_id": repo_id}
    with progress.spinner(state.out, f"Downloading {repo_id}"):
        result = state.client().models.download(**fields)
    state.out.data(result, f"Downloaded {repo_id} to {result.download_path}.")


# --- lora --------------------------------------------------------------------------------


def lora(group: Parser) -> None:
    """List, load and unload LoRAs."""
    group.add_command("list", lora_list)
    load = group.add_command("load", lora_load)
    load.add_argument(
        "loras", nargs="+", metavar="NAME[:SCALING]", help="LoRA folders (scaling: 1.0)."
    )
    derive(load, operation("lora", "load"), skip=["loras"], arguments="NAME[:SCALING]...")
    group.add_command("unload", lora_unload)


def lora_list(state: State, args: Namespace) -> None:
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


def parse_lora(text: str) -> LoraLoadInfoParam:
    """NAME or NAME:SCALING."""
    name, sep, scaling = text.rpartition(":")
    if sep:
        try:
            return {"name": name, "scaling": float(scaling)}
        except ValueError:
            pass
    return {"name": text}


def lora_load(state: State, args: Namespace) -> int:
    """Load LoRAs onto the loaded model (scaling defaults to 1.0)."""
    result = state.client().lora.load(
        loras=[parse_lora(item) for item in args.loras], **fields_from(args)
    )
    lines = [f"Loaded: {', '.join(result.success) or 'none'}."]
    if result.failure:
        lines.append(f"Failed: {', '.join(result.failure)}.")
    state.out.data(result, "\n".join(lines))
    if result.failure:
        state.out.error(
            f"{len(result.failure)} LoRA(s) failed to load: {', '.join(result.failure)}"
        )
        return 1
    return 0


def lora_unload(state: State, args: Namespace) -> None:
    """Unload every LoRA."""
    state.client().lora.unload()
    state.out.data(None, "Unloaded the LoRAs.")


# --- templates ---------------------------------------------------------------------------


def templates(group: Parser) -> None:
    """List, switch to and unload prompt templates."""
    group.add_command("list", templates_list)
    use = group.add_command("use", templates_use)
    use.add_argument("name", metavar="NAME", help="The template.")
    derive(use, operation("templates", "switch"), skip=["prompt_template_name"], arguments="NAME")
    group.add_command("unload", templates_unload)


def templates_list(state: State, args: Namespace) -> None:
    """The prompt templates the server has; ● marks the loaded model's."""
    from .output import plain, table

    listing = state.client().templates.list()
    card = plain(current_model(state) or {})
    active = (card.get("parameters") or {}).get("prompt_template")
    rows = [{"template": t, "active": "●" if t == active else ""} for t in listing.data]
    state.out.data(listing, table(rows) if rows else "(no templates)")


def templates_use(state: State, args: Namespace) -> None:
    """Switch the loaded model to prompt template NAME."""
    state.client().templates.switch(prompt_template_name=args.name, **fields_from(args))
    state.out.data(None, f"Using template {args.name}.")


def templates_unload(state: State, args: Namespace) -> None:
    """Unload the prompt template (chat completions stop working until one is set)."""
    state.client().templates.unload()
    state.out.data(None, "Unloaded the template.")


# --- sampling ----------------------------------------------------------------------------


def sampling(group: Parser) -> None:
    """List, switch to and unload sampler override presets."""
    group.add_command("list", sampling_list)
    use = group.add_command("use", sampling_use)
    use.add_argument("preset", nargs="?", metavar="PRESET", help="The override preset.")
    derive(use, operation("sampling", "switch_override"), skip=["preset"], arguments="[PRESET]")
    group.add_command("unload", sampling_unload)


def sampling_list(state: State, args: Namespace) -> None:
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


def sampling_use(state: State, args: Namespace) -> None:
    """Switch to override preset PRESET (or to the --overrides given)."""
    preset: str | None = args.preset
    fields = fields_from(args)
    if preset is not None:
        fields["preset"] = preset
    if not fields:
        raise UsageError("give a PRESET or --overrides")
    state.client().sampling.switch_override(**fields)
    state.out.data(None, f"Using sampler preset {preset}." if preset else "Using the overrides.")


def sampling_unload(state: State, args: Namespace) -> None:
    """Drop the sampler overrides."""
    state.client().sampling.unload_override()
    state.out.data(None, "Unloaded the sampler overrides.")


# --- tokens ------------------------------------------------------------------------------


def tokens(group: Parser) -> None:
    """Encode text to token ids and decode them back."""
    encode = group.add_command("encode", tokens_encode)
    encode.add_argument("text", metavar="TEXT", help="The text to encode.")
    derive(encode, operation("tokens", "encode"), skip=["text"], arguments="TEXT")
    decode = group.add_command("decode", tokens_decode)
    decode.add_argument("ids", nargs="+", type=int, metavar="ID", help="Token ids.")
    derive(decode, operation("tokens", "decode"), skip=["tokens"], arguments="ID...")


def tokens_encode(state: State, args: Namespace) -> None:
    """The token ids of TEXT."""
    result = state.client().tokens.encode(text=args.text, **fields_from(args))
    ids = " ".join(str(t) for t in result.tokens)
    state.out.data(result, f"{result.length} tokens: {ids}")


def tokens_decode(state: State, args: Namespace) -> None:
    """The text of token ids ID..."""
    result = state.client().tokens.decode(tokens=list(args.ids), **fields_from(args))
    state.out.data(result, result.text)


# --- fake-server -------------------------------------------------------------------------


def fake_server(parser: Parser) -> None:
    parser.handle(run_fake_server)
    parser.passthrough = "args"


def run_fake_server(state: State, args: Namespace) -> None:
    """Run the embedded fake TabbyAPI server (`tabby fake-server --help` for its options)."""
    from ..testing.__main__ import main

    main(list(args.args))
