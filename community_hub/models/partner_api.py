"""The public REST API for merchants and partners (issue 19): keys, the call log, stored answers
to idempotent requests, the event stream partners replay, and webhook endpoints with their
deliveries. Rules live in community_hub/partner_api/."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class ApiKeyMode(StrEnum):
    LIVE = "live"
    SANDBOX = "sandbox"  # full use only where the demo payment provider runs (partner_api/keys.py)


class ApiKey(SQLModel, table=True):
    """A merchant's key. Only the SHA-256 of the secret is kept: the secret is 32 random bytes, so
    a fast hash is enough (nothing to guess) and lets a request find its key by an index."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    name: str = Field(max_length=80)
    mode: str = ApiKeyMode.LIVE
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    secret_hash: str = Field(max_length=64, unique=True)
    shown_prefix: str = Field(max_length=24)  # "hub_live_Ab3x": enough to tell keys apart on a list
    created_by_user_id: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    last_used_at: datetime | None = utc_field(default=None)
    revoked_at: datetime | None = utc_field(default=None)
    # Set when the key was rotated: it keeps working until then (a grace period of up to 7 days).
    expires_at: datetime | None = utc_field(default=None)
    replaced_by_id: int | None = Field(default=None, foreign_key="apikey.id")


class ApiCall(SQLModel, table=True):
    """One request made with a key: what its owner sees on the key's log."""

    __table_args__ = (Index("ix_apicall_key_at", "key_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key_id: int = Field(foreign_key="apikey.id")
    method: str = Field(max_length=8)
    route: str = Field(max_length=120)  # the route's pattern, e.g. /api/v1/orders/{order_id}
    status: int
    duration_ms: int = 0
    at: datetime = utc_field(default_factory=utcnow)


class ApiIdempotentAnswer(SQLModel, table=True):
    """The answer to a write sent with an Idempotency-Key, stored in the same transaction as the
    write: the same key again gets the same answer, a different body with it a 409."""

    __table_args__ = (UniqueConstraint("key_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key_id: int = Field(foreign_key="apikey.id")
    idempotency_key: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)  # method, path and body
    status: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = utc_field(default_factory=utcnow)


class PartnerIdempotentAnswer(SQLModel, table=True):
    """The same, for a community partner's key (its writes: webhook endpoints registered, rotated,
    removed, deliveries resent); a table of its own because ApiIdempotentAnswer.key_id is a shop key."""

    __table_args__ = (UniqueConstraint("partner_key_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_key_id: int = Field(foreign_key="partnerkey.id")
    idempotency_key: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)
    status: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = utc_field(default_factory=utcnow)


class ApiEventCounter(SQLModel, table=True):
    """A merchant's last event number. Taken (row-locked) at the end of the transaction that writes
    events, so numbers are committed in order and a reader's cursor never steps over one."""

    merchant_id: int = Field(foreign_key="merchant.id", primary_key=True)
    last_seq: int = 0


class ApiCommunityEventCounter(SQLModel, table=True):
    """A community's last event number (its partners' stream: bill.paid, its residents' orders),
    taken as the merchants' counter is."""

    community_id: int = Field(foreign_key="community.id", primary_key=True)
    last_seq: int = 0


class ApiEvent(SQLModel, table=True):
    """Something a merchant's partners may hear about (order.created, order.paid, ...), numbered per
    merchant (`seq`, the cursor of /api/v1/events and /api/v1/orders); or, with `community_id`
    instead, something a community's partners hear about (bill.paid, its residents' orders),
    numbered per community. Exactly one owner."""

    __table_args__ = (UniqueConstraint("merchant_id", "seq"),
                      Index("ix_apievent_community_seq", "community_id", "seq", unique=True),
                      CheckConstraint("(merchant_id IS NULL) <> (community_id IS NULL)", name="ck_apievent_owner"))

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")
    community_id: int | None = Field(default=None, foreign_key="community.id")
    seq: int
    type: str = Field(max_length=40)
    order_id: int | None = Field(default=None, foreign_key="order.id", index=True)
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    at: datetime = utc_field(default_factory=utcnow)


class WebhookEndpoint(SQLModel, table=True):
    """Where a merchant (or a community partner's key: `partner_key_id`, exactly one owner) wants
    events posted. The secret signs them (Standard Webhooks), so it is kept as it is; it is shown
    to the owner once."""

    __table_args__ = (CheckConstraint("(merchant_id IS NULL) <> (partner_key_id IS NULL)",
                                      name="ck_webhookendpoint_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    partner_key_id: int | None = Field(default=None, foreign_key="partnerkey.id", index=True)
    url: str = Field(max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    secret: str = Field(max_length=80)
    # After a rotation, deliveries carry a signature with the old secret too, until this time.
    previous_secret: str = Field(default="", max_length=80)
    previous_until: datetime | None = utc_field(default=None)
    enabled: bool = True
    disabled_reason: str = Field(default="", max_length=200)
    failing_since: datetime | None = utc_field(default=None)  # the first failure since the last success
    created_by_user_id: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"  # given up (the endpoint was disabled); "resend" makes it pending again


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, written with the event; the worker posts them in `seq` order."""

    __table_args__ = (UniqueConstraint("endpoint_id", "event_id"),
                      Index("ix_webhookdelivery_due", "status", "next_attempt_at"))

    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhookendpoint.id", index=True)
    event_id: int = Field(foreign_key="apievent.id")
    seq: int  # the event's number, so one endpoint's deliveries go out in order
    status: str = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime = utc_field(default_factory=utcnow)
    lease_until: datetime | None = utc_field(default=None)
    last_status_code: int | None = None
    last_error: str = Field(default="", max_length=300)
    delivered_at: datetime | None = utc_field(default=None)
    created_at: datetime = utc_field(default_factory=utcnow)


class WebhookAttempt(SQLModel, table=True):
    """One try at a delivery: the delivery log the merchant reads."""

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhookdelivery.id", index=True)
    at: datetime = utc_field(default_factory=utcnow)
    status_code: int | None = None
    error: str = Field(default="", max_length=300)
    duration_ms: int = 0


class PartnerKey(SQLModel, table=True):
    """A platform admin's key for a partner that serves one community (a delivery firm, an
    accounting tool): it reads that community's shops' products and its residents' orders, and
    nothing of any one shop's own (partner_api/partner_keys.py). Read-only scopes only."""

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=80)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    secret_hash: str = Field(max_length=64, unique=True)
    shown_prefix: str = Field(max_length=24)
    created_by_user_id: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)
    last_used_at: datetime | None = utc_field(default=None)
    revoked_at: datetime | None = utc_field(default=None)


class PartnerCall(SQLModel, table=True):
    """One request made with a partner key: the log its admins read."""

    __table_args__ = (Index("ix_partnercall_key_at", "partner_key_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    partner_key_id: int = Field(foreign_key="partnerkey.id")
    method: str = Field(max_length=8)
    route: str = Field(max_length=120)
    status: int
    duration_ms: int = 0
    at: datetime = utc_field(default_factory=utcnow)
