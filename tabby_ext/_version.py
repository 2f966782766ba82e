"""The version of this package (read by pyproject.toml's build as well)."""

__version__ = "0.2.0"
