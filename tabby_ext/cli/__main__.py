"""`python -m tabby_ext.cli`: the same as the `tabby` command."""

import sys

from . import main

sys.exit(main())
