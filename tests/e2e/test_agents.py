"""Referral agents in the browser (issue 16): a new member applies to be an agent from her account
page, the admin (in another browser) asks for more, she adds a file and sends it again, the admin
approves; a neighbour signs up through her link and becomes an agent too, and a member signs up
through his link. That member's order is paid and signed; once the freeze window has passed (the
housekeeping pass run for a later time), both consoles show the commission as available, each line
saying where it came from: the first level on his, the second on hers."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from community_hub import housekeeping
from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.marketplace import cart, checkout, order_payments
from community_hub.marketplace import orders as order_svc
from community_hub.membership import agents, commission_plans
from community_hub.models import Merchant, Product
from community_hub.models.base import utcnow
from community_hub.payments import intents
from tests.e2e.helpers import (
    DEMO_PASSWORD,
    expect_path,
    open_page,
    open_page_until,
    register_and_log_in,
    shot,
)
from tests.images import picture

PASSWORD = "agent pass phrase 7"
PNG = picture("png", size=(8, 8))
NATIONAL_ID = "11010519491231002X"


def _as(db, who: str, password: str = DEMO_PASSWORD):
    return accounts.login(db, identifier=who, password=password)[1]


def _plan(url: str) -> None:
    """The admins' commission plan for members without a card: 10 % of the platform's fee to the
    first level, 5 % to the second, capped at 20 %, available 7 days after signing."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        commission_plans.set_plan(db, _as(db, "admin@demo.hub"), None, ratios_bps=[1000, 500], cap_bps=2000,
                                  freeze_days=7)
    eng.dispose()


def _sign_up(page: Page, base_url: str, mailbox, link: str, name: str, email: str) -> None:
    """Sign up through a referral link (the code is filled in from it), confirm, log in."""
    page.goto(link)
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    expect(page.get_by_label("Referral code (optional)")).to_have_value(link.rsplit("=", 1)[1])
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email or mobile number").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Community").select_option(label="Maple Court")
    if page.locator("#agree").count():
        page.locator("#agree").check()
    page.get_by_role("button", name="Create account").click()
    expect_path(page, "/verify")
    page.get_by_label("Code").fill(mailbox.wait_for_code(email))
    page.get_by_role("button", name="Confirm").click()
    expect_path(page, "/login")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect_path(page, "/home")


def _apply(page: Page, base_url: str, name: str, file_name: str) -> None:
    open_page(page, base_url, "/account")
    page.get_by_role("link", name=re.compile("Become an agent")).click()
    expect_path(page, "/agent/apply")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Mobile number").fill("+86 138 0013 8000")
    page.get_by_label("Kind of identity").select_option(label="National ID number")
    page.get_by_label("Identity number").fill(NATIONAL_ID)
    page.get_by_label("Region you work in").fill("Riverside")
    _attach(page, file_name)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("status")).to_contain_text("Application sent")
    expect(page.locator("#application-state")).to_have_text("Waiting for review")


def _attach(page: Page, file_name: str) -> None:
    page.get_by_label("Choose qualification files").set_input_files(
        files=[{"name": file_name, "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Attach").click()
    expect(page.locator(".picked-file", has_text=file_name)).to_be_visible()


def _approve_by_service(url: str) -> None:
    """The second agent's application, approved as the first one was in the browser."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        admin = _as(db, "admin@demo.hub")
        app = next(a for a in agents.applications(db, admin) if a.name == "Bo Brand")
        agents.review(db, admin, app.id, "approved")
    eng.dispose()


def _signed_order(url: str, email: str) -> int:
    """The referred member buys at the corner grocer by card; the shop delivers and she signs."""
    eng = engine_for(url)
    with session_scope(eng) as db:
        me = _as(db, email, PASSWORD)
        shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock.is_(None)
                                                | (Product.stock >= 2)).order_by(Product.price_minor.desc())).first()
        cart.add_to_cart(db, me, product.id, quantity=max(1, -(-shop.min_order_minor // product.price_minor)))
        oid = checkout.place_order(db, me, shop.id, idempotency_key=uuid.uuid4().hex, payment_method="card",
                                   fulfilment="delivery", address="B-204, Maple Court").id
    with session_scope(eng) as db:
        pid = order_payments.start_order_payment(db, _as(db, email, PASSWORD), oid).id
    with session_scope(eng) as db:
        intents.confirm_payment(db, _as(db, email, PASSWORD), pid, "4242424242424242")
    with session_scope(eng) as db:
        shop = _as(db, "merchant@demo.hub")
        order_svc.accept_order(db, shop, oid)
        order_svc.start_preparing(db, shop, oid)
        order_svc.send_out(db, shop, oid, "Dan Driver")
        order_svc.mark_delivered(db, shop, oid)
    with session_scope(eng) as db:
        order_svc.sign_order(db, _as(db, email, PASSWORD), oid)
    eng.dispose()
    return oid


def test_an_agent_is_approved_and_earns_at_two_levels(page: Page, new_context, signed_in, base_url: str,
                                                      e2e_db_url: str, mailbox):
    _plan(e2e_db_url)
    # Ada signs up and applies from her account page.
    register_and_log_in(page, base_url, mailbox, "Ada Lin", "ada@example.com", PASSWORD)
    _apply(page, base_url, "Ada Lin", "licence.png")
    shot(page, "agent_applied")

    # The admin, in a browser of their own, sees it arrive and asks for more.
    admin = signed_in("admin@demo.hub", "/admin/agents")
    row = admin.locator(".agent-application", has_text="Ada Lin")
    expect(row).to_be_visible(timeout=10_000)
    row.get_by_role("button", name=re.compile("Review")).click()
    dialog = admin.get_by_role("dialog")
    expect(dialog).to_contain_text("licence.png")
    dialog.get_by_role("button", name="Ask for more").click()
    expect(dialog.get_by_role("alert")).to_contain_text("reason")  # a reason is needed: nothing changed
    dialog.get_by_label(re.compile("^Reason")).fill("Add the back of your ID card.")
    dialog.get_by_role("button", name="Ask for more").click()
    expect(admin.get_by_role("status")).to_contain_text("asked for more")

    # Ada reads the reason, adds the file and sends it again.
    open_page(page, base_url, "/agent/apply")
    expect(page.locator("#reviewer-reason")).to_contain_text("Add the back of your ID card.")
    expect(page.locator("#application-state")).to_have_text("The reviewer asks for more")
    page.get_by_label("Identity number").fill(NATIONAL_ID)
    _attach(page, "id-back.png")
    page.get_by_role("button", name="Send again").click()
    expect(page.get_by_role("status")).to_contain_text("back with the reviewer")

    # The admin approves (the resent application arrives without a reload).
    row = admin.locator(".agent-application", has_text="Ada Lin")
    expect(row).to_be_visible(timeout=10_000)
    row.get_by_role("button", name=re.compile("Review")).click()
    expect(dialog).to_contain_text("id-back.png")
    dialog.get_by_role("button", name="Approve").click()
    expect(admin.get_by_role("status")).to_contain_text("Ada Lin is an agent now")
    expect(admin.locator(".agent-row", has_text="Ada Lin")).to_contain_text("active")

    # Ada's console: her referral link.
    open_page(page, base_url, "/agent/apply")
    expect(page.locator("#application-state")).to_have_text("Approved: you are an agent")
    page.get_by_role("link", name="Open your agent console").click()
    expect_path(page, "/agent")
    expect(page.get_by_role("heading", name="Agent console")).to_be_visible()
    ada_link = page.locator("#referral-link").inner_text()
    assert "/register?ref=" in ada_link
    expect(page.get_by_role("img", name=re.compile("QR code of your referral link"))).to_be_visible()

    # Bo signs up through Ada's link, sees who referred him, and becomes an agent below her.
    bo = new_context().new_page()
    _sign_up(bo, base_url, mailbox, ada_link, "Bo Brand", "bo@example.com")
    open_page(bo, base_url, "/account")
    expect(bo.locator("#my-referrer")).to_have_text("You were referred by Ada Lin.")
    _apply(bo, base_url, "Bo Brand", "bo-licence.png")
    _approve_by_service(e2e_db_url)
    # Approved by another process (this test's), as on another worker: a page read reuses its
    # session check until the change bell brings the approval here (core/read_checks.py).
    open_page_until(bo, base_url, "/agent", bo.locator("#referral-link"))
    bo_link = bo.locator("#referral-link").inner_text()

    # Cy signs up through Bo's link; her order is paid, delivered and signed.
    cy = new_context().new_page()
    _sign_up(cy, base_url, mailbox, bo_link, "Cy Chen", "cy@example.com")
    oid = _signed_order(e2e_db_url, "cy@example.com")

    # Both consoles show the commission, pending inside the freeze window.
    open_page(bo, base_url, "/agent")
    bo_line = bo.locator(".commission-line", has_text=f"order #{oid}")
    expect(bo_line).to_contain_text("1st level")
    expect(bo_line).to_contain_text("10 %")
    expect(bo_line).to_contain_text("pending")
    expect(bo.locator(".referred-member", has_text="Cy Chen")).to_contain_text("1")
    open_page(page, base_url, "/agent")
    ada_line = page.locator(".commission-line", has_text=f"order #{oid}")
    expect(ada_line).to_contain_text("2nd level")
    expect(ada_line).to_contain_text("5 %")
    expect(page.locator(".chain-row", has_text="Cy Chen")).to_contain_text("2")
    expect(page.locator(".chain-row", has_text="Bo Brand")).to_contain_text("1")

    # Past the freeze window (the housekeeping pass run for 8 days later): available, live.
    eng = engine_for(e2e_db_url)
    done = housekeeping.run_once(eng, now=utcnow() + timedelta(days=8))
    eng.dispose()
    assert done["commissions released"] >= 2
    expect(ada_line).to_contain_text("available", timeout=10_000)
    expect(page.locator("#total-available")).not_to_have_text(re.compile(r"^\$0\.00$"))
    expect(page.locator("#total-pending")).to_have_text("$0.00")
    shot(page, "agent_console")
    open_page(bo, base_url, "/agent")
    expect(bo_line).to_contain_text("available")
    expect(bo.locator("#total-available")).not_to_have_text(re.compile(r"^\$0\.00$"))
