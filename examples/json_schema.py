"""Constrained output: ask for JSON matching a schema (TabbyAPI's `response_format`)."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

schema = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
}

with example_server() as env, Tabby(**env) as client:
    answer = client.chat.create(
        messages=[{"role": "user", "content": "Largest city in France, as JSON."}],
        response_format={"type": "json_schema", "json_schema": {"name": "city", "schema": schema}},
        max_tokens=64,
    )
    # A real model answers with JSON; the embedded fake server answers `tok0 tok1 ...`.
    print(answer.choices[0].message.content)
