"""Money that arrives for something that can no longer take it is held, not lost: a card payment
for a bill goes through after the office took part of it in cash; the admin sees the money on
hold, cannot apply it (the bill no longer matches) and refunds it."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.core.errors import ServiceError
from community_hub.models.billing import Bill
from community_hub.payments import intents
from community_hub.property import bill_payments, billing
from community_hub.seed.common import DEMO_PASSWORD
from tests.e2e.helpers import expect_path, log_in


def _card_money_arrives_after_cash(url: str) -> int:
    """The provider's answer comes late (as a Stripe webhook would): the resident's first card was
    declined, the office took 5.00 in cash, then the payment succeeded."""
    eng = engine_for(url)

    def who(db, email):
        return accounts.login(db, identifier=email, password=DEMO_PASSWORD)[1]

    with session_scope(eng) as db:
        resident = who(db, "resident@demo.hub")
        bill_id = db.exec(select(Bill.id).where(Bill.household_id == resident.household_id,
                                                Bill.status == "unpaid")).first()
    try:
        with session_scope(eng) as db:
            bill_payments.pay_bill(db, who(db, "resident@demo.hub"), bill_id, "4000 0000 0000 0002")
    except ServiceError:
        pass  # declined: the payment stays open at the provider
    with session_scope(eng) as db:
        billing.record_offline_payment(db, who(db, "staff@demo.hub"), bill_id, 500, "cash")
    with session_scope(eng) as db:
        from community_hub.models.payments import Payment

        payment_id = db.exec(select(Payment.id).where(Payment.purpose == bill_payments.purpose_of(bill_id))).one()
        intents.confirm_payment(db, who(db, "resident@demo.hub"), payment_id, "4242 4242 4242 4242")
    eng.dispose()
    return payment_id


def test_the_admin_sees_money_on_hold_and_refunds_it(page: Page, base_url: str, e2e_db_url: str):
    payment_id = _card_money_arrives_after_cash(e2e_db_url)
    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    page.get_by_role("link", name="Money on hold").first.click()
    expect_path(page, "/admin/held")
    row = page.locator("#held-payments tr", has_text=f"#{payment_id}")
    expect(row).to_contain_text("does not match")
    row.get_by_role("button", name=f"Apply payment {payment_id}").click()
    expect(page.get_by_role("alert")).to_contain_text("still cannot be applied")
    row.get_by_role("button", name=f"Refund payment {payment_id}").click()
    page.get_by_role("button", name="Yes, refund").click()
    expect(page.get_by_role("status")).to_contain_text("Refund of $")
    expect(page.get_by_text("Nothing on hold")).to_be_visible()
