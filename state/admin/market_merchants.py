"""Admin: merchant applications — the review queue, documents, decisions with who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as apps
from community_hub.marketplace import desk as merchant_desk
from state.merchant.common import file_size, when
from state.shared.service_call import acting, reading

FILTERS = ["submitted", "needs_info", "approved", "rejected", "all"]


class AdminMerchantsState(rx.State):
    filter: str = "submitted"
    filters: list[str] = FILTERS
    rows: list[dict[str, str]] = []
    # The application open on the right, its documents and its history.
    open_id: int = 0
    detail: dict[str, str] = {}
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    note: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                found = apps.list_applications(db, actor, None if self.filter == "all" else self.filter)
                if self.open_id:
                    docs = apps.application_documents(db, actor, self.open_id)
                    steps = merchant_desk.application_steps(db, actor, self.open_id)
        except ServiceError as exc:
            self.error, self.rows = exc.message, []
            return
        self.rows = [{"id": str(a.id), "business": a.business_name, "category": a.category, "address": a.address,
                      "location": f"{a.lat:.5f}, {a.lon:.5f}", "contact": " / ".join(x for x in (a.contact_phone,
                                                                                                a.contact_email) if x),
                      "legal_name": a.legal_name, "id_number": a.id_number, "licence": a.licence_number,
                      "state": a.state, "note": a.reviewer_note, "created": when(a.created_at, actor.time_zone),
                      "decided": when(a.decided_at, actor.time_zone)} for a in found]
        if self.open_id:
            self.documents = [{"kind": d.kind.replace("_", " "), "name": d.original_name, "type": d.content_type,
                               "size": file_size(d.size_bytes), "at": when(d.uploaded_at, actor.time_zone)} for d in docs]
            self.history = [{"at": when(s.at, actor.time_zone), "who": s.who, "action": s.action, "detail": s.detail} for s in steps]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.open_id = 0
        await self._load()

    @rx.event
    async def set_filter(self, value: str):
        self.filter, self.open_id = value, 0
        await self._load()

    @rx.event
    async def open(self, row: dict):
        self.open_id, self.detail, self.note, self.error = int(row["id"]), row, "", ""
        await self._load()

    @rx.event
    def close(self):
        self.open_id = 0

    @rx.event
    def set_note(self, text: str):
        self.note = text

    async def _decide(self, decision: str):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        name = self.detail.get("business", "")
        try:
            async with acting(self) as (db, actor):
                if decision == "approve":
                    m = apps.approve_application(db, actor, self.open_id)
                    done = f"{name} approved; its shop page is /shop/{m.slug}."
                elif decision == "reject":
                    apps.reject_application(db, actor, self.open_id, self.note)
                    done = f"{name} rejected; the applicant is told why."
                else:
                    apps.ask_for_more(db, actor, self.open_id, self.note)
                    done = f"{name} sent back for more information."
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice, self.open_id = False, done, 0
        await self._load()

    @rx.event
    async def approve(self):
        async for _ in self._decide("approve"):
            yield

    @rx.event
    async def reject(self):
        async for _ in self._decide("reject"):
            yield

    @rx.event
    async def ask_more(self):
        async for _ in self._decide("more"):
            yield
