"""/share: the sharing home — parking slots, items (their own page), friends and my bookings,
with what needs me now (friend requests, bookings waiting for my approval or my payment)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.i18n import reader
from community_hub.models.base import utcnow
from community_hub.sharing import friends, parking_calendar, parking_slots
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import look

UPCOMING = 5


def _home(db, actor):
    zone = parking_slots.zone_of(db, actor.community_id)
    now = utcnow()
    seen = [v for v in parking_slots.visible_slots(db, actor) if not v.mine]
    mine = parking_slots.my_slots(db, actor)
    cal = parking_calendar.my_calendar(db, actor, now)
    upcoming = [{"id": str(r.booking.booking_id), "place": r.booking.place, "side": r.side,
                 "when": local_time.fmt_window(r.booking.starts_at, r.booking.ends_at, zone, lang=reader())}
                for r in cal if r.booking.ends_at > now and r.booking.status in ("requested", "confirmed")][:UPCOMING]
    to_do = sum(1 for r in cal if {"approve", "pay_balance", "pay_overstay"} & set(r.actions))
    reqs = friends.my_requests(db, actor)
    return {"slots": str(len(seen)), "my_slots": str(sum(1 for v in mine if v.active)),
            "friends": str(len(friends.my_friends(db, actor))), "requests": str(len(reqs.incoming)),
            "to_do": str(to_do)}, upcoming


class ShareHomeState(LoadedScreen, rx.State):
    counts: dict[str, str] = {}
    upcoming: list[dict[str, str]] = []
    loaded: bool = False

    async def _load(self) -> None:
        self.counts, self.upcoming = await look(self, _home)
        self.loaded = True

    @rx.var
    def is_new(self) -> bool:
        """Nothing shared with me, nothing of mine, no friends yet: the page says how to start."""
        return self.loaded and all(self.counts.get(k, "0") == "0" for k in ("slots", "my_slots", "friends", "requests")) \
            and not self.upcoming
