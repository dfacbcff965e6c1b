"""Every message template reads in both languages and its SMS fits one segment (160 plain Latin
characters, 70 once Chinese is in it) with everyday values; with absurdly long values it is cut,
never split, and the code it carries survives."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime

import pytest

from community_hub.core.i18n import catalog, phrase
from community_hub.core.local_time import day_shown, when_shown
from community_hub.core.money import money_shown
from community_hub.notify.templates import (
    SMS,
    SMS_LATIN,
    SMS_WIDE,
    TEMPLATES,
    render,
    sms_limit,
    sms_text,
)

# Everyday values of every field a template names (what the services pass).
EVERYDAY = {
    "code": "482913", "name": "Wang Xiaoming", "roles": "Resident", "title": "Water off in building A",
    "body": "Tomorrow 10:00-12:00", "period": "2026-11", "unit": "A-1204", "amount": money_shown(128050, "CNY"),
    "due": day_shown(date(2026, 12, 10)), "number": 1234, "status": phrase("in progress"),
    "note": phrase(" Reason: {note}", note="No access"), "category": "Plumbing", "location": "Kitchen sink",
    "when": when_shown(datetime(2026, 12, 4, 10, tzinfo=UTC), "Asia/Shanghai"), "subject": "Noise at night",
    "reply": "We will check tonight.", "order_id": 10234, "customer": "Li Na", "total": money_shown(4580, "CNY"),
    "fulfilment": phrase("delivery"), "shop": "Fresh Corner", "state_label": phrase("out for delivery"),
    "extra": phrase(" Show the pickup code {code} at the counter.", code="K7M2Q9"), "budget": money_shown(20000, "CNY"),
    "expires": when_shown(datetime(2026, 12, 5, 18, tzinfo=UTC), "Asia/Shanghai"), "price": money_shown(18000, "CNY"),
    "rating": 5, "text": "Fresh and quick", "decision": phrase("approved"), "business": "Fresh Corner",
    "reason": "", "service": "Deep cleaning", "booking": 88, "dates": "2026-12-01 to 2026-12-07",
    "refund": phrase("Every booked day had been shown, so nothing is refunded."), "tries": 10,
    "sender": "Zhang Wei", "group": "Neighbours · Riverside",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_template_has_chinese_and_an_sms_that_fits_one_segment(template):
    subject, body = TEMPLATES[template]
    assert template in SMS, f"{template} has no SMS text"
    for text in (subject, body, SMS[template]):
        assert text in catalog("zh"), f"no Chinese for {text!r}"
        assert _fields(text) <= set(EVERYDAY), f"no everyday value for a field of {text!r}"
    values = {k: v for k, v in EVERYDAY.items() if k in _fields(subject + body + SMS[template])}
    for lang in ("en", "zh"):
        whole = render(template, lang, **values)
        assert all(whole), template
        sms = sms_text(template, lang, **values)
        assert len(sms) <= sms_limit(sms), (lang, sms, len(sms))
        if lang == "zh":
            assert len(sms) <= SMS_WIDE and "..." not in sms, sms  # everyday values: nothing cut
        elif sms_limit(sms) == SMS_LATIN:
            assert "..." not in sms, sms
        if "code" in values:
            assert values["code"] in sms


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_absurdly_long_values_are_cut_to_one_segment_keeping_the_code(template):
    names = _fields(SMS[template])
    values = {k: ("x" * 300 if isinstance(v, str) and type(v) is str and k != "code" else v)
              for k, v in EVERYDAY.items() if k in names}
    for lang in ("en", "zh"):
        sms = sms_text(template, lang, **values)
        assert len(sms) <= (SMS_LATIN if lang == "en" else SMS_WIDE), (lang, sms)
        if "code" in values:
            assert values["code"] in sms
