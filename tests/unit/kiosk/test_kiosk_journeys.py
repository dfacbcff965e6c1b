"""What the kiosk screens read beyond paying: "To pay" in order and in groups, product photos,
the pickup code typed on the keypad, and the community's urgent notices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import ServiceError
from community_hub.kiosk import attract as kiosk_attract
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import shop as kiosk_shop
from community_hub.kiosk import urgent_notices as kiosk_urgent
from community_hub.models import Product, Role
from community_hub.models.base import utcnow
from community_hub.models.billing import Bill
from community_hub.models.notices import Notice, NoticeAudience, NoticeStatus
from community_hub.models.orders import Order, OrderState
from tests import factories as f
from tests.unit.kiosk.conftest import card_message, make_order


def _token(tx, world) -> str:
    with tx() as s:
        return kiosk_session.kiosk_login(s, world.kiosk, card_message("CARD-RES")).token


def test_to_pay_lists_bills_then_orders_each_oldest_due_first(tx, world):
    today = date.today()
    with tx() as s:
        ids = {}
        for name, due in (("later", today + timedelta(days=20)), ("overdue", today - timedelta(days=40)),
                          ("soon", today + timedelta(days=3))):
            b = Bill(community_id=world.community_id, household_id=world.resident.household_id,
                     period=f"2026-{len(ids) + 1:02d}", currency="USD", total_minor=1000, due_date=due)
            s.add(b)
            s.flush()
            ids[name] = b.id
        new, old = make_order(s, world), make_order(s, world)
        s.get(Order, old.id).created_at = utcnow() - timedelta(days=2)
    token = _token(tx, world)
    with tx() as s:
        rows = kiosk_pay.payable(s, world.kiosk, token)
    assert [(r.kind, r.id) for r in rows] == [("bill", ids["overdue"]), ("bill", ids["soon"]),
                                             ("bill", ids["later"]), ("order", old.id), ("order", new.id)]
    assert rows[0].due_text.startswith("Overdue since ") and rows[1].due_text.startswith("Due ")
    assert rows[3].due_text.startswith("Ordered ")


def test_products_carry_their_first_photo_address(tx, world):
    with tx() as s:
        p = s.get(Product, world.product_id)
        p.photos = ["catalog/aa/first.png", "catalog/bb/second.png"]
        s.add(p)
        plain = f.product(s, world.merchant_id)
    with tx() as s:
        _, items = kiosk_shop.shop_products(s, world.kiosk, world.merchant_id)
        scanned = kiosk_scan.find_product(s, world.kiosk, world.barcode)
    photos = {p.id: p.image_url for p in items}
    assert photos == {world.product_id: "/api/media/catalog/aa/first.png", plain.id: ""}
    assert scanned.image_url == "/api/media/catalog/aa/first.png"


def test_a_typed_pickup_code_hands_the_order_over_like_a_scan(tx, db, world):
    with tx() as s:
        order = make_order(s, world, state=OrderState.READY_FOR_PICKUP)
    with pytest.raises(ServiceError, match="6 letters and digits"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.kiosk, "AB")
    with pytest.raises(ServiceError, match="not valid"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.kiosk, "ZZZ999")
    with tx() as s:
        done = kiosk_scan.pick_up_by_code(s, world.kiosk, " abc234 ")  # typed in any case
    assert done.order_id == order.id and "lobby counter" in done.where
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.DELIVERED
    with pytest.raises(ServiceError, match="already picked up"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.kiosk, "ABC234")
    with pytest.raises(ServiceError, match="Only a lobby kiosk"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.resident, "ABC234")


def test_a_typed_code_of_another_community_or_an_ambiguous_one_hands_nothing_over(tx, db, world):
    with tx() as s:
        elsewhere = make_order(s, world, user_id=world.other_resident.user_id, state=OrderState.READY_FOR_PICKUP,
                               community_id=world.other_community_id)
        elsewhere.pickup_code = "QQQ222"
        a = make_order(s, world, state=OrderState.READY_FOR_PICKUP)
        b = make_order(s, world, state=OrderState.READY_FOR_PICKUP)  # the same code drawn twice
    with pytest.raises(ServiceError, match="not valid"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.kiosk, "QQQ222")
    with pytest.raises(ServiceError, match="more than one order"), tx() as s:
        kiosk_scan.pick_up_by_code(s, world.kiosk, "ABC234")
    states = {o.id: o.state for o in db.exec(select(Order).execution_options(populate_existing=True))}
    assert states[elsewhere.id] == states[a.id] == states[b.id] == OrderState.READY_FOR_PICKUP


def test_urgent_notices_of_the_kiosk_community_only(tx, world):
    now = utcnow()
    with tx() as s:
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=world.community_id)
        for title, urgent, status, audience, community, expire in (
                ("Water off at noon", True, NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY, world.community_id,
                 None),
                ("Bake sale", False, NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY, world.community_id, None),
                ("Draft alarm", True, NoticeStatus.DRAFT, NoticeAudience.COMMUNITY, world.community_id, None),
                ("Block B gas", True, NoticeStatus.PUBLISHED, NoticeAudience.BUILDINGS, world.community_id, None),
                ("Old storm", True, NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY, world.community_id,
                 now - timedelta(hours=1)),
                ("Elsewhere fire drill", True, NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY,
                 world.other_community_id, None)):
            s.add(Notice(community_id=community, title=title, body="**Bring** a bucket.", status=status,
                         urgent=urgent, audience=audience, created_by=staff.id, published_at=now, expire_at=expire))
    with tx() as s:
        shown = kiosk_urgent.urgent_notices(s, world.kiosk)
        attract = kiosk_attract.attract(s, world.kiosk)
    assert [(n.title, n.text) for n in shown] == [("Water off at noon", "Bring a bucket.")]
    assert [i.title for i in attract] == ["Bake sale"]  # the urgent one is in the banner, not twice
    with pytest.raises(ServiceError, match="Only a lobby kiosk"), tx() as s:
        kiosk_urgent.urgent_notices(s, world.resident)
