"""One counter that moves whenever who-may-do-what can have changed (roles, households, kiosks,
workers, users, communities): a session's Actor is cached per epoch (accounts/sessions.py)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class AuthzEpoch(SQLModel, table=True):
    __tablename__ = "authz_epoch"

    id: int = Field(default=1, primary_key=True)
    value: int = 0
