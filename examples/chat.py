"""Chat completion: one request, one typed answer."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    answer = client.chat.create(
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Name three prime numbers."},
        ],
        max_tokens=20,
        temperature=0.7,
    )
    print(answer.choices[0].message.content)
    print("finish:", answer.choices[0].finish_reason, "| model:", answer.model)
