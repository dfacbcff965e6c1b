"""Cardholder groups and priority.

Groups are made automatically: by region — the community, its district and its city, read from the
community's address written "street, district, city" (the last two comma-separated parts) — and,
where the identity carries a region, by the national ID's area prefix (its first six digits).
Within a group priority is the level's rank (higher first), then registration order (first to
register first); members without a card come after every cardholder, in their own order. The rule
is `RULE`, shown to admins. `in_priority` orders the requests waiting for one scarce thing (the
places of a full event, convenience-service bookings, parking requests).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_role,
    require_user,
)
from community_hub.models import Community, Role, User
from community_hub.models.membership import Cardholding, CardLevel, HoldingState

RULE = phrase("Priority within a group: the higher level first, then whoever registered first. Members without "
              "a card come after all cardholders.")
GROUP_KINDS = ("community", "district", "city", "id_prefix")
_SPLIT = re.compile(r"[,，]")


def region_of(address: str) -> tuple[str, str]:
    """(district, city) from "12 Elm St, Riverside, Springfield"; "" for a part not written."""
    parts = [p.strip() for p in _SPLIT.split(address or "") if p.strip()]
    return (parts[-2] if len(parts) >= 3 else "", parts[-1] if len(parts) >= 2 else "")


def best_holdings(db: Session, user_ids: Sequence[int], programme_id: int | None = None) -> dict[int, tuple[int, datetime]]:
    """user id -> (best rank, registration time of that card) among their active cards."""
    if not user_ids:
        return {}
    q = (select(Cardholding.user_id, CardLevel.rank, Cardholding.registered_at)
         .join(CardLevel, CardLevel.id == Cardholding.level_id)
         .where(Cardholding.user_id.in_(list(user_ids)), Cardholding.state == HoldingState.ACTIVE))
    if programme_id is not None:
        q = q.where(Cardholding.programme_id == programme_id)
    best: dict[int, tuple[int, datetime]] = {}
    for uid, rank, registered in db.exec(q).all():
        if uid not in best or (rank, -registered.timestamp()) > (best[uid][0], -best[uid][1].timestamp()):
            best[uid] = (rank, registered)
    return best


def in_priority(db: Session, requests: Sequence[tuple[int, tuple]], programme_id: int | None = None) -> list[int]:
    """Indexes of `requests` — each (user id, its own order such as (queued_at, id)) — in the order
    they are to be served: level rank, then registration, then the request's own order."""
    best = best_holdings(db, [uid for uid, _ in requests], programme_id)

    def key(i: int) -> tuple:
        uid, own = requests[i]
        if uid in best:
            rank, registered = best[uid]
            return (0, -rank, registered.timestamp(), own)
        return (1, 0, 0.0, own)

    return sorted(range(len(requests)), key=key)


@dataclass(frozen=True)
class GroupSize:
    kind: str
    name: str
    members: int


def _groups(db: Session, h: Cardholding, places: dict[int, Community]) -> list[tuple[str, str]]:
    out = []
    c = places.get(h.community_id) if h.community_id else None
    if c is not None:
        district, city = region_of(c.address)
        out.append(("community", c.name))
        if district:
            out.append(("district", district))
        if city:
            out.append(("city", city))
    if h.identity_region:
        out.append(("id_prefix", h.identity_region))
    return out


def _active(db: Session, programme_id: int) -> list[Cardholding]:
    return list(db.exec(select(Cardholding).where(Cardholding.programme_id == programme_id,
                                                  Cardholding.state == HoldingState.ACTIVE)).all())


def group_sizes(db: Session, actor: Actor, programme_id: int) -> list[GroupSize]:
    """Staff and admins: how many active cardholders each group has, biggest first."""
    require_role(actor, Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN)  # an admin: the permission below
    if actor.is_admin:  # the back office's cardholder lists are customer service's
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    holdings = _active(db, programme_id)
    places = {c.id: c for c in db.exec(select(Community)).all()}
    counts: dict[tuple[str, str], int] = {}
    for h in holdings:
        if not actor.is_admin and h.community_id not in actor.staff_community_ids:
            continue  # staff count their own communities' members only
        for g in _groups(db, h, places):
            counts[g] = counts.get(g, 0) + 1
    return [GroupSize(k, n, c) for (k, n), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def group_keys(db: Session, actor: Actor, programme_id: int) -> tuple[list, None]:
    """What `group_sizes` reads: the programme's cards and the communities' names and addresses."""
    require_role(actor, Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN)
    if actor.is_admin:
        require_admin_permission(actor, AdminPermission.CUSTOMER_SERVICE)
    return [change_rings.key_of(Cardholding, "programme_id", programme_id), change_rings.key_of(Community)], None


def members_of(db: Session, programme_id: int, kind: str, name: str) -> list[int]:
    """User ids of a group's active cardholders, in priority order (for messaging a group)."""
    if kind not in GROUP_KINDS:
        raise ServiceError(phrase("Groups are by community, district, city or ID prefix."))
    places = {c.id: c for c in db.exec(select(Community)).all()}
    holdings = [h for h in _active(db, programme_id) if (kind, name) in _groups(db, h, places)]
    order = in_priority(db, [(h.user_id, (h.id,)) for h in holdings], programme_id)
    return [holdings[i].user_id for i in order]


@dataclass(frozen=True)
class DirectoryRow:
    name: str
    level: str
    holder_type: str  # provides | needs | both


def my_group_directory(db: Session, actor: Actor, programme_id: int) -> list[DirectoryRow]:
    """The cardholders of the member's own community group: name, level and whether they provide or
    need services (nothing more), in priority order."""
    require_user(actor)
    mine = db.exec(select(Cardholding).where(Cardholding.user_id == actor.user_id, Cardholding.programme_id == programme_id,
                                             Cardholding.state == HoldingState.ACTIVE)).first()
    if mine is None or mine.community_id is None:
        return []
    rows = db.exec(select(Cardholding, User, CardLevel).join(User, User.id == Cardholding.user_id)
                   .join(CardLevel, CardLevel.id == Cardholding.level_id)
                   .where(Cardholding.programme_id == programme_id, Cardholding.state == HoldingState.ACTIVE,
                          Cardholding.community_id == mine.community_id)).all()
    order = in_priority(db, [(h.user_id, (h.id,)) for h, _u, _l in rows], programme_id)
    return [DirectoryRow(rows[i][1].display_name, rows[i][2].name, rows[i][0].holder_type) for i in order]


def cardholder_count(db: Session, programme_id: int) -> int:
    return int(db.exec(select(func.count()).select_from(Cardholding).where(
        Cardholding.programme_id == programme_id, Cardholding.state == HoldingState.ACTIVE)).one())
