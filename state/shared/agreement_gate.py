"""The registration agreement or platform rules a member has not accepted yet: a new version is
shown once, over whatever member page they open next, until they accept it (accounts/agreements).

SessionState's page guard reads what is due with the rest of "who is here" (one read per page) and
hands it here; which versions are accepted is kept server-side, never taken from the caller."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import agreements
from community_hub.core.i18n import phrase
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, screen_event


class AgreementGateState(ScreenState, rx.State):
    due: list[dict[str, str]] = []  # {id, title, body, version}
    _due_ids: list[int] = []

    def _ask(self, docs: list) -> None:
        ids = [d.id for d in docs]
        if ids == self._due_ids:
            return
        self._due_ids = ids
        self.due = [{"id": str(d.id), "title": d.title, "body": d.body, "version": str(d.version)} for d in docs]

    @rx.var
    def asking(self) -> bool:
        return len(self.due) > 0

    @rx.event
    @screen_event
    async def accept(self):
        if not self._due_ids:
            return
        await call(self, agreements.accept, list(self._due_ids))
        self._due_ids, self.due = [], []
        self.notice = await in_language(self, phrase("Thank you. Your acceptance is recorded."))
