"""Polls: one vote per household or resident (also under concurrent votes), visibility, quorum."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.db import session_scope
from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.models.base import utcnow
from community_hub.models.polls import PollBallot, PollVote
from community_hub.property import polls


def _poll(tx, w, **kw):
    kw.setdefault("question", "Repaint the lobby?")
    kw.setdefault("options", ["Yes", "No", "Later"])
    kw.setdefault("closes_at", utcnow() + timedelta(days=3))
    with tx() as db:
        p = polls.create_poll(db, w.staff, w.community.id, **kw)
        opts = [o[0] for o in polls.get_poll(db, w.ann, p.id).options]
        return p.id, opts


def test_one_vote_per_household(tx, db, world):
    w = world
    pid, (yes, no, _) = _poll(tx, w)
    with tx() as s:
        polls.cast_vote(s, w.ann, pid, [yes])
    with pytest.raises(ServiceError, match="Your household has already voted"), tx() as s:
        polls.cast_vote(s, w.amy, pid, [no])  # same household as ann
    with tx() as s:
        polls.cast_vote(s, w.bob, pid, [no])
        res = polls.poll_results(s, w.staff, pid)
        assert polls.get_poll(s, w.amy, pid).has_voted  # her household did
    assert [(o.label, o.votes) for o in res.options] == [("Yes", 1), ("No", 1), ("Later", 0)]
    assert (res.ballots, res.eligible) == (2, 3)
    assert len(db.exec(select(PollVote)).all()) == 2


def test_one_vote_per_resident_when_configured(tx, world):
    w = world
    pid, (yes, no, _) = _poll(tx, w, vote_scope="resident")
    with tx() as s:
        polls.cast_vote(s, w.ann, pid, [yes])
        polls.cast_vote(s, w.amy, pid, [no])
    with pytest.raises(ServiceError, match="You have already voted"), tx() as s:
        polls.cast_vote(s, w.ann, pid, [no])
    with tx() as s:
        res = polls.poll_results(s, w.staff, pid)
    assert (res.ballots, res.eligible) == (2, 4)


@pytest.mark.parametrize("scope", ["household", "resident"])
def test_concurrent_votes_leave_one_ballot_per_voter(engine, tx, db, world, scope):
    w = world
    pid, (yes, no, _) = _poll(tx, w, vote_scope=scope)
    voters = [w.ann, w.amy, w.ann, w.amy]  # one household; ann and amy each try twice at once
    barrier, ok, refused, other = threading.Barrier(len(voters)), [], [], []

    def vote(actor, option):
        barrier.wait()
        try:
            with session_scope(engine) as s:
                polls.cast_vote(s, actor, pid, [option])
            ok.append(actor.user_id)
        except ServiceError as exc:
            refused.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
            other.append(exc)

    threads = [threading.Thread(target=vote, args=(a, yes if i % 2 else no)) for i, a in enumerate(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    expected = 1 if scope == "household" else 2
    assert len(ok) == expected and refused == ["already_voted"] * (4 - expected)
    assert len(db.exec(select(PollBallot).where(PollBallot.poll_id == pid)).all()) == expected
    assert len(db.exec(select(PollVote).where(PollVote.poll_id == pid)).all()) == expected


def test_results_visibility_after_vote_and_after_close(tx, world):
    w = world
    pid, (yes, *_) = _poll(tx, w)
    with pytest.raises(ServiceError, match="after you vote"), tx() as s:
        polls.poll_results(s, w.bob, pid)
    with tx() as s:
        polls.cast_vote(s, w.bob, pid, [yes])
        assert polls.poll_results(s, w.bob, pid).options[0].votes == 1
    closes = utcnow() + timedelta(days=1)
    pid2, (yes2, *_) = _poll(tx, w, results_visibility="after_close", closes_at=closes)
    with tx() as s:
        polls.cast_vote(s, w.bob, pid2, [yes2])
        assert polls.get_poll(s, w.bob, pid2).results is None
        assert polls.poll_results(s, w.staff, pid2).ballots == 1  # staff see live results
    with pytest.raises(ServiceError, match="when the poll closes"), tx() as s:
        polls.poll_results(s, w.bob, pid2)
    with tx() as s:
        polls.close_poll(s, w.staff, pid2)
    with tx() as s:
        res = polls.poll_results(s, w.cat, pid2)  # everyone sees final results
    assert res.is_closed and res.options[0].votes == 1
    with pytest.raises(ServiceError, match="has closed"), tx() as s:
        polls.cast_vote(s, w.cat, pid2, [yes2])


def test_quorum_is_reached_at_the_configured_share(tx, world):
    w = world
    pid, (yes, *_) = _poll(tx, w, quorum_percent=60)  # 3 households: needs 2 ballots (66.7%)
    with tx() as s:
        polls.cast_vote(s, w.ann, pid, [yes])
        first = polls.poll_results(s, w.staff, pid)
        polls.cast_vote(s, w.cat, pid, [yes])
        second = polls.poll_results(s, w.staff, pid)
    assert (first.quorum_reached, first.turnout_percent) == (False, 33.3)
    assert (second.quorum_reached, second.turnout_percent) == (True, 66.7)


def test_multiple_choice_limits_and_bad_ballots_change_nothing(tx, db, world):
    w = world
    pid, (a, b, c) = _poll(tx, w, kind="multiple", max_choices=2)
    for choice, msg in (([a, b, c], "at most 2"), ([], "Choose an option"), ([999_999], "not part of")):
        with pytest.raises(ServiceError, match=msg), tx() as s:
            polls.cast_vote(s, w.ann, pid, choice)
    assert db.exec(select(PollBallot)).all() == []
    with tx() as s:
        polls.cast_vote(s, w.ann, pid, [a, c])
        assert sorted(polls.get_poll(s, w.ann, pid).my_choices) == sorted([a, c])
    with pytest.raises(NotFound), tx() as s:
        polls.cast_vote(s, w.outsider, pid, [a])
    single, (x, y, _) = _poll(tx, w)
    with pytest.raises(ServiceError, match="exactly one"), tx() as s:
        polls.cast_vote(s, w.bob, single, [x, y])
    later, (z, *_) = _poll(tx, w, opens_at=utcnow() + timedelta(hours=1))
    with pytest.raises(ServiceError, match="not open yet"), tx() as s:
        polls.cast_vote(s, w.bob, later, [z])
    with tx() as s:
        assert [p.id for p in polls.list_polls_for_resident(s, w.bob)] == [single, pid]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(options=["Only one"]), "at least two"),
        (dict(options=["Yes", "yes"]), "same text"),
        (dict(closes_at=utcnow() - timedelta(days=1)), "close after"),
        (dict(quorum_percent=150), "quorum"),
        (dict(kind="multiple", max_choices=5), "between 1 and 3"),
    ],
)
def test_bad_poll_input_is_refused(tx, world, kw, message):
    with pytest.raises(ServiceError, match=message):
        _poll(tx, world, **kw)


def test_only_staff_create_and_close_polls(tx, world):
    with pytest.raises(PermissionDenied):
        _poll(tx, type(world)(**{**world.__dict__, "staff": world.ann}))
    pid, _ = _poll(tx, world)
    with pytest.raises(PermissionDenied), tx() as s:
        polls.close_poll(s, world.other_staff, pid)


def test_an_open_community_page_is_rung_by_a_neighbours_vote_and_sign_up_and_told_when_a_poll_closes(engine, tx, world):
    """The community page waits on the change bell (property/community_live.py) instead of
    reloading every 2 s: a neighbour's vote or sign-up rings it, another community's does not,
    and it is told how long until its next poll closes (results show then without a write)."""
    from community_hub.property import community_live, events
    from tests.bell_rings import committed, rings

    w = world
    closes = utcnow() + timedelta(hours=2)
    pid, (yes, _no, _) = _poll(tx, w, closes_at=closes)
    start = utcnow() + timedelta(days=2)
    with tx() as db:
        eid = events.create_event(db, w.staff, w.community.id, title="Summer BBQ", starts_at=start,
                                  ends_at=start + timedelta(hours=3), capacity=5).id
        theirs = polls.create_poll(db, w.other_staff, w.other_community.id, question="New bins?",
                                   options=["Yes", "No"], closes_at=closes)
        their_yes = polls.get_poll(db, w.outsider, theirs.id).options[0][0]
        keys, wake_in = community_live.resident_keys(db, w.ann)
        outsiders = community_live.resident_keys(db, w.outsider)[0]
        with pytest.raises(PermissionDenied):
            community_live.resident_keys(db, w.staff)
    assert wake_in is not None and 7150 <= wake_in <= 7200, wake_in

    assert rings(engine, committed(tx, lambda s: polls.cast_vote(s, w.bob, pid, [yes])), keys)
    assert rings(engine, committed(tx, lambda s: events.sign_up(s, w.cat, eid)), keys)
    assert not rings(engine, committed(tx, lambda s: polls.cast_vote(s, w.outsider, theirs.id, [their_yes])), keys,
                     heard=outsiders)
