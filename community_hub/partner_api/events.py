"""The events partners hear about, written in the same transaction as the change that caused them.

Every step of an order's timeline (an `OrderEvent` row, whoever wrote it: checkout, the shop, the
resident, payments, housekeeping), every refund of an order's payment, the platform hiding a
product or lifting that (product.review_decided) and a payout sent to the shop becomes an `ApiEvent`.
They are collected while the transaction runs and numbered just before it commits: the merchant's
counter row is taken last (so it is held for the shortest time and never waited on while another
lock is wanted), and numbers are committed in order, so a partner reading `?after=<n>` never steps
over an event that commits later with a smaller number. A rolled-back change leaves no event.
Everything that can be read before the counters is read before them (the steps' orders come
from the session; the endpoints to deliver to are looked up at the flush that wrote the steps,
which for checkout is before it takes the stock): a rush of orders at one shop waits on those
counter rows, and on the stock taken just before, only for the numbering itself
(bench/load/contention.py).
Webhook deliveries for the new events are written in the same place (partner_api/fan_out.py).

A community has a stream of its own for its partners' keys (numbered per community, its counter
taken after the shops' ones): a bill paid off (bill.paid, when its paid_at is set) and a copy of
every timeline step of an order its residents placed. Each owner's events are one numbered
sequence, so an endpoint receives its events in order and `?after=` works the same for both.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from sqlalchemy import Insert, bindparam, insert
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import object_session
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, func, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models import Household, Product
from community_hub.models.base import utcnow
from community_hub.models.billing import Bill
from community_hub.models.orders import Order, OrderEvent, OrderState
from community_hub.models.partner_api import ApiCommunityEventCounter, ApiEvent, ApiEventCounter
from community_hub.models.payments import Payment, Payout, PayoutStatus
from community_hub.partner_api.fan_out import NewEvent, endpoints_for, fan_out
from community_hub.partner_api.keys import KeyPrincipal, require_scope
from community_hub.partner_api.scopes import COMMUNITY_EVENTS, ORDERS_READ, partner_hears

EVENT_TYPES = ("order.created", "order.paid", "order.status_changed", "order.refunded", "product.review_decided",
               "payout.sent")
TEST_EVENT = "webhook.test"  # sent to one endpoint on its owner's request; never in the replay
_TIMELINE = "partner_api.timeline"  # session.info: OrderEvent ids written in this transaction
_EXTRA = "partner_api.extra"  # session.info: (merchant_id, type, order_id, data) from hooks
_BILLS = "partner_api.bills"  # session.info: ids of bills paid off in this transaction
_HEARERS = "partner_api.hearers"  # session.info: (shops, communities, their endpoints) read at a flush
COMMUNITY_EVENT_TYPES = tuple(COMMUNITY_EVENTS)
PAGE_MAX = 100
CURSOR_MAX = 2**31 - 1  # ids and numbers are 32-bit integers on PostgreSQL


def _timeline_step_written(_mapper, _connection, target: OrderEvent) -> None:
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_TIMELINE, []).append(target)


def _product_updated(_mapper, _connection, target: Product) -> None:
    """The platform hid a product that breaks the rules, or lifted that (catalog.flag_abnormal /
    clear_abnormal): product.review_decided, so a till knows why a product vanished from the shop."""
    if not sa_inspect(target).attrs.abnormal.history.has_changes():
        return
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_EXTRA, []).append((target.merchant_id, "product.review_decided", None, {
            "product_id": target.id, "sku": target.sku, "flagged": target.abnormal,
            "reason": target.abnormal_reason or None}))


def _payout_updated(_mapper, _connection, target: Payout) -> None:
    """A shop's payout the provider accepted (payments/payouts.py marks it sent): payout.sent."""
    owner, _, merchant = target.owner.partition(":")
    if owner != "merchant" or not merchant.isdigit() or target.status != PayoutStatus.SENT:
        return
    if not sa_inspect(target).attrs.status.history.has_changes():
        return
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_EXTRA, []).append((int(merchant), "payout.sent", None, {
            "payout_id": target.id, "amount_minor": target.amount_minor, "currency": target.currency}))


def _bill_updated(_mapper, _connection, target: Bill) -> None:
    """A bill paid off (property/billing/payments.py sets paid_at): bill.paid for its community."""
    if target.paid_at is None or not sa_inspect(target).attrs.paid_at.history.has_changes():
        return
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_BILLS, []).append(target.id)


def public_id(event: ApiEvent) -> str:
    """The event's id as partners see it (webhook-id): evt_<shop>_<seq>, or evt_c<community>_<seq>."""
    if event.merchant_id is None:
        return f"evt_c{event.community_id}_{event.seq}"
    return f"evt_{event.merchant_id}_{event.seq}"


def order_refunded(db: Session, payment: Payment) -> None:
    """Payment hook ("order" refunds): every refund, partial or full, is an order.refunded event."""
    try:
        order_id = int(payment.purpose.split(":", 1)[1])
    except (IndexError, ValueError):
        return
    order = db.get(Order, order_id)
    if order is None:
        return
    db.info.setdefault(_EXTRA, []).append((order.merchant_id, "order.refunded", order.id, {
        "order_id": order.id, "state": order.state, "refunded_minor": payment.refunded_minor,
        "paid_minor": payment.captured_minor, "currency": payment.currency}))


def _kind(step: OrderEvent) -> str:
    if not step.from_state and step.to_state == OrderState.PLACED:
        return "order.created"
    return "order.paid" if step.to_state == OrderState.PAID else "order.status_changed"


def _before_commit(session: OrmSession) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # what is still pending is written (and collected) now, as the commit would
    if not any(session.info.get(k) for k in (_TIMELINE, _EXTRA, _BILLS)):
        return
    steps, extra = session.info.pop(_TIMELINE, []), session.info.pop(_EXTRA, [])
    bill_ids = session.info.pop(_BILLS, [])
    found: dict[int, list[tuple[str, int, dict]]] = defaultdict(list)
    for_community: dict[int, list[tuple[str, int | None, dict]]] = defaultdict(list)
    # The orders are in this session already (a step is written with its order): no query.
    orders = {o.id: o for o in (session.get(Order, i) for i in sorted({s.order_id for s in steps})) if o}
    for step in sorted(steps, key=lambda st: st.id):
        order = orders.get(step.order_id)
        if order is None:
            continue
        data = {"order_id": step.order_id, "state": step.to_state, "previous_state": step.from_state or None,
                "by": step.by_role, "note": step.note, "total_minor": order.total_minor, "currency": order.currency,
                "fulfilment": order.fulfilment}
        found[order.merchant_id].append((_kind(step), step.order_id, data))
        if order.community_id is not None:
            for_community[order.community_id].append((_kind(step), step.order_id,
                                                      {**data, "merchant_id": order.merchant_id}))
    for merchant_id, kind, order_id, data in extra:
        found[merchant_id].append((kind, order_id, data))
    for community_id, data in _paid_bills(session, bill_ids):
        for_community[community_id].append(("bill.paid", None, data))
    now = utcnow()
    early = session.info.pop(_HEARERS, None)
    if _covers(early, set(found), set(for_community)):
        hearers = early[2]  # read at the steps' flush; an endpoint of another owner hears nothing here
    else:
        hearers = endpoints_for(session, set(found), set(for_community))  # read before the counters
    rows: list[dict] = []
    # One order of locks for every transaction (shops by id, then communities by id): no deadlock.
    for merchant_id in sorted(found):
        items = found[merchant_id]
        first = _take_numbers(session, merchant_id, len(items))
        rows += [{"merchant_id": merchant_id, "community_id": None, "seq": first + i, "type": kind,
                  "order_id": order_id, "data": data, "at": now} for i, (kind, order_id, data) in enumerate(items)]
    for community_id in sorted(for_community):
        items = for_community[community_id]
        first = _take_numbers(session, community_id, len(items), ApiCommunityEventCounter)
        rows += [{"merchant_id": None, "community_id": community_id, "seq": first + i, "type": kind,
                  "order_id": order_id, "data": data, "at": now} for i, (kind, order_id, data) in enumerate(items)]
    # Written as rows, not mapped objects: nothing in this transaction reads them back, and building
    # and flushing ApiEvent objects was a fifth of the commit's Python (docs/PROFILE.md).
    ids = session.execute(_insert_events(), rows).scalars().all()
    if hearers:
        fan_out(session, [NewEvent(event_id, **row) for event_id, row in zip(ids, rows, strict=True)], hearers)
        session.flush()


def _read_hearers_early(session: OrmSession, _flush_context) -> None:
    """The endpoints of the steps' shops and communities, read at the flush that wrote the steps.
    Checkout flushes its order, then takes the stock row's lock, then commits: read at the commit,
    they kept that lock (which every buyer of the last items waits on) one statement longer."""
    steps = session.info.get(_TIMELINE)
    if not steps:
        return
    orders = [session.identity_map.get(identity_key(Order, step.order_id)) for step in steps]
    if any(o is None for o in orders):
        return  # an order not in the session: the commit reads them (never a query inside a flush)
    shops = {o.merchant_id for o in orders}
    communities = {o.community_id for o in orders if o.community_id is not None}
    if not _covers(session.info.get(_HEARERS), shops, communities):
        session.info[_HEARERS] = (shops, communities, endpoints_for(session, shops, communities))


def _covers(early: tuple | None, shops: set[int], communities: set[int]) -> bool:
    """Endpoints read early (shops, communities, hearers) are those of every owner asked about."""
    return bool(early) and early[0] >= shops and early[1] >= communities


@cache
def _insert_events() -> Insert:
    table = ApiEvent.__table__
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


def _paid_bills(session: OrmSession, bill_ids: list[int]) -> list[tuple[int, dict]]:
    """(community id, bill.paid's data) of each bill paid off, by id."""
    if not bill_ids:
        return []
    rows = session.execute(select(Bill, Household).join(Household, Household.id == Bill.household_id)
                           .where(Bill.id.in_(sorted(set(bill_ids)))).order_by(Bill.id)).all()
    return [(bill.community_id, {
        "bill_id": bill.id, "kind": bill.kind, "period": bill.period, "title": bill.title,
        "building": home.building, "unit": home.unit, "total_minor": bill.total_minor,
        "paid_minor": bill.paid_minor, "currency": bill.currency, "status": bill.status,
        "paid_at": bill.paid_at.isoformat() if bill.paid_at else None}) for bill, home in rows if bill.paid_at]


def _take_numbers(session: OrmSession, owner_id: int, count: int, counter=ApiEventCounter) -> int:
    """The first of `count` new numbers of the owner's events (a shop's, or a community's with
    ApiCommunityEventCounter); the counter row stays locked until this transaction ends
    (INSERT ... ON CONFLICT DO UPDATE on both databases)."""
    stmt = _numbering(session.get_bind().dialect.name, counter)
    return session.execute(stmt, {"owner": owner_id, "count": count}).scalar_one() - count + 1


@cache
def _numbering(dialect: str, counter) -> Insert:
    """The counter's upsert, built once per database and counter: every committed order step runs it."""
    table = counter.__table__
    owner = table.c.merchant_id if counter is ApiEventCounter else table.c.community_id
    stmt = (sqlite_insert if dialect == "sqlite" else pg_insert)(table).values(
        {owner.name: bindparam("owner"), "last_seq": bindparam("count")})
    return stmt.on_conflict_do_update(index_elements=[owner], set_={"last_seq": table.c.last_seq + stmt.excluded.last_seq}
                                      ).returning(table.c.last_seq)


def test_event(session: Session, merchant_id: int) -> ApiEvent:
    """A numbered "webhook.test" event of the shop (the "send a test event" button): it takes a
    number like any event, so a receiver sees the same headers and body shape."""
    event = ApiEvent(merchant_id=merchant_id, seq=_take_numbers(session, merchant_id, 1), type=TEST_EVENT,
                     data={"message": "A test event from Community Hub."}, at=utcnow())
    session.add(event)
    session.flush()
    return event


def _forget(session: OrmSession, *_args) -> None:
    session.info.pop(_TIMELINE, None)
    session.info.pop(_EXTRA, None)
    session.info.pop(_BILLS, None)
    session.info.pop(_HEARERS, None)


def listen() -> None:
    """Start collecting (idempotent). Called with the payment hooks, in one visible place."""
    if not sa_event.contains(OrderEvent, "after_insert", _timeline_step_written):
        sa_event.listen(OrderEvent, "after_insert", _timeline_step_written)
        sa_event.listen(Product, "after_update", _product_updated)
        sa_event.listen(Payout, "after_update", _payout_updated)
        sa_event.listen(Bill, "after_update", _bill_updated)
        sa_event.listen(OrmSession, "after_flush_postexec", _read_hearers_early)
        sa_event.listen(OrmSession, "before_commit", _before_commit)
        sa_event.listen(OrmSession, "after_rollback", _forget)
        sa_event.listen(OrmSession, "after_commit", _forget)


# ------------------------------------------------------------------ reading them


def check_cursor(after: object) -> int:
    try:
        value = int(str(after if after is not None else "0"))
    except ValueError:
        value = -1
    if value < 0:
        raise ServiceError(phrase("A cursor is a whole number from a previous answer (0 for the start)."),
                           code="invalid_cursor")
    return min(value, CURSOR_MAX)  # past every id and number: an empty page, not an overflow


def check_limit(limit: object, most: int = PAGE_MAX) -> int:
    try:
        value = int(str(limit if limit is not None else most))
    except ValueError:
        value = 0
    if not 1 <= value <= most:
        raise ServiceError(phrase("A page holds 1 to {most} items.", most=most), code="invalid_limit")
    return value


def events_after(db: Session, principal: KeyPrincipal, after: object = 0, limit: object = PAGE_MAX) -> list[ApiEvent]:
    """The key's shop's events numbered after `after`, in order: a partner that was away catches up.
    A community partner's key replays its community's events it may hear (its scopes)."""
    if principal.audience == "community":
        return _community_events_after(db, principal, after, limit)
    require_scope(principal, ORDERS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    return list(db.exec(select(ApiEvent).where(ApiEvent.merchant_id == principal.merchant_id, ApiEvent.seq > after,
                                               ApiEvent.type != TEST_EVENT).order_by(ApiEvent.seq).limit(limit)))


def _community_events_after(db: Session, principal: KeyPrincipal, after: object, limit: object) -> list[ApiEvent]:
    heard = [t for t in COMMUNITY_EVENT_TYPES if partner_hears(principal.scopes, t)]
    if not heard:
        require_scope(principal, ORDERS_READ)  # refused: it may hear nothing
    after, limit = check_cursor(after), check_limit(limit)
    return list(db.exec(select(ApiEvent).where(ApiEvent.community_id == principal.community_id, ApiEvent.seq > after,
                                               ApiEvent.type.in_(heard)).order_by(ApiEvent.seq).limit(limit)))


def orders_changed_after(db: Session, principal: KeyPrincipal, after: object = 0,
                         limit: object = PAGE_MAX) -> list[tuple[int, int]]:
    """(order id, its latest event number) of the orders new or changed after `after`, by that
    number: each order once per page, and again on a later page only if it changed again."""
    require_scope(principal, ORDERS_READ)
    after, limit = check_cursor(after), check_limit(limit)
    latest = func.max(ApiEvent.seq).label("latest")
    rows = db.exec(select(ApiEvent.order_id, latest).where(
        ApiEvent.merchant_id == principal.merchant_id, ApiEvent.seq > after, ApiEvent.order_id.is_not(None))
        .group_by(ApiEvent.order_id).order_by(latest).limit(limit)).all()
    return [(int(order_id), int(seq)) for order_id, seq in rows]
