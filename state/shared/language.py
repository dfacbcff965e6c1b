"""The language of this browser: what the member chose (kept on their account and in a cookie),
else what the browser asks for (Accept-Language). Pages switch on `LanguageState.lang` without a
reload (components/i18n.py); `screen_event` shows a service's refusal in it. The switch that also
saves the choice on the account is `language_choice.py` (it calls a service; this module must not,
since the state→service helper itself reads the language here)."""

from __future__ import annotations

import reflex as rx

from community_hub.core import i18n

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

    def _adopt(self, account_language: str):
        """At log-in: the account's language, when it has one, wins over this browser's."""
        if account_language in i18n.LANGUAGES:
            return self._apply(account_language)
        return None


async def in_language(state: rx.State, text: str) -> str:
    """A message (a service's refusal, a state's notice) in the language of this browser."""
    return i18n.localized((await state.get_state(LanguageState)).lang, text)


def chinese(text: str, context: str | None = None) -> str | None:
    """The Chinese of an English page string (what components/i18n.t compiles in), or None;
    `context` for a word whose Chinese depends on where it stands (components/i18n.pt)."""
    return i18n.catalog("zh").get(i18n.key(text, context))
