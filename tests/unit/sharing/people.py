"""Neighbours for the sharing tests: residents of one community with a unit each."""

from __future__ import annotations

from community_hub.models import Role
from tests import factories as f


def residents(tx, n: int, *, names: list[str] | None = None) -> tuple[int, list]:
    """A community and `n` residents (Actors) in it, named as asked; returns (community id, actors)."""
    with tx() as db:
        c = f.community(db)
        people = []
        for i in range(n):
            h = f.household(db, c.id, building="B", unit=str(201 + i))
            u = f.user(db, Role.RESIDENT, community_id=c.id, household_id=h.id)
            if names:
                u.display_name = names[i]
                db.add(u)
                db.flush()
            people.append(f.actor(db, u))
        return c.id, people


def outsider(tx):
    """A resident of another community."""
    with tx() as db:
        c = f.community(db)
        return f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))


def befriend(tx, a, b) -> None:
    from community_hub.sharing import friends

    with tx() as db:
        friends.send_request(db, a, b.user_id)
    with tx() as db:
        assert friends.send_request(db, b, a.user_id) == "friends"
