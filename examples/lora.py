"""LoRA adapters: list, load with a scaling, see what is active, unload."""

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    available = [lora.id for lora in client.lora.list().data]
    print("available:", available)
    result = client.lora.load(loras=[{"name": available[0], "scaling": 0.8}])
    print("loaded:", result.success, "failed:", result.failure)
    print("active:", [lora.id for lora in client.lora.get_active().data])
    client.lora.unload()
    print("active after unload:", [lora.id for lora in client.lora.get_active().data])
