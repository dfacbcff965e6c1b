"""Neighbour sharing (community_hub/sharing/): friends, circles, blocks, privacy, parking slots
rented by the hour and their bookings, and the admin's sharing settings.

Who may see a post is stored on the post (`audience` + its chosen circles in `PostCircle`); the
rules that read it live in sharing/visibility.py. Money is never stored here beyond what a booking
costs: where it sits is the ledger's (references "share:dep-<booking>" and "share:bal-<booking>").
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class Audience(StrEnum):
    FRIENDS = "friends"  # every friend of the poster
    CIRCLES = "circles"  # friends in the circles chosen on the post (PostCircle)
    COMMUNITY = "community"  # every resident of the poster's community


class Reach(StrEnum):
    """Who may find me / who may send me friend requests."""

    COMMUNITY = "community"
    FRIENDS_OF_FRIENDS = "friends_of_friends"
    NOBODY = "nobody"


class SharingPrivacy(SQLModel, table=True):
    """A member's privacy for sharing; no row means the defaults (findable and reachable by the community)."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    findable_by: str = Field(default=Reach.COMMUNITY, max_length=20)
    requests_from: str = Field(default=Reach.COMMUNITY, max_length=20)
    updated_at: datetime = utc_field(default_factory=utcnow)


class FriendRequest(SQLModel, table=True):
    """One open request per ordered pair; answered requests are deleted (a friendship or nothing remains)."""

    __table_args__ = (UniqueConstraint("from_user_id", "to_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    from_user_id: int = Field(foreign_key="user.id", index=True)
    to_user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = utc_field(default_factory=utcnow)


class Friendship(SQLModel, table=True):
    """Stored once per pair with the smaller id first, so a pair cannot be friends twice."""

    __table_args__ = (UniqueConstraint("low_user_id", "high_user_id"),
                      CheckConstraint("low_user_id < high_user_id", name="ck_friendship_order"))

    id: int | None = Field(default=None, primary_key=True)
    low_user_id: int = Field(foreign_key="user.id", index=True)
    high_user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = utc_field(default_factory=utcnow)


class Circle(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=60)
    created_at: datetime = utc_field(default_factory=utcnow)


class CircleMember(SQLModel, table=True):
    circle_id: int = Field(foreign_key="circle.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True, index=True)


class Block(SQLModel, table=True):
    """`blocker_id` blocked `blocked_id`; the rules read it both ways."""

    blocker_id: int = Field(foreign_key="user.id", primary_key=True)
    blocked_id: int = Field(foreign_key="user.id", primary_key=True, index=True)
    created_at: datetime = utc_field(default_factory=utcnow)


class PostCircle(SQLModel, table=True):
    """The circles a post with audience "circles" is shown to. `post_kind`: "slot" (or "item")."""

    post_kind: str = Field(primary_key=True, max_length=10)
    post_id: int = Field(primary_key=True)
    circle_id: int = Field(foreign_key="circle.id", primary_key=True, index=True)


class SharingSettings(SQLModel, table=True):
    """The platform's rules for sharing, one row (id 1) set by admins."""

    id: int = Field(default=1, primary_key=True)
    fee_bps: int = Field(default=0)  # the platform's share of what an owner earns, in basis points
    max_active_posts: int = Field(default=20)
    updated_at: datetime = utc_field(default_factory=utcnow)


class ApprovalMode(StrEnum):
    INSTANT = "instant"
    OWNER = "owner"  # the owner approves each booking (the deposit is taken at the request)


class ParkingSlot(SQLModel, table=True):
    post_kind: ClassVar[str] = "slot"  # its rows in PostCircle

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    place: str = Field(max_length=80)  # where in the car park ("B2-17")
    note: str = Field(default="", max_length=500)
    photo: str = Field(default="", max_length=200)  # stored picture's name (core/uploads), optional
    hourly_minor: int
    currency: str = Field(default="USD", max_length=3)
    deposit_bps: int  # the deposit's share of the price, 1..10000
    min_hours: int = Field(default=1)
    max_hours: int = Field(default=24)
    approval: str = Field(default=ApprovalMode.INSTANT, max_length=10)
    audience: str = Field(default=Audience.COMMUNITY, max_length=10)
    active: bool = Field(default=True)
    owner_cancellations: int = Field(default=0)  # bookings the owner called off (shown on the slot)
    created_at: datetime = utc_field(default_factory=utcnow)


class SlotWindow(SQLModel, table=True):
    """A time the slot is free, in the community's local time: every `weekday` (0 = Monday), or on
    one `day`. Minutes from local midnight, end after start, at most 1440 (no window crosses midnight)."""

    __table_args__ = (CheckConstraint("start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
                                      name="ck_slotwindow_minutes"),)

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="parkingslot.id", index=True)
    weekday: int | None = Field(default=None)
    day: date | None = Field(default=None)
    start_minute: int
    end_minute: int


class BookingStatus(StrEnum):
    AWAITING_DEPOSIT = "awaiting_deposit"  # holds the time for HOLD_MINUTES while the renter pays
    REQUESTED = "requested"  # deposit paid, the owner has not approved yet
    CONFIRMED = "confirmed"  # deposit paid (and approved); after its end the balance is due
    BALANCE_PAID = "balance_paid"  # waiting for the payout run
    PAID_OUT = "paid_out"  # deposit + balance went to the owner (less the fee)
    FORFEITED = "forfeited"  # the deposit went to the owner (late cancellation, balance unpaid)
    CANCELLED = "cancelled"  # nothing kept: the deposit (if any) went back
    EXPIRED = "expired"  # the deposit was never paid


# The statuses that hold the slot's time against other bookings (awaiting: only while fresh).
HOLDING = (BookingStatus.AWAITING_DEPOSIT, BookingStatus.REQUESTED, BookingStatus.CONFIRMED,
           BookingStatus.BALANCE_PAID, BookingStatus.PAID_OUT)


class ParkingBooking(SQLModel, table=True):
    __table_args__ = (Index("ix_parkingbooking_slot_time", "slot_id", "starts_at", "ends_at"),
                      CheckConstraint("starts_at < ends_at", name="ck_parkingbooking_range"))

    id: int | None = Field(default=None, primary_key=True)
    slot_id: int = Field(foreign_key="parkingslot.id", index=True)
    renter_id: int = Field(foreign_key="user.id", index=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    starts_at: datetime = utc_field()
    ends_at: datetime = utc_field()
    status: str = Field(default=BookingStatus.AWAITING_DEPOSIT, max_length=20, index=True)
    price_minor: int
    deposit_minor: int
    currency: str = Field(default="USD", max_length=3)
    cancelled_by: str = Field(default="", max_length=10)  # "renter" | "owner" | ""
    payout_minor: int = Field(default=0)  # what reached the owner, after the fee
    fee_minor: int = Field(default=0)
    # Hours past the end the owner reported, at the hourly price: added to the balance while it is
    # unpaid, otherwise owed by the renter (sharing/parking_overstay.py).
    overstay_minor: int = Field(default=0)
    created_at: datetime = utc_field(default_factory=utcnow)
    closed_at: datetime | None = utc_field(default=None, nullable=True)


class ItemKind(StrEnum):
    SELL = "sell"
    SWAP = "swap"
    GIVE = "give"


class ItemStatus(StrEnum):
    AVAILABLE = "available"
    RESERVED = "reserved"  # for one neighbour (`reserved_for_id`)
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # not renewed within 30 days


ACTIVE_ITEM = (ItemStatus.AVAILABLE, ItemStatus.RESERVED)


class SharedItem(SQLModel, table=True):
    """Something to sell, swap or give away. For a sale the reserved buyer pays into escrow
    ("share:item-<id>"); the money goes to the seller on the buyer's confirmation or 72 h later."""

    post_kind: ClassVar[str] = "item"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    kind: str = Field(max_length=10)
    title: str = Field(max_length=80)
    description: str = Field(default="", max_length=2000)
    condition: str = Field(default="good", max_length=20)
    price_minor: int = Field(default=0)
    currency: str = Field(default="USD", max_length=3)
    swap_for: str = Field(default="", max_length=200)
    pickup_place: str = Field(default="", max_length=120)
    photos: str = Field(default="", max_length=1000)  # stored picture names, comma-separated
    audience: str = Field(default=Audience.COMMUNITY, max_length=10)
    status: str = Field(default=ItemStatus.AVAILABLE, max_length=10, index=True)
    reserved_for_id: int | None = Field(default=None, foreign_key="user.id")
    paid_at: datetime | None = utc_field(default=None, nullable=True)  # the buyer's money is in escrow
    problem_reported_at: datetime | None = utc_field(default=None, nullable=True)
    owner_done: bool = Field(default=False)  # give-aways and swaps: each side marks it completed
    taker_done: bool = Field(default=False)
    renewed_at: datetime = utc_field(default_factory=utcnow)  # expires 30 days after this
    completed_at: datetime | None = utc_field(default=None, nullable=True)
    created_at: datetime = utc_field(default_factory=utcnow)


class Conversation(SQLModel, table=True):
    """One per item and interested neighbour; only the two of them read it."""

    __table_args__ = (UniqueConstraint("item_id", "other_id"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="shareditem.id", index=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    other_id: int = Field(foreign_key="user.id", index=True)
    last_message_at: datetime = utc_field(default_factory=utcnow)
    # The newest message id each side has read: what is newer is unread (/share/messages).
    owner_seen_id: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    other_seen_id: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ConversationMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    sender_id: int = Field(foreign_key="user.id")
    body: str = Field(max_length=1000)
    created_at: datetime = utc_field(default_factory=utcnow)
    hidden: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # removed by a moderator


class SharingReview(SQLModel, table=True):
    """A rating of the other side of a completed deal ("booking" or "item"), published once both
    wrote or the 14-day window closed (sharing/reviews.py)."""

    __table_args__ = (UniqueConstraint("deal_kind", "deal_id", "author_id"),
                      CheckConstraint("rating BETWEEN 1 AND 5", name="ck_sharingreview_rating"))

    id: int | None = Field(default=None, primary_key=True)
    deal_kind: str = Field(max_length=10)
    deal_id: int
    author_id: int = Field(foreign_key="user.id", index=True)
    about_id: int = Field(foreign_key="user.id", index=True)
    rating: int
    comment: str = Field(default="", max_length=500)
    created_at: datetime = utc_field(default_factory=utcnow)
    hidden: bool = Field(default=False, sa_column_kwargs={"server_default": false()})  # removed by a moderator


class SharingReport(SQLModel, table=True):
    """A member's report of abuse in sharing (an item post, a message, a review), waiting in the
    admins' moderation queue beside reported shop reviews (sharing/reports.py)."""

    __table_args__ = (UniqueConstraint("target_kind", "target_id", "reporter_id"),)

    id: int | None = Field(default=None, primary_key=True)
    target_kind: str = Field(max_length=10)  # "item" | "message" | "review"
    target_id: int
    reporter_id: int = Field(foreign_key="user.id")
    reason: str = Field(max_length=500)
    state: str = Field(default="open", max_length=10, index=True)  # open | upheld | dismissed
    created_at: datetime = utc_field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = utc_field(default=None, nullable=True)
