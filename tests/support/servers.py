"""The TabbyAPI versions the fake answers as, for tests that run against each of them.

`server` (tests/conftest.py) and the plugin's `fake_tabby_server` answer as the version the
`fake_tabby_server_version` fixture names; `every_server` parametrises it.
"""

from __future__ import annotations

import pytest

from tabby_ext.testing import DEFAULT_SERVER_VERSION, SERVER_VERSIONS

#: The older TabbyAPI (March 2025) the fake can answer as; `PINNED` is the spec's.
OLD = "436ce75"
PINNED = DEFAULT_SERVER_VERSION
#: Runs a test once against each version (ids: the version).
every_server = pytest.mark.parametrize("fake_tabby_server_version", SERVER_VERSIONS)
