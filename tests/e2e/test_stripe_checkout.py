"""Card entry on Stripe's own page (issue 20), the app served with HUB_PAYMENT_PROVIDER=stripe and
the real stripe library pointed at a local stand-in that plays Stripe's API and its hosted
Checkout page (tests/stripe_checkout.py). The resident's /pay page loads nothing of Stripe's: Pay
sends the browser to the hosted page; "Back" returns unpaid (nothing charged); a declined card stays
there; a good card sends Stripe's signed event to the app and the browser back to /pay, which
confirms and shows the order paid."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page
from tests.stripe_checkout import CheckoutStandIn, serve_checkout

SECRET = "whsec_e2e_" + "c3" * 16


@pytest.fixture(scope="module")
def checkout() -> Iterator[CheckoutStandIn]:
    port = os.environ.get("HUB_TEST_PORT", "3917")
    with serve_checkout(SECRET, f"http://localhost:{port}/api/webhooks/payments") as standin:
        yield standin


@pytest.fixture(scope="module")
def app_env_extra(checkout) -> dict[str, str]:
    """This module's app takes cards through Stripe (the stand-in), not the demo provider."""
    return {"HUB_PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_test_e2e_checkout",
            "STRIPE_WEBHOOK_SECRET": SECRET, "STRIPE_API_BASE": checkout.url}


def test_a_resident_pays_an_order_on_stripes_page_and_comes_back_to_it_paid(page: Page, base_url: str,
                                                                           checkout: CheckoutStandIn):
    stripe_js = []
    page.on("request", lambda r: stripe_js.append(r.url) if "stripe" in r.url and checkout.url not in r.url else None)
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/search")
    page.fill("#search-input", "olive")
    page.click("#search-submit")
    card = page.locator("[id^=product-]", has_text="Olive oil").first
    product_id = card.get_attribute("id").split("-", 1)[1]
    for n in (1, 2):  # the shop takes orders from $10.00
        page.click(f"#add-{product_id}")
        expect(page.locator("#cart-link")).to_contain_text(f"({n})", timeout=10_000)
    open_page(page, base_url, "/cart")
    page.locator("[id^=cart-checkout-]").first.click()
    page.wait_for_url(re.compile(r".*/checkout/\d+$"), timeout=15_000)
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r".*/pay/\d+$"), timeout=15_000)
    pay_url = page.url
    expect(page.get_by_role("heading", name="Payment", exact=True)).to_be_visible()
    expect(page.get_by_label("Card number")).to_have_count(0)  # no card field of ours, no demo note
    expect(page.locator("#demo-payment-note")).to_have_count(0)

    page.get_by_role("button", name=re.compile(r"Pay \$17\.00 by card")).click()  # 2 × $7.00 + $3.00 delivery
    page.wait_for_url(re.compile(re.escape(checkout.url) + r"/c/pay/cs_test_\w+"), timeout=15_000)
    expect(page.get_by_role("heading", name="Pay 17.00 USD")).to_be_visible()
    page.get_by_role("link", name="Back").click()  # the payer changes their mind
    page.wait_for_url(re.compile(r".*/pay/\d+\?cancelled=1$"), timeout=15_000)
    expect(page.locator("#came-back-unpaid")).to_contain_text("nothing was charged")

    page.get_by_role("button", name=re.compile(r"Pay \$17\.00 by card")).click()
    page.wait_for_url(re.compile(re.escape(checkout.url) + r"/c/pay/cs_test_\w+"), timeout=15_000)
    assert len(checkout.sessions) == 1  # the same page again, not a second one
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("alert")).to_contain_text("declined")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay").click()

    page.wait_for_url(re.compile(r".*/pay/\d+\?back=1$"), timeout=15_000)
    expect(page.locator("#paid")).to_contain_text("Paid", timeout=20_000)
    page.get_by_role("link", name="Follow your order").click()
    expect(page.locator("#order-state")).to_have_attribute("data-state", "paid", timeout=10_000)
    assert pay_url.split("/pay/")[1] in checkout.sessions[next(iter(checkout.sessions))]["success_url"]
    assert stripe_js == []  # nothing of Stripe's was loaded into our pages
