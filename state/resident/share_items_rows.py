"""How an item and its conversations read on the sharing screens, formatted inside the read (money
and times follow the page's language: core/i18n.reader, set by look/call)."""

from __future__ import annotations

from community_hub.core import local_time
from community_hub.core.i18n import localized, phrase, reader
from community_hub.core.money import format_money
from community_hub.sharing.items import ItemView
from state.property.photos import photo_src
from state.resident.share_parking_rows import AUDIENCE

KIND = {"sell": phrase("For sale"), "swap": phrase("To swap"), "give": phrase("Free to a good home")}
CONDITION = {"new": phrase("New"), "like_new": phrase("Like new"), "good": phrase("Good"), "fair": phrase("Fair")}
STATUS = {"available": phrase("Available"), "reserved": phrase("Reserved"), "completed": phrase("Completed"),
          "cancelled": phrase("Withdrawn"), "expired": phrase("Expired")}


def item_row(v: ItemView, zone: str, *, photos: bool = False) -> dict[str, str]:
    """One item as a card or the item page reads it; `photos` inlines the first photo only unless
    the page shows them all (the list stays light)."""
    lang = reader()
    if v.kind == "sell":
        offer = format_money(v.price_minor, v.currency)
    elif v.kind == "swap":
        offer = localized(lang, phrase("Swap for: {what}", what=v.swap_for))
    else:
        offer = localized(lang, phrase("Free"))
    shown = v.photos if photos else v.photos[:1]
    return {
        "id": str(v.item_id), "title": v.title, "description": v.description, "kind": v.kind,
        "kind_label": localized(lang, KIND.get(v.kind, phrase("For sale"))), "offer": offer,
        "condition": localized(lang, CONDITION.get(v.condition, phrase("Good"))), "place": v.pickup_place,
        "audience": localized(lang, AUDIENCE.get(v.audience, phrase("The whole community"))),
        "status": v.status, "status_label": localized(lang, STATUS.get(v.status, phrase("Available"))),
        "expires": local_time.fmt(v.expires_at, zone, with_zone=False, lang=lang),
        "photo": photo_src(shown[0]) if shown else "", "mine": "1" if v.mine else "",
        "reserved_for_me": "1" if v.reserved_for_me else "", "paid": "1" if v.paid else "",
    }


def item_photos(v: ItemView) -> list[str]:
    return [src for src in (photo_src(p) for p in v.photos) if src]
