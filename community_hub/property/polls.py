"""Polls and voting.

One vote per household or per resident is checked before inserting AND enforced by the unique key
(poll, voter); a concurrent second ballot loses on the key inside a savepoint and gets the same
clear message, with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household, HouseholdMember, Role, User, UserRole, UserStatus
from community_hub.models.base import utcnow
from community_hub.models.polls import (
    Poll,
    PollBallot,
    PollKind,
    PollOption,
    PollVote,
    ResultsVisibility,
    VoteScope,
)


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    label: str
    votes: int
    percent: float  # of ballots cast


@dataclass(frozen=True)
class PollResults:
    poll_id: int
    ballots: int
    eligible: int
    turnout_percent: float
    quorum_percent: int
    quorum_reached: bool
    options: list[OptionResult]
    is_closed: bool


@dataclass(frozen=True)
class PollView:
    id: int
    question: str
    description: str
    kind: str
    max_choices: int
    vote_scope: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    has_voted: bool
    my_choices: list[int]
    options: list[tuple[int, str]]
    results: PollResults | None  # None while the visibility rule hides them


def create_poll(
    db: Session,
    actor: Actor,
    community_id: int,
    *,
    question: str,
    options: list[str],
    closes_at: datetime,
    opens_at: datetime | None = None,
    kind: str = PollKind.SINGLE,
    max_choices: int | None = None,
    vote_scope: str = VoteScope.HOUSEHOLD,
    results_visibility: str = ResultsVisibility.AFTER_VOTE,
    quorum_percent: int = 0,
    description: str = "",
) -> Poll:
    """Staff open a poll: single or multiple choice, one vote per household or resident, with times."""
    require_staff_of(actor, community_id)
    question = (question or "").strip()
    labels = [o.strip() for o in options if o and o.strip()]
    opens_at = opens_at or utcnow()
    if not question or len(question) > 200:
        raise ServiceError("Write the question (at most 200 characters).")
    if len(labels) < 2:
        raise ServiceError("A poll needs at least two options.")
    if len(set(x.lower() for x in labels)) != len(labels):
        raise ServiceError("Two options have the same text.")
    if any(len(x) > 120 for x in labels):
        raise ServiceError("An option is too long (at most 120 characters).")
    if kind not in set(PollKind):
        raise ServiceError("A poll is single or multiple choice.")
    if vote_scope not in set(VoteScope):
        raise ServiceError("Choose one vote per household or one vote per resident.")
    if results_visibility not in set(ResultsVisibility):
        raise ServiceError("Choose when residents see results: after voting or after closing.")
    if closes_at.tzinfo is None or opens_at.tzinfo is None:
        raise ServiceError("Times must include a time zone.")
    if closes_at <= opens_at:
        raise ServiceError("The poll must close after it opens.")
    if not 0 <= quorum_percent <= 100:
        raise ServiceError("The quorum is a percentage between 0 and 100.")
    if kind == PollKind.SINGLE:
        max_choices = 1
    else:
        max_choices = max_choices or len(labels)
        if not 1 <= max_choices <= len(labels):
            raise ServiceError(phrase("Voters can pick between 1 and {count} options.", count=len(labels)))
    poll = Poll(community_id=community_id, question=question, description=description, kind=kind,
                max_choices=max_choices, vote_scope=vote_scope, results_visibility=results_visibility,
                quorum_percent=quorum_percent, opens_at=opens_at, closes_at=closes_at, created_by=actor.user_id)
    db.add(poll)
    db.flush()
    for i, label in enumerate(labels):
        db.add(PollOption(poll_id=poll.id, label=label, position=i))
    db.flush()
    return poll


def close_poll(db: Session, actor: Actor, poll_id: int, *, now: datetime | None = None) -> Poll:
    """Staff close a poll early; results become final."""
    poll = get_or_not_found(db, Poll, poll_id, phrase("poll"), lock=True)
    require_staff_of(actor, poll.community_id)
    now = now or utcnow()
    if poll.closes_at <= now:
        raise ServiceError("This poll is already closed.")
    poll.closes_at = max(now, poll.opens_at)
    return poll


def _voter_key(poll: Poll, actor: Actor) -> str:
    if poll.vote_scope == VoteScope.HOUSEHOLD:
        if actor.household_id is None:
            raise ServiceError("Only residents placed in a household can vote in this poll.")
        return f"h:{actor.household_id}"
    return f"u:{actor.user_id}"


def _already(poll: Poll) -> ServiceError:
    if poll.vote_scope == VoteScope.HOUSEHOLD:
        return ServiceError(phrase("Your household has already voted in this poll."), code="already_voted")
    return ServiceError(phrase("You have already voted in this poll."), code="already_voted")


def cast_vote(db: Session, actor: Actor, poll_id: int, option_ids: list[int], *,
              now: datetime | None = None) -> PollBallot:
    """A resident votes once (per household or per resident, by the poll's rule)."""
    require_resident(actor)
    now = now or utcnow()
    poll = db.get(Poll, poll_id)
    if poll is None or poll.community_id != actor.community_id:
        raise NotFound("poll")
    if now < poll.opens_at:
        raise ServiceError("This poll is not open yet.")
    if now >= poll.closes_at:
        raise ServiceError("This poll has closed.")
    chosen = list(dict.fromkeys(option_ids))
    valid = set(db.exec(select(PollOption.id).where(PollOption.poll_id == poll.id)).all())
    if not chosen:
        raise ServiceError("Choose an option.")
    if not set(chosen) <= valid:
        raise ServiceError("That option is not part of this poll.")
    if poll.kind == PollKind.SINGLE and len(chosen) != 1:
        raise ServiceError("Choose exactly one option.")
    if len(chosen) > poll.max_choices:
        raise ServiceError(phrase("Choose at most {count} options.", count=poll.max_choices))
    key = _voter_key(poll, actor)
    if db.exec(select(PollBallot.id).where(PollBallot.poll_id == poll.id, PollBallot.voter_key == key)).first():
        raise _already(poll)
    ballot = PollBallot(poll_id=poll.id, voter_key=key, user_id=actor.user_id,
                        household_id=actor.household_id, cast_at=now)
    try:
        with db.begin_nested():
            db.add(ballot)
            db.flush()
    except IntegrityError:
        raise _already(poll) from None
    for option_id in chosen:
        db.add(PollVote(ballot_id=ballot.id, poll_id=poll.id, option_id=option_id))
    db.flush()
    return ballot


def _eligible(db: Session, poll: Poll) -> int:
    if poll.vote_scope == VoteScope.HOUSEHOLD:
        return db.exec(select(func.count(func.distinct(Household.id))).select_from(Household)
                       .join(HouseholdMember, HouseholdMember.household_id == Household.id)
                       .where(Household.community_id == poll.community_id)).one()
    return db.exec(select(func.count(func.distinct(User.id))).select_from(User)
                   .join(UserRole, UserRole.user_id == User.id)
                   .where(UserRole.role == Role.RESIDENT, UserRole.community_id == poll.community_id,
                          User.status == UserStatus.ACTIVE)).one()


def _results(db: Session, poll: Poll, now: datetime) -> PollResults:
    ballots = db.exec(select(func.count()).select_from(PollBallot).where(PollBallot.poll_id == poll.id)).one()
    counts = dict(db.exec(select(PollVote.option_id, func.count()).where(PollVote.poll_id == poll.id)
                          .group_by(PollVote.option_id)).all())
    opts = db.exec(select(PollOption).where(PollOption.poll_id == poll.id).order_by(PollOption.position)).all()
    eligible = _eligible(db, poll)
    turnout = round(100 * ballots / eligible, 1) if eligible else 0.0
    return PollResults(
        poll_id=poll.id, ballots=ballots, eligible=eligible, turnout_percent=turnout,
        quorum_percent=poll.quorum_percent,
        quorum_reached=eligible > 0 and ballots * 100 >= poll.quorum_percent * eligible,
        options=[OptionResult(o.id, o.label, counts.get(o.id, 0),
                              round(100 * counts.get(o.id, 0) / ballots, 1) if ballots else 0.0) for o in opts],
        is_closed=now >= poll.closes_at,
    )


def poll_results(db: Session, actor: Actor, poll_id: int, *, now: datetime | None = None) -> PollResults:
    """Counts per option, turnout and quorum. Staff always; residents by the poll's visibility rule."""
    now = now or utcnow()
    poll = get_or_not_found(db, Poll, poll_id, phrase("poll"))
    if actor.is_authenticated and (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(poll.community_id)):
        return _results(db, poll, now)
    view = get_poll(db, actor, poll_id, now=now)
    if view.results is None:
        if poll.results_visibility == ResultsVisibility.AFTER_CLOSE:
            raise ServiceError("Results are shown when the poll closes.", code="hidden")
        raise ServiceError("Results are shown after you vote.", code="hidden")
    return view.results


def get_poll(db: Session, actor: Actor, poll_id: int, *, now: datetime | None = None) -> PollView:
    """A poll as a resident sees it: whether they voted, their choices, and results if allowed."""
    require_resident(actor)
    now = now or utcnow()
    poll = db.get(Poll, poll_id)
    if poll is None or poll.community_id != actor.community_id:
        raise NotFound("poll")
    try:
        key = _voter_key(poll, actor)
    except ServiceError:
        key = None
    ballot = db.exec(select(PollBallot).where(PollBallot.poll_id == poll.id, PollBallot.voter_key == key)).first() \
        if key else None
    mine = list(db.exec(select(PollVote.option_id).where(PollVote.ballot_id == ballot.id)).all()) if ballot else []
    closed = now >= poll.closes_at
    show = closed or (poll.results_visibility == ResultsVisibility.AFTER_VOTE and ballot is not None)
    opts = db.exec(select(PollOption).where(PollOption.poll_id == poll.id).order_by(PollOption.position)).all()
    return PollView(
        id=poll.id, question=poll.question, description=poll.description, kind=poll.kind,
        max_choices=poll.max_choices, vote_scope=poll.vote_scope, opens_at=poll.opens_at,
        closes_at=poll.closes_at, is_open=poll.opens_at <= now < poll.closes_at, has_voted=ballot is not None,
        my_choices=mine, options=[(o.id, o.label) for o in opts],
        results=_results(db, poll, now) if show else None,
    )


def list_polls_for_resident(db: Session, actor: Actor, *, now: datetime | None = None) -> list[PollView]:
    """The community's polls that have opened, open ones first, newest first."""
    require_resident(actor)
    now = now or utcnow()
    polls = db.exec(select(Poll).where(Poll.community_id == actor.community_id, Poll.opens_at <= now)
                    .order_by(Poll.closes_at.desc(), Poll.id.desc())).all()
    views = [get_poll(db, actor, p.id, now=now) for p in polls]
    return sorted(views, key=lambda v: not v.is_open)


def list_polls_for_staff(db: Session, actor: Actor, community_id: int) -> list[Poll]:
    require_staff_of(actor, community_id)
    return list(db.exec(select(Poll).where(Poll.community_id == community_id).order_by(Poll.id.desc())).all())


def poll_ids_for_resident(db: Session, actor: Actor) -> list[int]:
    """The resident's community polls, latest closing first (use `polls.get_poll` for each)."""
    require_resident(actor)
    return list(db.exec(select(Poll.id).where(Poll.community_id == actor.community_id)
                        .order_by(Poll.closes_at.desc(), Poll.id.desc())).all())


def polls_for_staff(db: Session, actor: Actor, community_id: int) -> list[Poll]:
    """Staff: every poll of the community, newest first (`polls.poll_results` gives the counts)."""
    require_staff_of(actor, community_id)
    return list(db.exec(select(Poll).where(Poll.community_id == community_id)
                        .order_by(Poll.created_at.desc(), Poll.id.desc())).all())
