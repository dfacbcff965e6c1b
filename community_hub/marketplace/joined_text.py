"""Several messages shown as one ("Business licence, Food permit"; "Row 3: ...; Row 5: ..."): a `Text`
whose parts are its values, so each part that is itself a translatable message reads in the
reader's language while the whole still reads as the English joined by `sep`."""

from __future__ import annotations

from collections.abc import Iterable

from community_hub.core.i18n import Text


def joined(parts: Iterable[str], sep: str = ", ") -> Text:
    items = list(parts)
    return Text(sep.join(f"{{part{i}}}" for i in range(len(items))), **{f"part{i}": p for i, p in enumerate(items)})
