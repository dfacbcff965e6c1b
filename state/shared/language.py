"""The language of this browser: what the member chose (kept on their account and in a cookie),
else what the browser asks for (Accept-Language). Pages switch on `LanguageState.lang` without a
reload (components/i18n.py); states translate their messages with `say_in`."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import preferences
from community_hub.core import i18n
from state.shared.service_call import call
from state.shared.session_token import session_token

COOKIE = "hub_lang"


class LanguageState(rx.State):
    lang: str = rx.Cookie("", name=COOKIE, max_age=365 * 86400, same_site="lax")

    def _apply(self, lang: str):
        self.lang = i18n.known(lang)
        # Screen readers and the browser's own features (spelling, fonts) read the page's lang.
        html_lang = "zh-Hans" if self.lang == "zh" else "en"
        return rx.call_script(f"document.documentElement.lang = '{html_lang}'")

    @rx.event
    def detect(self):
        """On every page: a browser that has not chosen gets the language it asks for."""
        if self.lang in i18n.LANGUAGES:
            return self._apply(self.lang)
        return self._apply(i18n.from_accept_language(self.router.headers.accept_language))

    @rx.event
    async def choose(self, lang: str):
        """The switch in the header and in the account page: kept on the account when logged in."""
        lang = i18n.known(str(lang)[:8])
        if await session_token(self):
            await call(self, preferences.set_language, lang)
        return self._apply(lang)

    def adopt(self, account_language: str):
        """At log-in: the account's language, when it has one, wins over this browser's."""
        if account_language in i18n.LANGUAGES:
            return self._apply(account_language)
        return None


def tr(state_lang: str, text: str, **params) -> str:
    """A state's own message in the page's language (LanguageState.lang)."""
    return i18n.translate(state_lang, text, **params)


def chinese(text: str) -> str | None:
    """The Chinese of an English page string (what components/i18n.t compiles in), or None."""
    return i18n.catalog("zh").get(text)
