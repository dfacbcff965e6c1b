"""Shopping at the kiosk (cart → pickup order → terminal) and what the attract screen shows."""

from __future__ import annotations

from sqlmodel import select

from community_hub.kiosk import attract as kiosk_attract
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import session as kiosk_session
from community_hub.marketplace import cart
from community_hub.models import Role
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice, NoticeAudience, NoticeStatus
from community_hub.models.orders import Fulfilment, Order, OrderState
from tests import factories as f
from tests.unit.kiosk.conftest import card_message, terminal_message


def test_member_shops_a_scanned_product_and_pays_at_the_terminal(tx, db, world):
    with tx() as s:
        token = kiosk_session.kiosk_login(s, world.kiosk, card_message("CARD-RES")).token
    with tx() as s:
        member = kiosk_session.member_actor(s, world.kiosk, token)
        cart.add_to_cart(s, member, world.product_id, 2)
    with tx() as s:
        order = kiosk_pay.order_cart(s, world.kiosk, token, world.merchant_id, idempotency_key="kiosk-test-0001")
    placed = db.get(Order, order.id)
    assert (placed.fulfilment, placed.state, placed.total_minor) == (Fulfilment.PICKUP, OrderState.PLACED, 2500)
    with tx() as s:
        charge = kiosk_pay.start(s, world.kiosk, token, "order", order.id)
    with tx() as s:
        out = kiosk_pay.approved(s, world.kiosk, token, charge.payment_id,
                                 terminal_message(charge.bridge_payment_id, 2500, "usd"))
    assert out.paid
    assert db.get(Order, order.id, populate_existing=True).state == OrderState.PAID


def test_attract_shows_community_wide_published_notices_only(tx, world):
    with tx() as s:
        staff = f.user(s, Role.PROPERTY_STAFF, community_id=world.community_id)
        now = utcnow()
        for title, status, audience, community in (
                ("Lift repairs", NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY, world.community_id),
                ("Draft", NoticeStatus.DRAFT, NoticeAudience.COMMUNITY, world.community_id),
                ("Building B only", NoticeStatus.PUBLISHED, NoticeAudience.BUILDINGS, world.community_id),
                ("Elsewhere", NoticeStatus.PUBLISHED, NoticeAudience.COMMUNITY, world.other_community_id)):
            s.add(Notice(community_id=community, title=title, body="**Body** text", status=status,
                         audience=audience, created_by=staff.id, published_at=now))
    with tx() as s:
        items = kiosk_attract.attract(s, world.kiosk)
    assert [(i.kind, i.title, i.text) for i in items] == [("notice", "Lift repairs", "Body text")]
    with tx() as s:
        assert s.exec(select(Notice)).all()  # the others are still there, only not shown


def test_member_pays_a_household_bill_at_the_terminal(tx, db, world):
    from datetime import date

    from community_hub.models import Community, PropertyCompany
    from community_hub.models.billing import Bill, BillStatus

    with tx() as s:
        company = PropertyCompany(name="Office")
        s.add(company)
        s.flush()
        community = s.get(Community, world.community_id)
        community.property_company_id = company.id
        s.add(community)
        bill = Bill(community_id=world.community_id, household_id=world.resident.household_id, period="2026-11",
                    currency="USD", total_minor=8000, due_date=date(2026, 12, 10))
        s.add(bill)
        s.flush()
        bill_id = bill.id
    with tx() as s:
        token = kiosk_session.kiosk_login(s, world.kiosk, card_message("CARD-RES")).token
    with tx() as s:
        rows = kiosk_pay.payable(s, world.kiosk, token)
    assert [(r.kind, r.id, r.amount) for r in rows] == [("bill", bill_id, "$80.00")]
    with tx() as s:
        charge = kiosk_pay.start(s, world.kiosk, token, "bill", bill_id)
    with tx() as s:
        out = kiosk_pay.approved(s, world.kiosk, token, charge.payment_id,
                                 terminal_message(charge.bridge_payment_id, 8000, "usd"))
    assert out.paid and out.receipt_path == f"/bills/{bill_id}"
    assert db.get(Bill, bill_id, populate_existing=True).status == BillStatus.PAID
    with tx() as s:
        assert kiosk_pay.payable(s, world.kiosk, token) == []


def test_browse_and_scan_only_the_circles_shops(tx, world):
    import pytest

    from community_hub.core.errors import ServiceError
    from community_hub.kiosk import scan as kiosk_scan
    from community_hub.kiosk import shop as kiosk_shop

    with tx() as s:
        far = f.merchant(s, lat=41.0, lon=-75.0)  # ~111 km away: outside the walking circle
        far_product = f.product(s, far.id)
        far_product.barcode = "2009999900001"
        s.add(far_product)
    with tx() as s:
        rows = kiosk_shop.shops(s, world.kiosk)
        name, items = kiosk_shop.shop_products(s, world.kiosk, world.merchant_id)
    assert [r.id for r in rows] == [world.merchant_id]
    assert [p.id for p in items] == [world.product_id] and name.startswith("Shop ")
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        kiosk_shop.shop_products(s, world.kiosk, far.id)
    with pytest.raises(ServiceError, match="does not exist"), tx() as s:
        kiosk_shop.product(s, world.kiosk, far_product.id)
    with pytest.raises(ServiceError, match="do not sell"), tx() as s:
        kiosk_scan.find_product(s, world.kiosk, "2009999900001")
    with tx() as s:
        assert kiosk_shop.product(s, world.kiosk, world.product_id).price == "$12.50"
