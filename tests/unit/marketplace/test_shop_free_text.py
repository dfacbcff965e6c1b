"""What a shop types that a customer reads: a courier's phone that can be dialled, names and
reasons within their limits; a bad value changes nothing."""

from __future__ import annotations

import pytest

from community_hub.core.errors import ServiceError
from community_hub.marketplace import orders, shop_moves
from community_hub.models.orders import Order
from tests.unit.marketplace.conftest import fresh
from tests.unit.marketplace.test_orders import _order


def test_courier_phone_is_a_phone_number_and_names_and_reasons_are_limited(world, tx, db):
    w = world
    o = _order(tx, w)
    with tx() as s:
        orders.accept_order(s, w.merchant, o.id)
        orders.start_preparing(s, w.merchant, o.id)
    for name, phone, msg in (("Sam", "call me", "only have digits"), ("Sam", "12", "wrong number of digits"),
                             ("Sam", "5" * 41, "too long"), ("S" * 81, "", "at most 80")):
        with pytest.raises(ServiceError, match=msg), tx() as s:
            orders.send_out(s, w.merchant, o.id, name, phone)
    assert fresh(db, Order, o.id).state == "preparing"
    with pytest.raises(ServiceError, match="keep it to 500"), tx() as s:
        shop_moves.make_move(s, w.merchant, o.id, "cancel", reason="x" * 501)
    with tx() as s:
        shop_moves.make_move(s, w.merchant, o.id, "send_out", courier_name="Sam", courier_phone="(555) 123-4567")
    got = fresh(db, Order, o.id)
    assert (got.state, got.courier_phone) == ("out_for_delivery", "+1 555-123-4567")


def test_names_past_their_limit_are_refused_not_cut(world, tx, db):
    from community_hub.marketplace import catalog

    w = world
    with pytest.raises(ServiceError, match="at most 60"), tx() as s:
        catalog.create_section(s, w.merchant, w.shop.id, "S" * 61)
    with pytest.raises(ServiceError, match="keep it to 160"), tx() as s:
        catalog.create_product(s, w.merchant, w.shop.id, name="N" * 161, price_minor=100)
    head = ",".join(catalog.CSV_COLUMNS) + "\n"
    with pytest.raises(catalog.CsvImportError) as exc, tx() as s:
        catalog.import_csv(s, w.merchant, w.shop.id, head + f"A1,Tea,,1.00,,,,{'S' * 61},yes,no,\n")
    assert "section is longer than 60" in exc.value.errors[0]
