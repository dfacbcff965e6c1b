"""The resident's day at a glance (their home page): bills due with the total, orders on their
way, open repairs, the next event and the nearest shops. A reader across rooms, like
`overviews.py`: each part comes through its room's own permission-checked public function."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from community_hub.core.errors import ServiceError
from community_hub.core.local_time import fmt
from community_hub.core.money import format_money
from community_hub.core.permissions import Actor, require_resident
from community_hub.marketplace import circle, orders
from community_hub.models.orders import OrderState
from community_hub.property import events, workorders
from community_hub.property.billing import my_amounts_due

# Orders still moving: a resident waits for these (or has to act on them: pay, sign).
_DONE_ORDERS = {OrderState.SIGNED, OrderState.SETTLED, OrderState.CANCELLED, OrderState.REJECTED,
                OrderState.REFUNDED}
_MOVING = tuple(sorted(set(OrderState) - _DONE_ORDERS))
SHOWN = 5


@dataclass(frozen=True)
class DayAtAGlance:
    bills_due: int = 0
    bills_due_total: str = ""  # "$245.00", "" when nothing is due
    orders: list[dict[str, str]] = field(default_factory=list)  # id, shop, state, label
    repairs: list[dict[str, str]] = field(default_factory=list)  # id, what, status
    next_event: dict[str, str] = field(default_factory=dict)  # id, title, when, location
    shops: list[dict[str, str]] = field(default_factory=list)  # slug, name, minutes


def day_at_a_glance(db: Session, actor: Actor, *, now: datetime | None = None) -> DayAtAGlance:
    require_resident(actor)
    due = my_amounts_due(db, actor)
    currencies = {currency for _amount, currency in due}
    total = (format_money(sum(amount for amount, _c in due), currencies.pop()) if len(currencies) == 1
             else ", ".join(format_money(amount, currency) for amount, currency in due))
    moving = [{"id": str(order_id), "shop": shop, "state": str(state), "label": orders.STATE_LABELS[state]}
              for order_id, state, shop in orders.my_orders_in_states(db, actor, _MOVING, SHOWN)]
    repairs = [{"id": str(wid), "what": category, "status": status}
               for wid, category, status in workorders.my_open_repairs(db, actor)]
    nxt = events.next_event(db, actor, now=now)
    try:
        near = circle.my_circle(db, actor)
    except ServiceError:  # not linked to a community yet: the household card says how to join
        near = []
    return DayAtAGlance(
        bills_due=len(due), bills_due_total=total if due else "",
        orders=moving[:SHOWN], repairs=repairs[:SHOWN],
        next_event={"id": str(nxt.id), "title": nxt.title, "when": fmt(nxt.starts_at, actor.time_zone),
                    "location": nxt.location} if nxt else {},
        shops=[{"slug": c.merchant.slug, "name": c.merchant.name, "minutes": f"{c.walk_minutes:g}"}
               for c in near[:6]],
    )
