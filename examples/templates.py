"""Prompt templates: list them and switch (the required field may be passed positionally)."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    names = client.templates.list().data
    print("templates:", names)
    client.templates.switch(names[0])
    print("switched to", names[0])
    reply = client.chat.create(messages=[{"role": "user", "content": "hi"}], max_tokens=3)
    print("chat with it:", reply.choices[0].message.content)
