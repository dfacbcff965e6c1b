"""The back office's order statistics and logistics view (issue 18): what counts, fees and
refunds from the ledger, the groupings, the CSV, late deliveries first, and bad input refused."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.local_time import local_today
from community_hub.core.permissions import AdminPermission
from community_hub.marketplace import cart, checkout, order_stats, orders
from community_hub.marketplace.orders.resident import sign_order
from community_hub.models import Merchant, Role
from community_hub.models.base import utcnow
from community_hub.models.orders import Order
from community_hub.payments import money_admin, refunds
from tests import factories as f
from tests.unit.shopping.steps import deliver, pay


def _order(tx, s, key: str) -> int:
    with tx() as db:
        cart.add_to_cart(db, s["resident"], s["product"], 2)
        return checkout.place_order(db, s["resident"], s["merchant"], idempotency_key=key, payment_method="card",
                                    address="A-1").id


@pytest.fixture
def month(tx, db, shop):
    """Signed (fee kept), refunded in part, on its way and late, and one never paid."""
    s = shop
    with tx() as d:
        money_admin.set_fee_ratio(d, s["admin"], "grocery", 1000)  # 10 %
        f.change(d, Merchant, s["merchant"], name="Corner Grocer")
    signed = _order(tx, s, "stats-signed")
    payment = pay(tx, s["resident"], signed)
    deliver(tx, s["owner"], signed)
    with tx() as d:
        sign_order(d, s["resident"], signed)
    refunded = _order(tx, s, "stats-refunded")
    refund_pid = pay(tx, s["resident"], refunded)
    with tx() as d:
        refunds.refund_payment(d, s["owner"], refund_pid, 500, "one was broken")
    late = _order(tx, s, "stats-late")
    pay(tx, s["resident"], late)
    for step in (orders.accept_order, orders.start_preparing):
        with tx() as d:
            step(d, s["owner"], late)
    with tx() as d:
        orders.send_out(d, s["owner"], late, "Cory Courier", "555-0100")
        f.change(d, Order, late, window_end=utcnow() - timedelta(minutes=30))
    _order(tx, s, "stats-unpaid")
    with tx() as d:
        finance = f.sub_roles(d, f.user(d, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        service = f.sub_roles(d, f.user(d, Role.PLATFORM_ADMIN), AdminPermission.CUSTOMER_SERVICE)
    assert payment
    return dict(s, finance=finance, service=service, late=late, signed=signed)


def _stats(tx, who, **kw):
    today = local_today(who.time_zone).isoformat()
    with tx() as d:
        return order_statistics(d, who, **{"start": today, "end": today, **kw})


order_statistics = order_stats.order_statistics


def test_paid_orders_count_with_their_fees_and_refunds(tx, month):
    stats = _stats(tx, month["finance"])
    assert len(stats.rows) == 1
    row = stats.rows[0]
    assert row.label == local_today(month["finance"].time_zone).isoformat()
    assert row.orders == 3  # the unpaid order is not business
    total = 3 * (2 * 1200)
    assert row.value_minor >= total  # each order's total (a delivery fee may be on top)
    assert row.refunds_minor == 500
    assert row.fees_minor == 240  # 10 % of the signed order's 24.00
    assert stats.totals[0].orders == 3


def test_grouped_by_shop_category_community_and_by_week_and_month(tx, month):
    assert [r.label for r in _stats(tx, month["finance"], group="shop").rows] == ["Corner Grocer"]
    assert [r.label for r in _stats(tx, month["finance"], group="category").rows] == ["grocery"]
    assert len(_stats(tx, month["finance"], group="community").rows) == 1
    week = _stats(tx, month["finance"], period="week").rows[0].label
    assert "-W" in week
    assert len(_stats(tx, month["finance"], period="month").rows[0].label) == 7


def test_the_csv_has_the_same_rows(tx, month):
    today = local_today(month["finance"].time_zone).isoformat()
    with tx() as d:
        name, body = order_stats.statistics_csv(d, month["finance"], start=today, end=today, group="shop")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Period or group", "Currency", "Orders", "Value", "Refunds", "Fees"]
    assert rows[1][0] == "Corner Grocer" and rows[1][2] == "3" and rows[1][4] == "5.00" and rows[1][5] == "2.40"


def test_the_logistics_view_puts_late_deliveries_first(tx, month):
    with tx() as d:
        on_way = order_stats.out_for_delivery(d, month["service"])
    assert [(r.order_id, r.late) for r in on_way] == [(month["late"], True)]
    assert on_way[0].courier == "Cory Courier 555-0100" and on_way[0].shop == "Corner Grocer"


def test_bad_input_and_other_admins_are_refused(tx, month):
    fin = month["finance"]
    for kw, message in [(dict(start="2026-12-05", end="2026-12-01"), "comes before"),
                        (dict(start="2025-01-01", end="2026-12-31"), "at most 366 days"),
                        (dict(start="yesterday", end="2026-12-01"), "must be a date"),
                        (dict(start="2026-12-01", end="2026-12-01", group="colour"), "how to group"),
                        (dict(start="2026-12-01", end="2026-12-01", period="hour"), "how to group")]:
        with pytest.raises(ServiceError, match=message), tx() as d:
            order_statistics(d, fin, **kw)
    with pytest.raises(PermissionDenied, match="finance"):
        _stats(tx, month["service"])
    with pytest.raises(PermissionDenied, match="customer service"), tx() as d:
        order_stats.out_for_delivery(d, fin)
