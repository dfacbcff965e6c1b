"""The reverse marketplace: a resident posts a demand, merchants in the circle whose category
matches send quotes, the resident accepts one and it becomes an order at the quoted price; the
other quotes close. Demands expire (`expire_demands` runs on the scheduler), and so do quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings, local_time
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.job_claims import claim
from community_hub.core.money import money_shown
from community_hub.core.permissions import (
    Actor,
    require_merchant_of,
    require_resident,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.checkout import PAYMENT_METHODS
from community_hub.marketplace.circle import circle_merchant_ids, is_in_circle
from community_hub.marketplace.orders import merchant_user_ids, new_pickup_code
from community_hub.models import Community, Merchant, MerchantStatus
from community_hub.models.base import utcnow
from community_hub.models.demands import Demand, DemandState, Quote, QuoteState
from community_hub.models.orders import Fulfilment, Order, OrderEvent, OrderLine, OrderState
from community_hub.notify.outbox import notify_user

MAX_DEMAND_DAYS = 14
DEFAULT_DEMAND_HOURS = 72


def _lock_demand(db: Session, demand_id: int) -> Demand:
    return get_or_not_found(db, Demand, demand_id, phrase("request"), lock=True, fresh=True)


def _is_open(d: Demand, now: datetime) -> bool:
    return d.state == DemandState.OPEN and d.expires_at > now


def post_demand(
    db: Session, actor: Actor, *, category: str, title: str, description: str = "",
    budget_minor: int | None = None, needed_by: datetime | None = None, fulfilment: str = Fulfilment.DELIVERY,
    address: str = "", photos: list[str] | None = None, expires_in_hours: int = DEFAULT_DEMAND_HOURS,
    now: datetime | None = None,
) -> Demand:
    """A resident asks the shops around for something; matching shops in the circle are told."""
    require_resident(actor)
    now = now or utcnow()
    if not title.strip():
        raise ServiceError(phrase("Say what you are looking for."))
    if not category.strip():
        raise ServiceError(phrase("Choose a category so the right shops see your request."))
    if budget_minor is not None and budget_minor <= 0:
        raise ServiceError(phrase("A budget must be above zero (or leave it empty)."))
    if fulfilment not in (Fulfilment.DELIVERY, Fulfilment.PICKUP):
        raise ServiceError(phrase("Choose delivery or pickup."))
    if fulfilment == Fulfilment.DELIVERY and not address.strip():
        raise ServiceError(phrase("Enter the delivery address."))
    if not 1 <= expires_in_hours <= MAX_DEMAND_DAYS * 24:
        raise ServiceError(phrase("A request stays open from 1 hour to {days} days.", days=MAX_DEMAND_DAYS))
    if needed_by is not None and needed_by <= now:
        raise ServiceError(phrase("The 'needed by' time has already passed."))
    if photos and len(photos) > 6:
        raise ServiceError(phrase("At most 6 photos per request."))
    community = db.get(Community, actor.community_id)
    d = Demand(user_id=actor.user_id, community_id=community.id, category=category.strip().lower(),
               title=title.strip()[:120], description=description.strip(), budget_minor=budget_minor,
               needed_by=needed_by, fulfilment=fulfilment, address=address.strip(), photos=list(photos or []),
               expires_at=now + timedelta(hours=expires_in_hours), created_at=now)
    db.add(d)
    db.flush()
    budget = money_shown(budget_minor) if budget_minor else phrase("no set budget")
    for mid in circle_merchant_ids(db, community, category=d.category):
        for uid in merchant_user_ids(db, mid):
            notify_user(db, uid, "demand_new", link=f"/merchant/demands/{d.id}", title=d.title, budget=budget,
                        expires=local_time.when_shown(d.expires_at, community.time_zone))  # nearby: same clock
    return d


def _merchant_sees(db: Session, merchant: Merchant, d: Demand) -> bool:
    community = db.get(Community, d.community_id)
    return merchant.status == MerchantStatus.APPROVED and merchant.category == d.category and is_in_circle(community, merchant)


def open_demands_for_merchant(db: Session, actor: Actor, merchant_id: int, now: datetime | None = None) -> list[Demand]:
    """Open requests a shop may quote on: its category, from communities whose circle it is in."""
    require_merchant_of(actor, merchant_id)
    now = now or utcnow()
    m = db.get(Merchant, merchant_id)
    rows = db.exec(select(Demand).where(Demand.state == DemandState.OPEN, Demand.expires_at > now,
                                        Demand.category == m.category).order_by(Demand.created_at.desc()))
    return [d for d in rows if _merchant_sees(db, m, d)]


def send_quote(
    db: Session, actor: Actor, demand_id: int, merchant_id: int, *, price_minor: int, note: str = "",
    delivery_by: datetime | None = None, valid_hours: int = 24, now: datetime | None = None,
) -> Quote:
    """A shop offers a price for a request (sending again revises its open quote)."""
    require_merchant_of(actor, merchant_id)
    now = now or utcnow()
    m = db.get(Merchant, merchant_id)
    d = _lock_demand(db, demand_id)
    if m is None or not _merchant_sees(db, m, d):
        raise NotFound(phrase("request"))
    if not _is_open(d, now):
        raise ServiceError(phrase("This request is closed; it no longer takes quotes."))
    if price_minor <= 0:
        raise ServiceError(phrase("Quote a price above zero."))
    if not 1 <= valid_hours <= MAX_DEMAND_DAYS * 24:
        raise ServiceError(phrase("A quote stays valid from 1 hour to {days} days.", days=MAX_DEMAND_DAYS))
    if delivery_by is not None and delivery_by <= now:
        raise ServiceError(phrase("The delivery time has already passed."))
    q = db.exec(select(Quote).where(Quote.demand_id == d.id, Quote.merchant_id == m.id)).first()
    if q is not None and q.state != QuoteState.OPEN:
        raise ServiceError(phrase("Your quote for this request is closed."))
    q = q or Quote(demand_id=d.id, merchant_id=m.id, price_minor=price_minor, valid_until=now)
    q.price_minor, q.currency, q.note, q.delivery_by = price_minor, m.currency, note.strip()[:500], delivery_by
    q.valid_until, q.created_at = now + timedelta(hours=valid_hours), now
    db.add(q)
    db.flush()
    notify_user(db, d.user_id, "quote_received", link=f"/demands/{d.id}", shop=m.name,
                price=money_shown(price_minor, m.currency), title=d.title)
    return q


def withdraw_quote(db: Session, actor: Actor, quote_id: int) -> Quote:
    q = get_or_not_found(db, Quote, quote_id, phrase("quote"))
    require_merchant_of(actor, q.merchant_id)
    _lock_demand(db, q.demand_id)
    db.refresh(q)
    if q.state != QuoteState.OPEN:
        raise ServiceError(phrase("Only an open quote can be withdrawn."))
    q.state = QuoteState.WITHDRAWN
    db.add(q)
    return q


@dataclass(frozen=True)
class QuoteView:
    quote: Quote
    merchant_name: str
    merchant_slug: str
    rating_avg: float
    expired: bool


def quotes_for_demand(db: Session, actor: Actor, demand_id: int, now: datetime | None = None) -> list[QuoteView]:
    """The resident compares the quotes for their request, cheapest first."""
    require_user(actor)
    now = now or utcnow()
    d = db.get(Demand, demand_id)
    if d is None or d.user_id != actor.user_id:
        raise NotFound(phrase("request"))
    out = []
    for q in db.exec(select(Quote).where(Quote.demand_id == d.id, Quote.state != QuoteState.WITHDRAWN)):
        m = db.get(Merchant, q.merchant_id)
        out.append(QuoteView(q, m.name, m.slug, m.rating_avg, q.valid_until <= now))
    return sorted(out, key=lambda v: (v.expired, v.quote.price_minor, v.quote.id))


def _close_others(db: Session, d: Demand, winner_id: int | None) -> None:
    for q in db.exec(select(Quote).where(Quote.demand_id == d.id, Quote.state == QuoteState.OPEN)):
        if q.id == winner_id:
            continue
        q.state = QuoteState.CLOSED
        db.add(q)
        for uid in merchant_user_ids(db, q.merchant_id):
            notify_user(db, uid, "quote_closed", link=f"/merchant/demands/{d.id}", title=d.title)


def accept_quote(db: Session, actor: Actor, quote_id: int, *, payment_method: str = "card",
                 now: datetime | None = None) -> Order:
    """The resident takes a quote: it becomes an order (state placed) at the quoted price and the
    other quotes close. Accepting the same quote again returns the same order."""
    require_resident(actor)
    now = now or utcnow()
    q = get_or_not_found(db, Quote, quote_id, phrase("quote"))
    d = _lock_demand(db, q.demand_id)
    db.refresh(q)
    if d.user_id != actor.user_id:
        raise NotFound(phrase("quote"))
    if d.state == DemandState.ACCEPTED and q.state == QuoteState.ACCEPTED:
        return db.get(Order, d.order_id)
    if not _is_open(d, now):
        raise ServiceError(phrase("This request is closed; post a new one."))
    if q.state != QuoteState.OPEN:
        raise ServiceError(phrase("That quote is no longer open."))
    if q.valid_until <= now:
        raise ServiceError(phrase("That quote has expired; ask the shop for a new one."))
    if payment_method not in PAYMENT_METHODS:
        raise ServiceError(phrase("Choose a payment method: {methods}.", methods=", ".join(PAYMENT_METHODS)))
    m = db.get(Merchant, q.merchant_id)
    if m.status != MerchantStatus.APPROVED:
        raise ServiceError(phrase("{shop} is not selling at the moment.", shop=m.name))
    order = Order(
        user_id=actor.user_id, merchant_id=m.id, community_id=d.community_id, state=OrderState.PLACED,
        fulfilment=d.fulfilment, address=d.address, window_end=q.delivery_by or d.needed_by, currency=q.currency,
        subtotal_minor=q.price_minor, total_minor=q.price_minor, payment_method=payment_method,
        pickup_code=new_pickup_code() if d.fulfilment == Fulfilment.PICKUP else None, note=d.description[:500],
        quote_id=q.id, idempotency_key=f"quote-{q.id}", created_at=now, updated_at=now,
    )
    db.add(order)
    db.flush()
    db.add(OrderLine(order_id=order.id, name=d.title, options_text=q.note[:200], unit_price_minor=q.price_minor,
                     quantity=1, line_total_minor=q.price_minor))
    db.add(OrderEvent(order_id=order.id, to_state=OrderState.PLACED, by_role="resident", actor_user_id=actor.user_id,
                      note=f"from quote #{q.id}", at=now))
    q.state = QuoteState.ACCEPTED
    d.state, d.order_id = DemandState.ACCEPTED, order.id
    db.add_all([q, d])
    _close_others(db, d, q.id)
    for uid in merchant_user_ids(db, m.id):
        notify_user(db, uid, "quote_accepted", link=f"/merchant/orders/{order.id}", title=d.title, order_id=order.id)
    db.flush()
    return order


def cancel_demand(db: Session, actor: Actor, demand_id: int) -> Demand:
    """The resident withdraws an open request; its quotes close."""
    require_user(actor)
    d = _lock_demand(db, demand_id)
    if d.user_id != actor.user_id:
        raise NotFound(phrase("request"))
    if d.state != DemandState.OPEN:
        raise ServiceError(phrase("Only an open request can be cancelled."))
    d.state = DemandState.CANCELLED
    db.add(d)
    _close_others(db, d, None)
    return d


def expire_demands(db: Session, now: datetime | None = None) -> list[int]:
    """Close requests past their expiry (and their open quotes). Run by the scheduler."""
    now = now or utcnow()
    # Claimed, not waited for: a request another worker (or an accepting resident) holds is skipped.
    due = claim(db, select(Demand).where(Demand.state == DemandState.OPEN, Demand.expires_at <= now)
                .order_by(Demand.id))
    expired = []
    for d in due:
        if d.state == DemandState.OPEN:  # as it is under the lock
            d.state = DemandState.EXPIRED
            db.add(d)
            _close_others(db, d, None)
            expired.append(d.id)
    return expired


def my_demands(db: Session, actor: Actor) -> list[Demand]:
    require_user(actor)
    return list(db.exec(select(Demand).where(Demand.user_id == actor.user_id).order_by(Demand.id.desc())))


def my_demands_version(db: Session, actor: Actor) -> tuple:
    """What moves on the resident's requests (a quote arrives, is changed or withdrawn, a request
    is accepted or expires): an open requests page polls this cheaply and re-reads only then."""
    require_user(actor)
    demands = db.exec(select(func.count(), func.max(Demand.id)).where(Demand.user_id == actor.user_id)).one()
    states = db.exec(select(Demand.state, func.count()).where(Demand.user_id == actor.user_id)
                     .group_by(Demand.state).order_by(Demand.state)).all()
    quotes = db.exec(select(func.count(), func.max(Quote.created_at), func.sum(Quote.price_minor))
                     .join(Demand, Demand.id == Quote.demand_id).where(Demand.user_id == actor.user_id)).one()
    quote_states = db.exec(select(Quote.state, func.count()).join(Demand, Demand.id == Quote.demand_id)
                           .where(Demand.user_id == actor.user_id).group_by(Quote.state).order_by(Quote.state)).all()
    return (demands[0], demands[1] or 0, tuple((s, n) for s, n in states), quotes[0],
            quotes[1].isoformat() if quotes[1] else "", int(quotes[2] or 0), tuple((s, n) for s, n in quote_states))


def my_demands_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """The change bell's keys for `my_demands_version` (core/change_rings.py): the resident's
    requests, and the quotes on each (a quote row names its request, not the resident); a new
    request rings the first, and the read that follows adds its quotes."""
    require_user(actor)
    ids = db.exec(select(Demand.id).where(Demand.user_id == actor.user_id)).all()
    return ([change_rings.key_of(Demand, "user_id", actor.user_id)]
            + [change_rings.key_of(Quote, "demand_id", i) for i in ids]), None
