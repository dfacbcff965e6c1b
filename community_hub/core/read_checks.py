"""Session checks that reads may reuse for a moment, and what ends them.

Every service call checks its session in the database (accounts/sessions.actor_for_token): under
load that check and the transaction around it were the largest share of the app's time
(docs/PROFILE.md). A READ (a page's list, a live page's poll) may reuse the check another read of
the same session made less than READ_CHECK_S seconds ago; a WRITE always checks afresh.

What ends every reused check at once, on every worker: a session ended (revoked, its expiry
moved, deleted) or a change to what an Actor is built from (core/authz_epoch.py). On this worker
when it is written and again when it commits (a read that checked in between would otherwise keep
the old answer); on the others when it commits, by the change bell (core/change_bell.py: NOTIFY on
PostgreSQL, the file beside a SQLite database), which rings BELL_KEY. READ_CHECK_S is then only the
bound when a ring is lost (a listener reconnecting rings everything; a write outside the ORM rings
nothing). A session merely used (`touch_session` records its last use every few minutes) ends
nothing: with hundreds of people signed in that was a touch a second, each ending every reused
check of the worker (docs/PROFILE.md, fifteenth round). A new session has no check to end.
"""

from __future__ import annotations

import threading

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from community_hub.core import change_bell, change_rings
from community_hub.models import AuthSession

READ_CHECK_S = 10.0
BELL_KEY = change_bell.key("read_checks")  # no table has this name: only these drops ring it
TOUCH = "hub_session_touch"  # execution option of touch_session's UPDATE: a use, not an ending
_FLAG = "hub_read_checks_dropped"
_lock = threading.Lock()
_generation = 0


def generation() -> int:
    with _lock:
        return _generation


def _end_here() -> None:
    global _generation
    with _lock:
        _generation += 1


def drop(session: Session | None = None) -> None:
    """Every reused check ends now; with `session`, again when it commits, here and on every other
    worker (the ring goes out with the commit, never after a rollback)."""
    _end_here()
    if session is not None:
        session.info[_FLAG] = True
        change_rings.ring_on_commit(session, {BELL_KEY})


change_bell.on_ring(BELL_KEY[0], _end_here)  # another worker's drop, or a ring that may have been missed


def _ends_a_check(obj: object, deleted: bool) -> bool:
    """A session row deleted, or changed in anything but its last use."""
    if not isinstance(obj, AuthSession):
        return False
    if deleted:
        return True
    state = inspect(obj)
    return any(attr.key != "last_seen_at" and attr.history.has_changes() for attr in state.attrs)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    if any(_ends_a_check(obj, False) for obj in session.dirty) or \
            any(_ends_a_check(obj, True) for obj in session.deleted):
        drop(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state) -> None:
    if (state.is_update or state.is_delete) and not state.execution_options.get(TOUCH) \
            and getattr(getattr(state.statement, "table", None), "name", None) == AuthSession.__table__.name:
        drop(state.session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        _end_here()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)
