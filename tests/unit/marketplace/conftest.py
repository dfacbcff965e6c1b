"""A small marketplace world for the marketplace tests: one community, shops around it, people.

`engine` is overridden here with the same two databases as tests/conftest.py but a cheaper reset:
the schema is built once per module and each test starts from emptied tables (PostgreSQL:
DELETE) or a copy of an empty database file (SQLite). Dropping and creating every table for
every test cost ~2 s per PostgreSQL test on this machine.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from community_hub.core.db import create_all, make_engine
from community_hub.core.geo import offset
from community_hub.core.permissions import Actor
from community_hub.marketplace.search import ensure_search_index
from community_hub.models import Community, Merchant, Role
from tests import factories as f


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("market") / "template.db"
    eng = make_engine(f"sqlite:///{path}")
    create_all(eng)
    ensure_search_index(eng)
    eng.dispose()
    return str(path)


@pytest.fixture(scope="module")
def _pg_engine(request) -> Iterator[Engine]:
    url = request.getfixturevalue("pg_database")
    eng = make_engine(url)
    # Other modules share this database and leave their own state: start the module clean.
    SQLModel.metadata.drop_all(eng)
    create_all(eng)
    ensure_search_index(eng)
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("_pg_engine")
    # DELETE, children first: on a few rows it is far quicker than TRUNCATE (new files per table).
    with eng.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
    yield eng


@dataclass
class World:
    community: Community
    shop: Merchant  # 400 m north, approved, grocery
    resident: Actor
    resident2: Actor
    merchant: Actor  # owns `shop`
    other_merchant: Actor  # owns a different shop
    admin: Actor


@pytest.fixture
def world(engine, tx) -> World:
    ensure_search_index(engine)
    with tx() as db:
        c = f.community(db, lat=40.0, lon=-75.0)
        lat, lon = offset(40.0, -75.0, 400, 0)
        shop = f.merchant(db, lat=lat, lon=lon)
        shop.delivery_fee_minor, shop.delivery_radius_m = 300, 2000
        other = f.merchant(db, lat=lat, lon=lon)
        h = f.household(db, c.id)
        r1 = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h.id)
        r2 = f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id)
        m = f.user(db, Role.MERCHANT, merchant_id=shop.id)
        om = f.user(db, Role.MERCHANT, merchant_id=other.id)
        a = f.user(db, Role.PLATFORM_ADMIN)
        return World(c, shop, f.actor(db, r1), f.actor(db, r2), f.actor(db, m), f.actor(db, om), f.actor(db, a))


def fresh(db, model, ident):
    """Read a row as it is now (the probe session may hold an older copy)."""
    db.expire_all()
    return db.get(model, ident)
