"""The membership programme: programmes and their levels, batches of printed cards, the people who
hold a card (a cardholding), the activations waiting for their fee, and member discounts on orders.

A programme's levels can be edited at any time; what a member paid for is kept on their
cardholding (the fee paid, the period), so an edit never changes what anyone already bought.
(The lobby kiosk's own login cards are `kiosk_cards.MemberCard`, a different thing.)
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import unique_where, utc_field, utcnow


class FeePeriod(StrEnum):
    ONE_OFF = "one_off"
    YEARLY = "yearly"


class DiscountFunder(StrEnum):
    PLATFORM = "platform"  # the shop gets its full price; the platform pays the difference
    MERCHANT = "merchant"  # the shop simply sells for less


class CardState(StrEnum):
    ISSUED = "issued"  # printed, in the issuing centre
    ASSIGNED = "assigned"  # handed to an agent or staff member to give out
    ACTIVATED = "activated"  # a member activated it (and paid its fee)
    DISABLED = "disabled"  # by a platform admin, with a reason; never comes back


class HoldingState(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"  # disabled card, or replaced


class HolderType(StrEnum):
    PROVIDES = "provides"  # provides services
    NEEDS = "needs"  # needs services
    BOTH = "both"


class ActivationState(StrEnum):
    WAITING = "waiting"  # the fee is being paid
    DONE = "done"
    FAILED = "failed"  # refused when the money arrived (the money went to suspense for a refund)


class CardProgramme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=80)
    currency: str = Field(default="USD", max_length=3)
    # Who pays for member prices at checkout (DiscountFunder).
    discount_funded_by: str = Field(default=DiscountFunder.PLATFORM, max_length=10)
    # The identity kinds this programme accepts, comma separated (membership/identity.KINDS).
    identity_kinds: str = Field(default="national_id,mobile", max_length=120)
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class CardLevel(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="cardprogramme.id", index=True)
    name: str = Field(max_length=40)
    fee_minor: int = Field(default=0, ge=0)
    fee_period: str = Field(default=FeePeriod.ONE_OFF, max_length=10)
    discount_bps: int = Field(default=0, ge=0, le=5000)
    points_multiplier_pct: int = Field(default=100, ge=0, le=1000)  # 150 = points x1.5
    rank: int = Field(default=1, ge=1, le=100)  # priority: a higher rank is served first
    permissions: str = Field(default="", max_length=200)  # comma separated (membership/levels.PERMISSIONS)
    active: bool = True
    updated_at: datetime = utc_field(default_factory=utcnow)


class CardBatch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="cardprogramme.id", index=True)
    level_id: int = Field(foreign_key="cardlevel.id")
    size: int = Field(gt=0)
    note: str = Field(default="", max_length=200)
    assigned_to: int | None = Field(default=None, foreign_key="user.id", index=True)  # agent or staff
    assigned_at: datetime | None = utc_field(default=None)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class MembershipCard(SQLModel, table=True):
    """A printed card: its number, and the hash of its secret activation code (the code itself is
    derived from the server's secret and the card's salt, so the sheet can be printed again but
    the database alone never reveals it; see membership/card_codes.py)."""

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int | None = Field(default=None, foreign_key="cardbatch.id", index=True)  # None: bought online
    programme_id: int = Field(foreign_key="cardprogramme.id", index=True)
    level_id: int = Field(foreign_key="cardlevel.id")
    number: str = Field(unique=True, index=True, max_length=20)
    code_salt: str = Field(max_length=32)
    code_hash: str = Field(max_length=64)
    state: str = Field(default=CardState.ISSUED, index=True, max_length=10)
    failed_tries: int = 0
    locked_until: datetime | None = utc_field(default=None)
    disabled_reason: str = Field(default="", max_length=200)
    disabled_at: datetime | None = utc_field(default=None)
    activated_at: datetime | None = utc_field(default=None)
    created_at: datetime = utc_field(default_factory=utcnow)


class Cardholding(SQLModel, table=True):
    """A member holding a card of a programme at a level. One active card per identity per
    programme (a partial unique index proves it); registration order is `registered_at`."""

    __table_args__ = (
        unique_where("uq_cardholding_identity", "programme_id", "identity_kind", "identity_value",
                     where="state = 'active'"),
        Index("ix_cardholding_user_state", "user_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    programme_id: int = Field(foreign_key="cardprogramme.id", index=True)
    level_id: int = Field(foreign_key="cardlevel.id")
    card_id: int = Field(foreign_key="membershipcard.id", unique=True)
    identity_kind: str = Field(max_length=20)
    identity_value: str = Field(max_length=40)  # normalised: digits, E.164...
    identity_region: str = Field(default="", max_length=12)  # a national ID's area prefix
    community_id: int | None = Field(default=None, foreign_key="community.id")  # for region groups
    holder_type: str = Field(default=HolderType.NEEDS, max_length=10)
    state: str = Field(default=HoldingState.ACTIVE, max_length=10)
    paid_minor: int = 0  # what was paid for the level held now (fee, plus upgrade differences)
    currency: str = Field(default="USD", max_length=3)
    fee_period: str = Field(default=FeePeriod.ONE_OFF, max_length=10)
    expires_at: datetime | None = utc_field(default=None)  # yearly fees: valid until then
    registered_at: datetime = utc_field(default_factory=utcnow)


class CardActivation(SQLModel, table=True):
    """A new card or an upgrade waiting for its fee: paid through the payment purpose
    "card_fee:{id}", completed by the payment hook (membership/card_fee_payments.py)."""

    __table_args__ = (
        # One fee in flight per card: two members racing for one card cannot both pay.
        unique_where("uq_activation_card_waiting", "card_id", where="state = 'waiting'"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    programme_id: int = Field(foreign_key="cardprogramme.id")
    level_id: int = Field(foreign_key="cardlevel.id")
    card_id: int = Field(foreign_key="membershipcard.id")
    holding_id: int | None = Field(default=None, foreign_key="cardholding.id")  # set for an upgrade
    identity_kind: str = Field(default="", max_length=20)
    identity_value: str = Field(default="", max_length=40)
    identity_region: str = Field(default="", max_length=12)
    holder_type: str = Field(default=HolderType.NEEDS, max_length=10)
    fee_minor: int = 0
    currency: str = Field(default="USD", max_length=3)
    state: str = Field(default=ActivationState.WAITING, index=True, max_length=10)
    failure: str = Field(default="", max_length=200)
    created_at: datetime = utc_field(default_factory=utcnow)
    done_at: datetime | None = utc_field(default=None)


class MemberDiscount(SQLModel, table=True):
    """The member price line of one order: how much, at which level, and who funds it. A
    platform-funded one is paid to the shop from the platform's costs when the order settles."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order.id", unique=True)
    merchant_id: int = Field(foreign_key="merchant.id")
    holding_id: int = Field(foreign_key="cardholding.id")
    level_name: str = Field(max_length=40)
    discount_bps: int
    amount_minor: int = Field(gt=0)
    currency: str = Field(max_length=3)
    funded_by: str = Field(max_length=10)
    created_at: datetime = utc_field(default_factory=utcnow)
