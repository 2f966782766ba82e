"""The typed facade services (generated; the contract: tabby_ext/_contract.py)."""
