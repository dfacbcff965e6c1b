"""Keep community_hub/locale/zh.po in step with the code: `./hub i18n` adds every string the code
marks for translation (`t(...)`, `tf(...)`, `N_(...)`, `tr(lang, ...)`, `translate(lang, ...)`) with an
empty Chinese to fill in, and drops the ones nothing uses any more. The translation test uses
`marked()` to fail when a string has no Chinese or the catalog is stale."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from community_hub.core.i18n import CATALOG_DIR

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("community_hub", "components", "state")
KEYWORDS = {"t": None, "tf": None, "N_": None, "phrase": None, "tr": (2,), "translate": (2,)}


def marked() -> dict[str, list[str]]:
    """Every string marked for translation -> where it is ("path:line")."""
    found: dict[str, list[str]] = {}
    for folder in SOURCES:
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append(f"{folder}/{filename}:{lineno}")
    return found


def load(lang: str = "zh") -> Catalog:
    path = CATALOG_DIR / f"{lang}.po"
    if not path.is_file():
        return Catalog(locale="zh_Hans_CN", project="Community Hub")
    with path.open("rb") as fh:
        return read_po(fh, locale="zh_Hans_CN")


def update(lang: str = "zh") -> tuple[int, int]:
    """Add what the code marks, drop what it no longer does; (added, dropped)."""
    cat, wanted = load(lang), marked()
    have = {m.id for m in cat if m.id}
    added = dropped = 0
    for text in sorted(wanted.keys() - have):
        cat.add(text, "")  # no file:line: they move with every edit; grep finds the string
        added += 1
    for text in sorted(have - wanted.keys()):
        del cat[text]
        dropped += 1
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    with (CATALOG_DIR / f"{lang}.po").open("wb") as fh:
        write_po(fh, cat, width=120, sort_output=True, omit_header=False, include_previous=False)
    return added, dropped


if __name__ == "__main__":
    a, d = update()
    print(f"zh.po: {a} strings added (to translate), {d} dropped")
    sys.exit(0)
