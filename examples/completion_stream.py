"""Streaming completion; `Stream.text()` joins the pieces when you only want the result."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    for chunk in client.completions.create_stream(prompt="The sky is", max_tokens=6):
        print(chunk.choices[0].text, end="", flush=True)
    print()
    print(client.completions.create_stream(prompt="Again:", max_tokens=4).text())
