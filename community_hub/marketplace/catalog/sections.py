"""A shop's sections and the platform's category tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.marketplace import kept_reads
from community_hub.models.catalog import (
    Category,
    MerchantSection,
)


def create_section(db: Session, actor: Actor, merchant_id: int, name: str, sort: int = 0) -> MerchantSection:
    require_merchant_of(actor, merchant_id)
    name = name.strip()
    if not name:
        raise ServiceError(phrase("Enter the section's name."))
    if len(name) > 60:
        raise ServiceError(phrase("A section's name is at most 60 characters."))
    if db.exec(select(MerchantSection).where(MerchantSection.merchant_id == merchant_id, MerchantSection.name == name)).first():
        raise ServiceError(phrase("This shop already has a section called {name}.", name=name))
    s = MerchantSection(merchant_id=merchant_id, name=name, sort=sort)
    db.add(s)
    db.flush()
    return s


def create_category(db: Session, actor: Actor, slug: str, name: str, parent_id: int | None = None, sort: int = 0) -> Category:
    """Admins keep the platform-wide category tree."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    slug = slug.strip().lower()
    if not slug or not name.strip():
        raise ServiceError(phrase("A category needs a slug and a name."))
    if db.exec(select(Category).where(Category.slug == slug)).first():
        raise ServiceError(phrase("The category {slug} already exists.", slug=slug))
    if parent_id is not None and db.get(Category, parent_id) is None:
        raise ServiceError(phrase("The parent category does not exist."))
    c = Category(slug=slug, name=name.strip(), parent_id=parent_id, sort=sort)
    db.add(c)
    db.flush()
    return c


@dataclass
class CategoryNode:
    id: int
    slug: str
    name: str
    children: list[CategoryNode] = field(default_factory=list)


def category_tree(db: Session) -> list[CategoryNode]:
    """The platform's categories as a tree, the same for everyone: kept a few seconds
    (marketplace/kept_reads.py; the search page opens with it), so read it, never change it."""
    return kept_reads.kept(db, ("category_tree",), _category_tree)


def _category_tree(db: Session) -> list[CategoryNode]:
    rows = list(db.exec(select(Category).order_by(Category.sort, Category.name)))
    nodes = {c.id: CategoryNode(c.id, c.slug, c.name) for c in rows}
    roots = []
    for c in rows:
        (nodes[c.parent_id].children if c.parent_id in nodes else roots).append(nodes[c.id])
    return roots


def category_subtree_ids(db: Session, slug: str) -> list[int]:
    """The category with this slug and all its descendants (a filter on a parent covers its children)."""
    rows = list(db.exec(select(Category.id, Category.slug, Category.parent_id)))
    start = next((r[0] for r in rows if r[1] == slug), None)
    if start is None:
        return []
    children: dict[int | None, list[int]] = {}
    for cid, _s, parent in rows:
        children.setdefault(parent, []).append(cid)
    out, todo = [], [start]
    while todo:
        cid = todo.pop()
        out.append(cid)
        todo.extend(children.get(cid, []))
    return out
