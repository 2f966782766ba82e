"""`make demo`: a short tour of the facade against TabbyAPI, or the embedded server by default.

With TABBY_BASE_URL set (and TABBY_API_KEY / TABBY_ADMIN_KEY) it talks to that server; otherwise
it starts `tabby_ext.testing.FakeTabbyServer` on 127.0.0.1 and stops it at the end.
"""

from __future__ import annotations

import os
import sys

from tabby_ext import Tabby, TabbyError
from tabby_ext._settings import BY_NAME
from tabby_ext.testing import FakeTabbyServer


def step(title: str) -> None:
    print(f"\n\033[1m== {title}\033[0m")


def progress_bar(client: Tabby, model: str) -> None:
    with client.models.load_stream(model_name=model) as events:
        for event in events:
            width = 30
            done = width * event.module // max(event.modules, 1)
            bar = "█" * done + "·" * (width - done)
            line = f"  {event.model_type:>6} |{bar}| {event.module}/{event.modules} {event.status}"
            print(f"\r{line:<70}", end="", flush=True)
            if event.status == "finished":
                print()


def tour(client: Tabby) -> None:
    step("health and permission")
    print("  health:", client.health.check().status)
    print("  permission:", client.auth.get_permission().permission)

    step("models")
    models = client.models.list().data
    print("  available:", ", ".join(m.id for m in models))
    target = models[-1].id
    print(f"  loading {target}:")
    progress_bar(client, target)
    print("  loaded:", client.models.get().id)

    step("streamed chat answer")
    print("  ", end="")
    with client.chat.create_stream(
        messages=[{"role": "user", "content": "Say hello to the demo."}], max_tokens=12
    ) as stream:
        for chunk in stream:
            delta = chunk.choices[0].delta
            if delta.reasoning_content:  # a reasoning model thinks first (shown dimmed)
                print(f"\033[2m{delta.reasoning_content}\033[0m", end="", flush=True)
            print(delta.content or "", end="", flush=True)
    print()

    step("completion")
    result = client.completions.create(prompt="Once upon a time", max_tokens=6, stop=["tok4"])
    choice = result.choices[0]
    print(f"  {choice.text!r}  (finish_reason={choice.finish_reason})")

    step("tokens")
    encoded = client.tokens.encode("hello tabby")
    print("  encode:", encoded.tokens, "->", repr(client.tokens.decode(tokens=encoded.tokens).text))

    step("templates")
    templates = client.templates.list().data
    print("  templates:", ", ".join(templates))
    client.templates.switch(templates[0])
    print("  switched to", templates[0])

    step("sampler overrides")
    print("  presets:", ", ".join(client.sampling.list_overrides().presets or []))
    client.sampling.switch_override(overrides={"max_tokens": {"override": 3}})
    text = client.completions.create(prompt="no max_tokens").choices[0].text
    print(f"  completion under max_tokens override 3: {text!r}")
    client.sampling.unload_override()

    step("unload")
    client.models.unload()
    print("  model unloaded")


def run(client: Tabby, where: str) -> int:
    print(f"tabbyapi demo against {where}")
    try:
        tour(client)
    except TabbyError as exc:
        print(f"\nerror: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("\ndone.")
    return 0


def main() -> int:
    if os.environ.get(BY_NAME["base_url"].env):
        with Tabby() as client:  # the settings from their TABBY_* variables
            return run(client, client.base_url)
    keys = {"api_key": "demo-api-key", "admin_key": "demo-admin-key"}
    with FakeTabbyServer(**keys, token_delay=0.05) as server:
        # The embedded server loads instantly; slow its load events so the progress bar shows.
        server.inject("/v1/model/load", delay_events=0.15)
        with Tabby(base_url=server.url, **keys) as client:
            return run(
                client,
                f"{server.url} (embedded fake TabbyAPI; set TABBY_BASE_URL to use a real server)",
            )


if __name__ == "__main__":
    raise SystemExit(main())
