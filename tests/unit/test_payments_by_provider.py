"""The admin finance page's payments by provider (issue 20): per provider and currency the payments
paid, money received and refunded, the open ones; the open payments filtered by provider; finance
only."""

from __future__ import annotations

import pytest

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.core.i18n import localized
from community_hub.core.permissions import AdminPermission
from community_hub.models import Role
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.payments import by_provider
from tests import factories as f


def _pay(db, n, provider, status, amount, currency="CNY", captured=0, refunded=0):
    db.add(Payment(purpose=f"order:{n}", provider=provider, status=status, amount_minor=amount, currency=currency,
                   captured_minor=captured, refunded_minor=refunded, idempotency_key=f"k{n}",
                   provider_id=f"{provider}-{n}" if captured else None))
    db.flush()


@pytest.fixture
def admins(tx):
    with tx() as db:
        finance = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.FINANCE)
        content = f.sub_roles(db, f.user(db, Role.PLATFORM_ADMIN), AdminPermission.CONTENT)
        _pay(db, 1, "stripe", PaymentStatus.SUCCEEDED, 1000, "USD", captured=1000)
        _pay(db, 2, "stripe", PaymentStatus.PARTIALLY_REFUNDED, 2000, "USD", captured=2000, refunded=500)
        _pay(db, 3, "stripe", PaymentStatus.REQUIRES_PAYMENT, 700, "USD")
        _pay(db, 4, "wechatpay", PaymentStatus.SUCCEEDED, 3000, captured=3000)
        _pay(db, 5, "wechatpay", PaymentStatus.REQUIRES_PAYMENT, 450)
        _pay(db, 6, "alipay", PaymentStatus.REFUNDED, 1200, captured=1200, refunded=1200)
        _pay(db, 7, "alipay", PaymentStatus.CANCELED, 900)  # neither paid nor open
        _pay(db, 8, "alipay", PaymentStatus.FAILED, 800)  # declined: can be paid again
        return {"finance": finance, "content": content}


def test_totals_per_provider_and_currency(tx, admins):
    with tx() as db:
        rows = by_provider.totals_by_provider(db, admins["finance"])
    assert [(r.provider, r.currency, r.paid_count, r.received_minor, r.refunded_minor, r.open_count, r.open_minor)
            for r in rows] == [
        ("alipay", "CNY", 1, 1200, 1200, 1, 800),
        ("stripe", "USD", 2, 3000, 500, 1, 700),
        ("wechatpay", "CNY", 1, 3000, 0, 1, 450),
    ]


def test_open_payments_filtered_by_provider(tx, admins):
    with tx() as db:
        every = by_provider.open_payments(db, admins["finance"])
        wechat = by_provider.open_payments(db, admins["finance"], "wechatpay")
        names = by_provider.providers_in_use(db, admins["finance"])
    assert sorted(p.purpose for p in every) == ["order:3", "order:5", "order:8"]
    assert [(p.purpose, p.amount_minor, p.currency) for p in wechat] == [("order:5", 450, "CNY")]
    assert names == ["alipay", "stripe", "wechatpay"]
    with tx() as db, pytest.raises(ServiceError):
        by_provider.open_payments(db, admins["finance"], "x" * 21)


def test_providers_read_by_name_in_either_language():
    assert localized("zh", by_provider.provider_label("wechatpay")) == "微信支付"
    assert localized("zh", by_provider.provider_label("alipay")) == "支付宝"
    assert localized("en", by_provider.provider_label("stripe")) == "Card provider (stripe)"
    assert localized("zh", by_provider.status_word(PaymentStatus.REQUIRES_PAYMENT)) == "等待付款人支付"


def test_only_finance_sees_them(tx, admins):
    with tx() as db, pytest.raises(PermissionDenied):
        by_provider.totals_by_provider(db, admins["content"])
    with tx() as db, pytest.raises(PermissionDenied):
        by_provider.open_payments(db, admins["content"])
