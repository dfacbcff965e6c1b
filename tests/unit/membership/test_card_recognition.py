"""A membership card recognised (issue 16): at the lobby kiosk it signs its holder in like a kiosk
member card, and the kiosk's cart and checkout take the member price; at a shop's counter the
owner or staff see who holds it and the member price there — never anyone else, never in bulk."""

from __future__ import annotations

import itertools
import secrets
import time

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, RateLimited, ServiceError
from community_hub.kiosk import member_cart
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import signing as kiosk_signing
from community_hub.marketplace import cart
from community_hub.membership import activation, batches, card_checks, card_codes, cardholders
from community_hub.models import AuditEntry, KioskDevice, Role, User
from community_hub.models.kiosk_cards import KioskMemberSession
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.models.membership import MemberDiscount, MembershipCard
from community_hub.models.orders import Order
from tests import factories as f
from tests.unit.membership.conftest import MOBILE, code_of

SECRET = "kiosk-card-test-secret-0123456789"
_mobiles = itertools.count(10)  # one identity per card of the programme


def _member(tx, club, level: str = "gold", community_id: int | None = None) -> dict:
    """A resident holding a card of `level` (its fee paid by the demo card), and the card's QR text."""
    with tx() as s:
        where = community_id or club["community"]
        u = f.user(s, Role.RESIDENT, community_id=where, household_id=f.household(s, where).id)
        me = f.actor(s, u)
        step = activation.buy_online(s, me, club[level], "mobile", f"{MOBILE[:-2]}{next(_mobiles)}")
    if step.payment_id:
        with tx() as s:
            activation.pay_card_fee(s, me, step.payment_id, "4242424242424242")
    with tx() as s:
        [card] = cardholders.my_cards(s, me)
    return {"actor": me, "user_id": u.id, "qr": card.qr_payload, "number": card.number}


def _kiosk(tx, community_id: int):
    with tx() as s:
        device = f.user(s, Role.KIOSK)
        k = KioskDevice(code=f"lobby-{secrets.token_hex(3)}", name="Lobby", community_id=community_id,
                        user_id=device.id)
        s.add(k)
        s.flush()
        s.add(KioskBridgeConfig(kiosk_id=k.id, pairing_token="tok", secret=SECRET))
        s.flush()
        return f.actor(s, device)


def _sessions(db) -> int:
    return len(db.exec(select(KioskMemberSession)).all())


# ---------------------------------------------------------------- the kiosk


def test_the_scanner_tells_a_membership_card_from_a_phone_qr_and_a_product():
    assert kiosk_scan.kind_of("hub-member:812345678906") == "membership"
    assert kiosk_scan.kind_of("hub-card:812345678906:ABCDEFGH") == "membership"
    assert kiosk_scan.kind_of("812345678906") == "card_number"  # a product's barcode wins if a shop has it
    assert kiosk_scan.kind_of("812345678904") == "product"  # no valid check digit: not a card
    assert kiosk_scan.kind_of("hub-member:7:1999999999:ab12:0123456789abcdef") == "member"  # the phone QR


def test_a_membership_card_signs_its_holder_in_at_the_kiosk_like_a_member_card(tx, db, club):
    gold = _member(tx, club)
    kiosk = _kiosk(tx, club["community"])
    with tx() as s:
        printed = "hub-card:{}:{}".format(*code_of(s, s.exec(select(MembershipCard).where(
            MembershipCard.number == gold["number"])).one().id))
    for scanned in (gold["qr"], gold["number"], printed):
        with tx() as s:
            login = kiosk_session.membership_login(s, kiosk, scanned)
        assert (login.user_id, login.name) == (gold["user_id"], db.get(User, gold["user_id"]).display_name)
        with tx() as s:
            assert kiosk_session.member_actor(s, kiosk, login.token).user_id == gold["user_id"]
        row = db.exec(select(KioskMemberSession).where(KioskMemberSession.user_id == gold["user_id"])
                      .order_by(KioskMemberSession.id.desc())).first()
        assert row.method == "membership"
        assert (row.expires_at - row.created_at) == kiosk_session.MEMBER_SESSION  # the same 5 minutes
    # No product of a nearby shop has that number: the kiosk goes on to sign the member in.
    with tx() as s:
        assert kiosk_scan.nearby_product(s, kiosk, gold["number"]) is None


def test_the_card_reader_reading_a_membership_number_signs_in_too(tx, club):
    gold = _member(tx, club)
    kiosk = _kiosk(tx, club["community"])
    with tx() as s:
        code = s.exec(select(KioskDevice).where(KioskDevice.user_id == kiosk.user_id)).one().code
    signed = kiosk_signing.sign(SECRET, {"card": gold["number"], "kiosk_id": code}, int(time.time()),
                                secrets.token_hex(16))
    with tx() as s:
        assert kiosk_session.kiosk_login(s, kiosk, signed).user_id == gold["user_id"]


def test_an_unknown_disabled_or_foreign_card_is_refused_and_opens_nothing(tx, db, club):
    gold = _member(tx, club)
    kiosk = _kiosk(tx, club["community"])
    before = _sessions(db)
    with pytest.raises(ServiceError, match="not an active membership card"), tx() as s:
        kiosk_session.membership_login(s, kiosk, "hub-member:812345678903")
    with tx() as s:  # an admin disables the card (lost)
        card = s.exec(select(MembershipCard).where(MembershipCard.number == gold["number"])).one()
        batches.disable_card(s, club["admin"], card.id, "Reported lost")
    with pytest.raises(ServiceError, match="not an active membership card"), tx() as s:
        kiosk_session.membership_login(s, kiosk, gold["qr"])
    with tx() as s:
        other_place = f.community(s).id
    stranger = _member(tx, club, "silver", community_id=other_place)
    with pytest.raises(ServiceError, match="not for a member of this community"), tx() as s:
        kiosk_session.membership_login(s, kiosk, stranger["qr"])
    with pytest.raises(PermissionDenied), tx() as s:  # only the kiosk account signs people in
        kiosk_session.membership_login(s, gold["actor"], stranger["qr"])
    assert _sessions(db) == before


def test_the_kiosk_cart_and_checkout_take_the_member_price(tx, db, club):
    gold = _member(tx, club)
    kiosk = _kiosk(tx, club["community"])
    with tx() as s:
        m = f.merchant(s)
        p = f.product(s, m.id, price_minor=1200)
        merchant_id, product_id = m.id, p.id
    with tx() as s:
        token = kiosk_session.membership_login(s, kiosk, gold["qr"]).token
    with tx() as s:
        cart.add_to_cart(s, kiosk_session.member_actor(s, kiosk, token), product_id, 2)
    with tx() as s:
        [c] = member_cart.basket(s, kiosk, token).carts
    assert (str(c.member_label), c.member_discount, c.total, c.total_minor) == (
        "Member price (Gold, 5 %)", "-$1.20", "$22.80", 2280)
    with tx() as s:
        order = kiosk_pay.order_cart(s, kiosk, token, merchant_id, idempotency_key="kiosk-member-0001")
    assert db.get(Order, order.id).total_minor == 2280  # charged through checkout's own totals
    assert db.exec(select(MemberDiscount).where(MemberDiscount.order_id == order.id)).one().amount_minor == 120
    with tx() as s:
        [due] = [r for r in kiosk_pay.payable(s, kiosk, token) if r.kind == "order"]
    assert (due.amount_minor, due.amount) == (2280, "$22.80")


def test_a_member_without_a_discount_sees_no_member_line(tx, club):
    std = _member(tx, club, "standard")
    kiosk = _kiosk(tx, club["community"])
    with tx() as s:
        m = f.merchant(s)
        product_id = f.product(s, m.id, price_minor=1200).id
    with tx() as s:
        token = kiosk_session.membership_login(s, kiosk, std["number"]).token
    with tx() as s:
        cart.add_to_cart(s, kiosk_session.member_actor(s, kiosk, token), product_id, 1)
    with tx() as s:
        [c] = member_cart.basket(s, kiosk, token).carts
    assert (c.member_label, c.member_discount, c.total) == ("", "", "$12.00")


# ---------------------------------------------------------------- a shop's counter


@pytest.fixture
def shop(tx):
    with tx() as s:
        m = f.merchant(s)
        owner = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=m.id))
    card_checks.reset_count(m.id)
    yield {"id": m.id, "owner": owner}
    card_checks.reset_count(m.id)


def test_a_shop_sees_the_holder_level_and_its_member_price(tx, db, club, shop):
    gold = _member(tx, club)
    with tx() as s:
        found = card_checks.check_card(s, shop["owner"], shop["id"], "  " + gold["number"] + " ")
    assert (found.programme, found.level, str(found.member_price), found.discount_bps) == (
        "Neighbours", "Gold", "Member price (Gold, 5 %)", 500)
    assert found.name and str(found.who_pays).startswith("The platform pays")
    logged = db.exec(select(AuditEntry).where(AuditEntry.action == "membership.card_checked")).all()
    assert [(e.subject, e.detail) for e in logged] == [(f"merchant:{shop['id']}", f"user:{gold['user_id']}")]


def test_a_level_without_a_discount_or_another_currency_has_no_member_price(tx, club, shop):
    std = _member(tx, club, "standard")
    with tx() as s:
        assert card_checks.check_card(s, shop["owner"], shop["id"], std["qr"]).member_price == \
            card_checks.NO_MEMBER_PRICE
    gold = _member(tx, club)
    with tx() as s:
        euro = f.merchant(s)
        euro.currency = "EUR"
        s.add(euro)
        s.flush()
        euro_owner = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=euro.id))
    card_checks.reset_count(euro.id)
    with tx() as s:
        found = card_checks.check_card(s, euro_owner, euro.id, gold["qr"])
    assert (found.level, found.discount_bps, found.member_price) == ("Gold", 0, card_checks.NO_MEMBER_PRICE)


def test_refusals_say_why_and_are_logged_without_a_secret_code(tx, db, club, shop):
    gold = _member(tx, club)
    with pytest.raises(ServiceError, match="not an active membership card"), tx() as s:
        card_checks.check_card(s, shop["owner"], shop["id"], "hub-card:812345678906:SECRETCD")
    [entry] = db.exec(select(AuditEntry).where(AuditEntry.action == "membership.card_checked")).all()
    assert entry.detail == "refused: 812345678906"  # the number only, never the printed code
    # What is no card number at all (a wrong check digit, words) is bad input: refused, not logged.
    for junk in ("812345678903", "hello", "hub-member:x"):
        with pytest.raises(ServiceError, match="not a card number"), tx() as s:
            card_checks.check_card(s, shop["owner"], shop["id"], junk)
    assert len(db.exec(select(AuditEntry).where(AuditEntry.action == "membership.card_checked")).all()) == 1
    with pytest.raises(ServiceError, match="Scan the card"), tx() as s:
        card_checks.check_card(s, shop["owner"], shop["id"], "   ")
    with pytest.raises(ServiceError, match="not a card number"), tx() as s:
        card_checks.check_card(s, shop["owner"], shop["id"], "9" * 200)
    with tx() as s:
        other = f.merchant(s)
        neighbour = f.actor(s, f.user(s, Role.RESIDENT, community_id=club["community"]))
    with pytest.raises(PermissionDenied), tx() as s:  # another shop's id: not theirs
        card_checks.check_card(s, shop["owner"], other.id, gold["qr"])
    with pytest.raises(PermissionDenied), tx() as s:
        card_checks.check_card(s, neighbour, shop["id"], gold["qr"])
    with pytest.raises(PermissionDenied), tx() as s:  # an admin is not the shop either
        card_checks.check_card(s, club["admin"], shop["id"], gold["qr"])


def test_a_shop_cannot_walk_through_card_numbers(tx, club, shop):
    gold = _member(tx, club)
    for i in range(card_checks.CHECKS_PER_MINUTE - 1):
        with pytest.raises(ServiceError, match="not an active membership card"), tx() as s:
            body = f"8123456{i:04d}"
            card_checks.check_card(s, shop["owner"], shop["id"], body + card_codes.luhn_digit(body))
    with tx() as s:
        assert card_checks.check_card(s, shop["owner"], shop["id"], gold["qr"]).level == "Gold"
    with pytest.raises(RateLimited, match="too many cards this minute"), tx() as s:
        card_checks.check_card(s, shop["owner"], shop["id"], gold["qr"])
    with tx() as s:  # another shop has its own count
        m = f.merchant(s)
        owner = f.actor(s, f.user(s, Role.MERCHANT, merchant_id=m.id))
    card_checks.reset_count(m.id)
    with tx() as s:
        assert card_checks.check_card(s, owner, m.id, gold["qr"]).level == "Gold"
    card_checks.reset_count(m.id)
