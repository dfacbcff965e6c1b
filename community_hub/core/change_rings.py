"""Which committed writes ring the change bell (core/change_bell.py), from the ORM's own hooks.

RINGS names the tables live pages watch and the columns that key them: a flushed row rings
`(table, column, its value)` for each, and a table listed without columns rings whole. A bulk
UPDATE or DELETE on a listed table rings the keys its WHERE clause names (`user_id = 5`), else
the whole table. The keys of a transaction ring in this process after it commits, never after a
rollback; on PostgreSQL they go out by NOTIFY inside the transaction instead, which PostgreSQL
delivers to every worker's listener (this one's too) only if it commits; on a SQLite file, other
processes hear them by the file beside it (core/change_bell_file.py). A write to any other
table rings nothing and costs nothing.

A page that watches something new adds its table here and waits on its keys; a write that never
goes through the ORM (raw SQL, another program) is seen at the watcher's fallback time.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter

from community_hub.core import change_bell, change_bell_file, change_bell_pg
from community_hub.models.agreements import DocumentAcceptance
from community_hub.models.announcements import AnnouncementRead, PlatformAnnouncement
from community_hub.models.audit import AuditEntry
from community_hub.models.billing import Bill, ServiceBooking
from community_hub.models.care import CareMessage, CareTicket
from community_hub.models.catalog import Merchant
from community_hub.models.community import Community
from community_hub.models.demands import Demand, Quote
from community_hub.models.events import CommunityEvent, EventSignup
from community_hub.models.membership import Cardholding, CardLevel
from community_hub.models.notices import Notice, NoticeRead
from community_hub.models.notify import InboxItem
from community_hub.models.orders import Order, OrderEvent
from community_hub.models.payments import Payment, Payout, Refund
from community_hub.models.polls import Poll, PollBallot, PollOption, PollVote
from community_hub.models.product_review import MerchantWarning, ProductChange
from community_hub.models.promotions import CollectedCoupon
from community_hub.models.referrals import Agent, AgentApplication, CommissionLine, ReferralBinding
from community_hub.models.service_waiting import ServiceWaiting
from community_hub.models.sharing import (
    Conversation,
    FriendRequest,
    Friendship,
    ParkingBooking,
    SharedItem,
    SharingReview,
)
from community_hub.models.workorders import (
    MaintenanceWorker,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderPhoto,
)

RINGS: dict[type, tuple[str, ...]] = {
    Order: ("id", "user_id", "merchant_id"),  # the order page; the resident's orders list; the shop's orders
    OrderEvent: ("order_id",),      # its timeline
    Payment: ("purpose",),          # an order's payments ("order:<id>")
    Refund: (),                     # refunds are few: their table rings whole
    Notice: ("community_id",),      # the banner and the notices page
    NoticeRead: ("user_id",),
    PlatformAnnouncement: (),       # the banner
    AnnouncementRead: ("user_id",),
    InboxItem: ("user_id",),        # the banner's inbox count (and core/rung_reads: the header's)
    DocumentAcceptance: ("user_id",),  # what a member accepted, asked at every page (accounts/agreements.due)
    # Neighbour sharing. A message writes its conversation too (sharing/conversations._add): the
    # conversation's keys ring /share/messages (either side) and the item's page (item_id).
    Conversation: ("owner_id", "other_id", "item_id"),
    FriendRequest: ("from_user_id", "to_user_id"),  # /share/friends: requests to and from me
    Friendship: ("low_user_id", "high_user_id"),  # and my friends
    ParkingBooking: ("renter_id", "owner_id"),  # /share/bookings: mine on either side
    SharedItem: ("id",),            # an item's page
    SharingReview: ("author_id", "about_id", "deal_id"),  # /share/reviews; an item's page (deal_id)
    WorkOrder: ("id", "household_id"),  # a repair's page; the household's repairs list
    WorkOrderEvent: ("work_order_id",),  # a repair's timeline
    WorkOrderPhoto: ("work_order_id",),  # and its photos
    MaintenanceWorker: ("id",),     # a repair's page: whether its worker's login may see it
    Bill: ("household_id",),        # the household's bills page; the services page
    ServiceBooking: ("household_id",),  # the services page: the household's bookings
    ServiceWaiting: ("household_id", "service_id"),  # its waiting requests and their queues' places
    Cardholding: ("user_id", "programme_id"),  # who comes first in those queues; the cards pages and groups
    CardLevel: (),                  # and the levels' ranks: few, rarely edited
    CareTicket: ("user_id",),       # the care page: the resident's conversations
    CareMessage: ("ticket_id",),    # and their messages
    Demand: ("user_id",),           # the requests page: the resident's requests
    Quote: ("demand_id",),          # and the shops' quotes on them
    CollectedCoupon: ("user_id",),  # my coupons
    Poll: ("community_id",),        # the community page: its polls (property/community_live.py)
    PollBallot: ("poll_id",),       # their turnout
    PollVote: ("poll_id",),         # their counts
    PollOption: ("poll_id",),       # their choices
    CommunityEvent: ("community_id",),  # and its events
    EventSignup: ("event_id",),     # their places left and waiting lists
    # The back office's queues and overviews, read by few: whole tables where keys are awkward.
    ProductChange: (),              # /admin/product-review: the products waiting for review
    AuditEntry: (),                 # /admin/cards*: the membership actions' log (issuing_centre._version)
    Community: (),                  # cardholder groups: their communities' names and addresses
    AgentApplication: (),           # /admin/agents: the applications
    Agent: (),                      # and the agents; an agent's console (/agent): their status
    ReferralBinding: (),            # their referrals (a correction moves one between referrers)
    CommissionLine: ("agent_id",),  # their commission
    Payout: ("owner",),             # their payouts ("agent:<id>")
    Merchant: ("id",),              # /admin/shops: the open shop's status
    MerchantWarning: ("merchant_id",),  # and its warnings (orders ring Order.merchant_id)
}
_COLUMNS = {model.__table__.name: columns for model, columns in RINGS.items()}
_PENDING = "change_bell_keys"
_NOTIFY = text(f"SELECT pg_notify('{change_bell_pg.CHANNEL}', :payload)")


def key_of(model: type, column: str = "", value: object = "") -> change_bell.Key:
    """What a watcher waits on: `key_of(Order, "id", 77)`; `key_of(Refund)` for a whole table."""
    if model not in RINGS or (column and column not in RINGS[model]):
        raise ValueError(f"{model.__name__}.{column or '*'} rings nothing: add it to change_rings.RINGS")
    return change_bell.key(model.__table__.name, column, value)


def _keys_of(obj: object) -> list[change_bell.Key]:
    table = getattr(obj, "__table__", None)
    columns = _COLUMNS.get(getattr(table, "name", ""))
    if columns is None:
        return []
    if not columns:
        return [change_bell.key(table.name)]
    loaded = inspect(obj).dict  # never a lazy load inside a flush
    return [change_bell.key(table.name, c, loaded[c]) if c in loaded else change_bell.key(table.name)
            for c in columns]


def _send(session: Session, keys: set[change_bell.Key]) -> None:
    """Remember them for after the commit; on PostgreSQL, NOTIFY the other workers in the transaction."""
    fresh = keys - session.info.setdefault(_PENDING, set())
    if not fresh:
        return
    session.info[_PENDING] |= fresh
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_NOTIFY, {"payload": change_bell.encode(fresh)})


def ring_on_commit(session: Session, keys: set[change_bell.Key]) -> None:
    """Ring `keys` when `session` commits, here and on the other workers, never after a rollback:
    for keys no row of RINGS makes (core/read_checks.BELL_KEY)."""
    _send(session, set(keys))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    keys = {k for group in (session.new, session.dirty, session.deleted) for obj in group for k in _keys_of(obj)}
    if keys:
        _send(session, keys)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in _COLUMNS:
        _send(state.session, _where_keys(state.statement, name) or {change_bell.key(name)})


def _where_keys(statement, table: str) -> set[change_bell.Key]:
    """`UPDATE inboxitem ... WHERE user_id = 5 AND ...` rings ("inboxitem", "user_id", "5"), not the
    whole table: the keyed columns' equalities among the WHERE clause's top-level AND terms, when
    it names every keyed column of the table (else nothing here: the caller rings the table)."""
    where = getattr(statement, "whereclause", None)
    terms = getattr(where, "clauses", None) if getattr(where, "operator", None) is operators.and_ else None
    found = set()
    for term in terms if terms is not None else ([where] if where is not None else []):
        column, value = getattr(term, "left", None), getattr(term, "right", None)
        if (getattr(term, "operator", None) is operators.eq and getattr(column, "name", None) in _COLUMNS[table]
                and isinstance(value, BindParameter) and value.value is not None):
            found.add(change_bell.key(table, column.name, value.value))
    if {k[1] for k in found} != set(_COLUMNS[table]):  # a keyed column it does not name: its watchers wake too
        return set()
    return found


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    keys = session.info.pop(_PENDING, None)
    if not keys:
        return
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # This process's listener hears its own NOTIFY a moment later: one ring, not two. Noted at
        # once all the same, so that what this process keeps until they ring (core/rung_reads.py)
        # is not read back unchanged in that moment.
        change_bell.note(keys)
    else:
        change_bell.ring(keys)
        # Other processes on the same SQLite file hear it by the file beside it.
        change_bell_file.send(bind.engine.url.render_as_string(hide_password=False), change_bell.encode(keys))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
