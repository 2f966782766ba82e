"""Embeddings for several inputs at once."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    result = client.embeddings.create(input=["a red apple", "a green pear"])
    for item in result.data:
        vector = item.embedding
        print(f"#{item.index}: {len(vector)} dimensions, first {vector[:3]}")
