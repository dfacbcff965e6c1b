"""Move the authorization epoch whenever a write can change an Actor.

`accounts.sessions.actor_for_token` caches the Actor of a session for as long as the epoch stands
still: one query per service call instead of six (the profile in CAPACITY.md put rebuilding the
Actor at ~43 % of an event). So every write to a table an Actor is built from moves the epoch, in
the same transaction: ORM changes (after each flush) and bulk UPDATE/DELETE statements alike.
"Access ends at the next click" (a member removed from a household, a role taken away) holds on
every worker, because the epoch is read in the same query that checks the session.
"""

from __future__ import annotations

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from community_hub.core import read_checks
from community_hub.models import Community, Household, HouseholdMember, KioskDevice, User, UserRole
from community_hub.models.admin_roles import AdminSubRole
from community_hub.models.authz import AuthzEpoch
from community_hub.models.community_setup import StaffCommunityChoice
from community_hub.models.workorders import MaintenanceWorker

# What load_actor reads: change any of these and cached Actors are stale.
WATCHED = (User, UserRole, Household, HouseholdMember, KioskDevice, MaintenanceWorker, Community,
           StaffCommunityChoice, AdminSubRole)
_WATCHED_TABLES = {m.__table__.name for m in WATCHED}


def bump(session: Session) -> None:
    read_checks.drop(session)  # reads reusing a session check see the change too
    moved = session.execute(update(AuthzEpoch).where(AuthzEpoch.id == 1).values(value=AuthzEpoch.value + 1))
    if moved.rowcount == 0:  # a database made by create_all (tests) has no row yet
        session.execute(insert(AuthzEpoch).values(id=1, value=1))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, WATCHED) for obj in changed):
        bump(session)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and getattr(table, "name", None) in _WATCHED_TABLES:
        bump(state.session)
