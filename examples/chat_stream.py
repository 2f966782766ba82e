"""Chat streaming: print tokens as they arrive; leaving the `with` closes the connection."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with (
    example_server() as env,
    Tabby(**env) as client,
    client.chat.create_stream(
        messages=[{"role": "user", "content": "Tell me a short story."}],
        max_tokens=24,
        stream_options={"include_usage": True},
    ) as stream,
):
    for chunk in stream:
        choice = chunk.choices[0]
        print(choice.delta.content or "", end="", flush=True)
        if chunk.usage:
            print(f"\n[{chunk.usage.completion_tokens} tokens, {choice.finish_reason}]")
