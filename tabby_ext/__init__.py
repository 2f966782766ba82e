"""tabby_ext: the hand-written layer over the generated TabbyAPI client (`tabbyapi_client`)."""
