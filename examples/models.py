"""Model administration: list, load with a progress bar, inspect, unload (needs the admin key)."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    names = [card.id for card in client.models.list().data]
    print("available:", ", ".join(names))
    # Closing a load stream early does not stop the load on the server.
    with client.models.load_stream(model_name=names[-1]) as progress:
        for event in progress:
            bar = "#" * event.module + "." * (event.modules - event.module)
            print(f"\r{event.model_type:>6} [{bar}] {event.status:<10}", end="", flush=True)
    print()
    print("loaded:", client.models.get().id)
    final = client.models.load(model_name=names[-1])  # already loaded: finishes at once
    print("load() returns the last event:", final.status)
    client.models.unload()
    print("unloaded")
