"""How many statements a piece of code sends: tests that hold a page to a fixed number of reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event

T = TypeVar("T")


def counted(db, fn: Callable[[], T]) -> tuple[T, int]:
    """`fn()`'s answer and the statements sent on `db`'s engine while it ran."""
    seen: list[int] = []

    def count(*_args) -> None:
        seen.append(1)

    bind = db.get_bind()
    bind = getattr(bind, "engine", bind)
    event.listen(bind, "before_cursor_execute", count)
    try:
        return fn(), len(seen)
    finally:
        event.remove(bind, "before_cursor_execute", count)
