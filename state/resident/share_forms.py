"""What a sharing form sent for one field, as text: anything else a socket could send in its place
(a list, a number, a dict) reads as blank, so the service refuses it with its own message."""

from __future__ import annotations


def form_field(form, key: str, limit: int) -> str:
    value = form.get(key) if isinstance(form, dict) else None
    return value[:limit] if isinstance(value, str) else ""
