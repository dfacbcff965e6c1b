"""What the resident's live community page (polls and events) waits on: the change bell's keys
(core/change_rings.py) and the seconds until it changes on its own. The page reloaded everything
every 2 s under the tab's lock (state/resident/community_page.py); it now reads when a poll, a
ballot, an event or a sign-up of the community is written, or when a poll opens or closes or an
event ends. Who may vote (a resident moving in moves the turnout's "of N") is read at the
watcher's fallback time: rare, and not worth a key on every household's rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, case, func, select
from sqlmodel import Session

from community_hub.core import change_rings, prebuilt
from community_hub.core.permissions import Actor, require_resident
from community_hub.models.base import utcnow
from community_hub.models.events import CommunityEvent, EventSignup
from community_hub.models.polls import Poll, PollBallot, PollOption, PollVote

# Built once (core/prebuilt.py): read by every open community page when its bell rings.
_POLL_IDS = select(Poll.id).where(Poll.community_id == bindparam("community_id"))
_EVENT_IDS = select(CommunityEvent.id).where(CommunityEvent.community_id == bindparam("community_id"),
                                             CommunityEvent.ends_at > bindparam("now"))
_NEXT_POLL_TIME = (select(func.min(case((Poll.opens_at > bindparam("now"), Poll.opens_at))),
                          func.min(case((Poll.closes_at > bindparam("now"), Poll.closes_at))))
                   .where(Poll.community_id == bindparam("community_id")))
_NEXT_EVENT_END = select(func.min(CommunityEvent.ends_at)).where(
    CommunityEvent.community_id == bindparam("community_id"), CommunityEvent.ends_at > bindparam("now"))


def resident_keys(db: Session, actor: Actor, *, now: datetime | None = None) -> tuple[list, float | None]:
    """(keys, seconds until a poll of the community opens or closes or an event ends, or None)."""
    require_resident(actor)
    now = now or utcnow()
    params = {"community_id": actor.community_id, "now": now}
    polls = [pid for (pid,) in prebuilt.rows(db, _POLL_IDS, **params)]
    events = [eid for (eid,) in prebuilt.rows(db, _EVENT_IDS, **params)]
    opens, closes = prebuilt.rows(db, _NEXT_POLL_TIME, **params)[0]
    ends = prebuilt.scalar(db, _NEXT_EVENT_END, **params)
    keys = [change_rings.key_of(Poll, "community_id", actor.community_id),
            change_rings.key_of(CommunityEvent, "community_id", actor.community_id)]
    for pid in polls:
        keys += [change_rings.key_of(m, "poll_id", pid) for m in (PollBallot, PollVote, PollOption)]
    keys += [change_rings.key_of(EventSignup, "event_id", eid) for eid in events]
    soonest = min((t for t in (opens, closes, ends) if t is not None), default=None)
    return keys, None if soonest is None else max(0.0, (soonest - now).total_seconds())

