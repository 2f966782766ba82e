"""Plain text completion, with a stop string and two choices."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    result = client.completions.create(prompt="Once upon a time", max_tokens=8, stop=["tok5"], n=2)
    for choice in result.choices:
        print(f"[{choice.index}] {choice.text!r} ({choice.finish_reason})")
