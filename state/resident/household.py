"""The resident's household: joining one (a code, or a request staff approve), who lives there,
inviting someone, leaving. Shown on home and, for someone with no household, on the repair form."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import household_access as access
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event


def _mine(db, actor) -> tuple[access.MyHousehold, list[str], str, str]:
    """Where I live, who else does, a code I shared that still works, and the staff's code that
    the bill statement prints (one read)."""
    page = access.my_household_page(db, actor)
    return page.home, page.members, page.my_code, page.statement_code


class HouseholdState(LoadedScreen, rx.State):
    loaded: bool = False
    unit: str = ""  # "" while the resident belongs to no household
    pending_unit: str = ""
    how_to_join: str = ""
    members: list[str] = []
    my_code: str = ""  # a single-use code this member can pass on
    statement_code: str = ""  # the staff's code, printed on the bill statement
    confirm_leave: bool = False

    @rx.var
    def members_text(self) -> str:
        return ", ".join(self.members)

    async def _load(self) -> None:
        home, self.members, self.my_code, self.statement_code = await look(self, _mine)
        self.unit, self.pending_unit = home.unit, home.pending_unit
        self.how_to_join = await in_language(self, home.how_to_join) if home.how_to_join else ""
        self.loaded = True

    async def _opened(self):
        self.confirm_leave = False

    @rx.event
    @screen_event
    async def join(self, form: dict):
        code = (form.get("join_code") or "").strip()
        if not code:
            raise ServiceError("Enter the invitation code.")
        h = await call(self, access.join_with_code, code[:40])
        await self._load()
        self.notice = await in_language(self, phrase("Welcome home: you are now part of {home}.",
                                                    home=access.household_label(h)))

    @rx.event
    @screen_event
    async def ask(self, form: dict):
        building, unit = (form.get("join_building") or "").strip(), (form.get("join_unit") or "").strip()
        if not building or not unit:
            raise ServiceError("Enter the building and the unit you live in.")
        await call(self, access.request_to_join, building, unit, (form.get("join_note") or "")[:access.NOTE_LIMIT + 1])
        await self._load()
        self.notice = await in_language(self, phrase(
            "Your request is with property staff; we will tell you when they answer."))

    @rx.event
    @screen_event
    async def withdraw(self):
        await call(self, access.withdraw_join_request)
        await self._load()
        self.notice = await in_language(self, phrase("Your request is withdrawn."))

    @rx.event
    @screen_event
    async def invite(self):
        invite = await call(self, _member_invite)
        self.my_code = invite.code
        self.notice = await in_language(self, phrase(
            "Give {code} to the person joining you. It works once, for {days} days.", code=invite.code,
            days=access.MEMBER_INVITE_DAYS))

    @rx.event
    def ask_leave(self, yes: bool):
        self.confirm_leave = yes

    @rx.event
    @screen_event
    async def leave(self):
        self.confirm_leave = False
        await call(self, access.leave_household)
        await self._load()
        self.notice = await in_language(self, phrase(
            "You have left the household. Its bills, repairs and votes are no longer shown to you."))


def _member_invite(db, actor):
    if actor.household_id is None:
        raise ServiceError("Join a household before inviting someone to it.")
    return access.issue_invite(db, actor, actor.household_id)
