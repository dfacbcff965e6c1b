"""A parking slot for the sharing tests: free every day 00:00-24:00 unless told otherwise."""

from __future__ import annotations

from community_hub.sharing import parking_slots
from community_hub.sharing.free_windows import WindowIn

EVERY_DAY = [WindowIn("00:00", "24:00", weekday=d) for d in range(7)]


def share_slot(tx, owner, **kw) -> int:
    fields = dict(place="B2-17", hourly_price="2.00", deposit_bps=2500, min_hours=1, max_hours=8,
                  approval="instant", windows=EVERY_DAY)
    fields.update(kw)
    with tx() as db:
        return parking_slots.post_slot(db, owner, **fields).id
