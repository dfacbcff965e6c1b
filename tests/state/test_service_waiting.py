"""Convenience services' waiting lists through the screens (issue 16's priority): a service with one
place a day; Riley books it; Noor finds the day full and waits, then Grace (the demo's Silver
cardholder) waits after her yet is first in the queue; each sees their place and the rule, the
office sees the queue in that order with the card level; Riley cancels and the place is Grace's."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from community_hub.accounts import auth
from community_hub.core import local_time
from community_hub.core.db import session_scope
from community_hub.models.base import utcnow
from community_hub.property import billing
from community_hub.seed import DEMO_PASSWORD
from state.resident.services import PropertyServicesState as P
from state.resident.services import ResidentServicesState as R
from tests.state import harness


def _service_and_tokens() -> tuple[int, str, str]:
    with session_scope() as db:
        staff_token, staff = auth.login(db, identifier="staff@demo.hub", password=DEMO_PASSWORD)
        grace_token, _grace = auth.login(db, identifier="grace@demo.hub", password=DEMO_PASSWORD)
        sid = billing.add_convenience_service(db, staff, staff.community_id, name="Sofa cleaning", price_minor=3000,
                                              places_per_day=1).id
        return sid, staff_token, grace_token


async def _vars(b, cls) -> dict:
    async with b.root() as root:
        s = await root.get_state(cls)
        return {"error": s.error, "notice": s.notice, "waiting": [dict(w) for w in s.waiting],
                "bookings": [dict(x) for x in s.bookings], "services": [dict(x) for x in s.services]}


def test_a_full_day_queues_by_priority_and_a_freed_place_is_given(demo):
    async def run() -> None:
        sid, staff_token, grace_token = _service_and_tokens()
        day = local_time.to_input(utcnow() + timedelta(days=2), "America/New_York")
        form = {"service_id": str(sid), "quantity": "1", "when": day, "notes": ""}
        async with harness.Server() as server:
            riley = await server.browser(demo.tokens["resident@demo.hub"], path="/services")
            noor = await server.browser(demo.tokens["noor@demo.hub"], path="/services")
            grace = await server.browser(grace_token, path="/services")
            staff = await server.browser(staff_token, path="/property/services")
            for b, cls in ((riley, R), (noor, R), (grace, R), (staff, P)):
                assert await b.send(cls.event_handlers["load"], {}) is None

            page = await _vars(riley, R)
            assert next(s for s in page["services"] if s["id"] == str(sid))["places"] == "1"
            await riley.send(R.event_handlers["book"], {"form": form})
            assert "Booked" in (await _vars(riley, R))["notice"]

            await noor.send(R.event_handlers["book"], {"form": form})  # full, and not asked to wait
            page = await _vars(noor, R)
            assert "fully booked" in page["error"] and page["waiting"] == []
            await noor.send(R.event_handlers["book"], {"form": {**form, "wait": "on"}})
            page = await _vars(noor, R)
            assert "number 1 waiting" in page["notice"], page
            await grace.send(R.event_handlers["book"], {"form": {**form, "wait": "on"}})
            assert "number 1 waiting" in (await _vars(grace, R))["notice"]  # Silver goes ahead of Noor
            await noor.send(R.event_handlers["load"], {})
            assert [w["position"] for w in (await _vars(noor, R))["waiting"]] == ["2"]

            await staff.send(P.event_handlers["load"], {})
            queue = (await _vars(staff, P))["waiting"]
            assert [(w["name"], w["position"], w["level"]) for w in queue] == [
                ("Grace Obi", "1", "Silver"), ("Noor Neighbour", "2", "")]

            mine = next(b for b in (await _vars(riley, R))["bookings"] if b["service"] == "Sofa cleaning")
            await riley.send(R.event_handlers["cancel"], {"booking_id": mine["id"]})
            await grace.send(R.event_handlers["load"], {})
            page = await _vars(grace, R)
            assert page["waiting"] == [] and [b["status"] for b in page["bookings"]
                                              if b["service"] == "Sofa cleaning"] == ["awaiting_payment"]
            await noor.send(R.event_handlers["load"], {})
            [left] = (await _vars(noor, R))["waiting"]
            assert left["position"] == "1"
            await noor.send(R.event_handlers["withdraw"], {"waiting_id": left["id"]})
            assert (await _vars(noor, R))["waiting"] == []

    try:
        asyncio.run(run())
    finally:
        demo.restore()
