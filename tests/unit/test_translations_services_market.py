"""The shop, kiosk and payment services speak both languages: every refusal and label they write
(a `phrase(...)`, or a literal given to ServiceError/PermissionDenied/RateLimited/NotLoggedIn/
NotFound) has its Chinese, and none is an f-string (an f-string cannot be looked up: its values
must be named placeholders, `phrase("Only {left} of {name} left.", left=..., name=...)`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from community_hub import i18n_catalog
from community_hub.core import i18n

ROOMS = ("marketplace", "kiosk", "payments")
# The refusal constructors as well as phrase: a plain literal given to them is a message too.
KEYWORDS = {"phrase": None, "ServiceError": None, "PermissionDenied": None, "RateLimited": None,
            "NotLoggedIn": None, "NotFound": None}
_PLACEHOLDERS = re.compile(r"\{(\w+)\}")


def _room(room: str) -> Path:
    return i18n_catalog.ROOT / "community_hub" / room


def _messages(room: str) -> dict[str, str]:
    """Each message the room writes -> where ("path:line")."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            _room(room), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        if isinstance(message, str) and message:
            found.setdefault(message, f"{room}/{filename}:{lineno}")
    return found


def _called(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _fstrings_in_messages(room: str) -> list[str]:
    """Every f-string with values written inside a message call (babel skips them: untranslatable)."""
    out = []
    for path in sorted(_room(room).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) in KEYWORDS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    out += [f"{room}/{path.relative_to(_room(room))}:{sub.lineno}" for sub in ast.walk(arg)
                            if isinstance(sub, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue)
                                                                      for v in sub.values)]
    return out


@pytest.mark.parametrize("room", ROOMS)
def test_every_message_of_the_room_has_chinese_with_the_same_placeholders(room):
    messages = _messages(room)
    assert len(messages) > 20, f"extraction found almost nothing in {room}: {messages}"
    chinese = i18n.catalog("zh")
    missing = sorted(f"{text!r} ({where})" for text, where in messages.items() if not chinese.get(text))
    assert not missing, f"{len(missing)} messages of {room} have no Chinese: {missing[:20]}"
    wrong = sorted(text for text in messages
                   if set(_PLACEHOLDERS.findall(text)) != set(_PLACEHOLDERS.findall(chinese[text])))
    assert not wrong, f"placeholders differ between English and Chinese: {wrong[:10]}"


@pytest.mark.parametrize("room", ROOMS)
def test_no_message_of_the_room_is_an_f_string(room):
    left = _fstrings_in_messages(room)
    assert not left, f"f-strings in messages (use phrase with named placeholders): {left}"


def test_a_refusal_with_values_and_a_quoted_label_reads_in_chinese():
    from community_hub.marketplace.cart import stock_note
    from community_hub.marketplace.orders import STATE_LABELS
    from community_hub.models import Product
    from community_hub.models.orders import OrderState

    note = stock_note(Product(name="Oat milk", stock=3))
    assert note == "Only 3 of Oat milk left."  # what logs and tests read
    assert i18n.localized("zh", note) == "Oat milk 仅剩 3 件。"
    refusal = i18n.phrase("Order #{id} is {state}; it cannot be paid now.", id=7,
                          state=STATE_LABELS[OrderState.CANCELLED])
    assert i18n.localized("zh", refusal) == "订单 #7 状态为“已取消”，现在不能付款。"
