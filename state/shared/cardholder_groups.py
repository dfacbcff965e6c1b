"""Cardholder groups by region and writing to one (membership/priority.py, group_messages.py),
shared by the admins' cardholders page and the property staff's groups page: the services decide
whom each may reach (an admin any group, staff the members of their own communities)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.membership import group_messages
from state.shared.language import in_language
from state.shared.service_call import call, screen_event
from state.shared.setters import text_setter

GROUP_KINDS = {"community": phrase("Community"), "district": phrase("District"), "city": phrase("City"),
               "id_prefix": phrase("National ID area")}
KIND_ORDER = ("community", "district", "city", "id_prefix")


class CardholderGroups(rx.State, mixin=True):
    programme_id: int = 0  # the programme whose groups are shown
    groups: list[dict[str, str]] = []
    msg_kind: str = ""  # the group being written to ("" when the dialog is closed)
    msg_name: str = ""
    msg_title: str = ""
    msg_body: str = ""
    msg_error: str = ""

    set_msg_title = text_setter("msg_title", group_messages.MAX_TITLE)
    set_msg_body = text_setter("msg_body", group_messages.MAX_BODY)

    async def _show_groups(self, sizes) -> None:
        """Region groups first (community, district, city), then ID areas; biggest first within."""
        ordered = sorted(sizes, key=lambda g: (KIND_ORDER.index(g.kind) if g.kind in KIND_ORDER else 9,
                                               -g.members, g.name))
        self.groups = [{"kind": g.kind, "kind_label": await in_language(self, GROUP_KINDS.get(g.kind, phrase("?"))),
                        "name": g.name, "members": str(g.members), "key": f"{g.kind}:{g.name}"} for g in ordered]

    @rx.event
    def ask_message(self, key: str):
        row = next((g for g in self.groups if g["key"] == str(key)), None)
        if row is not None:
            self.msg_kind, self.msg_name, self.msg_error = row["kind"], row["name"], ""

    @rx.event
    def close_message(self):
        self.msg_kind = ""

    @rx.event
    @screen_event(error="msg_error")
    async def send_message(self):
        if not self.msg_kind or not self.programme_id:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        sent = await call(self, group_messages.message_group, self.programme_id, self.msg_kind, self.msg_name,
                          self.msg_title, self.msg_body)
        self.notice = await in_language(self, phrase("Message sent to {count} cardholders of {group}.", count=sent,
                                                     group=self.msg_name))
        self.msg_kind, self.msg_title, self.msg_body = "", "", ""
