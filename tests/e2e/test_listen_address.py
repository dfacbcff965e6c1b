"""The demo (its passwords are published, an admin's too) stays on this computer: with no HUB_HOST
the app server listens on 127.0.0.1 only, as the kernel's own table of listening sockets shows.
(With HUB_HOST=0.0.0.0 it listens on every interface: tests/e2e/test_records_away.py.)"""

from __future__ import annotations

import httpx

from tests.e2e.conftest import _port
from tests.e2e.sockets import listening_on


def test_the_demo_listens_on_this_computer_only(base_url: str):
    assert httpx.get(f"{base_url}/ping").status_code == 200
    assert listening_on(_port()) == {"127.0.0.1"}
