"""A logged-in member's own account: change password, log out everywhere."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import auth as accounts
from community_hub.core.errors import ServiceError
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
            raise ServiceError("The two new passwords do not match.")
        await call(self, accounts.change_password, current=form.get("current") or "", new=form.get("new") or "")
        self.notice = "Password changed. Your other sessions have ended."

    @rx.event
    @screen_event
    async def logout_everywhere(self):
        n = await call(self, accounts.logout_everywhere)
        sess = await self.get_state(SessionState)
        await sess.forget()
        sess.say(f"Logged out of {n} session{'s' if n != 1 else ''}, this one included.", "success", "/login")
        yield rx.redirect("/login")
