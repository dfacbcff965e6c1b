"""The lobby kiosk as a member and a passer-by use it, in Chromium against the production build
with the real hardware bridge process (a serial scanner and card reader on ptys, the simulated
terminal): the cart with its lines and total, the amount on the terminal screen, "Devices
offline" that says what to do, product photos, the portrait screen, "To pay" in order, the
pickup-code keypad and urgent notices.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.models import Community, Merchant, Product, User
from community_hub.models.orders import Cart, CartLine
from tests.e2e import kiosk_rig
from tests.e2e.test_kiosk import _log_member_in, circle_products, open_kiosk

# The rig's fixtures, as this module's own: its own bridge process and paired app database.
kiosk_data_dir, app_env_extra, bridge, db_engine = (kiosk_rig.kiosk_data_dir, kiosk_rig.app_env_extra,
                                                    kiosk_rig.bridge, kiosk_rig.db_engine)


def _shot(page: Page, name: str) -> None:
    """A screenshot to look at when HUB_KIOSK_SHOTS names a folder (never compared)."""
    if os.environ.get("HUB_KIOSK_SHOTS"):
        page.screenshot(path=str(Path(os.environ["HUB_KIOSK_SHOTS"]) / f"kiosk-{name}.png"))


def _empty_carts(eng) -> None:
    with Session(eng) as db:
        resident = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        for c in db.exec(select(Cart).where(Cart.user_id == resident.id)):
            for line in db.exec(select(CartLine).where(CartLine.cart_id == c.id)):
                db.delete(line)
        db.commit()


def _two_products_of_one_shop(eng) -> tuple[Product, Product]:
    products = circle_products(eng)
    first = products[0]
    second = next(p for p in products[1:] if p.merchant_id == first.merchant_id)
    return first, second


def test_cart_lines_quantities_total_and_the_amount_on_the_terminal(page: Page, base_url, bridge, db_engine):
    _empty_carts(db_engine)
    a, b = _two_products_of_one_shop(db_engine)
    open_kiosk(page, base_url)
    _log_member_in(page, bridge)
    expect(page.locator("#kiosk-cart-bar")).to_have_count(0)  # nothing in the cart yet

    # Scan two products and add them: the bar at the bottom keeps the count and total in sight.
    for p in (a, b):
        bridge.scanner.write(p.barcode.encode() + b"\r")
        expect(page.locator("#kiosk-product-name")).to_have_text(p.name, timeout=5_000)
        page.get_by_role("button", name="Add to my cart").click()
        expect(page.locator("#kiosk-message")).to_contain_text(f"{p.name} is in your cart")
    expect(page.locator("#kiosk-cart-count")).to_have_text("2 items")
    total = a.price_minor + b.price_minor
    expect(page.locator("#kiosk-cart-total")).to_have_text(f"Total ${total / 100:.2f}")

    # The cart: each line with name, unit price, quantity and big − / + and Remove.
    page.get_by_role("button", name="View cart").click()
    line = page.locator(".kiosk-cart-line", has_text=a.name)
    expect(line).to_contain_text(f"${a.price_minor / 100:.2f} each")
    expect(line.locator(".kiosk-line-qty")).to_have_text("1")
    expect(page.get_by_role("button", name=f"One less {a.name}")).to_be_disabled()  # never below one
    plus = page.get_by_role("button", name=f"One more {a.name}")
    assert plus.bounding_box()["height"] >= 64  # a finger-sized key
    plus.click()
    expect(line.locator(".kiosk-line-qty")).to_have_text("2")
    total += a.price_minor
    expect(page.locator("#kiosk-cart-total")).to_have_text(f"Total ${total / 100:.2f}")
    expect(page.locator("#kiosk-cart-count")).to_have_text("3 items")
    page.get_by_role("button", name=f"Remove {b.name}").click()
    expect(page.locator(".kiosk-cart-line", has_text=b.name)).to_have_count(0)
    total -= b.price_minor
    expect(page.locator("#kiosk-cart-total")).to_have_text(f"Total ${total / 100:.2f}")

    # Under the shop's minimum order the cart says how much more, before the pay button is pressed.
    with Session(db_engine) as db:
        minimum = db.get(Merchant, a.merchant_id).min_order_minor
    assert minimum > total, "the demo shop's minimum order is what this step shows"
    expect(page.locator("#kiosk-cart")).to_contain_text(f"add ${(minimum - total) / 100:.2f} more")
    expect(page.locator(f"#kiosk-checkout-{a.merchant_id}")).to_be_disabled()
    _shot(page, "cart-under-minimum")
    quantity = 2
    while total < minimum:
        plus.click()
        quantity += 1
        total += a.price_minor
        expect(line.locator(".kiosk-line-qty")).to_have_text(str(quantity))
    amount = f"${total / 100:.2f}"
    expect(page.locator("#kiosk-cart-total")).to_have_text(f"Total {amount}")

    # Order for pickup and pay: the terminal step says how much to pay.
    page.get_by_role("button", name=f"Order for pickup & pay {amount}").click()
    expect(page.locator("#kiosk-paying")).to_have_text(f"Pay {amount} on the card terminal")
    _shot(page, "paying")
    page.locator("#kiosk-demo-tap").click()
    expect(page.locator("#kiosk-paid")).to_contain_text(f"Paid {amount}", timeout=10_000)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#kiosk-cart-bar")).to_have_count(0)  # the cart became the paid order


def test_devices_offline_is_a_banner_that_says_what_to_do_and_clears_itself(page: Page, base_url, bridge,
                                                                             db_engine):
    from community_hub.models.orders import OrderState
    from tests.e2e.test_kiosk import _payment_status, make_order

    order = make_order(db_engine, OrderState.PLACED)
    open_kiosk(page, base_url)
    _log_member_in(page, bridge)
    expect(page.locator("#kiosk-offline")).to_have_count(0)
    bridge.stop()
    try:
        banner = page.get_by_role("alert").filter(has_text="Devices offline")
        expect(banner).to_be_visible(timeout=10_000)
        expect(banner).to_contain_text("ask the front desk to restart the kiosk bridge")
        box, screen = banner.bounding_box(), page.locator("#kiosk-screen").bounding_box()
        assert box["width"] >= screen["width"] - 2  # across the whole screen, not a corner
        _shot(page, "offline")
        # Paying now would wait for a terminal that cannot answer: the kiosk says so instead.
        page.locator(f"#kiosk-pay-order-{order.id}").click()
        expect(page.locator("#kiosk-message")).to_contain_text("The card terminal is offline")
        expect(page.locator("#kiosk-paying")).to_have_count(0)
        assert _payment_status(db_engine, order.id) is None  # no payment was started
    finally:
        bridge.start()
    expect(page.locator("#kiosk-offline")).to_have_count(0, timeout=15_000)  # back by itself
    page.locator(f"#kiosk-pay-order-{order.id}").click()
    expect(page.locator("#kiosk-paying")).to_be_visible()
    page.locator("#kiosk-cancel-payment").click()
    expect(page.locator("#kiosk-message")).to_contain_text("Nothing was charged")
    with Session(db_engine) as db:  # leave the member's screen as the other tests expect it
        from community_hub.models.orders import Order

        db.get(Order, order.id).state = OrderState.CANCELLED
        db.commit()


def _store_photo(eng, kiosk_data_dir, product_id: int, monkeypatch) -> str:
    import io

    from PIL import Image

    from community_hub.core import uploads

    monkeypatch.setenv("HUB_UPLOAD_DIR", str(kiosk_data_dir / "uploads"))  # the app server's folder
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (230, 120, 40)).save(buf, "PNG")
    stored = uploads.store_public_image(buf.getvalue(), "photo.png")
    with Session(eng) as db:
        p = db.get(Product, product_id)
        p.photos = [stored.path]
        db.add(p)
        db.commit()
    return "/api/media/" + stored.path


def test_product_tiles_show_photos_and_an_icon_when_there_is_none(page: Page, base_url, bridge, db_engine,
                                                                  kiosk_data_dir, monkeypatch):
    with_photo, without = _two_products_of_one_shop(db_engine)
    src = _store_photo(db_engine, kiosk_data_dir, with_photo.id, monkeypatch)
    open_kiosk(page, base_url)
    page.locator("#kiosk-browse").click()
    page.locator(f"#kiosk-shop-{with_photo.merchant_id}").click()
    photo = page.locator(".kiosk-product-tile", has_text=with_photo.name).get_by_role("img", name=with_photo.name)
    expect(photo).to_have_attribute("src", src)
    page.wait_for_function("(img) => img.complete && img.naturalWidth === 320", arg=photo.element_handle())
    plain = page.locator(".kiosk-product-tile", has_text=without.name)
    expect(plain.get_by_role("img", name=f"No photo of {without.name}")).to_be_visible()
    plain.click()  # the product screen shows the placeholder big; the photographed one its photo
    expect(page.get_by_role("img", name=f"No photo of {without.name}")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    page.locator(".kiosk-product-tile", has_text=with_photo.name).click()
    expect(page.locator("#kiosk-product").get_by_role("img", name=with_photo.name)).to_have_attribute("src", src)


def test_portrait_screen_is_used_and_landscape_still_fits(browser, base_url, bridge, db_engine, kiosk_data_dir):
    # Screenshots to look at (not compared): HUB_KIOSK_SHOTS names a folder, else the test's own.
    shots = Path(os.environ.get("HUB_KIOSK_SHOTS") or kiosk_data_dir)
    for name, size, columns in (("portrait", {"width": 1080, "height": 1920}, 3),
                                ("landscape", {"width": 1920, "height": 1080}, 5)):
        ctx = browser.new_context(viewport=size)
        try:
            page = ctx.new_page()
            open_kiosk(page, base_url)
            page.screenshot(path=str(shots / f"kiosk-{name}-attract.png"))
            _log_member_in(page, bridge)
            product = circle_products(db_engine)[0]
            bridge.scanner.write(product.barcode.encode() + b"\r")
            page.get_by_role("button", name="Add to my cart").click()
            page.get_by_role("button", name="View cart").click()
            bar = page.locator("#kiosk-cart-bar").bounding_box()
            assert size["height"] - 140 <= bar["y"] + bar["height"] <= size["height"]  # at the bottom, in view
            page.screenshot(path=str(shots / f"kiosk-{name}-cart.png"))
            page.get_by_role("button", name="Keep shopping").click()
            page.locator(".kiosk-shop-tile").first.click()
            expect(page.locator(".kiosk-product-tile").first).to_be_visible()
            page.screenshot(path=str(shots / f"kiosk-{name}-shop.png"))
            screen = page.locator("#kiosk-screen").bounding_box()
            assert screen["height"] >= size["height"] * 0.9  # the layout fills the screen's height
            tops = [b["y"] for b in (t.bounding_box() for t in page.locator(".kiosk-product-tile").all())]
            across = sum(1 for y in tops if abs(y - tops[0]) < 2)
            assert across >= min(columns, len(tops)), (name, across)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]  # nothing cut off
            page.get_by_role("button", name="All shops").click()
            page.get_by_role("button", name="Back").click()  # the member's screen
            page.locator("#kiosk-open-keypad").click()
            keys = page.locator(".kiosk-key")
            expect(keys).to_have_count(32)
            last = keys.last.bounding_box()
            assert last["y"] + last["height"] <= size["height"] and last["height"] >= 64
            page.screenshot(path=str(shots / f"kiosk-{name}-keypad.png"))
            page.get_by_role("button", name="Cancel").click()
            expect(page.locator("#kiosk-member-screen")).to_be_visible()
            page.screenshot(path=str(shots / f"kiosk-{name}-member.png"))
        finally:
            ctx.close()


def test_to_pay_groups_bills_and_orders_oldest_due_first(page: Page, base_url, bridge, db_engine):
    from datetime import date, timedelta

    from community_hub.models import HouseholdMember
    from community_hub.models.base import utcnow
    from community_hub.models.billing import Bill
    from community_hub.models.orders import Order, OrderState
    from tests.e2e.test_kiosk import make_order

    with Session(db_engine) as db:
        resident = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        household = db.exec(select(HouseholdMember).where(HouseholdMember.user_id == resident.id)).first()
        today = date.today()
        bills = []
        for period, due in (("2031-02", today + timedelta(days=25)), ("2031-01", today - timedelta(days=5))):
            b = Bill(community_id=community.id, household_id=household.household_id, period=period,
                     currency="USD", total_minor=4200, due_date=due)
            db.add(b)
            db.flush()
            bills.append(b.id)
        db.commit()
    newer = make_order(db_engine, OrderState.PLACED)
    older = make_order(db_engine, OrderState.PLACED)
    with Session(db_engine) as db:
        db.get(Order, older.id).created_at = utcnow() - timedelta(days=3)
        db.commit()

    open_kiosk(page, base_url)
    _log_member_in(page, bridge)
    bills_group, orders_group = page.locator("#kiosk-pay-bills"), page.locator("#kiosk-pay-orders")
    expect(bills_group.get_by_role("heading", name="Bills")).to_be_visible()
    expect(orders_group.get_by_role("heading", name="Orders")).to_be_visible()
    assert bills_group.bounding_box()["y"] < orders_group.bounding_box()["y"]
    expect(bills_group.locator(f"#kiosk-pay-bill-{bills[1]}")).to_be_visible()
    rows = [r.inner_text() for r in bills_group.locator(".kiosk-payable").all()]
    overdue = next(i for i, r in enumerate(rows) if "2031-01" in r)
    later = next(i for i, r in enumerate(rows) if "2031-02" in r)
    assert overdue < later, rows  # the overdue bill first
    assert "Overdue since" in rows[overdue]
    ids = [r.get_attribute("id") for r in orders_group.get_by_role("button", name="Pay here").all()]
    assert ids.index(f"kiosk-pay-order-{older.id}") < ids.index(f"kiosk-pay-order-{newer.id}")
    with Session(db_engine) as db:  # leave the member's screen as the other tests expect it
        for bid in bills:
            db.delete(db.get(Bill, bid))
        for oid in (older.id, newer.id):
            db.get(Order, oid).state = OrderState.CANCELLED
        db.commit()


def test_pickup_code_typed_on_the_keypad_hands_the_order_over(page: Page, base_url, bridge, db_engine):
    from community_hub.models.orders import Order, OrderState
    from tests.e2e.test_kiosk import make_order, order_state

    order = make_order(db_engine, OrderState.READY_FOR_PICKUP)
    code = "H7K3MZ"
    with Session(db_engine) as db:
        db.get(Order, order.id).pickup_code = code
        db.commit()
    open_kiosk(page, base_url)
    page.get_by_role("button", name="Type a pickup code").click()
    ok = page.get_by_role("button", name="OK", exact=True)
    for key in code[:3] + "X":  # a wrong key, then taken back
        page.get_by_role("button", name=key, exact=True).click()
    expect(page.locator("#kiosk-typed-code")).to_have_text(code[:3] + "X")
    expect(ok).to_be_disabled()
    page.get_by_role("button", name="Backspace").click()
    for key in code[3:]:
        page.get_by_role("button", name=key, exact=True).click()
    expect(page.locator("#kiosk-typed-code")).to_have_text(code)
    ok.click()
    expect(page.locator("#kiosk-pickup")).to_contain_text(f"Order #{order.id} is yours", timeout=5_000)
    assert order_state(db_engine, order.id) == OrderState.DELIVERED
    # The same code again: the scan's own answer.
    page.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="Type a pickup code").click()
    for key in code:
        page.get_by_role("button", name=key, exact=True).click()
    ok.click()
    expect(page.locator("#kiosk-message")).to_contain_text("already picked up")


def test_an_urgent_notice_appears_on_the_open_kiosk_marked_urgent(page: Page, base_url, bridge, db_engine):
    from community_hub.core.permissions import load_actor
    from community_hub.property import notices

    open_kiosk(page, base_url)
    expect(page.locator("#kiosk-urgent")).to_have_count(0)
    with Session(db_engine) as db:
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        staff = load_actor(db, db.exec(select(User).where(User.email == "staff@demo.hub")).one())
        n = notices.create_notice(db, staff, community.id, notices.NoticeInput(
            title="Water off in the lobby at 14:00", body="Repairs to the main pipe.", urgent=True))
        notices.publish_notice(db, staff, n.id)
        db.commit()
    banner = page.get_by_role("alert").filter(has_text="Water off in the lobby at 14:00")
    expect(banner).to_be_visible(timeout=15_000)  # no reload: the open kiosk reads it within seconds
    expect(banner).to_contain_text("Urgent")
    expect(banner).to_contain_text("Repairs to the main pipe.")
    _shot(page, "urgent")
