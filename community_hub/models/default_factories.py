"""Building a table row without asking Python for its default factories' signatures each time.

SQLModel fills a new row's unset fields through pydantic's `FieldInfo.get_default`, which asks
`inspect.signature(default_factory)` on every call to learn whether the factory wants the
validated data (pydantic 2.10's `default_factory=lambda data: ...`). For `list` and `dict` that
means parsing their text signature with `ast`: building an `OrderEvent` took 136 µs, 33 with the
answer remembered, and a checkout builds five rows (docs/PROFILE.md). A function's signature does
not change, so the answer is remembered per factory.

Installed by importing `community_hub.models`; `tests/unit/test_default_factories.py` pins the
replaced function's source, so a pydantic upgrade fails there until this is reviewed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic._internal import _fields

_MOST = 4096  # factories are module-level functions and types; never a cache that grows without end
_original: Callable[[Any], bool] | None = None
_known: dict[Any, bool] = {}


def _takes_validated_data(factory: Any) -> bool:
    try:
        return _known[factory]
    except KeyError:
        answer = bool(_original(factory))
        if len(_known) < _MOST:
            _known[factory] = answer
        return answer
    except TypeError:  # not hashable: asked each time, as before
        return bool(_original(factory))


def install() -> None:
    """Replace pydantic's check with the remembering one (idempotent)."""
    global _original
    if _original is None:
        _original = _fields.takes_validated_data_argument
        _fields.takes_validated_data_argument = _takes_validated_data
