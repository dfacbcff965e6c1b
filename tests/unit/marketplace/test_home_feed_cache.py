"""The resident's home feed is kept a few seconds per community (the page most opened: a dozen
queries each time), and a change made here shows at the next open all the same."""

from __future__ import annotations

from community_hub.marketplace import catalog, kept_reads, promotions
from tests.query_count import counted as _queries


def test_a_second_open_reads_no_feed_and_a_change_here_shows_at_once(world, tx, db):
    w = world
    kept_reads.forget()
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
    first, asked = _queries(db, lambda: catalog.my_home_feed(db, w.resident))
    assert asked > 5 and [p.name for p in first.new] == ["Bread"]
    again, asked = _queries(db, lambda: catalog.my_home_feed(db, w.resident))
    assert again is first and asked <= 1  # only the resident's community is read
    with tx() as s:  # a new product, and an admin's list: each drops what was kept
        catalog.create_product(s, w.merchant, w.shop.id, name="Jam", price_minor=500)
    assert [p.name for p in catalog.my_home_feed(db, w.resident).new] == ["Jam", "Bread"]
    with tx() as s:
        promotions.set_home_list(s, w.admin, w.community.id, "carousel", "manual",
                                 [p.id for p in catalog.my_home_feed(s, w.resident).new][:1])
    assert [p.name for p in catalog.my_home_feed(db, w.resident).carousel] == ["Jam"]


def test_a_feed_is_kept_per_database(world, tx, db):
    """Two databases in one process (the tests' SQLite and PostgreSQL) never share a feed."""
    kept_reads.forget()
    feed = catalog.my_home_feed(db, world.resident)
    assert catalog.my_home_feed(db, world.resident) is feed
    assert kept_reads.keys() and all(k[0] == str(db.get_bind().url) for k in kept_reads.keys())
