"""Admin: merchant applications — the review queue, documents, decisions with who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as apps
from state.merchant.common import file_size, when
from state.shared.service_call import ScreenState, call, look, screen_event

FILTERS = ["submitted", "needs_info", "approved", "rejected", "all"]


def _page(db, actor, state: str | None, open_id: int):
    """The queue, and the open application's documents and history (one read)."""
    found = apps.list_applications(db, actor, state)
    docs = apps.application_documents(db, actor, open_id) if open_id else []
    steps = apps.application_steps(db, actor, open_id) if open_id else []
    return found, docs, steps, actor.time_zone


def _decide(db, actor, decision: str, application_id: int, note: str) -> str:
    """What the admin decided; returns the shop's slug when approved."""
    if decision == "approve":
        return apps.approve_application(db, actor, application_id).slug
    if decision == "reject":
        apps.reject_application(db, actor, application_id, note)
    else:
        apps.ask_for_more(db, actor, application_id, note)
    return ""


class AdminMerchantsState(ScreenState, rx.State):
    filter: str = "submitted"
    filters: list[str] = FILTERS
    rows: list[dict[str, str]] = []
    # The application open on the right, its documents and its history.
    open_id: int = 0
    detail: dict[str, str] = {}
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    note: str = ""

    async def _load(self):
        self.rows = []
        found, docs, steps, zone = await look(self, _page, None if self.filter == "all" else self.filter, self.open_id)
        self.rows = [{"id": str(a.id), "business": a.business_name, "category": a.category, "address": a.address,
                      "location": f"{a.lat:.5f}, {a.lon:.5f}", "contact": " / ".join(x for x in (a.contact_phone,
                                                                                                a.contact_email) if x),
                      "legal_name": a.legal_name, "id_number": a.id_number, "licence": a.licence_number,
                      "state": a.state, "note": a.reviewer_note, "created": when(a.created_at, zone),
                      "decided": when(a.decided_at, zone)} for a in found]
        if self.open_id:
            self.documents = [{"kind": d.kind.replace("_", " "), "name": d.original_name, "type": d.content_type,
                               "size": file_size(d.size_bytes), "at": when(d.uploaded_at, zone)} for d in docs]
            self.history = [{"at": when(s.at, zone), "who": s.who, "action": s.action, "detail": s.detail}
                            for s in steps]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.open_id = 0
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def set_filter(self, value: str):
        self.filter, self.open_id = value if value in FILTERS else "submitted", 0
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open(self, row: dict):
        if not str(row.get("id", "")).isdigit():
            raise ServiceError("That application is not on this list any more.")
        self.open_id, self.detail, self.note = int(row["id"]), {k: str(v)[:300] for k, v in row.items()}, ""
        await self._load()

    @rx.event
    def close(self):
        self.open_id = 0

    @rx.event
    def set_note(self, text: str):
        self.note = str(text)[:1000]

    async def _decided(self, decision: str) -> None:
        name = self.detail.get("business", "")
        slug = await call(self, _decide, decision, self.open_id, self.note)
        self.notice = {"approve": f"{name} approved; its shop page is /shop/{slug}.",
                       "reject": f"{name} rejected; the applicant is told why."}.get(
            decision, f"{name} sent back for more information.")
        self.open_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def approve(self):
        await self._decided("approve")

    @rx.event
    @screen_event
    async def reject(self):
        await self._decided("reject")

    @rx.event
    @screen_event
    async def ask_more(self):
        await self._decided("more")
