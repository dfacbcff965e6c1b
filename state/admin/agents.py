"""Admin: referral agents — the application queue with its files, decisions with a reason
(approve / ask for more / reject, audited), suspending and reinstating agents, and correcting who
referred a member (with a reason, audited). Follows new applications live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.membership import agent_versions, agents, application_files, referral_corrections
from state.merchant.common import when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 1.0
FILTERS = ("submitted", "need_more", "approved", "rejected")
STATE_LABELS = {"submitted": phrase("Waiting for review"), "need_more": phrase("Sent back for more"),
                "approved": phrase("Approved"), "rejected": phrase("Rejected")}
STATUS_LABELS = {"active": phrase("active"), "suspended": phrase("suspended")}
KINDS = {"national_id": phrase("National ID number"), "passport": phrase("Passport number")}
DECISIONS = {"approved": N_("{name} is an agent now."),
             "need_more": N_("{name} is asked for more; they see your reason."),
             "rejected": N_("{name} rejected; they see your reason.")}


def _page(db, actor, state: str, open_id: int):
    """The queue, the agents, and the open application's files (one read)."""
    return (agents.applications(db, actor, state), agents.agents(db, actor),
            application_files.files_of(db, actor, open_id) if open_id else [], actor.time_zone,
            agent_versions.review_version(db, actor))


class AdminAgentsState(LoadedScreen, LiveWatch, rx.State):
    filter: str = "submitted"
    filters: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    agent_rows: list[dict[str, str]] = []
    # The application open in the dialog, its files and the reviewer's reason.
    open_id: int = 0
    detail: dict[str, str] = {}
    files: list[dict[str, str]] = []
    reason: str = ""
    # The agent being suspended (the dialog asks why).
    suspend_id: int = 0
    suspend_name: str = ""
    suspend_reason: str = ""
    # Correcting a member's referrer.
    member_login: str = ""
    referrer_login: str = ""
    correction_reason: str = ""
    found_binding: str = ""

    set_reason = text_setter("reason", 300)
    set_suspend_reason = text_setter("suspend_reason", 300)
    set_member_login = text_setter("member_login", 254)
    set_referrer_login = text_setter("referrer_login", 254)
    set_correction_reason = text_setter("correction_reason", 200)

    async def _opened(self):
        self.open_id, self.suspend_id = 0, 0

    async def _load(self):
        found, agent_list, files, zone, version = await look(self, _page, self.filter, self.open_id)
        self._seen_version = repr(version)
        self.filters = [{"value": f, "label": await in_language(self, STATE_LABELS[f])} for f in FILTERS]
        self.rows = [{"id": str(a.id), "name": a.name, "mobile": a.mobile,
                      "identity": await in_language(self, KINDS.get(a.identity_kind, a.identity_kind)) + " "
                      + a.identity_shown, "region": a.region, "state": a.state,
                      "state_label": await in_language(self, STATE_LABELS.get(a.state, a.state)), "reason": a.reason,
                      "files": str(len(a.files)), "sent": when(a.created_at, zone)} for a in found]
        self.agent_rows = [{"id": str(a.id), "name": a.name, "region": a.region, "status": a.status,
                            "status_label": await in_language(self, STATUS_LABELS.get(a.status, a.status)),
                            "reason": a.status_reason, "account": "✓" if a.has_payout_account else ""}
                           for a in agent_list]
        self.files = [{"id": str(f.id), "name": f.name, "type": f.content_type, "at": when(f.added_at, zone)}
                      for f in files]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A new or resent application, or another admin's decision, shows without a reload."""
        await self._follow_version(gen, "/admin/agents", POLL_SECONDS, agent_versions.review_version, (), self._load,
                                   keys=agent_versions.review_keys)

    @rx.event
    @screen_event(busy=False)
    async def set_filter(self, value: str):
        self.filter, self.open_id = value if value in FILTERS else "submitted", 0
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def open(self, application_id: str):
        row = next((r for r in self.rows if r["id"] == str(application_id)), None)
        if row is None:
            _gone()
        self.open_id, self.detail, self.reason = int(row["id"]), dict(row), ""
        await self._load()

    @rx.event
    def close(self):
        self.open_id = 0

    @rx.event
    @screen_event
    async def download(self, file_id: str):
        content = await look(self, application_files.open_file, row_id(file_id))
        yield rx.download(data=content.data, filename=content.name)

    async def _decide(self, decision: str):
        await call(self, agents.review, self.open_id, decision, self.reason)
        self.notice = await in_language(self, phrase(DECISIONS[decision], name=self.detail.get("name", "")))
        self.open_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def approve(self):
        await self._decide("approved")

    @rx.event
    @screen_event
    async def ask_more(self):
        await self._decide("need_more")

    @rx.event
    @screen_event
    async def reject(self):
        await self._decide("rejected")

    @rx.event
    @screen_event(busy=False)
    async def ask_suspend(self, agent_id: str):
        row = next((r for r in self.agent_rows if r["id"] == str(agent_id)), None)
        if row is None:
            _gone()
        self.suspend_id, self.suspend_name, self.suspend_reason = int(row["id"]), row["name"], ""

    @rx.event
    def cancel_suspend(self):
        self.suspend_id = 0

    @rx.event
    @screen_event
    async def suspend(self):
        await call(self, agents.set_status, self.suspend_id, "suspended", self.suspend_reason)
        self.notice = await in_language(self, phrase(
            "{name} is suspended: no new commission, no payouts until reinstated.", name=self.suspend_name))
        self.suspend_id = 0
        await self._load()

    @rx.event
    @screen_event
    async def reinstate(self, agent_id: str):
        await call(self, agents.set_status, row_id(agent_id), "active", "")
        self.notice = await in_language(self, phrase("Agent reinstated: they earn commission again."))
        await self._load()

    @rx.event
    @screen_event
    async def look_up_member(self):
        found = await look(self, referral_corrections.binding_of, self.member_login)
        self.found_binding = await _binding_text(self, found)

    @rx.event
    @screen_event
    async def correct_referrer(self):
        done = await call(self, referral_corrections.correct, self.member_login, self.referrer_login,
                          self.correction_reason)
        self.found_binding = await _binding_text(self, done)
        self.notice = await in_language(self, phrase("Referrer of {name} corrected.", name=done.name))
        self.correction_reason = ""


def _gone():
    raise ServiceError(phrase("That is not on this page any more. Reload the page."))


async def _binding_text(state, b) -> str:
    if b.referrer_name:
        return await in_language(state, phrase("{name} ({login}) was referred by {referrer} ({referrer_login}).",
                                               name=b.name, login=b.login, referrer=b.referrer_name,
                                               referrer_login=b.referrer_login))
    return await in_language(state, phrase("{name} ({login}) was referred by nobody.", name=b.name, login=b.login))
