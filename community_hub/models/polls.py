"""Polls: options, one ballot per household or per resident (a unique key), and the chosen options."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from community_hub.models.base import utc_field, utcnow


class PollKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"


class VoteScope(StrEnum):
    HOUSEHOLD = "household"  # one ballot per household, whoever casts it
    RESIDENT = "resident"  # one ballot per resident


class ResultsVisibility(StrEnum):
    AFTER_VOTE = "after_vote"  # a resident sees live results once they (their household) voted
    AFTER_CLOSE = "after_close"  # nobody but staff sees results before the poll closes


class Poll(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    question: str = Field(max_length=200)
    description: str = ""
    kind: str = Field(default=PollKind.SINGLE)
    max_choices: int = 1
    vote_scope: str = Field(default=VoteScope.HOUSEHOLD)
    results_visibility: str = Field(default=ResultsVisibility.AFTER_VOTE)
    quorum_percent: int = 0  # share of eligible voters (households or residents) needed; 0 = none
    opens_at: datetime = utc_field(default_factory=utcnow)
    closes_at: datetime = utc_field()
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = utc_field(default_factory=utcnow)


class PollOption(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    label: str = Field(max_length=120)
    position: int = 0


class PollBallot(SQLModel, table=True):
    """One per voter: `voter_key` is "h:<household id>" or "u:<user id>" by the poll's scope."""

    __table_args__ = (UniqueConstraint("poll_id", "voter_key"),)

    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    voter_key: str = Field(max_length=40)
    user_id: int = Field(foreign_key="user.id")
    household_id: int | None = Field(default=None, foreign_key="household.id")
    cast_at: datetime = utc_field(default_factory=utcnow)


class PollVote(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("ballot_id", "option_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ballot_id: int = Field(foreign_key="pollballot.id", index=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    option_id: int = Field(foreign_key="polloption.id", index=True)
