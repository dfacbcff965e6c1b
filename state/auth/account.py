"""A logged-in member's own account: change password, log out everywhere."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import auth as accounts
from community_hub.core.errors import ServiceError
from state.shared.service_call import acting
from state.shared.session import SessionState


class AccountState(rx.State):
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.event
    def clear(self):
        self.error, self.notice = "", ""

    @rx.event
    async def change_password(self, form: dict):
        self.busy, self.error, self.notice = True, "", ""
        yield
        if (form.get("new") or "") != (form.get("new2") or ""):
            self.error, self.busy = "The two new passwords do not match.", False
            return
        try:
            async with acting(self) as (db, actor):
                accounts.change_password(db, actor, current=form.get("current") or "", new=form.get("new") or "")
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.notice, self.busy = "Password changed. Your other sessions have ended.", False

    @rx.event
    async def logout_everywhere(self):
        try:
            async with acting(self) as (db, actor):
                n = accounts.logout_everywhere(db, actor)
        except ServiceError as exc:
            self.error = exc.message
            return
        sess = await self.get_state(SessionState)
        sess.token = ""
        sess.user_name = ""
        sess.say(f"Logged out of {n} session{'s' if n != 1 else ''}, this one included.", "success", "/login")
        yield rx.redirect("/login")
