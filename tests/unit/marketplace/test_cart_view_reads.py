"""The cart page reads a cart's products in one query, however many lines it has (it read one
product per line), and still shows each line's own name, price and total."""

from __future__ import annotations

from community_hub.marketplace import cart, catalog
from tests.query_count import counted


def _view(db, actor, shop_id):
    return counted(db, lambda: cart.view_cart(db, actor, shop_id))


def test_a_cart_of_six_lines_costs_the_reads_of_a_cart_of_two(world, tx, db):
    w = world
    with tx() as s:
        made = [catalog.create_product(s, w.merchant, w.shop.id, name=f"Item {i}", price_minor=100 * (i + 1))
                for i in range(6)]
    with tx() as s:
        for p in made[:2]:
            cart.add_to_cart(s, w.resident, p.id, 2)
    two, few = _view(db, w.resident, w.shop.id)
    assert [(line.name, line.line_total_minor) for line in two.lines] == [("Item 0", 200), ("Item 1", 400)]
    with tx() as s:
        for p in made[2:]:
            cart.add_to_cart(s, w.resident, p.id, 1)
    six, many = _view(db, w.resident, w.shop.id)
    assert len(six.lines) == 6 and six.subtotal_minor == 200 + 400 + 300 + 400 + 500 + 600
    assert many == few


def test_the_cart_page_reads_every_shops_cart_in_the_reads_of_one(world, tx, db):
    """A resident with carts at several shops: the cart page shows each as `view_cart` would,
    most recently changed first, and costs the same reads with two shops as with one."""
    w = world
    other_shop = next(iter(w.other_merchant.merchant_ids))
    with tx() as s:
        here = [catalog.create_product(s, w.merchant, w.shop.id, name=f"Here {i}", price_minor=100) for i in range(2)]
        there = catalog.create_product(s, w.other_merchant, other_shop, name="There", price_minor=250)
    with tx() as s:
        for p in here:
            cart.add_to_cart(s, w.resident, p.id, 1)
    one, few = counted(db, lambda: cart.view_carts(db, w.resident))
    assert [[line.name for line in v.lines] for v in one] == [["Here 0", "Here 1"]]
    with tx() as s:
        cart.add_to_cart(s, w.resident, there.id, 3)
    two, many = counted(db, lambda: cart.view_carts(db, w.resident))
    assert [v.merchant_id for v in two] == [other_shop, w.shop.id]  # the cart changed last first
    assert two == [cart.view_cart(db, w.resident, shop) for shop in (other_shop, w.shop.id)]
    assert two[0].subtotal_minor == 750
    assert many == few
    assert cart.view_carts(db, w.resident2) == []
