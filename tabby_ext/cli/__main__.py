"""`python -m tabby_ext.cli`: the same as the `tabby` command."""

from . import main

main()
