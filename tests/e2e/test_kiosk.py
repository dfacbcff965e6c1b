"""The lobby kiosk in Chromium against the production build, with the real hardware bridge
process reading real ptys (a serial scanner and a card reader) and its simulated terminal.

A barcode written to the scanner pty shows the product; a card read logs the member in; the
member pays an order at the terminal; a pickup QR hands an order over and the resident's phone
page shows it picked up.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.models import Community, Merchant, Product, User
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.models.orders import Fulfilment, Order, OrderLine, OrderState
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.seed.kiosk import DEMO_CARD
from tests.e2e import kiosk_rig
from tests.e2e.helpers import expect_path, log_in, log_in_as
from tests.e2e.kiosk_rig import Bridge

# The rig's fixtures, as this module's own: its own bridge process and paired app database.
kiosk_data_dir, app_env_extra, bridge, db_engine = (kiosk_rig.kiosk_data_dir, kiosk_rig.app_env_extra,
                                                    kiosk_rig.bridge, kiosk_rig.db_engine)


def make_order(eng, state: str) -> Order:
    with Session(eng, expire_on_commit=False) as db:
        resident = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        shop = db.exec(select(Merchant).order_by(Merchant.id)).first()
        product = db.exec(select(Product).where(Product.merchant_id == shop.id)).first()
        order = Order(user_id=resident.id, merchant_id=shop.id, community_id=community.id, state=state,
                      fulfilment=Fulfilment.PICKUP, currency=shop.currency, subtotal_minor=1500, total_minor=1500,
                      payment_method="card", pickup_code="KQ7X2M", idempotency_key=secrets.token_hex(8))
        db.add(order)
        db.flush()
        db.add(OrderLine(order_id=order.id, product_id=product.id, name=product.name, unit_price_minor=1500,
                         quantity=1, line_total_minor=1500))
        db.commit()
        return order


def circle_products(eng) -> list[Product]:
    """Barcoded products of the shops within Maple Court's walking circle (the kiosk sells these)."""
    from community_hub.marketplace.circle import circle_merchant_ids

    with Session(eng, expire_on_commit=False) as db:
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        ids = circle_merchant_ids(db, community)
        return list(db.exec(select(Product).where(Product.barcode.is_not(None), Product.merchant_id.in_(ids))
                            .order_by(Product.id)))


def order_state(eng, order_id: int) -> str:
    with Session(eng) as db:
        return db.get(Order, order_id).state


def open_kiosk(page: Page, base_url: str) -> None:
    log_in(page, base_url, "kiosk@demo.hub")
    expect_path(page, "/kiosk/lobby-1")
    page.wait_for_selector("#hydrated", state="attached", timeout=30_000)
    expect(page.locator("#bridge-link")).to_have_attribute("data-status", "connected", timeout=15_000)


def test_kiosk_scan_login_pay_and_pickup(page: Page, browser, base_url, bridge, db_engine):
    product = circle_products(db_engine)[0]
    with Session(db_engine) as db:
        resident = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
    to_pay = make_order(db_engine, OrderState.PLACED)
    to_collect = make_order(db_engine, OrderState.READY_FOR_PICKUP)

    open_kiosk(page, base_url)
    expect(page.locator("#kiosk-attract")).to_be_visible()

    # A product barcode on the serial scanner shows the product, big.
    bridge.scanner.write(product.barcode.encode() + b"\r")
    expect(page.locator("#kiosk-product-name")).to_have_text(product.name, timeout=5_000)
    # Garbage, then a partial unknown code: a short message, the kiosk carries on.
    bridge.scanner.write(b"\x01\x02\x03\x04\x05\x06\r")
    expect(page.locator("#kiosk-message")).to_contain_text("Could not read that code")
    bridge.scanner.write(b"##??\r")
    expect(page.locator("#kiosk-message")).to_contain_text("Could not read that code")

    # The member card logs the resident in (the bridge signs the read; the server checks it).
    bridge.card_reader.write(DEMO_CARD.encode() + b"\r")
    expect(page.locator("#kiosk-member")).to_have_text(resident.display_name, timeout=5_000)
    page.get_by_role("button", name="Back").click()

    # Pay the placed order at the (simulated) terminal.
    page.locator(f"#kiosk-pay-order-{to_pay.id}").click()
    expect(page.locator("#kiosk-paying")).to_be_visible()
    page.locator("#kiosk-demo-tap").click()
    expect(page.locator("#kiosk-paid")).to_contain_text("Paid $15.00", timeout=10_000)
    expect(page.locator("#kiosk-receipt-qr")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert order_state(db_engine, to_pay.id) == OrderState.PAID

    # Pick up by scanning the order's pickup QR.
    bridge.scanner.write(f"hub-pickup:{to_collect.id}:{to_collect.pickup_code}\r".encode())
    expect(page.locator("#kiosk-pickup")).to_contain_text(f"#{to_collect.id}", timeout=5_000)
    expect(page.locator("#kiosk-pickup-where")).to_contain_text("counter")
    assert order_state(db_engine, to_collect.id) == OrderState.DELIVERED
    # The same QR again: already picked up.
    bridge.scanner.write(f"hub-pickup:{to_collect.id}:{to_collect.pickup_code}\r".encode())
    expect(page.locator("#kiosk-message")).to_contain_text("already picked up")

    # The resident's phone shows the order picked up.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        resident_page = phone.new_page()
        log_in_as(resident_page, base_url, "resident@demo.hub", f"/orders/{to_collect.id}")
        expect(resident_page.locator("#order-state")).to_have_attribute("data-state", "delivered")
    finally:
        phone.close()

    # Done logs the member out and goes back to the attract screen.
    page.locator("#kiosk-done").click()
    expect(page.locator("#kiosk-attract")).to_be_visible()
    expect(page.locator("#kiosk-member")).to_have_count(0)


def test_unplugged_scanner_shows_and_comes_back(page: Page, base_url, bridge, db_engine):
    open_kiosk(page, base_url)
    bridge.scanner.unplug()
    expect(page.locator("#kiosk-message")).to_contain_text("scanner is unplugged", timeout=10_000)
    expect(page.locator("#device-scanner")).to_have_attribute("data-status", "disconnected")
    bridge.scanner.plug()
    expect(page.locator("#device-scanner")).to_have_attribute("data-status", "connected", timeout=15_000)
    product = circle_products(db_engine)[-1]
    bridge.scanner.write(product.barcode.encode() + b"\r")
    expect(page.locator("#kiosk-product-name")).to_have_text(product.name, timeout=5_000)


def _log_member_in(page: Page, bridge: Bridge) -> None:
    bridge.card_reader.write(DEMO_CARD.encode() + b"\r")
    expect(page.locator("#kiosk-member-screen")).to_be_visible(timeout=5_000)


def _payment_status(eng, order_id: int) -> str:
    with Session(eng) as db:
        return db.exec(select(Payment.status).where(Payment.purpose == f"order:{order_id}")
                       .order_by(Payment.id.desc())).first()


def _paying_an_order_at_the_terminal(page: Page, base_url, bridge, db_engine) -> Order:
    """A member logs in at the kiosk and starts paying a new order: the terminal now waits for the card."""
    order = make_order(db_engine, OrderState.PLACED)
    open_kiosk(page, base_url)
    _log_member_in(page, bridge)
    page.locator(f"#kiosk-pay-order-{order.id}").click()
    expect(page.locator("#kiosk-paying")).to_be_visible()
    return order


def test_cancel_at_the_terminal_charges_nothing(page: Page, base_url, bridge, db_engine):
    order = _paying_an_order_at_the_terminal(page, base_url, bridge, db_engine)
    page.locator("#kiosk-cancel-payment").click()
    expect(page.locator("#kiosk-message")).to_contain_text("Nothing was charged")
    expect(page.locator(f"#kiosk-pay-order-{order.id}")).to_be_visible()  # still waiting for payment
    assert order_state(db_engine, order.id) == OrderState.PLACED
    assert _payment_status(db_engine, order.id) == PaymentStatus.CANCELED


def test_bridge_restart_mid_payment_asks_the_provider(page: Page, base_url, bridge, db_engine):
    order = _paying_an_order_at_the_terminal(page, base_url, bridge, db_engine)
    bridge.stop()
    expect(page.locator("#bridge-link")).to_have_attribute("data-status", "disconnected", timeout=5_000)
    bridge.start()
    # The new bridge knows nothing of the payment; the provider says nothing was charged.
    expect(page.locator("#kiosk-message")).to_contain_text("Nothing was charged", timeout=15_000)
    assert order_state(db_engine, order.id) == OrderState.PLACED
    assert _payment_status(db_engine, order.id) == PaymentStatus.CANCELED


def test_idle_timeout_returns_to_attract_and_logs_out(page: Page, base_url, bridge, db_engine):
    def idle(seconds: int) -> None:
        with Session(db_engine) as db:
            for cfg in db.exec(select(KioskBridgeConfig)):
                cfg.idle_seconds = seconds
                db.add(cfg)
            db.commit()

    idle(3)
    try:
        open_kiosk(page, base_url)
        _log_member_in(page, bridge)
        expect(page.locator("#kiosk-attract")).to_be_visible(timeout=8_000)
        expect(page.locator("#kiosk-member")).to_have_count(0)
    finally:
        idle(60)


def test_phone_member_card_logs_in_at_the_kiosk(page: Page, browser, base_url, bridge, db_engine):
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        resident_page = phone.new_page()
        log_in_as(resident_page, base_url, "resident@demo.hub", "/me/card")
        expect(resident_page.locator("#member-card-qr")).to_have_attribute("src", re.compile(r"^data:image/png"))
        code = resident_page.locator("#member-card-code").inner_text()
    finally:
        phone.close()
    assert code.startswith("hub-member:")
    open_kiosk(page, base_url)
    bridge.scanner.write(code.encode() + b"\r")  # the phone held to the lobby scanner
    expect(page.locator("#kiosk-member-screen")).to_be_visible(timeout=5_000)
    page.locator("#kiosk-done").click()
    bridge.scanner.write(code.encode() + b"\r")  # the same code again: used once already
    expect(page.locator("#kiosk-message")).to_contain_text("already used")


def test_browse_shops_by_touch(page: Page, base_url, bridge, db_engine):
    product = circle_products(db_engine)[0]
    open_kiosk(page, base_url)
    page.locator("#kiosk-browse").click()
    page.locator(f"#kiosk-shop-{product.merchant_id}").click()
    page.locator(".kiosk-product-tile", has_text=product.name).first.click()
    expect(page.locator("#kiosk-product-name")).to_have_text(product.name)
    box = page.get_by_role("button", name="Back").bounding_box()
    assert box["height"] >= 64  # a large touch target


def test_event_ticket_qr_on_the_phone_checks_in_at_the_kiosk(page: Page, browser, base_url, bridge, db_engine):
    """The resident takes a place on their phone; the ticket's QR image (decoded by pyzbar, as the
    lobby's camera scanner would) read by the serial scanner checks them in at the kiosk."""
    import base64
    import io
    from datetime import timedelta

    from PIL import Image
    from pyzbar.pyzbar import decode

    from community_hub.core.permissions import load_actor
    from community_hub.models.base import utcnow
    from community_hub.property import events

    with Session(db_engine) as db:
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        staff = load_actor(db, db.exec(select(User).where(User.email == "staff@demo.hub")).one())
        start = utcnow() + timedelta(minutes=30)
        events.create_event(db, staff, community.id, title="Lobby coffee morning", starts_at=start,
                            ends_at=start + timedelta(hours=2), capacity=10, location="Lobby")
        name = db.exec(select(User).where(User.email == "resident@demo.hub")).one().display_name
        db.commit()

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        resident_page = phone.new_page()
        log_in_as(resident_page, base_url, "resident@demo.hub", "/community")
        card = resident_page.locator(".event-card", has_text="Lobby coffee morning")
        card.locator(".event-signup").click()
        qr = card.locator(".event-ticket-qr")
        expect(qr).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
        png = base64.b64decode(qr.get_attribute("src").split(",", 1)[1])
        [symbol] = decode(Image.open(io.BytesIO(png)))
    finally:
        phone.close()
    ticket = symbol.data.decode()
    assert ticket.startswith("hub-ticket:")

    open_kiosk(page, base_url)
    bridge.scanner.write(ticket.encode() + b"\r")
    expect(page.locator("#kiosk-message")).to_contain_text(
        f"Welcome, {name}! You are checked in to Lobby coffee morning.", timeout=5_000)
    bridge.scanner.write(ticket.encode() + b"\r")  # the same ticket twice
    expect(page.locator("#kiosk-message")).to_contain_text("Already checked in")
