"""Counts as people write them: "1 review", "3 reviews" (English; the translation layer will take
this over with the rest of the words)."""

from __future__ import annotations


def count_of(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
