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
