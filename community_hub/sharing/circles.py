"""Circles: a member's own named groups of friends ("Building B", "Parents"), chosen as a post's audience."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_resident
from community_hub.models import User
from community_hub.models.sharing import Circle, CircleMember, PostCircle
from community_hub.sharing.relations import are_friends

NAME_LIMIT = 60
MAX_CIRCLES = 30


@dataclass(frozen=True)
class CircleView:
    circle_id: int
    name: str
    members: list[tuple[int, str]]  # (user id, name)


def _name(text: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise ServiceError(phrase("Give the circle a name."))
    if len(name) > NAME_LIMIT:
        raise ServiceError(phrase("A circle's name is at most {n} characters.", n=NAME_LIMIT))
    return name


def _taken(db: Session, owner: int, name: str, but: int | None = None) -> None:
    row = db.exec(select(Circle.id).where(Circle.owner_id == owner, Circle.name == name)).first()
    if row is not None and row != but:
        raise ServiceError(phrase("You already have a circle called {name}.", name=name))


def my_circle(db: Session, actor: Actor, circle_id: int, lock: bool = False) -> Circle:
    require_resident(actor)
    q = select(Circle).where(Circle.id == circle_id, Circle.owner_id == actor.user_id)
    circle = db.exec(q.with_for_update() if lock else q).first()
    if circle is None:
        raise ServiceError(phrase("That circle does not exist or is not yours."), code="not_found")
    return circle


def create_circle(db: Session, actor: Actor, name: str) -> Circle:
    require_resident(actor)
    name = _name(name)
    _taken(db, actor.user_id, name)
    if len(db.exec(select(Circle.id).where(Circle.owner_id == actor.user_id)).all()) >= MAX_CIRCLES:
        raise ServiceError(phrase("You can have at most {n} circles.", n=MAX_CIRCLES))
    circle = Circle(owner_id=actor.user_id, name=name)
    db.add(circle)
    db.flush()
    return circle


def rename_circle(db: Session, actor: Actor, circle_id: int, name: str) -> Circle:
    circle = my_circle(db, actor, circle_id, lock=True)
    circle.name = _name(name)
    _taken(db, actor.user_id, circle.name, but=circle.id)
    db.add(circle)
    db.flush()
    return circle


def delete_circle(db: Session, actor: Actor, circle_id: int) -> None:
    """The circle goes; posts shown to it alone are then seen by nobody but their owner."""
    circle = my_circle(db, actor, circle_id, lock=True)
    db.execute(delete(CircleMember).where(CircleMember.circle_id == circle.id))
    db.execute(delete(PostCircle).where(PostCircle.circle_id == circle.id))
    db.delete(circle)
    db.flush()


def add_to_circle(db: Session, actor: Actor, circle_id: int, user_id: int) -> None:
    circle = my_circle(db, actor, circle_id)
    if not are_friends(db, actor.user_id, user_id):
        raise ServiceError(phrase("Only friends can be put in a circle."))
    if db.get(CircleMember, (circle.id, user_id)) is None:
        db.add(CircleMember(circle_id=circle.id, user_id=user_id))
        db.flush()


def remove_from_circle(db: Session, actor: Actor, circle_id: int, user_id: int) -> None:
    circle = my_circle(db, actor, circle_id)
    row = db.get(CircleMember, (circle.id, user_id))
    if row is None:
        raise ServiceError(phrase("This friend is not in the circle."))
    db.delete(row)
    db.flush()


def my_circles(db: Session, actor: Actor) -> list[CircleView]:
    require_resident(actor)
    circles = db.exec(select(Circle).where(Circle.owner_id == actor.user_id).order_by(Circle.name)).all()
    members = db.exec(select(CircleMember.circle_id, User.id, User.display_name)
                      .join(User, User.id == CircleMember.user_id)
                      .where(CircleMember.circle_id.in_([c.id for c in circles]))
                      .order_by(User.display_name)).all()
    return [CircleView(c.id, c.name, [(uid, name) for cid, uid, name in members if cid == c.id]) for c in circles]
