"""Any member: apply to sell (business, location, contact, real name and licence), attach documents,
answer a request for more, and follow the decisions with who and when."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import applications as apps
from community_hub.marketplace import desk as merchant_desk
from community_hub.models.catalog import ApplicationState
from state.merchant.common import file_size, when
from state.shared.service_call import acting, reading

FIELDS = ("business_name", "category", "address", "lat", "lon", "contact_phone", "contact_email",
          "legal_name", "id_number", "licence_number")
CATEGORIES = ["grocery", "bakery", "cafe", "restaurant", "pharmacy", "hardware", "laundry", "florist", "other"]


def _coord(text: str, what: str) -> float:
    try:
        return float((text or "").strip())
    except ValueError:
        raise ServiceError(f"The {what} must be a number like 40.7128 (pick it on a map and copy it).") from None


class MerchantApplyState(rx.State):
    app_id: int = 0
    app_state: str = ""  # "" = none yet (or the last one was decided: a new one may start)
    reviewer_note: str = ""
    values: dict[str, str] = {}
    documents: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    doc_kind: str = "licence"
    categories: list[str] = CATEGORIES
    error: str = ""
    notice: str = ""
    busy: bool = False

    @rx.var
    def can_edit(self) -> bool:
        return self.app_state in ("", ApplicationState.NEEDS_INFO, ApplicationState.REJECTED)

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                app = merchant_desk.my_application(db, actor)
                docs = apps.application_documents(db, actor, app.id) if app else []
                steps = merchant_desk.application_steps(db, actor, app.id) if app else []
        except ServiceError as exc:
            self.error = exc.message
            return
        self.app_id = app.id if app else 0
        self.app_state = app.state if app else ""
        self.reviewer_note = app.reviewer_note if app else ""
        self.values = {k: str(getattr(app, k)) for k in FIELDS} if app else {"lat": "", "lon": ""}
        self.documents = [{"kind": d.kind.replace("_", " "), "name": d.original_name, "type": d.content_type,
                           "size": file_size(d.size_bytes), "at": when(d.uploaded_at, actor.time_zone)} for d in docs]
        self.history = [{"at": when(s.at, actor.time_zone), "who": s.who, "action": s.action, "detail": s.detail} for s in steps]

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        await self._load()

    @rx.event
    def set_doc_kind(self, kind: str):
        self.doc_kind = kind

    @rx.event
    async def submit(self, form: dict):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            fields = {k: (form.get(k) or "").strip() for k in FIELDS}
            fields["lat"], fields["lon"] = _coord(fields["lat"], "latitude"), _coord(fields["lon"], "longitude")
            async with acting(self) as (db, actor):
                if self.app_state == ApplicationState.NEEDS_INFO:
                    # Only what changed, so the history says what the applicant corrected.
                    changed = {k: v for k, v in fields.items() if str(v) != self.values.get(k, "")}
                    apps.update_application(db, actor, self.app_id, **changed)
                    done = "Thank you: your application is back in review."
                else:
                    apps.submit_application(db, actor, **fields)
                    done = "Application sent. Add your licence and ID documents below."
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.notice = False, done
        await self._load()

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self.error = self.notice = ""
        if not files:
            self.error = "Choose a file first (PNG, JPEG or PDF, up to 5 MB)."
            return
        try:
            for f in files:
                data = await f.read()
                async with acting(self) as (db, actor):
                    apps.upload_document(db, actor, self.app_id, self.doc_kind, data, f.name or "document")
        except ServiceError as exc:
            self.error = exc.message
            await self._load()
            return
        self.notice = "Document added."
        await self._load()
        return rx.clear_selected_files("application-docs")
