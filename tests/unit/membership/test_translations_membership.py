"""The membership room speaks both languages: every message it writes (phrase, N_ and the refusal
constructors) has its Chinese with the same placeholders, none is an f-string, and a commission
line and a refusal with values read in Chinese."""

from __future__ import annotations

import ast
import re

from babel.messages.extract import extract_from_dir

from community_hub import i18n_catalog
from community_hub.core import i18n
from community_hub.models.referrals import CommissionLine

ROOM = i18n_catalog.ROOT / "community_hub" / "membership"
KEYWORDS = {"phrase": None, "N_": None, "ServiceError": None, "PermissionDenied": None, "RateLimited": None,
            "NotLoggedIn": None, "NotFound": None}
_PLACEHOLDERS = re.compile(r"\{(\w+)\}")


def _messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, lineno, message, _c, _ctx in extract_from_dir(ROOM, method_map=[("**.py", "python")],
                                                                keywords=KEYWORDS, comment_tags=()):
        if isinstance(message, str) and message:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


def test_every_message_has_chinese_with_the_same_placeholders():
    messages = _messages()
    assert len(messages) > 80
    chinese = i18n.catalog("zh")
    missing = sorted(f"{t!r} ({w})" for t, w in messages.items() if not chinese.get(t))
    assert not missing, missing[:20]
    wrong = [t for t in messages if set(_PLACEHOLDERS.findall(t)) != set(_PLACEHOLDERS.findall(chinese[t]))]
    assert not wrong, wrong


def test_no_message_is_an_f_string():
    left = []
    for path in sorted(ROOM.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            f = getattr(node, "func", None)
            name = getattr(f, "id", None) or getattr(f, "attr", "")
            if isinstance(node, ast.Call) and name in KEYWORDS and node.args and isinstance(node.args[0], ast.JoinedStr):
                left.append(f"{path.name}:{node.lineno}")
    assert not left


def test_a_commission_line_explains_itself_in_chinese():
    from community_hub.membership.commission import explain

    line = CommissionLine(agent_id=1, plan_id=1, source="order:1234", level=2, ratio_bps=500, cap_bps=1000,
                          fee_minor=300, original_minor=15, amount_minor=15, currency="USD",
                          available_at=None)
    text = explain(line)
    assert text == "2nd level, order #1234, 5 % of $3.00 fee"
    assert i18n.localized("zh", text) == "第2级，订单 #1234，服务费 US$3.00 的 5 %"
