"""The English / 中文 switch: the page changes at once, and a logged-in member's choice is kept on
their account so it follows them to every device (and their messages go out in it)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import preferences
from community_hub.core import i18n
from state.shared.language import LanguageState
from state.shared.service_call import call
from state.shared.session_token import session_token


class LanguageChoiceState(rx.State):
    @rx.event
    async def choose(self, lang: str):
        if str(lang) not in i18n.LANGUAGES:  # only a forged call names another: nothing changes
            return None
        if await session_token(self):
            await call(self, preferences.set_language, lang)
        return (await self.get_state(LanguageState))._apply(lang)
