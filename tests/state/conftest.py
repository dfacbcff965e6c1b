"""The state suite: one demo database for the whole run (built in about a second), pointed at by
the settings of every test that asks for `demo`, restored after any test that changed it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from community_hub.core.config import load_settings, override_settings
from tests.state import world as world_mod


def _settings(url: str):
    # One session calls every handler of the app in a few seconds: the per-session ceiling on
    # changes (accounts/action_limits) would otherwise stop the suite from reaching most of them.
    return load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "test-secret", "REFLEX_DB_URL": url,
                          "HUB_ACTIONS_PER_MINUTE": "1000000"})


@pytest.fixture(scope="session")
def world(tmp_path_factory) -> world_mod.World:
    tmp = tmp_path_factory.mktemp("state-suite")
    old_upload_dir = os.environ.get("HUB_UPLOAD_DIR")
    os.environ["HUB_UPLOAD_DIR"] = str(tmp / "uploads")  # the planted repair photos go there
    override_settings(_settings(f"sqlite:///{tmp}/demo.db"))
    try:
        return world_mod.build(tmp)
    finally:
        override_settings(None)
        if old_upload_dir is None:
            os.environ.pop("HUB_UPLOAD_DIR", None)
        else:
            os.environ["HUB_UPLOAD_DIR"] = old_upload_dir


@pytest.fixture(autouse=True)
def _services_finished():
    """After each test, no service of it is still running in the app's service pool (which, unlike
    asyncio's own, outlives the test's event loop): the next test starts on a quiet database."""
    yield
    from state.shared.service_call import settled

    settled()


@pytest.fixture
def demo(_demo_settings, world, monkeypatch) -> Iterator[world_mod.World]:
    """The demo database and upload folder as this test's configuration (after the root
    conftest's `_demo_settings` set an empty one)."""
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(world.upload_dir))
    override_settings(_settings(world.url))
    yield world
