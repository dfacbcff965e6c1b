"""Staff: the community's households — who lives where, invitation codes (issue, revoke), the
queue of requests to join (approve, decline) and removing a member."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import household_access as access
from community_hub.property import household_directory as directory
from state.property.common import staff_community, when
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _page(db, actor, query: str):
    """The list and the queue in one read."""
    cid = staff_community(actor)
    return (directory.community_households(db, actor, cid, query), access.join_requests(db, actor, cid),
            actor.time_zone)


def _household(db, actor, household_id: int):
    return (access.household_members(db, actor, household_id), access.household_invites(db, actor, household_id),
            actor.time_zone)


def _int(text: str, what: str, low: int, high: int) -> int:
    try:
        value = int((text or "").strip())
    except ValueError:
        raise ServiceError(phrase("{what} must be a whole number from {low} to {high}.", what=what, low=low,
                                  high=high)) from None
    if not low <= value <= high:
        raise ServiceError(phrase("{what} must be a whole number from {low} to {high}.", what=what, low=low,
                                  high=high))
    return value


class PropertyHouseholdsState(LoadedScreen, rx.State):
    query: str = ""
    rows: list[dict[str, str]] = []
    requests: list[dict[str, str]] = []
    open_id: str = ""  # the household whose members and codes are shown
    open_unit: str = ""
    members: list[dict[str, str]] = []
    invites: list[dict[str, str]] = []
    confirm_remove: str = ""  # user id waiting for "Yes, remove"

    async def _load(self) -> None:
        homes, queue, zone = await look(self, _page, self.query)
        nobody = await in_language(self, phrase("Nobody yet"))
        self.rows = [{"id": str(h.id), "unit": h.unit, "members": ", ".join(h.members) or nobody,
                      "code": h.code or "—"} for h in homes]
        self.requests = [{"id": str(r.id), "name": r.name, "login": r.login, "unit": r.unit, "note": r.note,
                          "at": when(r.created_at, zone)} for r in queue]
        if self.open_id:
            await self._load_household()

    async def _load_household(self) -> None:
        members, invites, zone = await look(self, _household, row_id(self.open_id))
        self.members = [{"id": str(m.user_id), "name": m.name} for m in members]
        self.invites = [{"id": str(i.id), "code": i.code,
                         "uses": await in_language(self, phrase("{used} of {most}", used=i.uses, most=i.max_uses)),
                         "expires": when(i.expires_at, zone), "active": "1" if i.active else "",
                         "by": await in_language(self, phrase("a member") if i.by_member else phrase("staff"))}
                        for i in invites]

    async def _opened(self):
        self.open_id, self.confirm_remove = "", ""

    @rx.event
    @screen_event(busy=False)
    async def search(self, form: dict):
        self.query = (form.get("query") or "").strip()[:directory.SEARCH_LIMIT]
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open_household(self, household_id: str, unit: str):
        self.open_id, self.open_unit, self.confirm_remove = str(row_id(household_id)), str(unit)[:40], ""
        await self._load_household()

    @rx.event
    def close_household(self):
        self.open_id, self.members, self.invites = "", [], []

    @rx.event
    @screen_event
    async def issue(self, form: dict):
        uses = _int(form.get("uses") or "1", phrase("Uses"), 1, 20)
        days = _int(form.get("days") or "14", phrase("Days"), 1, 90)
        invite = await call(self, access.issue_invite, row_id(self.open_id), max_uses=uses, days=days)
        await self._load()
        self.notice = await in_language(self, phrase("New code for {unit}: {code}.", unit=self.open_unit,
                                                      code=invite.code))

    @rx.event
    @screen_event
    async def revoke(self, invite_id: str):
        invite = await call(self, access.revoke_invite, row_id(invite_id))
        await self._load()
        self.notice = await in_language(self, phrase("Code {code} no longer works.", code=invite.code))

    @rx.event
    def ask_remove(self, user_id: str):
        self.confirm_remove = user_id

    @rx.event
    @screen_event
    async def remove(self, user_id: str):
        self.confirm_remove = ""
        await call(self, access.remove_member, row_id(self.open_id), row_id(user_id))
        await self._load()
        self.notice = await in_language(self, phrase("Removed from {unit}. They were told, and their access ended.",
                                                      unit=self.open_unit))

    @rx.event
    @screen_event
    async def decide(self, request_id: str, approve: bool):
        req = await call(self, access.decide_join_request, row_id(request_id), bool(approve))
        await self._load()
        self.notice = await in_language(self, phrase("Approved: they are now a member.") if req.status == "approved"
                                        else phrase("Declined; they were told."))
