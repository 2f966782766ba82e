"""The typed facade services (generated; see base.py)."""
