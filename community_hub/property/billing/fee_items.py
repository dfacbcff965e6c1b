"""Fee items as staff keep them on their own page: the list with readable kinds, changing a name or
rate, and taking a withdrawn fee back. Adding and withdrawing live in `fees.py` beside the settings.

A change applies from the next bill run: issued bills keep the lines (and amounts) they were made
with, because a bill line stores its own price."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.models import Household
from community_hub.models.billing import FeeItem, FeeKind
from community_hub.property.billing.fees import billing_settings, check_fee_fields

# How a fee is counted, in the words staff read on the page (the "per ..." of the rate).
KIND_LABELS = {
    FeeKind.AREA: phrase("Per m² of the home"),
    FeeKind.FIXED: phrase("Fixed per home"),
    FeeKind.METERED: phrase("Per unit used (meter)"),
    FeeKind.PARKING: phrase("Per parking slot"),
    FeeKind.ONE_OFF: phrase("One-off"),
}
EVERY_HOME = phrase("Every home")  # a fee that is not for one household
# The kinds the page offers for a new fee (one-off levies need a household and a period).
PAGE_KINDS = (FeeKind.AREA, FeeKind.FIXED, FeeKind.METERED, FeeKind.PARKING)


@dataclass(frozen=True)
class FeeItemView:
    id: int
    name: str
    kind: str
    kind_label: str
    rate_minor: int
    currency: str
    unit_label: str
    applies_to: str  # "Every home" or "A-101"
    period: str
    active: bool


def list_fee_items(db: Session, actor: Actor, community_id: int) -> list[FeeItemView]:
    """The community's fee items, the ones billed first, then by name."""
    require_staff_of(actor, community_id)
    cur = billing_settings(db, community_id).currency
    items = db.exec(select(FeeItem).where(FeeItem.community_id == community_id)).all()
    homes = {h.id: f"{h.building}-{h.unit}" for h in db.exec(select(Household).where(
        Household.id.in_([i.household_id for i in items if i.household_id]))).all()} if items else {}
    items = sorted(items, key=lambda i: (not i.active, i.name.lower(), i.id))
    return [FeeItemView(i.id, i.name, i.kind, KIND_LABELS.get(i.kind, i.kind), i.rate_minor, cur, i.unit_label,
                        homes.get(i.household_id, EVERY_HOME) if i.household_id else EVERY_HOME,
                        i.period or "", i.active) for i in items]


def _own_item(db: Session, actor: Actor, fee_item_id: int) -> FeeItem:
    item = db.exec(select(FeeItem).where(FeeItem.id == fee_item_id).with_for_update()).first()
    if item is None:
        raise NotFound("fee")
    require_staff_of(actor, item.community_id)
    return item


def update_fee_item(db: Session, actor: Actor, fee_item_id: int, *, name: str, rate_minor: int,
                    unit_label: str = "") -> FeeItem:
    """Staff correct a fee's name, rate or unit; bills already issued keep what they said. How a fee is
    counted does not change (its parking slots or meter readings would lose their meaning): withdraw
    it and add a new one instead."""
    item = _own_item(db, actor, fee_item_id)
    item.name, item.unit_label = check_fee_fields(name, rate_minor, unit_label)
    item.rate_minor = rate_minor
    db.add(item)
    db.flush()
    return item


def reactivate_fee_item(db: Session, actor: Actor, fee_item_id: int) -> FeeItem:
    """Bill a withdrawn fee again from the next run on."""
    item = _own_item(db, actor, fee_item_id)
    if item.active:
        raise ServiceError(phrase("{fee} is already billed.", fee=item.name))
    item.active = True
    db.add(item)
    db.flush()
    return item
