"""Communities, their households and residents, and the property company that runs them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class PropertyCompany(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)


class Community(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=60)
    name: str = Field(max_length=120)
    address: str = ""
    lat: float
    lon: float
    property_company_id: int | None = Field(default=None, foreign_key="propertycompany.id")
    # Walking speed and minutes that make the business circle (80 m/min, 10 minutes by default).
    walk_m_per_min: int = 80
    circle_minutes: int = 10
    # IANA zone (e.g. "America/New_York") in which its people read and type times; stored times stay UTC.
    time_zone: str = Field(default="UTC", max_length=64)
    created_at: datetime = utc_field(default_factory=utcnow)


class Household(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "building", "unit"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    building: str = Field(max_length=20)
    unit: str = Field(max_length=20)
    area_m2: int = 0
    # The owner as the property office's register has them (CSV import or the unit form); the
    # people who live there are HouseholdMember rows, joined by code or request.
    owner_name: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    owner_contact: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})


class HouseholdMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("household_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    relation: str = "owner"  # owner | tenant | family
