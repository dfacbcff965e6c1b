"""A logged-in member's own account: change password, log out everywhere."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import auth as accounts
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, screen_event
from state.shared.session import SessionState


class AccountState(ScreenState, rx.State):
    @rx.event
    def clear(self):
        self.error, self.notice = "", ""

    @rx.event
    @screen_event
    async def change_password(self, form: dict):
        if (form.get("new") or "") != (form.get("new2") or ""):
            raise ServiceError(phrase("The two new passwords do not match."))
        await call(self, accounts.change_password, current=form.get("current") or "", new=form.get("new") or "")
        self.notice = await in_language(self, phrase("Password changed. Your other sessions have ended."))

    @rx.event
    @screen_event
    async def logout_everywhere(self):
        n = await call(self, accounts.logout_everywhere)
        sess = await self.get_state(SessionState)
        await sess._forget()
        sess._say(await in_language(self, phrase("Logged out of 1 session, this one included.") if n == 1 else phrase(
            "Logged out of {count} sessions, this one included.", count=n)), "success", "/login")
        yield rx.redirect("/login")
