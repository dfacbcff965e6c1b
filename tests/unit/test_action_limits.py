"""One session (or one client without a session) may change things only so fast; the ceiling
holds in one worker's memory and, with Redis, across workers."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from community_hub.accounts import action_limits
from community_hub.core.config import settings
from community_hub.core.errors import RateLimited

REDIS_URL = "redis://127.0.0.1:6379/13"  # the database the scale tests use


@pytest.fixture(params=["memory", "redis"])
def three_a_minute(request, monkeypatch):
    from community_hub.core import config

    limited = dataclasses.replace(settings(), actions_per_minute=3,
                                  redis_url=REDIS_URL if request.param == "redis" else None)
    monkeypatch.setattr(config, "_settings", limited)
    return request.param


def test_the_fourth_change_in_a_minute_is_refused_and_others_are_not_slowed(three_a_minute):
    mine, theirs = uuid.uuid4().hex, uuid.uuid4().hex
    for _ in range(3):
        action_limits.check_action(mine, "")
    with pytest.raises(RateLimited, match="too fast"):
        action_limits.check_action(mine, "")
    action_limits.check_action(theirs, "")  # another session has its own ceiling
    client = uuid.uuid4().hex  # without a session, the client is counted
    for _ in range(3):
        action_limits.check_action("", client)
    with pytest.raises(RateLimited):
        action_limits.check_action("", client)
