"""Session checks that reads may reuse for a moment, and what ends them.

Every service call checks its session in the database (accounts/sessions.actor_for_token): under
load that check and the transaction around it were the largest share of the app's time
(docs/PROFILE.md). A READ (a page's list, a live page's poll) may reuse the check another read of
the same session made less than READ_CHECK_S seconds ago; a WRITE always checks afresh. So a
session ended or a role taken away on another worker stops that person's changes at once and
their reads within READ_CHECK_S; on this worker, both at once: any write here to the sessions or
to what an Actor is built from (core/authz_epoch.py) drops every reused check, when it is written
and again when it commits (a read that checked in between would otherwise keep the old answer).
"""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from community_hub.models import AuthSession

READ_CHECK_S = 2.0
_FLAG = "hub_read_checks_dropped"
_lock = threading.Lock()
_generation = 0


def generation() -> int:
    with _lock:
        return _generation


def drop(session: Session | None = None) -> None:
    """Every reused check ends now (and again when `session` commits)."""
    global _generation
    with _lock:
        _generation += 1
    if session is not None:
        session.info[_FLAG] = True


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if any(isinstance(obj, AuthSession) for obj in (*session.new, *session.dirty, *session.deleted)):
        drop(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state) -> None:
    if (state.is_update or state.is_delete) and getattr(getattr(state.statement, "table", None), "name", None) \
            == AuthSession.__table__.name:
        drop(state.session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        drop()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)
