"""Keep the Chinese catalog (community_hub/locale/zh/*.po, one file per part of the app) in step
with the code: `./hub i18n` drops entries nothing uses any more and lists every string the code
marks for translation (`t(...)`, `tf(...)`, `N_(...)`, `phrase(...)`, `tr(lang, ...)`,
`translate(lang, ...)`) that has no Chinese yet; `fill(part, {english: chinese})` adds them.
The translation test fails when a marked string has no Chinese or a catalog entry is stale."""

from __future__ import annotations

import ast
import contextlib
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from community_hub.core.i18n import CATALOG_DIR, key

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("community_hub", "components", "state")
KEYWORDS = {"t": None, "tf": None, "N_": None, "phrase": None, "tr": (2,), "translate": (2,),
            # A refusal written as a fixed sentence is looked up whole when it is shown (screen_event).
            "ServiceError": None, "PermissionDenied": None, "RateLimited": None, "NotLoggedIn": None,
            "NotFound": None,
            # A screen's own refusal for a row id the page sent back (state/shared/service_call.row_id).
            "row_id": (2,),
            # A word whose Chinese depends on where it stands: its context is the msgctxt.
            "pt": ((1, "c"), 2), "translate_in": ((2, "c"), 3),
            # A page's title (the browser tab): @area_page("/route", "Title · Community Hub", ...).
            "area_page": (2,)}


def marked() -> dict[str, list[str]]:
    """Every string marked for translation -> where it is ("path:line"). A string with a context
    (`pt("application", "Reject")`) is keyed "application\x04Reject" (core/i18n.key)."""
    found: dict[str, list[str]] = {}
    # babel reports every f-string inside a marked call on stderr (placeholder values too):
    # untranslatable() does that check precisely, so the noise is kept out of every test run.
    with contextlib.redirect_stderr(io.StringIO()):
        for folder in SOURCES:
            for filename, lineno, message, _comments, context in extract_from_dir(
                    ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
                if isinstance(message, str) and message:
                    found.setdefault(key(message, context), []).append(f"{folder}/{filename}:{lineno}")
    return found


def untranslatable() -> list[str]:
    """Marked calls whose message (their first argument) is an f-string with values ("path:line"):
    such a message cannot be looked up; write it as `phrase("... {name} ...", name=...)`. (An
    f-string as a value of a placeholder is fine: values are not translated.)"""
    names = set(KEYWORDS)
    found = []
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.JoinedStr)):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in names and any(isinstance(v, ast.FormattedValue) for v in node.args[0].values):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


# Reflex calls whose string arguments are not words a person reads (an icon's name, a script).
_NOT_TEXT = {"icon", "page", "code", "script", "call_script", "redirect", "download", "set_clipboard", "color",
             "cond", "match", "foreach", "toast", "breakpoints", "style"}
# Keyword arguments that a person reads (or a screen reader says).
_TEXT_KEYWORDS = {"placeholder", "aria_label", "title", "label", "alt"}
# Words that read the same in both languages: the product's name.
_SAME_IN_BOTH = {"Community Hub"}


def _reads_as_words(text: str) -> bool:
    """English a person reads: a lower-case word of two letters or more, and not an address,
    a path or a zone name ("https://", "/channels/", "America/New_York") or an acronym ("CSV")."""
    if text.strip() in _SAME_IN_BOTH or "/" in text or "://" in text:
        return False
    return any(len(w) > 1 for w in text.replace("-", " ").split() if any(c.islower() for c in w) and w.isascii()
               and any(c.isalpha() for c in w))


def _rx_name(node: ast.Call) -> str | None:
    """"text" for rx.text(...), "table.cell" for rx.table.cell(...); None for anything else."""
    parts, f = [], node.func
    while isinstance(f, ast.Attribute):
        parts.append(f.attr)
        f = f.value
    return ".".join(reversed(parts)) if isinstance(f, ast.Name) and f.id == "rx" and parts else None


def bare_page_strings() -> list[str]:
    """English written straight into a component on a page ("path:line: text"): a child or a
    placeholder/aria-label given as a plain string shows in English to a Chinese reader; wrap it
    in t()/tf() (components/i18n.py). A page's <title> (rx.page) is left to the page's own check."""
    found = []
    for folder in ("community_hub/pages", "components"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += [f"{path.relative_to(ROOT)}:{line}: {text!r}"
                      for line, text in bare_strings_in(path.read_text(encoding="utf-8"))]
    return found


def bare_strings_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of each plain English string given to a Reflex component in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        name = _rx_name(node) if isinstance(node, ast.Call) else None
        if name is None or name.rsplit(".", 1)[-1] in _NOT_TEXT:
            continue
        values = list(node.args) + [k.value for k in node.keywords if k.arg in _TEXT_KEYWORDS]
        found += [(v.lineno, v.value) for v in values
                  if isinstance(v, ast.Constant) and isinstance(v.value, str) and _reads_as_words(v.value)]
    return found


def _files(lang: str) -> list[Path]:
    return sorted((CATALOG_DIR / lang).glob("*.po"))


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale="zh_Hans_CN")


def _write(path: Path, cat: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, cat, width=120, sort_output=True, omit_header=False, include_previous=False)


def load(lang: str = "zh") -> dict[str, Message]:
    """Every entry of every catalog file of `lang` (locale/zh/*.po, one file per part of the app)."""
    out: dict[str, Message] = {}
    for path in _files(lang):
        for m in _read(path):
            if m.id and isinstance(m.id, str):
                out.setdefault(key(m.id, m.context), m)
    return out


def fill(part: str, translations: dict[str, str], lang: str = "zh") -> None:
    """Add or change translations in locale/<lang>/<part>.po (one file per part of the app, so
    several people can translate different parts at once). A word with a context is given as
    core/i18n.key(english, context): "application\x04Reject"."""
    path = CATALOG_DIR / lang / f"{part}.po"
    cat = _read(path) if path.is_file() else Catalog(locale="zh_Hans_CN", project="Community Hub")
    for keyed, chinese in translations.items():
        context, _, english = keyed.rpartition("\x04")
        found = cat.get(english, context=context or None)
        if found is not None:
            found.string = chinese
            found.flags.discard("fuzzy")
        else:
            cat.add(english, chinese, context=context or None)
    _write(path, cat)


def update(lang: str = "zh") -> tuple[list[str], int]:
    """Drop entries nothing marks any more; return the marked strings that have no translation
    (to `fill`) and how many entries were dropped."""
    wanted = marked()
    dropped = 0
    for path in _files(lang):
        cat = _read(path)
        stale = [(m.id, m.context) for m in cat if m.id and key(m.id, m.context) not in wanted]
        for text, context in stale:
            cat.delete(text, context=context)
        if stale:
            _write(path, cat)
            dropped += len(stale)
    have = load(lang)
    missing = sorted(t for t in wanted if t not in have or not have[t].string or have[t].fuzzy)
    return missing, dropped


if __name__ == "__main__":
    missing, dropped = update()
    print(f"locale/zh: {dropped} unused strings dropped; {len(missing)} to translate"
          + (" (i18n_catalog.fill(part, {english: chinese})):" if missing else "."))
    for text in missing:
        print(f"  {text!r}")
    sys.exit(0)
