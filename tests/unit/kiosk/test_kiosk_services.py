"""Kiosk login by card and phone QR, product and pickup scans, and paying at the terminal —
on SQLite and PostgreSQL, with the real demo payment provider."""

from __future__ import annotations

import time

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.models.orders import Order, OrderEvent, OrderState
from community_hub.models.payments import Payment, PaymentStatus
from tests import factories as f
from tests.unit.kiosk.conftest import card_message, make_order, terminal_message


def _login(tx, w, card="CARD-RES"):
    with tx() as db:
        return kiosk_session.kiosk_login(db, w.kiosk, card_message(card))


def test_card_login_opens_short_session_for_its_member(tx, world):
    login = _login(tx, world)
    assert login.user_id == world.resident.user_id
    with tx() as db:
        member = kiosk_session.member_actor(db, world.kiosk, login.token)
        assert member.user_id == world.resident.user_id
        kiosk_session.end_member_session(db, world.kiosk, login.token)
    with pytest.raises(ServiceError, match="session has ended"), tx() as db:
        kiosk_session.member_actor(db, world.kiosk, login.token)


@pytest.mark.parametrize("msg,match", [
    (lambda: card_message("CARD-RES", secret="not-the-kiosk-secret"), "did not come from this kiosk"),
    (lambda: {**card_message("CARD-RES"), "card": "CARD-OTHER"}, "did not come from this kiosk"),
    (lambda: card_message("CARD-RES", ts=int(time.time()) - 300), "too old"),
    (lambda: card_message("CARD-RES", kiosk_id="lobby-2"), "another kiosk"),
    (lambda: card_message("NO-SUCH-CARD"), "not registered"),
    (lambda: card_message("CARD-OTHER"), "not for a member of this community"),
    (lambda: {"card": "CARD-RES", "kiosk_id": "lobby-9"}, "did not come from this kiosk"),
])
def test_bad_card_reads_are_refused(tx, world, msg, match):
    with pytest.raises(ServiceError, match=match), tx() as db:
        kiosk_session.kiosk_login(db, world.kiosk, msg())


def test_replayed_card_read_is_refused(tx, world):
    msg = card_message("CARD-RES")
    with tx() as db:
        kiosk_session.kiosk_login(db, world.kiosk, msg)
    with pytest.raises(ServiceError, match="already used"), tx() as db:
        kiosk_session.kiosk_login(db, world.kiosk, msg)


def test_only_the_kiosk_account_may_log_members_in(tx, world):
    with pytest.raises(ServiceError, match="Only a lobby kiosk"), tx() as db:
        kiosk_session.kiosk_login(db, world.resident, card_message("CARD-RES"))


def test_phone_qr_logs_in_once_and_expires(tx, world):
    with tx() as db:
        code, ttl = kiosk_session.member_qr_token(db, world.resident)
    assert kiosk_scan.kind_of(code) == "member" and ttl == 120
    with tx() as db:
        assert kiosk_session.phone_login(db, world.kiosk, code).user_id == world.resident.user_id
    with pytest.raises(ServiceError, match="already used"), tx() as db:
        kiosk_session.phone_login(db, world.kiosk, code)
    with tx() as db:
        old, _ = kiosk_session.member_qr_token(db, world.resident, now=time.time() - 600)
    with pytest.raises(ServiceError, match="expired"), tx() as db:
        kiosk_session.phone_login(db, world.kiosk, old)
    tampered = code.replace(f":{world.resident.user_id}:", f":{world.other_resident.user_id}:", 1)
    with pytest.raises(ServiceError, match="not valid"), tx() as db:
        kiosk_session.phone_login(db, world.kiosk, tampered)


def test_product_scan_and_garbage(tx, world):
    with tx() as db:
        shown = kiosk_scan.find_product(db, world.kiosk, world.barcode)
    assert shown.id == world.product_id and shown.price == "$12.50"
    for garbage in ("", "##!!", "x" * 300):
        assert kiosk_scan.kind_of(garbage) == "unreadable"
        with pytest.raises(ServiceError, match="Could not read"), tx() as db:
            kiosk_scan.find_product(db, world.kiosk, garbage)
    with pytest.raises(ServiceError, match="do not sell"), tx() as db:
        kiosk_scan.find_product(db, world.kiosk, "2009999999999")


def test_pickup_by_qr_marks_order_delivered_once(tx, db, world):
    from community_hub.marketplace.orders import pickup_qr_payload

    with tx() as s:
        order = make_order(s, world, state=OrderState.READY_FOR_PICKUP)
        payload = pickup_qr_payload(order)
    assert kiosk_scan.kind_of(payload) == "pickup"
    with tx() as s:
        done = kiosk_scan.pick_up(s, world.kiosk, payload)
    assert done.order_id == order.id and done.items == ["1 × Milk"] and "counter" in done.where
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.DELIVERED
    assert db.exec(select(OrderEvent).where(OrderEvent.order_id == order.id)).one().by_role == "kiosk"
    with pytest.raises(ServiceError, match="already picked up"), tx() as s:
        kiosk_scan.pick_up(s, world.kiosk, payload)


def test_pickup_refusals(tx, db, world):
    with tx() as s:
        foreign = make_order(s, world, user_id=world.other_resident.user_id, community_id=world.other_community_id,
                             state=OrderState.READY_FOR_PICKUP)
        early = make_order(s, world, state=OrderState.PREPARING)
    with pytest.raises(ServiceError, match="another community"), tx() as s:
        kiosk_scan.pick_up(s, world.kiosk, f"hub-pickup:{foreign.id}:ABC234")
    with pytest.raises(ServiceError, match="not ready"), tx() as s:
        kiosk_scan.pick_up(s, world.kiosk, f"hub-pickup:{early.id}:ABC234")
    with pytest.raises(ServiceError, match="not valid"), tx() as s:
        kiosk_scan.pick_up(s, world.kiosk, f"hub-pickup:{early.id}:ZZZ999")
    assert db.get(Order, foreign.id, populate_existing=True).state == OrderState.READY_FOR_PICKUP


def _start(tx, world):
    token = _login(tx, world).token
    with tx() as s:
        order = make_order(s, world)
    with tx() as s:
        rows = kiosk_pay.payable(s, world.kiosk, token)
    assert [(r.kind, r.id, r.amount) for r in rows] == [("order", order.id, "$12.50")]
    with tx() as s:
        charge = kiosk_pay.start(s, world.kiosk, token, "order", order.id)
    assert (charge.amount_minor, charge.currency) == (1250, "usd")
    return token, order, charge


def test_terminal_approval_counts_only_signed_and_confirmed(tx, db, world):
    token, order, charge = _start(tx, world)
    good = terminal_message(charge.bridge_payment_id, 1250, "usd")
    for bad, match in ((terminal_message(charge.bridge_payment_id, 1250, "usd", secret="forged"), "did not come"),
                       (terminal_message(charge.bridge_payment_id, 1, "usd"), "not for this payment"),
                       (terminal_message("hubpay_999999", 1250, "usd"), "not for this payment"),
                       (terminal_message(charge.bridge_payment_id, 1250, "usd", ts=int(time.time()) - 120), "too old")):
        with pytest.raises(ServiceError, match=match), tx() as s:
            kiosk_pay.approved(s, world.kiosk, token, charge.payment_id, bad)
        assert db.get(Order, order.id, populate_existing=True).state == OrderState.PLACED
    with tx() as s:
        out = kiosk_pay.approved(s, world.kiosk, token, charge.payment_id, good)
    assert out.paid and out.receipt_path == f"/orders/{order.id}"
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PAID
    assert db.get(Payment, charge.payment_id, populate_existing=True).status == PaymentStatus.SUCCEEDED
    with pytest.raises(ServiceError, match="already used"), tx() as s:
        kiosk_pay.approved(s, world.kiosk, token, charge.payment_id, good)


def test_declined_or_cancelled_terminal_charges_nothing(tx, db, world, demo_provider):
    token, order, charge = _start(tx, world)
    with tx() as s:
        out = kiosk_pay.approved(s, world.kiosk, token, charge.payment_id,
                                 terminal_message(charge.bridge_payment_id, 1250, "usd", state="declined"))
    assert not out.paid and "declined" in out.message
    with tx() as s:
        out = kiosk_pay.settle_unfinished(s, world.kiosk, token, charge.payment_id)
    assert not out.paid and "Nothing was charged" in out.message
    payment = db.get(Payment, charge.payment_id, populate_existing=True)
    assert payment.status == PaymentStatus.CANCELED
    assert demo_provider.retrieve(payment.provider_id).amount_received == 0
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PLACED


def test_bridge_restart_mid_payment_asks_the_provider(tx, db, world, demo_provider):
    token, order, charge = _start(tx, world)
    payment = db.get(Payment, charge.payment_id)
    # The card went through at the provider, but the approval never reached the page.
    demo_provider.confirm(payment.provider_id, "4242424242424242", "test-charge")
    with tx() as s:
        out = kiosk_pay.settle_unfinished(s, world.kiosk, token, charge.payment_id)
    assert out.paid
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PAID


def test_other_members_payment_is_not_reachable(tx, world):
    token, _order, charge = _start(tx, world)
    with tx() as s:
        h = f.household(s, world.community_id)
        neighbour = f.user(s, "resident", community_id=world.community_id, household_id=h.id)
        from community_hub.models.kiosk_cards import MemberCard

        s.add(MemberCard(card_uid="CARD-N", user_id=neighbour.id))
    other_token = _login(tx, world, "CARD-N").token
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        kiosk_pay.settle_unfinished(s, world.kiosk, other_token, charge.payment_id)
