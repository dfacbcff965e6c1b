"""Two languages: English (the source text) and Simplified Chinese.

Every visible string is written in English in the code and looked up here by that English text
(gettext's msgid); the Chinese is in `community_hub/locale/zh/*.po` (one file per part of the
app), which a translator edits with any PO editor. Pages look strings up when they are compiled
(components/i18n.py), so the browser holds both and switches without a reload; states and services look them up per person
(`translate(lang, text, **params)`). `tests/unit/test_translations.py` fails when a string marked
for translation has no Chinese, or the catalog keeps a string nothing uses.

A string with values takes named placeholders, the same in both languages:
    translate("zh", "{count} bills due", count=2)  ->  "2 张账单待付"
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "zh")
NAMES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
CATALOG_DIR = Path(__file__).resolve().parent.parent / "locale"
# Babel's locale for each language: how its dates, numbers and money are written.
BABEL_LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}
# Whose language a service's text is being written in: the reader of the page that asked
# (set around a state's service call, accounts/acting.py) or a message's recipient (notify/outbox).
# English when nobody set it (background jobs, tests).
_reader: ContextVar[str] = ContextVar("reader_language", default=DEFAULT)


@cache
def catalog(lang: str) -> dict[str, str]:
    """English text -> its translation, for `lang` ("en" has none: the text is the English).
    All files of locale/<lang>/ together (one per part of the app)."""
    if lang == DEFAULT:
        return {}
    out: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / lang).glob("*.po")):
        with path.open("rb") as fh:
            po = read_po(fh, locale="zh_Hans_CN" if lang == "zh" else lang)
        for m in po:
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy:
                out.setdefault(key(m.id, m.context), m.string)
    return out


def key(text: str, context: str | None = None) -> str:
    """The catalog's key of an English text: the text itself, or for a word that reads differently
    by where it stands ("Reject" an order 拒单, an application 驳回) "context\x04text", as gettext's
    pgettext keys it (msgctxt in the .po file)."""
    return f"{context}\x04{text}" if context else text


def known(lang: str | None) -> str:
    """A language we speak, from what a person or a browser asked for ("zh-CN" -> "zh")."""
    code = (lang or "").strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh"
    return DEFAULT


def from_accept_language(header: str | None) -> str:
    """The first language of an Accept-Language header that we speak, by the browser's order of
    preference (q values); English when none."""
    ranked = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, i, tag.strip()))
    for _w, _i, tag in sorted(ranked):
        low = tag.lower()
        if low.startswith("zh"):
            return "zh"
        if low.startswith("en"):
            return "en"
    return DEFAULT


def reader() -> str:
    """The language the current text is written for ("en" unless a caller chose one)."""
    return _reader.get()


def set_reader(lang: str | None):
    """Write what follows for a reader of `lang`; returns the token for `_reader.reset`."""
    return _reader.set(known(lang))


def babel_locale(lang: str | None = None) -> str:
    """Babel's locale for `lang` (default: the current reader's): "zh" -> "zh_Hans_CN"."""
    return BABEL_LOCALES[known(lang if lang is not None else reader())]


def translate(lang: str | None, text: str, **params: object) -> str:
    """`text` (English, with {named} placeholders) in `lang`, the placeholders filled."""
    found = catalog(known(lang)).get(text, text) if lang else text
    return found.format(**params) if params else found


def translate_in(lang: str | None, context: str, text: str, **params: object) -> str:
    """`translate` of a word that reads differently by where it stands (gettext's pgettext):
    `translate_in("zh", "application", "Reject")` -> 驳回, while an order's "Reject" is 拒单."""
    found = catalog(known(lang)).get(key(text, context), text) if lang else text
    return found.format(**params) if params else found


class Text(str):
    """A message with values that can still be shown in either language: it reads as its English
    (so logs, tests and `str()` see the sentence) and keeps its template and values for
    `localized`. Services write `ServiceError(phrase("Only {left} of {name} left.", left=3, name=p.name))`."""

    template: str
    params: dict

    def __new__(cls, template: str, **params: object) -> Text:
        english = template.format(**params) if params else template
        obj = super().__new__(cls, english)
        obj.template, obj.params = template, params
        return obj

    def __deepcopy__(self, _memo: dict) -> Text:
        # Never changed once made: a page state's default (a list of options holding these) is
        # deep-copied for every tab, and a copy of each message was kept per tab for nothing.
        return self


class Shown(str):
    """A value written differently per language (an amount, a date), kept in a message that is
    translated later (`phrase`, an outbox message): reads as its English; `localized` asks it for
    the reader's language. `Shown(lambda lang: format_money(5, "CNY", babel_locale(lang)))`."""

    show: Callable[[str], str]

    def __new__(cls, show: Callable[[str], str]) -> Shown:
        obj = super().__new__(cls, show(DEFAULT))
        obj.show = show
        return obj

    def __deepcopy__(self, _memo: dict) -> Shown:
        return self  # never changed once made (as Text)


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "marked, translated where shown"
    """Marks a fixed string kept in a table (a message template, a status word) for the catalog;
    whoever shows it translates it (`translate`, `localized`)."""
    return text


def phrase(template: str, **params: object) -> Text:
    """A translatable message with named values (marked for the catalog by its name)."""
    return Text(template, **params)


def localized(lang: str | None, text: str) -> str:
    """A message (a `Text`, or a plain English sentence) in `lang`. Values that are `Text`
    themselves are translated too; other values (names, amounts) are shown as they are."""
    if isinstance(text, Text):
        values = {k: localized(lang, v) if isinstance(v, Text | Shown) else v for k, v in text.params.items()}
        return translate(lang, text.template, **values)
    if isinstance(text, Shown):
        return text.show(known(lang))
    return translate(lang, text)
