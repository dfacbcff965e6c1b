"""Products go live only when approved (issue 18). A new product, and an edit of a live product's
name, photos, price or category, wait for an admin's review unless the shop is trusted
(Merchant.trusted). While an edit waits, the product row keeps its approved version, so residents,
search, the cart and checkout — which read only the row — see nothing of it; the edit lives in a
ProductChange until approved. A new product is not `live` until its first approval.

Every way a product is written (the dashboard's editor, a photo upload, the CSV import, the partner
API) passes through `catalog.create_product` / `update_product` / `add_product_photo`, which call
`on_created` and `hold_reviewed` here, so one rule covers them all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core import change_rings
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_admin_permission,
    require_merchant_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import AuditEntry, Merchant, Product, Role, UserRole
from community_hub.models.base import utcnow
from community_hub.models.catalog import Category
from community_hub.models.product_review import ChangeState, ProductChange
from community_hub.notify.outbox import notify_user

# The fields an admin checks; any other (description, stock, SKU…) changes at once.
REVIEWED = ("name", "price_minor", "category_id", "photos")
REASON_MAX = 500


class ReviewState:
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


def snapshot(p: Product) -> dict:
    """The reviewed fields of a product as stored (JSON-friendly)."""
    return {"name": p.name, "price_minor": p.price_minor, "category_id": p.category_id, "photos": list(p.photos or [])}


def _normal(field: str, value):
    return list(value or []) if field == "photos" else value


def open_change(db: Session, product_id: int, lock: bool = False) -> ProductChange | None:
    q = select(ProductChange).where(ProductChange.product_id == product_id, ProductChange.state == ChangeState.PENDING)
    if lock:
        q = q.with_for_update()
    return db.exec(q.order_by(ProductChange.id.desc())).first()


def last_change(db: Session, product_id: int) -> ProductChange | None:
    return db.exec(select(ProductChange).where(ProductChange.product_id == product_id,
                                               ProductChange.state != ChangeState.WITHDRAWN)
                   .order_by(ProductChange.id.desc())).first()


def proposed(db: Session, p: Product) -> dict:
    """What the merchant last asked for (the editor shows it): a waiting or refused edit's fields, else
    the product as it is."""
    if p.review_state != ReviewState.APPROVED:
        change = last_change(db, p.id)
        if change is not None:
            return {**snapshot(p), **change.after}
    return snapshot(p)


def on_created(db: Session, merchant: Merchant, p: Product) -> None:
    """A product was just added (flushed): live at once for a trusted shop, else waiting for review."""
    if merchant.trusted:
        p.live, p.review_state, p.review_reason = True, ReviewState.APPROVED, ""
        return
    p.live, p.review_state, p.review_reason = False, ReviewState.PENDING, ""
    db.add(p)
    db.add(ProductChange(product_id=p.id, merchant_id=p.merchant_id, kind="new", before={}, after=snapshot(p)))


def hold_reviewed(db: Session, merchant: Merchant, p: Product, changes: dict) -> dict:
    """Called with a merchant's checked changes before they are written. Returns what may be written
    now: everything for a trusted shop or a product not yet live (its review is refreshed by
    `after_edit`); for a live product, the reviewed fields are kept back in a waiting ProductChange."""
    if merchant.trusted or not p.live:
        return changes
    asked = {k: _normal(k, changes[k]) for k in REVIEWED if k in changes}
    if not asked:
        return changes
    pending = open_change(db, p.id, lock=True)
    live = snapshot(p)
    after = {**(pending.after if pending else live), **asked}
    if after == live:  # put back as approved: nothing left to review
        if pending is not None:
            pending.state = ChangeState.WITHDRAWN
            db.add(pending)
        p.review_state, p.review_reason = ReviewState.APPROVED, ""
    elif pending is not None:
        if after != pending.after:
            pending.after, pending.revision = after, pending.revision + 1
            db.add(pending)
    else:
        db.add(ProductChange(product_id=p.id, merchant_id=p.merchant_id, kind="edit", before=live, after=after))
        p.review_state, p.review_reason = ReviewState.PENDING, ""
    db.add(p)
    return {k: v for k, v in changes.items() if k not in REVIEWED}


def after_edit(db: Session, merchant: Merchant, p: Product) -> None:
    """A product not yet live was edited: its waiting review now shows the new version (and an
    admin's decision on the old one is refused); a refused one is sent for review again."""
    if merchant.trusted or p.live:
        return
    pending = open_change(db, p.id, lock=True)
    if pending is not None:
        if pending.after != snapshot(p):
            pending.after, pending.revision = snapshot(p), pending.revision + 1
        else:
            pending.revision += 1  # the description or another field changed: what the admin saw is old
        db.add(pending)
        return
    db.add(ProductChange(product_id=p.id, merchant_id=p.merchant_id, kind="new", before={}, after=snapshot(p)))
    p.review_state, p.review_reason = ReviewState.PENDING, ""
    db.add(p)


def resubmit(db: Session, actor: Actor, product_id: int) -> Product:
    """The merchant sends a refused product or edit for review again, as it is now."""
    p = get_or_not_found(db, Product, product_id, phrase("product"), lock=True)
    require_merchant_of(actor, p.merchant_id)
    if p.review_state != ReviewState.REJECTED:
        raise ServiceError(phrase("Only a product whose review was refused can be sent again."))
    refused = last_change(db, p.id)
    if p.live:
        after = {**snapshot(p), **(refused.after if refused else {})}
        db.add(ProductChange(product_id=p.id, merchant_id=p.merchant_id, kind="edit", before=snapshot(p), after=after))
    else:
        db.add(ProductChange(product_id=p.id, merchant_id=p.merchant_id, kind="new", before={}, after=snapshot(p)))
    p.review_state, p.review_reason = ReviewState.PENDING, ""
    db.add(p)
    return p


def _decidable(db: Session, actor: Actor, change_id: int, revision: int) -> tuple[ProductChange, Product]:
    require_admin_permission(actor, AdminPermission.REVIEW)
    change = get_or_not_found(db, ProductChange, change_id, phrase("product review"), lock=True)
    if change.state != ChangeState.PENDING:
        raise ServiceError(phrase("This review was already decided or withdrawn; reload the queue."), code="stale")
    if not isinstance(revision, int) or change.revision != revision:
        raise ServiceError(phrase("The shop changed this product since you opened it; reload to see the latest "
                                  "version before deciding."), code="stale")
    p = get_or_not_found(db, Product, change.product_id, phrase("product"), lock=True)
    return change, p


def shop_people(db: Session, merchant_id: int) -> list[int]:
    """Everyone who manages the shop (each is told of a decision in their own language)."""
    return list(db.exec(select(UserRole.user_id).where(UserRole.role == Role.MERCHANT,
                                                       UserRole.merchant_id == merchant_id).distinct()))


def _tell(db: Session, p: Product, name: str, decision, reason: str) -> None:
    for uid in shop_people(db, p.merchant_id):
        notify_user(db, uid, "product_review_decision", link="/merchant/products", name=name,
                    decision=decision, reason=f" {reason}" if reason else "")


def approve_change(db: Session, actor: Actor, change_id: int, revision: int) -> Product:
    """An admin approves what they saw: a new product goes live, an edit replaces the live version."""
    change, p = _decidable(db, actor, change_id, revision)
    if change.kind == "edit":
        for k in REVIEWED:
            if k in change.after:
                setattr(p, k, _normal(k, change.after[k]))
    p.live, p.review_state, p.review_reason, p.updated_at = True, ReviewState.APPROVED, "", utcnow()
    change.state, change.decided_at, change.decided_by = ChangeState.APPROVED, utcnow(), actor.user_id
    db.add_all([p, change, AuditEntry(actor_user_id=actor.user_id, action="product.review_approved",
                                      subject=f"product:{p.id}", detail=change.kind)])
    _tell(db, p, p.name, phrase("approved"), "")
    return p


def reject_change(db: Session, actor: Actor, change_id: int, revision: int, reason: str) -> Product:
    """An admin refuses with a reason the merchant reads; a live product keeps its approved version."""
    reason = str(reason or "").strip()
    if not reason:
        raise ServiceError(phrase("Say what the shop must fix, so it can send the product again."))
    if len(reason) > REASON_MAX:
        raise ServiceError(phrase("The reason is {length} characters long; keep it to {most}.", length=len(reason),
                                  most=REASON_MAX))
    change, p = _decidable(db, actor, change_id, revision)
    p.review_state, p.review_reason = ReviewState.REJECTED, reason
    change.state, change.reason = ChangeState.REJECTED, reason
    change.decided_at, change.decided_by = utcnow(), actor.user_id
    db.add_all([p, change, AuditEntry(actor_user_id=actor.user_id, action="product.review_rejected",
                                      subject=f"product:{p.id}", detail=reason)])
    _tell(db, p, str(change.after.get("name") or p.name), phrase("not approved"), reason)
    return p


@dataclass(frozen=True)
class WaitingChange:
    change: ProductChange
    product: Product
    shop: str
    currency: str


def review_queue(db: Session, actor: Actor, limit: int = 100) -> list[WaitingChange]:
    """What waits for review, oldest first (the order the shops sent it)."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = db.exec(select(ProductChange, Product, Merchant.name)
                   .join(Product, Product.id == ProductChange.product_id)
                   .join(Merchant, Merchant.id == ProductChange.merchant_id)
                   .where(ProductChange.state == ChangeState.PENDING)
                   .order_by(ProductChange.submitted_at, ProductChange.id).limit(max(1, min(int(limit), 500)))).all()
    return [WaitingChange(c, p, shop, p.currency) for c, p, shop in rows]


def category_names(db: Session) -> dict[int, str]:
    """Category ids to names, for showing a change of category."""
    return {c.id: c.name for c in db.exec(select(Category))}


def queue_version(db: Session, actor: Actor) -> str:
    """Cheap to poll: changes when anything enters, leaves or changes in the queue."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    rows = db.exec(select(ProductChange.id, ProductChange.revision)
                   .where(ProductChange.state == ChangeState.PENDING)).all()
    return ",".join(f"{i}.{r}" for i, r in sorted(rows))


def queue_keys(db: Session, actor: Actor) -> tuple[list, None]:
    """What the queue's page waits on: any write of a waiting product (the table rings whole)."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    return [change_rings.key_of(ProductChange)], None
