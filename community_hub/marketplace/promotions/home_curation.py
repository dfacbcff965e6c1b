"""Home curation: per community, admins (the CONTENT role) choose how each of the home page's
lists is filled — pinned items, the carousel, hot, new and recommended — by hand (the products
they pick, in their order) or by a rule: most ordered in the last 7 days, newest listed, highest
rated (products of the best-rated shops; reviews are per shop). A list no admin has set keeps the
catalog's default (`catalog/home_feed.py`). Merchants no longer pin anything: a shop that wants
the carousel buys a slot (`property/ads.py`, /merchant/ads)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, delete, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.core.permissions import Actor, AdminPermission, require_admin_permission
from community_hub.core.rows import get_or_not_found
from community_hub.models import Community, Merchant, Product
from community_hub.models.base import utcnow
from community_hub.models.promotions import HomeList, HomeListItem, HomeListKind, HomeRule

MAX_ITEMS = 24
KIND_LABELS = {HomeListKind.PINNED: N_("Pinned"), HomeListKind.CAROUSEL: N_("Carousel"),
               HomeListKind.HOT: N_("Hot right now"), HomeListKind.NEW: N_("New in"),
               HomeListKind.RECOMMENDED: N_("Recommended")}
RULE_LABELS = {HomeRule.MANUAL: N_("Chosen by hand"), HomeRule.MOST_ORDERED_7D: N_("Most ordered in 7 days"),
               HomeRule.NEWEST: N_("Newest listed"), HomeRule.HIGHEST_RATED: N_("Highest rated")}



def set_home_list(db: Session, actor: Actor, community_id: int, kind: str, rule: str,
                  product_ids: Sequence[int] = (), version: int | None = None) -> HomeList:
    """Save how one list is filled. `version` is what the admin's page read: a list changed since
    (another admin saved it) is refused, so nobody overwrites a choice they never saw."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    get_or_not_found(db, Community, community_id, phrase("community"))
    if kind not in KIND_LABELS:
        raise ServiceError(phrase("Choose one of the home page's lists."))
    if rule not in RULE_LABELS:
        raise ServiceError(phrase("Choose by hand or one of the rules."))
    ids = list(dict.fromkeys(int(i) for i in product_ids)) if rule == HomeRule.MANUAL else []
    if len(ids) > MAX_ITEMS:
        raise ServiceError(phrase("A home list shows at most {most} products.", most=MAX_ITEMS))
    found = set(db.exec(select(Product.id).where(Product.id.in_(ids))).all()) if ids else set()
    missing = [i for i in ids if i not in found]
    if missing:
        raise ServiceError(phrase("Product #{id} does not exist.", id=missing[0]))
    row = db.exec(select(HomeList).where(HomeList.community_id == community_id, HomeList.kind == kind)
                  .with_for_update()).first()
    if row is None:
        if version not in (None, 0):
            raise ServiceError(phrase("This list changed since you opened it: reload the page."), code="stale")
        row = HomeList(community_id=community_id, kind=kind)
    elif version is not None and version != row.version:
        raise ServiceError(phrase("This list changed since you opened it: reload the page."), code="stale")
    row.rule, row.version, row.updated_by, row.updated_at = rule, row.version + 1, actor.user_id, utcnow()
    db.add(row)
    db.flush()
    db.exec(delete(HomeListItem).where(HomeListItem.home_list_id == row.id))
    db.add_all([HomeListItem(home_list_id=row.id, product_id=pid, position=n) for n, pid in enumerate(ids)])
    db.flush()
    return row


@dataclass(frozen=True)
class AdminHomeList:
    kind: str
    label: str
    rule: str
    version: int
    products: list[tuple[int, str, str]]  # id, name, shop (the hand-picked ones)
    shown: list[str]  # what residents see now: "Baguette · Corner Bakery"


def home_lists_for_admin(db: Session, actor: Actor, community_id: int, now: datetime | None = None) -> list[AdminHomeList]:
    """Each list of the community's home: how it is filled and what it shows now."""
    require_admin_permission(actor, AdminPermission.CONTENT)
    from community_hub.marketplace.catalog.home_feed import home_feed

    community = get_or_not_found(db, Community, community_id, phrase("community"))
    feed = home_feed(db, community, now=now)
    rows = {r.kind: r for r in db.exec(select(HomeList).where(HomeList.community_id == community_id)).all()}
    shops = {}
    out = []
    for kind, label in KIND_LABELS.items():
        row = rows.get(kind)
        picked = []
        if row is not None:
            for item in db.exec(select(HomeListItem).where(HomeListItem.home_list_id == row.id)
                                .order_by(HomeListItem.position)).all():
                p = db.get(Product, item.product_id)
                shop = shops.setdefault(p.merchant_id, db.get(Merchant, p.merchant_id).name)
                picked.append((p.id, p.name, shop))
        shown = []
        for p in getattr(feed, str(kind)):
            shown.append(f"{p.name} · {shops.setdefault(p.merchant_id, db.get(Merchant, p.merchant_id).name)}")
        out.append(AdminHomeList(kind, label, row.rule if row else "", row.version if row else 0, picked, shown))
    return out
