"""Admin: members list with search and paging, roles, disable / enable."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import members_admin
from community_hub.core.i18n import phrase
from community_hub.core.role_names import role_name, role_names
from state.shared.language import in_language
from state.shared.paged_list import SearchedList
from state.shared.service_call import call, look, screen_event

PAGE_SIZE = 20


async def _row(state, r) -> dict[str, str]:
    return {"id": str(r.id), "name": r.display_name, "login": r.email or r.phone, "status": r.status,
            "roles": await in_language(state, role_names(r.roles)), "role_list": ",".join(r.roles),
            "joined": r.created_at}


class AdminUsersState(SearchedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    # The member whose roles are being edited, and the roles ticked in the dialog.
    editing_id: int = 0
    editing_name: str = ""
    editing_roles: list[str] = []
    all_roles: list[dict[str, str]] = [{"value": r, "label": role_name(r)} for r in members_admin.ALL_ROLES]

    async def _load(self):
        self.rows = []
        rows, self.total = await look(self, members_admin.list_users, query=self.query, page=self.page,
                                      page_size=PAGE_SIZE)
        self.rows = [await _row(self, r) for r in rows]
        # The role names in the reader's language (the dialog's ticks keep the codes).
        self.all_roles = [{"value": r, "label": await in_language(self, role_name(r))} for r in members_admin.ALL_ROLES]

    @rx.event
    @screen_event(busy=False)  # a row missing its keys (a forged call) becomes the page's message
    async def edit_roles(self, row: dict):
        self.editing_id = int(row["id"])
        self.editing_name = row["name"]
        self.editing_roles = [r for r in row["role_list"].split(",") if r]

    @rx.event
    def toggle_role(self, role: str, on: bool):
        roles = set(self.editing_roles)
        roles.add(role) if on else roles.discard(role)
        self.editing_roles = sorted(roles)

    @rx.event
    def cancel_edit(self):
        self.editing_id = 0

    @rx.event
    @screen_event
    async def save_roles(self):
        await call(self, members_admin.set_roles, self.editing_id, self.editing_roles)
        self.notice = await in_language(self, phrase("Roles of {name} saved.", name=self.editing_name))
        self.editing_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def set_disabled(self, user_id: str, disable: bool):
        if disable:
            await call(self, members_admin.disable_user, int(user_id), reason="disabled from the members page")
        else:
            await call(self, members_admin.enable_user, int(user_id))
        self.notice = await in_language(self, phrase("Account disabled; its sessions have ended.") if disable
                                        else phrase("Account enabled."))
        await self._load()
