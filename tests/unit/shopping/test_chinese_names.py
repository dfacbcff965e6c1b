"""Chinese names and addresses go in and come out as people typed them (issue 14): a member
registers as 王小明, orders to 枫叶苑B座204室, and the shop reads both on the order, in its
customer list and in its new-order note; a name's limit counts characters, not bytes."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, checkout
from community_hub.marketplace.orders import reading
from community_hub.models import OutboxMessage, User
from tests import factories as f
from tests.unit.shopping.steps import pay

NAME, ADDRESS = "王小明", "枫叶苑B座204室（请放门口）"


def test_a_chinese_name_is_kept_as_typed_and_its_limit_counts_characters(tx, db):
    with tx() as s:
        reg = auth.register(s, identifier="wang@example.test", password="a long enough password",
                            display_name=f"  {NAME}  ")
    assert db.get(User, reg.user_id).display_name == NAME
    with tx() as s:  # 80 Chinese characters are 240 bytes in UTF-8, and still a name
        auth.register(s, identifier="long@example.test", password="a long enough password", display_name="名" * 80)
    with pytest.raises(ServiceError), tx() as s:
        auth.register(s, identifier="longer@example.test", password="a long enough password",
                      display_name="名" * 81)


def test_the_shop_reads_the_chinese_name_and_address_of_an_order(tx, db, shop):
    with tx() as s:
        f.change(s, User, shop["resident"].user_id, display_name=NAME)
    with tx() as s:  # her next action's Actor, rebuilt after the change (as the app does: core/authz_epoch)
        resident = f.actor(s, s.get(User, shop["resident"].user_id))
        cart.add_to_cart(s, resident, shop["product"], 1)
        oid = checkout.place_order(s, resident, shop["merchant"], idempotency_key="chinese-address-1",
                                   payment_method="card", address=ADDRESS).id
    pay(tx, resident, oid)
    with tx() as s:
        view = reading.get_order(s, shop["owner"], oid)
        assert view.order.address == ADDRESS
        [customer] = reading.merchant_customers(s, shop["owner"], shop["merchant"])
        assert customer.name == NAME
    note = db.exec(select(OutboxMessage).where(OutboxMessage.user_id == shop["owner"].user_id,
                                               OutboxMessage.template == "order_new_for_merchant")).one()
    assert NAME in note.body
