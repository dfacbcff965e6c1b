"""Property-portal fixtures.

`engine` is overridden here for speed only: PostgreSQL keeps tests/conftest.py's one schema for the
whole run and empties every table (DELETE, children first) before each test instead of dropping and
re-creating ~50 tables; SQLite still gets a fresh file per test. Both backends still run every test.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.engine import Engine

from community_hub.core.db import create_all
from community_hub.core.permissions import Actor
from community_hub.models import Community, Household, Role
from tests import engines
from tests import factories as f


@pytest.fixture(autouse=True)
def _uploads_in_tmp(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))


def _emptied(request) -> Engine:
    eng = request.getfixturevalue("_pg_engine")
    create_all(eng)  # another test module may have dropped and re-created the schema
    return engines.emptied(eng)


engine = engines.on_both_databases(postgres=_emptied)


@dataclass
class World:
    """One community with staff, two buildings and three households, plus a second community."""

    community: Community
    other_community: Community
    staff: Actor
    other_staff: Actor
    h_a1: Household
    h_a2: Household
    h_b1: Household
    ann: Actor
    amy: Actor  # A-1, same household as ann
    bob: Actor
    cat: Actor  # B-1
    outsider: Actor  # resident of the other community


@pytest.fixture
def world(tx) -> World:
    with tx() as db:
        c = f.community(db)
        c2 = f.community(db)
        h_a1 = f.household(db, c.id, "A", "101")
        h_a2 = f.household(db, c.id, "A", "102")
        h_b1 = f.household(db, c.id, "B", "201")
        h_b1.area_m2 = 120
        h_x = f.household(db, c2.id, "X", "1")
        staff = f.user(db, Role.PROPERTY_STAFF, community_id=c.id)
        staff2 = f.user(db, Role.PROPERTY_STAFF, community_id=c2.id)
        ann = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h_a1.id)
        ann.phone = f"+1555000{ann.id:04d}"
        amy = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h_a1.id)
        bob = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h_a2.id)
        cat = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h_b1.id)
        out = f.user(db, Role.RESIDENT, community_id=c2.id, household_id=h_x.id)
        db.flush()
        return World(
            community=c, other_community=c2,
            staff=f.actor(db, staff), other_staff=f.actor(db, staff2),
            h_a1=h_a1, h_a2=h_a2, h_b1=h_b1,
            ann=f.actor(db, ann), amy=f.actor(db, amy), bob=f.actor(db, bob), cat=f.actor(db, cat),
            outsider=f.actor(db, out),
        )
