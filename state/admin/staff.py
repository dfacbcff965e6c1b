"""Admin (super admin only): who in the back office holds which sub-role; a tick grants, an untick
withdraws (accounts/admin_staff.py audits each change and refuses withdrawing the last super)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import admin_staff
from community_hub.core.i18n import phrase
from community_hub.core.permissions import PERMISSION_WORDS, AdminPermission
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


class AdminStaffState(LoadedScreen, rx.State):
    # One row per admin: id, name, login, and "1"/"" under each sub-role's code.
    rows: list[dict[str, str]] = []

    async def _load(self) -> None:
        self.rows = [{"id": str(r.user_id), "name": r.display_name, "login": r.email,
                      **{p: "1" if p in r.permissions else "" for p in AdminPermission.ALL}}
                     for r in await look(self, admin_staff.admin_staff)]

    @rx.event
    @screen_event
    async def set_role(self, user_id: str, permission: str, held: bool):
        user = row_id(user_id)
        if permission not in AdminPermission.ALL:
            permission = ""  # the service names the refusal
        await call(self, admin_staff.set_sub_role, user, permission, bool(held))
        name = next((r["name"] for r in self.rows if r["id"] == str(user)), "")
        await self._load()
        word = PERMISSION_WORDS.get(permission, permission)
        self.notice = await in_language(self, phrase("{name} now holds {role}.", name=name, role=word) if held
                                        else phrase("{name} no longer holds {role}.", name=name, role=word))
