"""Fixtures of the public API's tests (tests/api/test_v1_*.py): the app's routes on the test's
database, and a shop with keys (tests/api/partner_rig.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from community_hub.core.db import session_scope
from tests.api.partner_rig import Shop, serve_api


@pytest.fixture
def api(engine) -> Iterator[TestClient]:
    yield from serve_api(engine)


@pytest.fixture
def shop(engine) -> Shop:
    return Shop(lambda: session_scope(engine))
