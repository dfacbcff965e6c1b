"""Billing settings and fee items (per unit, per m², fixed), parking slots and meter readings."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household
from community_hub.models.billing import (
    BillingSettings,
    FeeItem,
    FeeKind,
    FeeQuantity,
    LateFeeKind,
)
from community_hub.property.billing.views import check_period


def billing_settings(db: Session, community_id: int) -> BillingSettings:
    """The community's settings, or the defaults (not saved) when none were set."""
    row = db.exec(select(BillingSettings).where(BillingSettings.community_id == community_id)).first()
    return row or BillingSettings(community_id=community_id)


def configure_billing(
    db: Session,
    actor: Actor,
    community_id: int,
    *,
    currency: str = "USD",
    due_day: int = 15,
    late_fee_kind: str = LateFeeKind.NONE,
    late_fee_value: int = 0,
    late_fee_grace_days: int = 0,
) -> BillingSettings:
    """Staff set the currency, the due day of the month and the late-fee rule."""
    require_staff_of(actor, community_id)
    if not re.fullmatch(r"[A-Z]{3}", currency or ""):
        raise ServiceError("The currency is a three-letter code such as USD.")
    if not 1 <= due_day <= 28:
        raise ServiceError("The due day must be between 1 and 28.")
    if late_fee_kind not in set(LateFeeKind):
        raise ServiceError("The late fee is none, a percentage or a fixed amount.")
    if late_fee_value < 0 or late_fee_grace_days < 0:
        raise ServiceError("Late fee and grace days cannot be negative.")
    if late_fee_kind == LateFeeKind.PERCENT and late_fee_value > 10_000:
        raise ServiceError("A late fee percentage cannot be above 100%.")
    row = db.exec(select(BillingSettings).where(BillingSettings.community_id == community_id)).first()
    if row is None:
        row = BillingSettings(community_id=community_id)
        db.add(row)
    row.currency, row.due_day = currency, due_day
    row.late_fee_kind, row.late_fee_value, row.late_fee_grace_days = late_fee_kind, late_fee_value, late_fee_grace_days
    db.flush()
    return row


MAX_UNIT_LABEL = 20


def check_fee_fields(name: str, rate_minor: int, unit_label: str) -> tuple[str, str]:
    """A fee's name (1-80 characters), rate (whole minor units, zero or more) and unit ("m²", "kWh",
    at most 20 characters): the cleaned name and unit, or a refusal that says which is wrong."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ServiceError("Give the fee a name (at most 80 characters).")
    if not isinstance(rate_minor, int) or isinstance(rate_minor, bool) or rate_minor < 0:
        raise ServiceError("The rate must be an amount, zero or more.")
    unit_label = (unit_label or "").strip()
    if len(unit_label) > MAX_UNIT_LABEL:
        raise ServiceError(phrase("The unit is a short word such as m² or kWh (at most {limit} characters).",
                                  limit=MAX_UNIT_LABEL))
    return name, unit_label


def add_fee_item(
    db: Session,
    actor: Actor,
    community_id: int,
    *,
    name: str,
    kind: str,
    rate_minor: int,
    unit_label: str = "",
    household_id: int | None = None,
    period: str | None = None,
) -> FeeItem:
    """Staff add a fee: by area (rate per m²), fixed, per parking slot, metered, or one-off (in `period`)."""
    require_staff_of(actor, community_id)
    name, unit_label = check_fee_fields(name, rate_minor, unit_label)
    if kind not in set(FeeKind):
        raise ServiceError("A fee is by area, fixed, parking, metered or one-off.")
    if kind == FeeKind.ONE_OFF:
        check_period(period or "")
    elif period is not None:
        raise ServiceError("Only a one-off fee has a period.")
    if household_id is not None:
        h = db.get(Household, household_id)
        if h is None or h.community_id != community_id:
            raise ServiceError("That household is not in this community.")
    item = FeeItem(community_id=community_id, name=name, kind=kind, rate_minor=rate_minor,
                   unit_label=unit_label, household_id=household_id, period=period)
    db.add(item)
    db.flush()
    return item


def deactivate_fee_item(db: Session, actor: Actor, fee_item_id: int) -> FeeItem:
    """Stop billing a fee from the next generated period on (bills already issued keep it)."""
    item = get_or_not_found(db, FeeItem, fee_item_id, phrase("fee"))
    require_staff_of(actor, item.community_id)
    item.active = False
    db.add(item)
    db.flush()
    return item


# A fee's kind in a sentence ("Water is not a metered fee.").
_KIND_WORDS = {FeeKind.METERED: phrase("metered"), FeeKind.PARKING: phrase("parking")}


def _set_quantity(db: Session, actor: Actor, fee_item_id: int, household_id: int, period: str, qty: int,
                  kind: str) -> FeeQuantity:
    item = get_or_not_found(db, FeeItem, fee_item_id, phrase("fee"))
    require_staff_of(actor, item.community_id)
    if item.kind != kind:
        raise ServiceError(phrase("{fee} is not a {kind} fee.", fee=item.name,
                                  kind=_KIND_WORDS.get(kind) or kind.replace("_", " ")))
    h = db.get(Household, household_id)
    if h is None or h.community_id != item.community_id:
        raise ServiceError("That household is not in this community.")
    if not isinstance(qty, int) or qty < 0:
        raise ServiceError("The quantity must be a whole number, zero or more.")
    row = db.exec(select(FeeQuantity).where(
        FeeQuantity.fee_item_id == fee_item_id, FeeQuantity.household_id == household_id,
        FeeQuantity.period == period)).first()
    if row is None:
        row = FeeQuantity(fee_item_id=fee_item_id, household_id=household_id, period=period, quantity=qty)
        db.add(row)
    row.quantity = qty
    db.flush()
    return row


def set_parking_slots(db: Session, actor: Actor, fee_item_id: int, household_id: int, slots: int) -> FeeQuantity:
    """How many slots of a parking fee a household holds (billed every period until changed)."""
    return _set_quantity(db, actor, fee_item_id, household_id, "", slots, FeeKind.PARKING)


def record_meter_reading(db: Session, actor: Actor, fee_item_id: int, household_id: int, period: str,
                         usage: int) -> FeeQuantity:
    """Units used by a household in a period for a metered (pass-through) fee."""
    check_period(period)
    return _set_quantity(db, actor, fee_item_id, household_id, period, usage, FeeKind.METERED)
