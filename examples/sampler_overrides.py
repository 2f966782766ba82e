"""Sampler overrides: server-side request defaults, by preset or ad hoc."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    print("presets:", client.sampling.list_overrides().presets)
    client.sampling.switch_override(overrides={"max_tokens": {"override": 3}})
    text = client.completions.create(prompt="no max_tokens given").choices[0].text
    print("with an override of max_tokens=3:", repr(text))
    print("active:", client.sampling.list_overrides().overrides.to_dict())
    client.sampling.unload_override()
