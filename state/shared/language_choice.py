"""The English / 中文 switch: the page changes at once, and a logged-in member's choice is kept on
their account so it follows them to every device (and their messages go out in it)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import preferences
from community_hub.core import i18n
from community_hub.core.outage import RecordsAway
from state.shared.language import LanguageState
from state.shared.service_call import SHOW_RECORDS_AWAY, call
from state.shared.session_token import session_token


class LanguageChoiceState(rx.State):
    @rx.event
    async def choose(self, lang: str):
        if str(lang) not in i18n.LANGUAGES:  # only a forged call names another: nothing changes
            return None
        switch = (await self.get_state(LanguageState))._apply(lang)
        if await session_token(self):
            try:
                await call(self, preferences.set_language, lang)
            except RecordsAway:  # the database is away: this browser switches, the account later
                return [switch, rx.call_script(SHOW_RECORDS_AWAY)]
        return switch
