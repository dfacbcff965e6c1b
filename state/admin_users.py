"""Admin: members list with search and paging, roles, disable / enable."""

from __future__ import annotations

import reflex as rx

from community_hub.services import users_admin
from community_hub.services.errors import ServiceError
from state.paged_list import PagedList
from state.service_call import acting, reading

PAGE_SIZE = 20


class AdminUsersState(PagedList, rx.State):
    _page_size: int = PAGE_SIZE
    rows: list[dict[str, str]] = []
    query: str = ""
    error: str = ""
    notice: str = ""
    # The member whose roles are being edited, and the roles ticked in the dialog.
    editing_id: int = 0
    editing_name: str = ""
    editing_roles: list[str] = []
    all_roles: list[str] = users_admin.ALL_ROLES


    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                rows, self.total = users_admin.list_users(db, actor, query=self.query, page=self.page, page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [
            {"id": str(r.id), "name": r.display_name, "login": r.email or r.phone, "status": r.status,
             "roles": ", ".join(x.replace("_", " ") for x in r.roles), "role_list": ",".join(r.roles),
             "joined": r.created_at}
            for r in rows
        ]

    @rx.event
    async def load(self):
        self.page, self.error, self.notice = 1, "", ""
        await self._load()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = (form.get("q") or "").strip(), 1
        await self._load()


    @rx.event
    def edit_roles(self, row: dict):
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
    async def save_roles(self):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                users_admin.set_roles(db, actor, self.editing_id, self.editing_roles)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Roles of {self.editing_name} saved."
        self.editing_id = 0
        await self._load()

    @rx.event
    async def set_disabled(self, user_id: str, disable: bool):
        self.error = self.notice = ""
        try:
            async with acting(self) as (db, actor):
                if disable:
                    users_admin.disable_user(db, actor, int(user_id), reason="disabled from the members page")
                else:
                    users_admin.enable_user(db, actor, int(user_id))
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Account disabled; its sessions have ended." if disable else "Account enabled."
        await self._load()
