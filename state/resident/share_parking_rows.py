"""How a parking slot and a booking read on the sharing screens, formatted inside the read (money,
days and weekday names follow the page's language: core/i18n.reader, set by look/call)."""

from __future__ import annotations

from datetime import date

from community_hub.core import local_time
from community_hub.core.i18n import localized, phrase, reader
from community_hub.core.money import format_money
from community_hub.sharing.parking_slots import SlotView

WEEKDAYS = (phrase("Mondays"), phrase("Tuesdays"), phrase("Wednesdays"), phrase("Thursdays"), phrase("Fridays"),
            phrase("Saturdays"), phrase("Sundays"))
APPROVAL = {"instant": phrase("Booked at once"), "owner": phrase("The owner approves each booking")}
AUDIENCE = {"friends": phrase("All friends"), "circles": phrase("Chosen circles"),
            "community": phrase("The whole community")}


def window_text(w: dict[str, str]) -> str:
    lang = reader()
    when = (localized(lang, WEEKDAYS[int(w["weekday"])]) if w["weekday"]
            else local_time.fmt_day(date.fromisoformat(w["day"]), lang=lang))
    return f"{when} {w['start']}–{w['end']}"


def slot_row(v: SlotView) -> dict[str, str]:
    lang = reader()
    return {
        "id": str(v.slot_id), "place": v.place, "note": v.note, "owner": v.owner_name,
        "price": localized(lang, phrase("{price} an hour", price=format_money(v.hourly_minor, v.currency))),
        "deposit": f"{v.deposit_bps / 100:g} %",
        "hours": localized(lang, phrase("{low}–{high} hours a booking", low=v.min_hours, high=v.max_hours)),
        "approval": localized(lang, APPROVAL.get(v.approval, phrase("Booked at once"))),
        "audience": localized(lang, AUDIENCE.get(v.audience, phrase("The whole community"))),
        "windows": "; ".join(window_text(w) for w in v.windows),
        "cancellations": str(v.owner_cancellations), "active": "1" if v.active else "", "mine": "1" if v.mine else "",
        "approval_code": v.approval,
    }
