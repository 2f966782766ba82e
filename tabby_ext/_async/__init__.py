"""The async engine. `scripts/make_sync.py` derives `tabby_ext/_sync/` from it; edit only here."""
