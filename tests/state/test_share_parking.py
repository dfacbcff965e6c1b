"""The sharing screens' states (issue 17), through Reflex's event processor: Riley shares his slot
(a bad deposit is refused with nothing stored), Noor finds him, books two hours of it (too long a
booking and a declined card are clear messages; the declined card's hold is reused, never a second
booking), and both see the booking on their lists, each from their own side."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.models.base import utcnow
from community_hub.models.sharing import ParkingBooking, ParkingSlot
from state.resident.share_friends import ShareFriendsState
from state.resident.share_parking_bookings import ShareBookingsState
from state.resident.share_parking_new import ShareSlotNewState
from state.resident.share_parking_slot import ShareSlotState
from tests.state import harness

TOMORROW = (utcnow().astimezone(ZoneInfo("America/New_York")) + timedelta(days=1)).date().isoformat()
SLOT = {"place": "B2-17", "note": "", "hourly_price": "2.00", "deposit": "25", "min_hours": "1", "max_hours": "8",
        "approval": "instant"}


async def _page(browser, cls):
    async with browser.root() as root:
        return await root.get_state(cls)


def _count(model) -> int:
    with session_scope() as db:
        return len(db.exec(select(model)).all())


def test_a_slot_is_shared_found_and_booked_with_clear_refusals(demo):
    async def run():
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/share/parking/new")
            new = ShareSlotNewState.event_handlers
            assert await riley.send(new["load"], {}) is None
            await riley.send(new["add_window"], {"form": {"kind": "date", "day": TOMORROW, "start": "08:00", "end": "20:00"}})
            await riley.send(new["add_window"], {"form": {"kind": "3", "start": "18:00", "end": "09:00"}})
            page = await _page(riley, ShareSlotNewState)
            assert "must end after it starts" in page.error
            assert len(page.windows) == 1
            await riley.send(new["post"], {"form": {**SLOT, "deposit": "a quarter"}})
            assert "like 25 for 25 %" in (await _page(riley, ShareSlotNewState)).error
            assert _count(ParkingSlot) == 0
            await riley.send(new["post"], {"form": SLOT})
            assert not (await _page(riley, ShareSlotNewState)).error
            with session_scope() as db:
                slot_id = db.exec(select(ParkingSlot.id)).one()

            noor = await server.browser(demo.tokens["noor@demo.hub"], path="/share/friends")
            await noor.send(ShareFriendsState.event_handlers["search"], {"form": {"query": "B-204"}})
            found = (await _page(noor, ShareFriendsState)).found
            assert [n["name"] for n in found] == ["Riley Resident"]

            noor = await server.browser(demo.tokens["noor@demo.hub"], path=f"/share/parking/{slot_id}")
            slot = ShareSlotState.event_handlers
            assert await noor.send(slot["load"], {}) is None
            assert (await _page(noor, ShareSlotState)).slot["price"] == "$2.00 an hour"
            await noor.send(slot["check"], {"form": {"day": TOMORROW, "start": "10:00", "hours": "9"}})
            assert "at most 8 hours" in (await _page(noor, ShareSlotState)).error
            await noor.send(slot["check"], {"form": {"day": TOMORROW, "start": "10:00", "hours": "2"}})
            page = await _page(noor, ShareSlotState)
            assert (page.quote["price"], page.quote["deposit"], page.quote["balance"]) == ("$4.00", "$1.00", "$3.00")
            await noor.send(slot["book_and_pay"], {})  # no card typed: refused before the time is held
            assert "card number is not right" in (await _page(noor, ShareSlotState)).error
            assert _count(ParkingBooking) == 0
            await noor.send(slot["set_card"], {"value": "4000 0000 0000 0002"})
            await noor.send(slot["book_and_pay"], {})
            assert "try another card" in (await _page(noor, ShareSlotState)).error
            await noor.send(slot["set_card"], {"value": "4242 4242 4242 4242"})
            await noor.send(slot["book_and_pay"], {})
            assert not (await _page(noor, ShareSlotState)).error
            assert _count(ParkingBooking) == 1  # the declined card's hold was paid, not a second booking

            for email, who in (("noor@demo.hub", "Rented from Riley Resident"),
                               ("resident@demo.hub", "Your slot, booked by Noor Neighbour")):
                on = await server.browser(demo.tokens[email], path="/share/bookings")
                await on.send(ShareBookingsState.event_handlers["load"], {})
                rows = [r for d in (await _page(on, ShareBookingsState)).days for r in d.rows]
                assert [(r["with"], r["status_label"], r["place"]) for r in rows] == [(who, "Confirmed", "B2-17")]
    try:
        asyncio.run(run())
    finally:
        demo.restore()
