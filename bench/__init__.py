"""Benchmarks of the tabby_ext clients: ``python -m bench [--quick]`` (see bench/run.py)."""
