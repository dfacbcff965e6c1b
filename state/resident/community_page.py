"""Residents' community page: polls (vote, results by the poll's rule, quorum) and events
(sign up, cancel, waiting list). Results refresh by themselves while the page is open."""

from __future__ import annotations

import reflex as rx

from community_hub.core.qr_images import png_data_uri
from community_hub.property import community_live, event_tickets, events, polls
from state.property.common import when
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

POLL_SECONDS = 2.0
MAX_WATCH_SECONDS = 3600


def _poll_row(v, zone: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    r = v.results
    row = {"id": str(v.id), "question": v.question, "description": v.description, "kind": v.kind,
           "max": str(v.max_choices), "open": "1" if v.is_open else "", "voted": "1" if v.has_voted else "",
           "closes": when(v.closes_at, zone), "shown": "1" if r else "",
           "scope": "one vote per household" if v.vote_scope == "household" else "one vote per resident",
           "turnout": f"{r.ballots} of {r.eligible} voted ({r.turnout_percent:.0f}%)" if r else "",
           "quorum": ("" if not r or not r.quorum_percent else
                      f"Quorum {r.quorum_percent}%: " + ("reached" if r.quorum_reached else "not reached yet"))}
    mine = set(v.my_choices)
    counts = {o.option_id: o for o in r.options} if r else {}
    options = [{"id": str(oid), "label": label, "mine": "1" if oid in mine else "",
                "votes": str(counts[oid].votes) if oid in counts else "",
                "percent": f"{counts[oid].percent:.0f}" if oid in counts else "0"} for oid, label in v.options]
    return row, options


def _event_row(e, zone: str) -> dict[str, str]:
    return {"id": str(e.id), "title": e.title, "description": e.description, "location": e.location,
            "when": when(e.starts_at, zone), "capacity": str(e.capacity), "confirmed": str(e.confirmed),
            "left": str(e.places_left), "waitlisted": str(e.waitlisted), "cancelled": "1" if e.cancelled else "",
            "full": "1" if e.places_left == 0 else "", "mine": e.my_status or "", "ticket": e.my_ticket or "",
            # The ticket as a QR code the lobby kiosk's scanner checks in.
            "ticket_qr": png_data_uri(event_tickets.payload(e.my_ticket), scale=5) if e.my_ticket else "",
            "position": str(e.my_waitlist_position or "")}


def _page(db, actor):
    """The page's rows, built in the worker thread (ticket QR codes are CPU work)."""
    views = [polls.get_poll(db, actor, pid) for pid in polls.poll_ids_for_resident(db, actor)]
    evs = events.list_events(db, actor)
    return [_poll_row(v, actor.time_zone) for v in views], [_event_row(e, actor.time_zone) for e in evs]


def _version(db, actor) -> str:
    """What the watcher compares when the bell rang: the rows the page would show now."""
    return repr(_page(db, actor))




class CommunityHubState(LoadedScreen, LiveWatch, rx.State):
    polls: list[dict[str, str]] = []
    options: dict[str, list[dict[str, str]]] = {}
    picked: dict[str, list[str]] = {}
    events: list[dict[str, str]] = []
    _version: str = ""

    async def _load(self):
        poll_rows, event_rows = await look(self, _page)
        version = repr((poll_rows, event_rows))
        self._seen_version = repr(version)  # what the watcher's `_version` read says of the same rows
        if version != self._version:
            self._version = version
            self.polls = [p for p, _ in poll_rows]
            self.options = {p["id"]: o for p, o in poll_rows}
            # Every poll needs an entry: the page reads picked[poll id] for each.
            self.picked = {p["id"]: self.picked.get(p["id"], []) for p, _ in poll_rows}
            self.events = event_rows

    async def _opened(self):
        self._version = ""
        self.picked = {}

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        """Live poll results and places left while the page is open: read when the change bell
        rings for the community's polls and events (property/community_live.py), when one opens,
        closes or ends, at most every POLL_SECONDS (it reloaded every 2 s, under the lock)."""
        await self._follow_version(watch_id, "/community", POLL_SECONDS, _version, (), self._load, MAX_WATCH_SECONDS,
                                   keys=community_live.resident_keys)

    @rx.event
    def pick(self, poll_id: str, option_id: str, single: bool, on: bool = True):
        if str(poll_id) not in self.options:
            return
        current = [] if single else list(self.picked.get(poll_id, []))
        if on and option_id not in current:
            current.append(str(option_id)[:12])
        if not on and option_id in current:
            current.remove(option_id)
        self.picked = {**self.picked, poll_id: current[:50]}

    async def _act(self, fn, *args, done: str, **kwargs):
        try:
            await call(self, fn, *args, **kwargs)
            self.notice = done
        finally:
            await self._load()

    @rx.event
    @screen_event
    async def vote(self, poll_id: str):
        chosen = [row_id(x) for x in self.picked.get(poll_id, [])]
        await self._act(polls.cast_vote, row_id(poll_id), chosen, done="Your vote is counted.")

    @rx.event
    @screen_event
    async def sign_up(self, event_id: str, waitlist: bool = False):
        await self._act(events.sign_up, row_id(event_id), join_waitlist=bool(waitlist),
                        done="You are on the waiting list." if waitlist else "You are signed up.")

    @rx.event
    @screen_event
    async def cancel(self, event_id: str):
        await self._act(events.cancel_signup, row_id(event_id), done="Your place is given up.")

    @rx.event
    @screen_event
    async def check_in(self, form: dict):
        """At the venue: the resident types the code shown at the door."""
        raw = str(form.get("event_id") or "")
        await self._act(events.self_check_in, int(raw) if raw.isdigit() else 0, (form.get("code") or "")[:40],
                        done="You are checked in. Enjoy!")
