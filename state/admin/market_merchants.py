"""Admin: merchant applications — the review queue, documents, decisions with who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import applications as apps
from community_hub.marketplace import required_documents as rd
from community_hub.marketplace import shop_places
from state.merchant.common import file_size, when
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, screen_event

FILTERS = ["submitted", "needs_info", "approved", "rejected", "all"]
# States in words on the page (the codes stay the filter values and the buttons' ids).
STATE_LABELS = {"submitted": phrase("In review"), "needs_info": phrase("Sent back for more"),
                "approved": phrase("Approved"), "rejected": phrase("Rejected"), "all": phrase("All")}


def _page(db, actor, state: str | None, open_id: int):
    """The queue, and the open application's documents and history (one read)."""
    found = apps.list_applications(db, actor, state)
    docs = apps.application_documents(db, actor, open_id) if open_id else []
    steps = apps.application_steps(db, actor, open_id) if open_id else []
    needs = rd.application_requirements(db, actor, open_id) if open_id else ([], [])
    opened = next((a for a in found if a.id == open_id), None)
    near = shop_places.nearest_community(db, actor, opened.lat, opened.lon) if opened else None
    return found, docs, steps, needs, (opened, near), actor.time_zone


def _place_rows(app, near) -> tuple[list[dict[str, str]], str]:
    """The applicant's pick and the nearest community, as map markers, and a line saying how far."""
    pick = {"id": "pick", "name": app.business_name, "lat": str(app.lat), "lon": str(app.lon), "kind": "pick",
            "minutes": ""}
    if near is None:
        return [pick], phrase("No community is set up yet.")
    a = near.area
    home = {"id": a.slug, "name": a.name, "lat": str(a.lat), "lon": str(a.lon), "kind": "home", "minutes": ""}
    where = (phrase("inside its 10-minute walk") if near.inside
             else phrase("outside its 10-minute walk: its residents will not see it"))
    return [home, pick], phrase("{metres} m from {community}, {where}.", metres=near.distance_m, community=a.name,
                                where=where)


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
    filters: list[dict[str, str]] = [{"value": f, "label": STATE_LABELS[f]} for f in FILTERS]
    rows: list[dict[str, str]] = []
    # The application open on the right, its documents and its history.
    open_id: int = 0
    detail: dict[str, str] = {}
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    note: str = ""
    # The open application's place on a map (read from the database, not from the row the page sent).
    place_lat: float = 0.0
    place_lon: float = 0.0
    place_markers: list[dict[str, str]] = []
    place_note: str = ""
    # The documents approval needs, each with whether it is attached; and why Approve is off.
    required: list[dict[str, str]] = []
    missing_text: str = ""

    async def _load(self):
        self.rows = []
        self.filters = [{"value": f, "label": await in_language(self, STATE_LABELS[f])} for f in FILTERS]
        found, docs, steps, (required, missing), (opened, near), zone = await look(
            self, _page, None if self.filter == "all" else self.filter, self.open_id)
        self.rows = [{"id": str(a.id), "business": a.business_name, "category": a.category, "address": a.address,
                      "location": f"{a.lat:.5f}, {a.lon:.5f}", "contact": " / ".join(x for x in (a.contact_phone,
                                                                                                a.contact_email) if x),
                      "legal_name": a.legal_name, "id_number": a.id_number, "licence": a.licence_number,
                      "state": a.state, "state_label": await in_language(self, STATE_LABELS.get(a.state, a.state)), "note": a.reviewer_note, "created": when(a.created_at, zone),
                      "decided": when(a.decided_at, zone)} for a in found]
        if self.open_id:
            self.required = [{"label": await in_language(self, rd.label(k)), "have": "" if k in missing else "1"}
                             for k in required]
            self.missing_text = (await in_language(self, phrase(
                "Approve needs every required document. {missing}", missing=rd.missing_sentence(missing)))
                if missing else "")
            self.documents = [{"kind": await in_language(self, rd.label(d.kind)), "name": d.original_name, "type": d.content_type,
                               "size": file_size(d.size_bytes), "at": when(d.uploaded_at, zone)} for d in docs]
            self.history = [{"at": when(s.at, zone), "who": s.who, "action": s.action, "detail": s.detail}
                            for s in steps]
        if opened:
            self.place_lat, self.place_lon = opened.lat, opened.lon
            self.place_markers, place_note = _place_rows(opened, near)
            self.place_note = await in_language(self, place_note)

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
            raise ServiceError(phrase("That application is not on this list any more."))
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
        if decision == "approve":
            done = phrase("{name} approved; its shop page is /shop/{slug}.", name=name, slug=slug)
        elif decision == "reject":
            done = phrase("{name} rejected; the applicant is told why.", name=name)
        else:
            done = phrase("{name} sent back for more information.", name=name)
        self.notice = await in_language(self, done)
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
