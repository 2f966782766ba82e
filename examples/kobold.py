"""The Kobold-compatible API: model info, token count, generate and stream."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    print("model:", client.kobold.current_model().result)
    print("max context:", client.kobold.max_context_length().value)
    print("token count:", client.kobold.token_count(prompt="one two three").value)
    print("generate:", client.kobold.generate(prompt="Hi", max_tokens=4).results[0].text)
    print("stream:", client.kobold.generate_stream(prompt="Hi", max_tokens=4).text())
