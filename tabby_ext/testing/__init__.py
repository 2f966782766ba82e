"""An embedded fake TabbyAPI server for tests and demos (no GPU needed).

from tabby_ext.testing import FakeTabbyServer

with FakeTabbyServer(api_key="test-api-key", admin_key="test-admin-key") as server:
    ...  # point a client at server.url; inspect server.requests; server.inject(...)
"""

from ._catalog import FakeModel
from ._example import example_server
from ._faults import Fault
from ._messages import Headers, RecordedRequest
from ._server import FakeTabbyServer

__all__ = [
    "FakeModel",
    "FakeTabbyServer",
    "Fault",
    "Headers",
    "RecordedRequest",
    "example_server",
]
