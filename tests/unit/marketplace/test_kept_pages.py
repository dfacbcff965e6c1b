"""A shop's page is the same for everyone who opens it, so it is kept a few seconds
(marketplace/kept_reads.py): a second open reads nothing of the shop, a change made here shows at
the next open, and what is kept outlives the transaction that read it, even one rolled back."""

from __future__ import annotations

import pytest

from community_hub.core.db import read_session
from community_hub.core.errors import NotFound
from community_hub.marketplace import catalog, circle, kept_reads, search, shop_settings
from tests.query_count import counted as _queries


def test_a_second_open_reads_nothing_and_a_change_here_shows_at_once(world, tx, db):
    w = world
    kept_reads.forget()
    with tx() as s:
        bread = catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
    first, asked = _queries(db, lambda: catalog.shop_page(db, w.shop.slug))
    assert asked >= 4 and [p.name for p in first.products] == ["Bread"]
    again, asked = _queries(db, lambda: catalog.shop_page(db, w.shop.slug))
    assert asked == 0 and [p.name for p in again.products] == ["Bread"]
    with tx() as s:  # the price, then the hours: each shows at the next open
        catalog.update_product(s, w.merchant, bread.id, price_minor=350)
    assert [p.price_minor for p in catalog.shop_page(db, w.shop.slug).products] == [350]
    with tx() as s:
        shop_settings.set_hours(s, w.merchant, w.shop.id, [(0, 9 * 60, 17 * 60)])
    assert [(h.weekday, h.opens_min) for h in catalog.shop_page(db, w.shop.slug).hours] == [(0, 540)]


def test_what_is_kept_outlives_a_rolled_back_reader(world, tx, engine):
    """A page read inside a write that then fails: the rollback expires what that transaction
    loaded, and the next person's page must still read the shop's name."""
    w = world
    kept_reads.forget()
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
    with pytest.raises(RuntimeError), tx() as s:
        read_in_failed = catalog.shop_page(s, w.shop.slug)
        raise RuntimeError("the write after the read failed")
    with read_session(engine) as s:
        page = catalog.shop_page(s, w.shop.slug)
    assert page.merchant is read_in_failed.merchant  # kept, not read again
    assert page.merchant.name == w.shop.name and [p.name for p in page.products] == ["Bread"]


def test_an_unlisted_shop_stays_hidden_from_residents_while_kept(world, db):
    """Kept for its own merchant's look, still not found by a resident (no product for sale)."""
    w = world
    kept_reads.forget()
    assert catalog.shop_page(db, w.shop.slug, viewer=w.merchant).listed is False
    with pytest.raises(NotFound):
        catalog.shop_page(db, w.shop.slug, viewer=w.resident)


def test_the_kept_circle_outlives_a_rolled_back_reader(world, tx, engine):
    """The same for the business circle every shopping page reads (kept since before the shop
    page): a resident's failed write that had read it must not leave it unreadable for 5 s."""
    w = world
    kept_reads.forget()
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Bread", price_minor=300)
    with pytest.raises(RuntimeError), tx() as s:
        assert [c.merchant.id for c in circle.my_circle(s, w.resident)] == [w.shop.id]
        raise RuntimeError("the write after the read failed")
    with read_session(engine) as s:
        assert [c.merchant.name for c in circle.my_circle(s, w.resident)] == [w.shop.name]


def test_a_search_asked_again_reads_nothing_and_a_new_product_shows_at_once(world, tx, db):
    """Everyone of a community who asks the same words gets the same answer: kept a few seconds,
    and dropped when a product changes here."""
    w = world
    kept_reads.forget()
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Sourdough bread", price_minor=300)
    first, asked = _queries(db, lambda: search.my_search(db, w.resident, "bread"))
    assert asked >= 2 and [h.product.name for h in first.products] == ["Sourdough bread"]
    again, asked = _queries(db, lambda: search.my_search(db, w.resident2, "bread"))
    assert asked == 0 and again is first  # a neighbour asking the same words
    other, asked = _queries(db, lambda: search.my_search(db, w.resident, "bread", sort="price_asc"))
    assert asked >= 2  # other filters: their own answer
    with tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="Rye bread", price_minor=250)
    assert sorted(h.product.name for h in search.my_search(db, w.resident, "bread").products) == [
        "Rye bread", "Sourdough bread"]


def test_what_is_kept_stays_bounded_whatever_people_type(world, db):
    """Keys people type are many: past `most` answers the stale ones go, then all of them."""
    from community_hub.core.kept_reads import KeptReads

    bounded = KeptReads((), fresh_s=60, most=3)
    for word in ("a", "b", "c", "d", "e"):
        bounded.kept(db, ("w", word), lambda own, word=word: word.upper())
    assert len(bounded.keys()) <= 3
    assert bounded.kept(db, ("w", "e"), lambda own: "again") == "E"  # the newest is still kept


def test_the_homes_shop_labels_are_kept_and_a_renamed_shop_shows_at_once(world, tx, db):
    """Every resident's home labels its cards with the same shops' names: kept with the feed
    (catalog.kept_shop_labels), read again once a shop here is renamed."""
    w = world
    kept_reads.forget()
    first, asked = _queries(db, lambda: catalog.kept_shop_labels(db, {w.shop.id}))
    assert asked == 1 and first == catalog.shop_labels(db, {w.shop.id}) == {w.shop.id: (w.shop.name, w.shop.slug)}
    again, asked = _queries(db, lambda: catalog.kept_shop_labels(db, {w.shop.id}))
    assert asked == 0 and again == first
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, name="Corner Grocer & Deli")
    assert catalog.kept_shop_labels(db, {w.shop.id})[w.shop.id][0] == "Corner Grocer & Deli"
