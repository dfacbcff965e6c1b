"""Card fields only where the card is typed (issue 20), for the forms that still took one: a
neighbour's item bought, a parking deposit and balance, an ad booked, the service cover. With
Stripe (a hosted card page) the card is typed on Stripe's page: pressing Pay with no card typed
goes on to /pay/<id> (an empty field used to stop some of them there). With the demo provider the
card is typed here, and a wrong number is still refused with nothing paid."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from community_hub.accounts import auth
from community_hub.core.db import session_scope
from community_hub.core.permissions import load_actor
from community_hub.marketplace import service_cover
from community_hub.models import User
from community_hub.models.ads import AdBooking
from community_hub.models.base import utcnow
from community_hub.models.payments import Payment, PaymentStatus
from community_hub.models.sharing import ParkingBooking, ParkingSlot
from community_hub.payments.common import PAID_STATUSES
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from community_hub.payments.providers.stripe import StripeProvider
from community_hub.property import ad_payments
from community_hub.seed import DEMO_PASSWORD
from community_hub.sharing import item_money, items, parking_money
from state.merchant.ads import MerchantAdsState
from state.merchant.service_cover import MerchantServiceCoverState
from state.resident.share_item import ShareItemState
from state.resident.share_parking_bookings import ShareBookingsState
from state.resident.share_parking_new import ShareSlotNewState
from state.resident.share_parking_slot import ShareSlotState
from tests.state import harness

MODES = ["stripe", "demo"]
WRONG = "4242 4242 4242 4241"  # fails the check digit: the demo provider (and our own check) refuse it
TOMORROW = (utcnow().astimezone(ZoneInfo("America/New_York")) + timedelta(days=1)).date().isoformat()
SLOT = {"place": "C1-05", "note": "", "hourly_price": "2.00", "deposit": "25", "min_hours": "1", "max_hours": "8",
        "approval": "instant"}


@contextlib.contextmanager
def _provider(mode: str):
    """Stripe as the deployment's card provider (mode "stripe"), or the demo one. The demo one is a
    fresh one in memory: its records of these payments (their idempotency keys) must not meet the
    suite's other tests, which find the same ids in the database put back after each test."""
    before = registry._override
    if mode == "stripe":
        # No request reaches this address: a hosted payment is made when the payer opens Stripe's page.
        registry.use_provider(StripeProvider("sk_test_" + "0" * 24, "whsec_" + "0" * 32, api_base="http://127.0.0.1:9"))
    else:
        registry.use_provider(DemoProvider(registry.demo_webhook_secret()))
    try:
        yield
    finally:
        registry.use_provider(before)


async def _page(browser, cls):
    async with browser.root() as root:
        return await root.get_state(cls)


def _pay_pages(browser) -> list[str]:
    return [str(e.payload.get("path")) for u in browser.received for e in (u.events or [])
            if e.name == "_redirect" and str(e.payload.get("path")).startswith("/pay/")]


def _went_to_pay(browser, purpose: str) -> None:
    """Sent on to /pay/<id> of an open Stripe payment for `purpose`, nothing charged here."""
    pages = _pay_pages(browser)
    assert len(pages) == 1, pages
    with session_scope() as db:
        payment = db.get(Payment, int(pages[0].rsplit("/", 1)[1]))
        assert (payment.purpose, payment.provider) == (purpose, "stripe")
        assert payment.status == PaymentStatus.REQUIRES_PAYMENT


def _unpaid(purpose: str) -> bool:
    with session_scope() as db:
        return all(p.status not in PAID_STATUSES for p in db.exec(select(Payment).where(Payment.purpose == purpose)))


def _merchant_token() -> str:
    """Mona's session (not kept in the world's tokens: the database is put back after the test)."""
    with session_scope() as db:
        return auth.login(db, identifier="merchant@demo.hub", password=DEMO_PASSWORD)[0]


def _run(demo, flow) -> None:
    try:
        asyncio.run(flow())
    finally:
        demo.restore()


# ---------------------------------------------------------------- the sharing forms


async def _item_reserved_for_noor(server, demo):
    """Riley sells a bike for 12.00 and reserves it for Noor, who wrote about it: Noor's item page."""
    with session_scope() as db:  # posted as the new-item page would (a sale needs a photo, sent as an upload there)
        riley = load_actor(db, db.exec(select(User).where(User.email == "resident@demo.hub")).one())
        item_id = items.post_item(db, riley, kind="sell", title="Bike", description="A city bike", condition="good",
                                  price="12.00", pickup_place="Lobby B", photos=[("bike.png", harness.PNG)]).id
    h, path = ShareItemState.event_handlers, f"/share/items/{item_id}"
    noor = await server.browser(demo.tokens["noor@demo.hub"], path=path)
    await noor.send(h["load"], {})
    await noor.send(h["send"], {"form": {"body": "Is it still for sale?"}})
    riley = await server.browser(demo.tokens["resident@demo.hub"], path=path)
    await riley.send(h["load"], {})
    await riley.send(h["reserve"], {})
    assert not (await _page(riley, ShareItemState)).error
    await noor.send(h["load"], {})
    return noor, item_id


@pytest.mark.parametrize("mode", MODES)
def test_buying_a_neighbours_item(demo, mode):
    async def run():
        async with harness.Server() as server:
            noor, item_id = await _item_reserved_for_noor(server, demo)
            h = ShareItemState.event_handlers
            with _provider(mode):
                if mode == "demo":
                    await noor.send(h["set_card"], {"value": WRONG})
                await noor.send(h["pay"], {})
            page = await _page(noor, ShareItemState)
            if mode == "stripe":
                assert not page.error
                _went_to_pay(noor, item_money.item_purpose(item_id))
            else:
                assert "card number is incorrect" in page.error and not _pay_pages(noor)
                assert _unpaid(item_money.item_purpose(item_id))
    _run(demo, run)


async def _deposit_quoted(server, demo):
    """Riley shares a slot (instant approval); Noor has the price of two hours tomorrow on screen."""
    riley = await server.browser(demo.tokens["resident@demo.hub"], path="/share/parking/new")
    new = ShareSlotNewState.event_handlers
    await riley.send(new["load"], {})
    await riley.send(new["add_window"], {"form": {"kind": "date", "day": TOMORROW, "start": "08:00", "end": "20:00"}})
    await riley.send(new["post"], {"form": SLOT})
    assert not (await _page(riley, ShareSlotNewState)).error
    with session_scope() as db:
        slot_id = db.exec(select(ParkingSlot.id).where(ParkingSlot.place == SLOT["place"])).one()
    noor = await server.browser(demo.tokens["noor@demo.hub"], path=f"/share/parking/{slot_id}")
    await noor.send(ShareSlotState.event_handlers["load"], {})
    await noor.send(ShareSlotState.event_handlers["check"], {"form": {"day": TOMORROW, "start": "10:00", "hours": "2"}})
    assert (await _page(noor, ShareSlotState)).quote["deposit"] == "$1.00"
    return noor


def _booking_id() -> int:
    with session_scope() as db:
        return db.exec(select(ParkingBooking.id)).one()


@pytest.mark.parametrize("mode", MODES)
def test_a_parking_deposit(demo, mode):
    async def run():
        async with harness.Server() as server:
            noor = await _deposit_quoted(server, demo)
            h = ShareSlotState.event_handlers
            with _provider(mode):
                if mode == "demo":
                    await noor.send(h["set_card"], {"value": WRONG})
                await noor.send(h["book_and_pay"], {})
            page = await _page(noor, ShareSlotState)
            if mode == "stripe":  # the time is held for the payment on Stripe's page
                assert not page.error
                _went_to_pay(noor, parking_money.deposit_purpose(_booking_id()))
            else:  # refused before the time is held
                assert "card number is not right" in page.error and not _pay_pages(noor)
                with session_scope() as db:
                    assert db.exec(select(ParkingBooking)).all() == []
    _run(demo, run)


@pytest.mark.parametrize("mode", MODES)
def test_a_parking_balance(demo, mode):
    async def run():
        async with harness.Server() as server:
            noor = await _deposit_quoted(server, demo)
            await noor.send(ShareSlotState.event_handlers["set_card"], {"value": "4242 4242 4242 4242"})
            with _provider("demo"):  # the deposit paid
                await noor.send(ShareSlotState.event_handlers["book_and_pay"], {})
            assert not (await _page(noor, ShareSlotState)).error
            booking_id = _booking_id()
            with session_scope() as db:  # the two hours are over: the balance is due
                booking = db.get(ParkingBooking, booking_id)
                booking.starts_at, booking.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
                db.add(booking)
            noor = await server.browser(demo.tokens["noor@demo.hub"], path="/share/bookings")
            await noor.send(ShareBookingsState.event_handlers["load"], {})
            [row] = [r for d in (await _page(noor, ShareBookingsState)).days for r in d.rows]
            assert "pay_balance" in row["actions"]
            form = {"booking": str(booking_id)} | ({"card": WRONG} if mode == "demo" else {})  # Stripe: no field
            with _provider(mode):
                await noor.send(ShareBookingsState.event_handlers["pay_balance"], {"form": form})
            page = await _page(noor, ShareBookingsState)
            if mode == "stripe":
                assert not page.error
                _went_to_pay(noor, parking_money.balance_purpose(booking_id))
            else:
                assert "card number is not right" in page.error and not _pay_pages(noor)
                assert _unpaid(parking_money.balance_purpose(booking_id))
    _run(demo, run)


# ---------------------------------------------------------------- the merchant's forms


@pytest.mark.parametrize("mode", MODES)
def test_an_ad_booked_by_card(demo, mode):
    async def run():
        async with harness.Server() as server:
            mona = await server.browser(_merchant_token(), path="/merchant/ads")
            h = MerchantAdsState.event_handlers
            await mona.send(h["load"], {})
            page = await _page(mona, MerchantAdsState)
            slot = next(s for s in page.slots if s["price"] != "—")
            day = (date.fromisoformat(page.starts) + timedelta(days=20)).isoformat()  # free of the demo's bookings
            for key, value in (("slot_id", slot["id"]), ("starts", day), ("ends", day), ("text", "Fresh bread"),
                               ("pay_with", "card")):
                await mona.send(h["set_value"], {"key": key, "value": value})
            with _provider(mode):
                await mona.send(h["book"], {"files": []})  # no card typed
                if mode == "demo":
                    assert "Enter the card number" in (await _page(mona, MerchantAdsState)).error
                    with session_scope() as db:
                        assert db.exec(select(AdBooking).where(AdBooking.text == "Fresh bread")).all() == []
                    await mona.send(h["set_value"], {"key": "card", "value": WRONG})
                    await mona.send(h["book"], {"files": []})
            page = await _page(mona, MerchantAdsState)
            with session_scope() as db:
                booking_id = db.exec(select(AdBooking.id).where(AdBooking.text == "Fresh bread")).one()
            if mode == "stripe":  # the dates are held for the payment on Stripe's page
                assert not page.error
                _went_to_pay(mona, ad_payments.purpose_of(booking_id))
            else:
                assert "held for 30 minutes but not paid" in page.error and "incorrect" in page.error
                assert not _pay_pages(mona) and _unpaid(ad_payments.purpose_of(booking_id))
    _run(demo, run)


@pytest.mark.parametrize("mode", MODES)
def test_the_service_cover(demo, mode):
    async def run():
        async with harness.Server() as server:
            mona = await server.browser(_merchant_token(), path="/merchant/service")
            h = MerchantServiceCoverState.event_handlers
            await mona.send(h["load"], {})
            await mona.send(h["apply"], {})
            with session_scope() as db:
                admin = auth.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[1]
                cover_id = next(v.id for v in service_cover.cover_applications(db, admin) if v.status == "applied")
                service_cover.decide_cover(db, admin, cover_id, True)
            await mona.send(h["load"], {})
            assert (await _page(mona, MerchantServiceCoverState)).status == "approved"
            with _provider(mode):
                if mode == "demo":
                    await mona.send(h["set_card"], {"value": WRONG})
                await mona.send(h["pay"], {})
            page = await _page(mona, MerchantServiceCoverState)
            purpose = service_cover.purpose_of(cover_id, 1)
            if mode == "stripe":
                assert not page.error
                _went_to_pay(mona, purpose)
            else:
                assert "card number is incorrect" in page.error and not _pay_pages(mona) and _unpaid(purpose)
                assert page.status == "approved"
    _run(demo, run)
