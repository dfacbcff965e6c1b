"""An order's steps reach each person in their own language: a resident who chose 中文 reads
"订单 #12：配送中" with the courier in the sentence; the shop's owner, who did not choose, reads
its new-order note in English, and so does an English resident."""

from __future__ import annotations

from sqlmodel import select

from community_hub.marketplace import orders
from community_hub.models import OutboxMessage, User
from tests import factories as f
from tests.unit.shopping.steps import pay


def _notes(db, user_id: int, template: str = "order_update") -> list[OutboxMessage]:
    return list(db.exec(select(OutboxMessage).where(OutboxMessage.user_id == user_id, OutboxMessage.template == template)
                        .order_by(OutboxMessage.id)).all())


def _accept_and_send_out(tx, owner, order_id: int) -> None:
    for step in (orders.accept_order, orders.start_preparing):
        with tx() as db:
            step(db, owner, order_id)
    with tx() as db:
        orders.send_out(db, owner, order_id, "Cory Courier", "555-0100")


def test_a_chinese_resident_reads_order_steps_in_chinese_and_the_shop_reads_english(tx, db, world):
    w = world
    oid = w["order_id"]
    with tx() as s:
        f.change(s, User, w["resident"].user_id, language="zh")
    pay(tx, w["resident"], oid)
    _accept_and_send_out(tx, w["owner"], oid)
    subjects = [m.subject for m in _notes(db, w["resident"].user_id)]
    assert subjects == [f"订单 #{oid}：已付款，待商户接单", f"订单 #{oid}：已接单", f"订单 #{oid}：备货中",
                        f"订单 #{oid}：配送中"]
    out = _notes(db, w["resident"].user_id)[-1]
    assert out.body.endswith("配送员：Cory Courier 555-0100。") and "现在配送中" in out.body
    [new] = _notes(db, w["owner"].user_id, "order_new_for_merchant")
    assert new.subject == f"New order #{oid}" and "($24.00, delivery)" in new.body


def test_an_english_resident_reads_order_steps_in_english(tx, db, world):
    w = world
    oid = w["order_id"]
    with tx() as s:
        f.change(s, User, w["owner"].user_id, language="zh")  # the shop's language is its own
    pay(tx, w["resident"], oid)
    _accept_and_send_out(tx, w["owner"], oid)
    out = _notes(db, w["resident"].user_id)[-1]
    assert out.subject == f"Order #{oid}: out for delivery"
    assert out.body.endswith("is now out for delivery. Courier: Cory Courier 555-0100.")
    paid = _notes(db, w["owner"].user_id)[0]  # the shop hears that the order was paid, in its Chinese
    assert paid.subject.startswith(f"订单 #{oid}：")
