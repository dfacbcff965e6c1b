"""Prebuilt column reads (core/prebuilt.py) run in the session's transaction and see what it
changed and has not flushed yet, as `db.exec` does: a page that writes then reads shows the write."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import select

from community_hub.core import prebuilt
from community_hub.core.db import session_scope
from community_hub.models import Community

_NAME = select(Community.name).where(Community.id == bindparam("community_id"))


def test_a_prebuilt_read_sees_the_sessions_own_unflushed_change(engine):
    with session_scope(engine) as db:
        c = Community(name="Maple Court", slug="maple-prebuilt", lat=40.0, lon=-75.0)
        db.add(c)
        db.flush()
        c.name = "Maple Court East"  # changed, not flushed
        assert prebuilt.scalar(db, _NAME, community_id=c.id) == "Maple Court East"
        assert prebuilt.rows(db, _NAME, community_id=c.id + 1000) == []
        assert prebuilt.scalar(db, _NAME, community_id=c.id + 1000) is None
