"""Any member: apply to be a referral agent (name, mobile, identity, region, qualification files),
see where the application stands with the reviewer's reason, and send it again with what was
asked for. Picked files wait on disk (core/upload_staging), never in the page's state."""

from __future__ import annotations

import reflex as rx

from community_hub.core import upload_staging
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.membership import agents, application_files
from state.merchant.common import when
from state.property.photos import read_uploads
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, off_loop, row_id, screen_event

UPLOAD_ID = "agent-files"
STATE_LABELS = {"submitted": phrase("Waiting for review"), "need_more": phrase("The reviewer asks for more"),
                "approved": phrase("Approved: you are an agent"), "rejected": phrase("Rejected")}
IDENTITY_KINDS = (("national_id", phrase("National ID number")), ("passport", phrase("Passport number")))
FIELDS = ("name", "mobile", "identity_kind", "identity_value", "region")


def _mine(db, actor):
    app = agents.my_application(db, actor)
    files = application_files.files_of(db, actor, app.id) if app else []
    return app, files, actor.time_zone


def _send(db, actor, fields: dict, staged: list[tuple[str, str]]):
    """The staged files come back from disk for the service, which checks everything before it
    stores any of them."""
    files = []
    for name, token in staged:
        data = upload_staging.read_staged(token)
        if data is None:
            raise ServiceError(phrase("A file you attached has expired; attach it again."))
        files.append((name, data))
    return agents.apply(db, actor, files=files, **fields)


class AgentApplyState(ScreenState, rx.State):
    app_id: int = 0
    app_state: str = ""  # "" = never applied
    state_label: str = ""
    reason: str = ""  # the reviewer's words (need more / rejected)
    values: dict[str, str] = {}
    identity_shown: str = ""  # the stored identity, masked
    sent_files: list[dict[str, str]] = []
    picked: list[str] = []  # names of the files attached to the form, not sent yet
    kinds: list[dict[str, str]] = []
    _staged: list[tuple[str, str]] = []  # (file name, staging token)

    @rx.var
    def can_send(self) -> bool:
        return self.app_state in ("", "need_more", "rejected")

    async def _load(self):
        app, files, zone = await look(self, _mine)
        self.kinds = [{"value": k, "label": await in_language(self, label)} for k, label in IDENTITY_KINDS]
        self.app_id = app.id if app else 0
        self.app_state = app.state if app else ""
        self.state_label = await in_language(self, STATE_LABELS[app.state]) if app else ""
        self.reason = app.reason if app and app.state in ("need_more", "rejected") else ""
        self.identity_shown = app.identity_shown if app else ""
        self.values = ({"name": app.name, "mobile": app.mobile, "identity_kind": app.identity_kind,
                        "region": app.region} if app else {"identity_kind": "national_id"})
        self.sent_files = [{"name": f.name, "at": when(f.added_at, zone)} for f in files]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.picked, self._staged = [], []
        await self._load()

    @rx.event
    @screen_event
    async def attach(self, files: list[rx.UploadFile]):
        picked = await read_uploads(files)
        if not picked:
            raise ServiceError(phrase("Choose a file first (PNG, JPEG, WebP or PDF, up to 5 MB)."))
        if len(self._staged) + len(picked) > agents.MAX_FILES:
            raise ServiceError(phrase("Add at most {most} files.", most=agents.MAX_FILES))
        for name, data in picked:
            token = await call(self, application_files.stage_file, data)
            self._staged = [*self._staged, ((name or "file")[:120], token)]
        self.picked = [name for name, _ in self._staged]
        yield rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    @screen_event(busy=False)
    async def remove(self, index: str):
        i = row_id(index)
        if i >= len(self._staged):
            raise ServiceError(phrase("That file is not attached any more."))
        await off_loop(upload_staging.drop, [self._staged[i][1]])
        self._staged = [f for n, f in enumerate(self._staged) if n != i]
        self.picked = [name for name, _ in self._staged]

    @rx.event
    @screen_event
    async def submit(self, form: dict):
        fields = {k: str(form.get(k) or "").strip()[:120] for k in FIELDS}
        again = self.app_state == "need_more"
        await call(self, _send, fields, list(self._staged))
        await off_loop(upload_staging.drop, [token for _, token in self._staged])
        self._staged, self.picked = [], []
        self.notice = await in_language(self, phrase("Thank you: your application is back with the reviewer.")
                                        if again else phrase("Application sent. A reviewer will answer here."))
        await self._load()
