"""Lobby kiosks: a device account bound to a community."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class KioskDevice(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=40)  # the id in /kiosk/{code}
    name: str = Field(max_length=80)
    community_id: int = Field(foreign_key="community.id", index=True)
    user_id: int = Field(foreign_key="user.id", unique=True)  # the kiosk's device account
