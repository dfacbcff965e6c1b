"""The service-fee table as admins read and set it: every category of the platform's category tree
with the fee in force and where it comes from (its own, a parent's, or the default), the default in
force (the admin's "*" or the built-in one), and the categories a fee may be set on.

The fee on a shop's sale is found by `ledger.fee_bps`: the shop's category, then its parents in the
tree, then "*", then the built-in default."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.models import Merchant
from community_hub.models.catalog import Category
from community_hub.models.ledger import FeeRatio
from community_hub.payments.ledger import DEFAULT_FEE_BPS, fee_bps

DEFAULT = "*"


def percent(bps: int | None) -> str:
    """450 -> "4.50 %"; None (nothing set) -> "—"."""
    return "—" if bps is None else f"{bps / 100:.2f} %"


@dataclass(frozen=True)
class FeeCategory:
    slug: str
    label: str  # "Food & drink › Bakery"


@dataclass(frozen=True)
class FeeRow:
    slug: str
    label: str
    own_bps: int | None  # set on this category itself
    in_force_bps: int
    source: str  # "own", "Food & drink" (a parent's), "default"


@dataclass(frozen=True)
class FeeTable:
    default_bps: int
    default_set: bool  # False: no "*" row, the built-in default applies
    rows: list[FeeRow]


def _tree(db: Session) -> list[FeeCategory]:
    cats = db.exec(select(Category).order_by(Category.sort, Category.name)).all()
    by_id = {c.id: c for c in cats}

    def path(c: Category) -> list[Category]:
        seen, out = set(), []
        while c is not None and c.id not in seen:
            seen.add(c.id)
            out.append(c)
            c = by_id.get(c.parent_id) if c.parent_id else None
        return out[::-1]

    rows = [(([p.sort for p in path(c)], [p.name for p in path(c)]), c) for c in cats]
    rows.sort(key=lambda r: r[0])
    return [FeeCategory(c.slug, " › ".join(names)) for (_, names), c in rows]


def fee_categories(db: Session, actor: Actor) -> list[FeeCategory]:
    """What the admin chooses from: the default, every category of the tree (parents included: a
    parent's fee applies to its children without one), then categories shops use outside the tree."""
    require_admin_permission(actor, AdminPermission.FINANCE)
    tree = _tree(db)
    known = {c.slug for c in tree}
    extra = sorted(set(db.exec(select(Merchant.category).distinct()).all()) - known - {DEFAULT})
    return [FeeCategory(DEFAULT, phrase("Default (every category without its own fee)")), *tree,
            *[FeeCategory(s, phrase("{category} (not in the category tree)", category=s)) for s in extra if s]]


def check_fee_category(db: Session, category: str) -> str:
    """The category as stored, if a fee may be set on it; otherwise a refusal."""
    category = (category or "").strip().lower()
    if category == DEFAULT:
        return category
    in_tree = db.exec(select(Category.id).where(Category.slug == category)).first() is not None
    used = db.exec(select(Merchant.id).where(Merchant.category == category)).first() is not None
    if not category or len(category) > 40 or not (in_tree or used):
        raise ServiceError(phrase("Choose the category from the list (or the default)."))
    return category


def fee_table(db: Session, actor: Actor) -> FeeTable:
    require_admin_permission(actor, AdminPermission.FINANCE)
    own = {r.category: r.ratio_bps for r in db.exec(select(FeeRatio)).all()}
    cats = db.exec(select(Category)).all()
    by_slug = {c.slug: c for c in cats}
    by_id = {c.id: c for c in cats}
    rows = []
    for fc in fee_categories(db, actor)[1:]:
        source, c, seen = "default", by_slug.get(fc.slug), set()
        if fc.slug in own:
            source = "own"
        else:
            while c is not None and c.id not in seen:  # the nearest parent with a fee of its own
                seen.add(c.id)
                if c.slug in own:
                    source = c.name
                    break
                c = by_id.get(c.parent_id) if c.parent_id else None
        rows.append(FeeRow(fc.slug, fc.label, own.get(fc.slug), fee_bps(db, fc.slug), source))
    return FeeTable(own.get(DEFAULT, DEFAULT_FEE_BPS), DEFAULT in own, rows)
