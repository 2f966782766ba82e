"""Raw generated endpoints: every operation as a module, authenticated through `client.raw`."""

from tabbyapi_client.api.models import list_models_via_model_list
from tabbyapi_client.api.tokens import encode_tokens
from tabbyapi_client.models import ModelList, TokenEncodeRequest, TokenEncodeResponse

from tabby_ext import Tabby
from tabby_ext.testing import example_server

with example_server() as env, Tabby(**env) as client:
    # The alias route, reachable only here; auth and retries come from the facade's client.
    # Raw functions return the parsed body of whatever status came back: narrow it.
    models = list_models_via_model_list.sync(client=client.raw)
    assert isinstance(models, ModelList), models
    print("models:", [m.id for m in models.data])
    detailed = encode_tokens.sync_detailed(client=client.raw, body=TokenEncodeRequest(text="hi"))
    assert isinstance(detailed.parsed, TokenEncodeResponse), detailed.content
    print("status:", detailed.status_code, "tokens:", detailed.parsed.tokens)
