"""Chinese (and Japanese) text cut into overlapping pairs of characters, for full-text search.

Chinese writes no spaces between words, so neither SQLite FTS5's unicode61 tokenizer nor
PostgreSQL's parser can find "牛奶" inside "有机全脂牛奶": both see one long token. Rather than guess
word boundaries with a dictionary (which may cut the text and the query differently), every run of
CJK characters is written as its overlapping pairs, then its characters one by one:

    "有机全脂牛奶" -> "有机 机全 全脂 脂牛 牛奶 有 机 全 脂 牛 奶"

A query of two or more characters becomes the phrase of its pairs ("全脂牛奶" -> "全脂 脂牛 牛奶",
adjacent), which matches exactly where those characters stand together, and nowhere else. The
single characters after each run's pairs keep two runs apart: without them "牛奶 奶糖" would store
the pairs 牛奶 奶糖 side by side, the very phrase of the query "牛奶糖". One character is matched as
its own token (an exact look-up, where a prefix of the pairs would merge the lists of every pair
it starts). The same function cuts the stored text (`search_grams`) and the query (`query_grams`),
so they always agree.

Lives with the models because the `search_cjk` columns of products and shops are kept from it by
mapper events (models/catalog.py), whichever code writes the row.
"""

from __future__ import annotations

import re

# Han ideographs (basic, extensions A to G, compatibility), the iteration marks 々〇, and kana.
_CJK_CHARS = ("\u3005\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
              "\U00020000-\U0003134f")
CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
# A query's longest CJK run that is matched as a phrase; a longer one is cut (still a true match).
MAX_QUERY_RUN = 32


def run_grams(run: str) -> list[str]:
    """The tokens of one CJK run: its overlapping pairs, then its characters."""
    return [run[i:i + 2] for i in range(len(run) - 1)] + list(run)


def search_grams(*texts: str | None) -> str:
    """What the search index stores for the CJK in `texts`: each run's tokens, space-separated.
    Empty when the texts hold no CJK (English rows store nothing extra)."""
    return " ".join(g for text in texts for run in CJK_RUN.findall(text or "") for g in run_grams(run))


def is_cjk(term: str) -> bool:
    return bool(CJK_RUN.fullmatch(term))


def query_grams(term: str) -> list[str]:
    """The pairs a CJK query term must match side by side; one character is its own token."""
    term = term[:MAX_QUERY_RUN]
    return [term] if len(term) == 1 else [term[i:i + 2] for i in range(len(term) - 1)]


def split_term(term: str) -> list[str]:
    """A query word cut where CJK meets other letters ("a4纸" -> ["a4", "纸"])."""
    out, at = [], 0
    for m in CJK_RUN.finditer(term):
        if m.start() > at:
            out.append(term[at:m.start()])
        out.append(m.group())
        at = m.end()
    if at < len(term):
        out.append(term[at:])
    return out
