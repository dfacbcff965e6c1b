"""Staff: the care inbox — residents' suggestions and questions; reply, close, reopen."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.property import care
from state.property.common import staff_community, ticket_rows
from state.shared.language import in_language
from state.shared.list_filter import ListFilter
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

FILTERS = ["open", "answered", "closed", "all"]


def _queue(db, actor, show: str):
    return care.list_for_staff(db, actor, staff_community(actor), status=None if show == "all" else show), \
        actor.time_zone


# A conversation's status in words (the codes stay the filter values).
_STATUS = {"open": phrase("open"), "closed": phrase("closed"), "answered": phrase("answered")}


class PropertyCareState(LoadedScreen, ListFilter, rx.State):
    rows: list[dict[str, str]] = []
    messages: dict[str, list[dict[str, str]]] = {}
    show: str = "open"
    _shows: list[str] = FILTERS

    async def _load(self):
        views, zone = await look(self, _queue, self.show)
        self.rows, self.messages = ticket_rows(views, zone)

    @rx.event
    @screen_event
    async def reply(self, form: dict):
        raw = str(form.get("ticket_id") or "0")[:12]
        close = bool(form.get("close"))
        # One character over the service's limit, so it still says the message is too long.
        body = str(form.get("body") or "")[: care.MAX_BODY + 1]
        await call(self, care.reply, int(raw) if raw.isdigit() else 0, body, close=close)
        self.notice = await in_language(self, phrase("Reply sent; the resident is notified. The conversation is closed.") if close
                                        else phrase("Reply sent; the resident is notified."))
        await self._load()

    @rx.event
    @screen_event
    async def set_status(self, ticket_id: str, status: str):
        ticket = row_id(ticket_id, "That conversation is not on this page any more.")
        await call(self, care.set_status, ticket, str(status)[:20])
        self.notice = await in_language(self, phrase("Marked {status}; the resident is notified.",
                                                      status=_STATUS.get(str(status), str(status)[:20])))
        await self._load()
