"""Staff: polls — open one (choices, who votes, when results show, quorum), live results, close early."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.property import polls
from state.property.common import form_text, parse_local, staff_community, when
from state.shared.dialogs import FormDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _int(text, what: str) -> int:
    text = str(text or "").strip()[:12] or "0"
    if not text.isdigit():
        raise ServiceError(phrase("The {what} is a whole number.", what=what))
    return int(text)


def _page(db, actor):
    cid = staff_community(actor)
    found = [(p, polls.poll_results(db, actor, p.id)) for p in polls.polls_for_staff(db, actor, cid)]
    return found, actor.time_zone


def _create(db, actor, form: dict):
    # Typed in the community's local time; stored as UTC.
    closes = parse_local(form_text(form, "closes_at", 40), actor.time_zone)
    if closes is None:
        raise ServiceError("Say when the poll closes.")
    return polls.create_poll(
        db, actor, staff_community(actor), question=form_text(form, "question", 201),
        options=form_text(form, "options", 5000).splitlines(), closes_at=closes,
        kind=form_text(form, "kind", 20) or "single", vote_scope=form_text(form, "scope", 20) or "household",
        results_visibility=form_text(form, "visibility", 20) or "after_vote",
        quorum_percent=_int(form.get("quorum"), phrase("quorum")),
        max_choices=_int(form.get("max_choices"), phrase("number of choices")) or None,
        description=form_text(form, "description", 4000))


# A poll's settings in words (the codes stay in the database).
_WORDS = {"single": phrase("single"), "multiple": phrase("multiple"), "household": phrase("household"),
          "resident": phrase("resident"), "after_vote": phrase("after vote"), "after_close": phrase("after close")}


class PropertyPollsState(LoadedScreen, FormDialog, rx.State):
    rows: list[dict[str, str]] = []
    options: dict[str, list[dict[str, str]]] = {}

    async def _load(self):
        found, zone = await look(self, _page)
        async def say(text):
            return await in_language(self, text)

        self.rows = [{"id": str(p.id), "question": p.question, "closes": when(p.closes_at, zone),
                      "open": "" if r.is_closed else "1", "kind": await say(_WORDS.get(p.kind, p.kind)),
                      "scope": await say(_WORDS.get(p.vote_scope, p.vote_scope)),
                      "visibility": await say(_WORDS.get(p.results_visibility, p.results_visibility)),
                      "turnout": await say(phrase("{ballots} of {eligible} ({percent}%)", ballots=r.ballots,
                                                  eligible=r.eligible, percent=f"{r.turnout_percent:.0f}")),
                      "quorum": await say(phrase("{percent}%: {state}", percent=r.quorum_percent,
                                                 state=phrase("reached") if r.quorum_reached else phrase("not reached"))
                                          if r.quorum_percent else phrase("none"))} for p, r in found]
        self.options = {str(p.id): [{"label": o.label, "votes": str(o.votes), "percent": f"{o.percent:.0f}"}
                                    for o in r.options] for p, r in found}

    async def _opened(self):
        self.form_open = False

    @rx.event
    @screen_event(busy=False)
    async def refresh(self):
        await self._load()

    @rx.event
    @screen_event(error="form_error")
    async def create(self, form: dict):
        await call(self, _create, dict(form))
        self.form_open = False
        self.notice = await in_language(self, phrase("Poll opened: residents can vote now."))
        await self._load()

    @rx.event
    @screen_event
    async def close_poll(self, poll_id: str):
        await call(self, polls.close_poll, row_id(poll_id, "That poll is not on this page any more."))
        self.notice = await in_language(self, phrase("Poll closed; the results are final."))
        await self._load()
