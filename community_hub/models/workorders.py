"""Repair work orders: categories with SLA hours, maintenance workers, orders, photos and timeline."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class WorkOrderStatus(StrEnum):
    REPORTED = "reported"
    TRIAGED = "triaged"
    DISPATCHED = "dispatched"
    ACCEPTED = "accepted"
    ON_THE_WAY = "on_the_way"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CONFIRMED = "confirmed"
    REOPENED = "reopened"  # resident unhappy: a follow-up visit is needed
    CANCELLED = "cancelled"


class WorkOrderCategory(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=60)
    sla_hours: int = Field(default=48, gt=0)  # from report (or reopening) to done


class MaintenanceWorker(SQLModel, table=True):
    """A person who does repairs; `user_id` links a login so they can update their own orders."""

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    name: str = Field(max_length=80)
    phone: str = Field(default="", max_length=20)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    active: bool = True


class WorkOrder(SQLModel, table=True):
    __table_args__ = (Index("ix_workorder_open", "community_id", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id")
    household_id: int = Field(foreign_key="household.id", index=True)
    reporter_user_id: int = Field(foreign_key="user.id")
    category_id: int = Field(foreign_key="workordercategory.id")
    location: str = Field(max_length=120)
    description: str = Field(max_length=2000)
    preferred_time: str = Field(default="", max_length=120)
    status: str = Field(default=WorkOrderStatus.REPORTED)
    worker_id: int | None = Field(default=None, foreign_key="maintenanceworker.id", index=True)
    visits: int = 1  # 2+ after follow-up visits
    created_at: datetime = utc_field(default_factory=utcnow)
    due_at: datetime = utc_field()
    updated_at: datetime = utc_field(default_factory=utcnow)
    done_at: datetime | None = utc_field(default=None)
    closed_at: datetime | None = utc_field(default=None)  # confirmed or cancelled
    rating: int | None = None  # 1..5 from the resident on confirming
    rating_comment: str = ""


class WorkOrderPhoto(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    work_order_id: int = Field(foreign_key="workorder.id", index=True)
    stage: str  # the status the order was moving to when the photo was added (reported, done...)
    path: str
    original_name: str = Field(max_length=200)
    content_type: str
    size: int
    uploaded_by: int = Field(foreign_key="user.id")
    at: datetime = utc_field(default_factory=utcnow)


class WorkOrderEvent(SQLModel, table=True):
    """One step of the timeline: who moved the order from what to what, when, and why."""

    id: int | None = Field(default=None, primary_key=True)
    work_order_id: int = Field(foreign_key="workorder.id", index=True)
    from_status: str | None = None
    to_status: str
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    actor_role: str  # resident | staff | worker
    note: str = ""
    at: datetime = utc_field(default_factory=utcnow)
