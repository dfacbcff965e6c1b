"""Any member: apply to sell (business, its place picked on a map, contact, real name and licence),
attach documents, answer a request for more, and follow the decisions with who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core import i18n
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import applications as apps
from community_hub.marketplace import required_documents as rd
from community_hub.marketplace import shop_places
from community_hub.models.catalog import ApplicationState
from state.merchant.common import file_size, when
from state.property.photos import read_uploads
from state.shared.language import LanguageState, in_language
from state.shared.service_call import ScreenState, call, look, screen_event

FIELDS = ("business_name", "category", "address", "lat", "lon", "contact_phone", "contact_email",
          "legal_name", "id_number", "licence_number")
TYPED = tuple(k for k in FIELDS if k not in ("lat", "lon"))  # the place comes from the map, not the form
CATEGORIES = ["grocery", "bakery", "cafe", "restaurant", "pharmacy", "hardware", "laundry", "florist", "other"]


def _mine(db, actor):
    app = apps.my_application(db, actor)
    docs = apps.application_documents(db, actor, app.id) if app else []
    steps = apps.application_steps(db, actor, app.id) if app else []
    needs = rd.application_requirements(db, actor, app.id) if app else ([], [])
    return app, docs, steps, needs, shop_places.picker_area(db, actor), actor.time_zone


def _send(db, actor, app_id: int, state: str, fields: dict, before: dict) -> str:
    if state == ApplicationState.NEEDS_INFO:
        # Only what changed, so the history says what the applicant corrected.
        changed = {k: v for k, v in fields.items() if str(v) != before.get(k, "")}
        apps.update_application(db, actor, app_id, **changed)
        return phrase("Thank you: your application is back in review.")
    apps.submit_application(db, actor, **fields)
    return phrase("Application sent. Add your licence and ID documents below.")


def _upload(db, actor, app_id: int, kind: str, files: list[tuple[str, bytes]]):
    """upload_document checks that the application is this member's before it stores anything."""
    for name, data in files:
        apps.upload_document(db, actor, app_id, kind, data, name or "document")


class MerchantApplyState(ScreenState, rx.State):
    app_id: int = 0
    app_state: str = ""  # "" = none yet (or the last one was decided: a new one may start)
    reviewer_note: str = ""
    values: dict[str, str] = {}
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    doc_kind: str = "licence"
    categories: list[str] = CATEGORIES
    doc_kinds: list[dict[str, str]] = [{"value": k, "label": rd.label(k)} for k in apps.DOCUMENT_KINDS]
    # What approval needs for this shop, each with whether it is attached.
    required: list[dict[str, str]] = []
    # The map: it opens on the applicant's community (its walking circle drawn); a tap places the shop.
    area_lat: float = 0.0
    area_lon: float = 0.0
    area_radius: float = 0.0
    area_name: str = ""
    area_slug: str = ""
    pick_lat: str = ""
    pick_lon: str = ""

    @rx.var
    def map_markers(self) -> list[dict[str, str]]:
        home = [{"id": self.area_slug, "name": self.area_name, "lat": str(self.area_lat), "lon": str(self.area_lon),
                 "kind": "home", "minutes": ""}] if self.area_name else []
        name = self.values.get("business_name") or "Your shop"
        pick = [{"id": "pick", "name": name, "lat": self.pick_lat, "lon": self.pick_lon, "kind": "pick",
                 "minutes": ""}] if self.pick_lat else []
        return home + pick

    @rx.var
    def can_edit(self) -> bool:
        return self.app_state in ("", ApplicationState.NEEDS_INFO, ApplicationState.REJECTED)

    async def _load(self):
        app, docs, steps, (required, missing), area, zone = await look(self, _mine)
        lang = (await self.get_state(LanguageState)).lang

        def label(kind: str) -> str:  # a document kind in the reader's language
            return i18n.localized(lang, rd.label(kind))
        self.doc_kinds = [{"value": k, "label": label(k)} for k in apps.DOCUMENT_KINDS]
        self.required = [{"label": label(k), "have": "" if k in missing else "1"} for k in required]
        self.app_id = app.id if app else 0
        self.app_state = app.state if app else ""
        self.reviewer_note = app.reviewer_note if app else ""
        self.values = {k: str(getattr(app, k)) for k in FIELDS} if app else {"lat": "", "lon": ""}
        self.pick_lat, self.pick_lon = self.values["lat"], self.values["lon"]
        if area:
            self.area_lat, self.area_lon, self.area_radius = area.lat, area.lon, area.radius_m
            self.area_name, self.area_slug = area.name, area.slug
        self.documents = [{"kind": label(d.kind), "name": d.original_name, "type": d.content_type,
                           "size": file_size(d.size_bytes), "at": when(d.uploaded_at, zone)} for d in docs]
        self.history = [{"at": when(s.at, zone), "who": s.who, "action": s.action, "detail": s.detail} for s in steps]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._load()

    @rx.event
    def set_doc_kind(self, kind: str):
        self.doc_kind = str(kind)[:40]

    @rx.event
    @screen_event(busy=False)
    async def pick(self, lat: float, lon: float):
        """A tap on the map: the shop's marker moves there."""
        la, lo = shop_places.read_place(lat, lon)
        self.pick_lat, self.pick_lon = str(la), str(lo)

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        fields = {k: str(form.get(k) or "").strip()[:300] for k in TYPED}
        if not self.pick_lat:
            raise ServiceError(phrase("Tap the map where your shop is."))
        fields["lat"], fields["lon"] = shop_places.read_place(self.pick_lat, self.pick_lon)
        self.notice = await in_language(self, await call(self, _send, self.app_id, self.app_state, fields,
                                                         dict(self.values)))
        await self._load()

    @rx.event
    @screen_event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            raise ServiceError(phrase("Choose a file first (PNG, JPEG or PDF, up to 5 MB)."))
        picked = await read_uploads(files)
        try:
            await call(self, _upload, self.app_id, self.doc_kind, picked)
        finally:
            await self._load()
        self.notice = await in_language(self, phrase("Document added."))
        yield rx.clear_selected_files("application-docs")
