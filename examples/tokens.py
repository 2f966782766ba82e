"""Tokenizer round trip."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    encoded = client.tokens.encode("hello tabby world")
    print("tokens:", encoded.tokens, "length:", encoded.length)
    decoded = client.tokens.decode(tokens=encoded.tokens)
    print("text:", decoded.text)
