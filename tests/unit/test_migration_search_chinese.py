"""Upgrading a database that already holds Chinese products makes them findable by a word inside
(migration 0011 fills `search_cjk` for the rows already there and the search index is rebuilt)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import select

from community_hub import migrate
from community_hub.core.db import make_engine, read_session, session_scope
from community_hub.marketplace import search
from community_hub.models import Community
from community_hub.seed import seed
from tests import throwaway
from tests.conftest import PG_ADMIN_URL, _pg_reachable


def _check(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as db:
            seed(db)
        # Back to the release before Chinese search (0010; later revisions go down first), the
        # demo's Chinese products already stored...
        command.downgrade(migrate.alembic_config(url), "0010")
        with engine.connect() as conn:
            assert "search_cjk" not in conn.execute(text("SELECT * FROM product LIMIT 1")).keys()
        # ... then the upgrade: the rows already there are filled in and the index rebuilt.
        migrate.upgrade(url)
        with read_session(engine) as db:
            home = db.exec(select(Community).where(Community.slug == "maple-court")).one()
            assert [h.product.name for h in search.search(db, home, "全脂").products] == ["有机全脂牛奶 1 升"]
            assert [m.merchant.name for m in search.search(db, home, "邻居").merchants] == ["好邻居超市"]
            assert search.search(db, home, "olive").products[0].product.name == "Olive oil 750 ml"
    finally:
        engine.dispose()


def test_upgrade_makes_existing_chinese_products_findable_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path}/migrated.db")


def test_upgrade_makes_existing_chinese_products_findable_on_postgres():
    reason = _pg_reachable()
    if reason:
        pytest.skip(reason)
    with throwaway.pg_database(PG_ADMIN_URL, "hub_migr_zh") as url:
        _check(url)
