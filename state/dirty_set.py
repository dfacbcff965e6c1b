"""A set of names that allocates its table on the first write: the "dirty" bookkeeping of each
state in a tab's tree (state/lean_state_tree.py says why).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class DirtySet:
    """A set of names that allocates its table only when the first name is added. Reading an empty
    one (membership, iteration, `&`, `union`) allocates nothing; any other set method makes the
    table and forwards to it."""

    __slots__ = ("_names",)

    def __init__(self) -> None:
        self._names: set[str] | None = None

    def _table(self) -> set[str]:
        if self._names is None:
            self._names = set()
        return self._names

    def _view(self) -> set[str]:
        """The names as a set to read (a fresh empty one when none: never shared, never kept)."""
        return self._names if self._names is not None else set()

    def __getattr__(self, name: str) -> Any:  # add, update, discard, clear, difference_update, ...
        if name.startswith("_"):  # not a set method (copy and pickle probe for their hooks)
            raise AttributeError(name)
        return getattr(self._table(), name)

    def __reduce__(self) -> tuple:
        return _dirty_set_of, (list(self),)

    def __contains__(self, name: object) -> bool:
        return self._names is not None and name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names or ())

    def __len__(self) -> int:
        return len(self._names) if self._names is not None else 0

    def __repr__(self) -> str:
        return repr(self._view())

    def __eq__(self, other: object) -> bool:
        return self._view() == (other._view() if isinstance(other, DirtySet) else other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a set

    # Binary operations answer a new plain set, as set's own do (Reflex mutates some of the results).
    def __and__(self, other: Iterable) -> set[str]:
        return self._view() & _plain(other)

    def __or__(self, other: Iterable) -> set[str]:
        return self._view() | _plain(other)

    def __sub__(self, other: Iterable) -> set[str]:
        return self._view() - _plain(other)

    def __xor__(self, other: Iterable) -> set[str]:
        return self._view() ^ _plain(other)

    def __rand__(self, other: Iterable) -> set[str]:
        return _plain(other) & self._view()

    def __ror__(self, other: Iterable) -> set[str]:
        return _plain(other) | self._view()

    def __rsub__(self, other: Iterable) -> set[str]:
        return _plain(other) - self._view()

    def __le__(self, other: Iterable) -> bool:
        return self._view() <= _plain(other)

    def __ge__(self, other: Iterable) -> bool:
        return self._view() >= _plain(other)

    def __ior__(self, other: Iterable) -> DirtySet:
        self._table().update(other)
        return self

    def __iand__(self, other: Iterable) -> DirtySet:
        self._table().intersection_update(other)
        return self

    def __isub__(self, other: Iterable) -> DirtySet:
        self._table().difference_update(other)
        return self

    def union(self, *others: Iterable) -> set[str]:
        return self._view().union(*others)

    def intersection(self, *others: Iterable) -> set[str]:
        return self._view().intersection(*others)

    def difference(self, *others: Iterable) -> set[str]:
        return self._view().difference(*others)

    def copy(self) -> set[str]:
        return set(self._view())


def _dirty_set_of(names: list[str]) -> DirtySet:
    made = DirtySet()
    if names:
        made.update(names)
    return made


def _plain(other: Iterable) -> Any:
    return other._view() if isinstance(other, DirtySet) else other
