"""The audit log as admins read it: who decided what and when (role changes, reviews, refunds,
points, fee ratios, time zones), newest first, searchable, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, select

from community_hub.core import audit_wording as wording
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import AuditEntry, Merchant, Product, User
from community_hub.models.catalog import Category, MerchantApplication

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    who: str  # the person's name, or "system" for automatic steps
    action: str
    subject: str
    detail: str
    # The same in words (core.audit_wording): "Service fee set", "Fee on Bakery", "— → 4.50 %".
    action_label: str = ""
    subject_label: str = ""
    detail_label: str = ""


def list_entries(db: Session, actor: Actor, *, query: str = "", action: str = "", page: int = 1,
                 page_size: int = 25) -> tuple[list[AuditRow], int]:
    """Entries matching `query` (in the subject, the detail or the person's name) and `action`
    (exact, "" for all), newest first; returns the page and the total count."""
    require_admin_permission(actor, AdminPermission.SUPER)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    stmt = select(AuditEntry, User.display_name).join(User, User.id == AuditEntry.actor_user_id, isouter=True)
    count = select(func.count()).select_from(AuditEntry).join(User, User.id == AuditEntry.actor_user_id,
                                                               isouter=True)
    conds = []
    if action:
        conds.append(AuditEntry.action == action)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        conds.append(or_(func.lower(AuditEntry.subject).like(like), func.lower(AuditEntry.detail).like(like),
                         func.lower(User.display_name).like(like)))
    for cond in conds:
        stmt, count = stmt.where(cond), count.where(cond)
    total = db.exec(count).one()
    rows = db.exec(stmt.order_by(AuditEntry.id.desc()).offset((max(page, 1) - 1) * page_size).limit(page_size)).all()
    names = _names(db, [r for e, _ in rows for r in (e.subject, e.detail)])
    return [AuditRow(e.id, e.at, name or "system", e.action, e.subject, e.detail, wording.action_label(e.action),
                     wording.subject_label(e.subject, names), wording.detail_label(e.action, e.detail, names))
            for e, name in rows], total


# What a "kind:id" reference names, read in one query per kind for a page of entries.
_NAMED = {"user": (User, "display_name"), "merchant": (Merchant, "name"),
          "merchant_application": (MerchantApplication, "business_name"), "product": (Product, "name")}


def _names(db: Session, refs: list[str]) -> dict[str, str]:
    wanted: dict[str, set] = {}
    for ref in refs:
        kind, _, ident = (ref or "").partition(":")
        if kind in _NAMED and ident.isdigit():
            wanted.setdefault(kind, set()).add(int(ident))
        elif kind == "category" and ident and ident != "*":
            wanted.setdefault(kind, set()).add(ident)
    out: dict[str, str] = {}
    for kind, ids in wanted.items():
        if kind == "category":
            for slug, name in db.exec(select(Category.slug, Category.name).where(Category.slug.in_(ids))).all():
                out[f"category:{slug}"] = phrase("Fee on {category}", category=name)
            continue
        model, column = _NAMED[kind]
        for ident, name in db.exec(select(model.id, getattr(model, column)).where(model.id.in_(ids))).all():
            out[f"{kind}:{ident}"] = name
    return out


def actions(db: Session, actor: Actor) -> list[str]:
    """Every kind of action on record, for the filter."""
    require_admin_permission(actor, AdminPermission.SUPER)
    return sorted(db.exec(select(AuditEntry.action).distinct()).all())
