"""Waiting lists of convenience services (issue 16's priority): a service may take only so many
bookings a day (`ConvenienceService.places_per_day`); a resident who finds the day full can wait
for a place. A freed place goes to the first waiting request in membership priority order
(community_hub/property/service_waiting.py)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class WaitingState(StrEnum):
    WAITING = "waiting"
    BOOKED = "booked"  # a place was freed and given: `booking_id` is the booking made
    WITHDRAWN = "withdrawn"  # the resident (or staff) took the request off the list


class ServiceWaiting(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="convenienceservice.id", index=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    day: date  # the community's local day the booking is wanted for
    quantity: int = Field(gt=0)
    requested_for: datetime | None = utc_field(default=None)
    notes: str = Field(default="", max_length=500)
    state: str = Field(default=WaitingState.WAITING, max_length=10, index=True)
    queued_at: datetime = utc_field(default_factory=utcnow)
    booking_id: int | None = Field(default=None, foreign_key="servicebooking.id")
    done_at: datetime | None = utc_field(default=None)
