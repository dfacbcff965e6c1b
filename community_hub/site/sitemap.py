"""/sitemap.xml and /robots.txt: the public pages a search engine may list, and the areas it may
not (staff, merchant, admin, kiosk and personal pages).

For a host bound to a community (site.host_bindings) the sitemap lists that community's pages and
the shops of its circle; for a host bound to a shop, that shop and its products; otherwise every
community's and every listed shop's public pages.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from sqlmodel import Session, select

from community_hub.marketplace.listing import listed_clause
from community_hub.models import Community, Merchant, MerchantStatus, Product
from community_hub.models.base import utcnow
from community_hub.models.notices import Notice
from community_hub.site import public_pages
from community_hub.site.host_bindings import HostTarget

MAX_URLS = 50_000  # the sitemap protocol's ceiling per file

# Never for a search engine: every signed-in area and every personal page (the paths' first part).
PRIVATE_PREFIXES = (
    "/admin", "/property", "/merchant", "/agent", "/worker", "/kiosk", "/home", "/account", "/me/",
    "/orders", "/bills", "/money", "/pay/", "/cart", "/checkout", "/care", "/repairs", "/notices",
    "/demands", "/forms", "/channels", "/services", "/community", "/search", "/login", "/register",
    "/verify", "/forgot", "/_", "/api/",
)


def _community_paths(db: Session, c: Community) -> list[str]:
    paths = [f"/c/{c.slug}"]
    for ch in public_pages._channels(db, c.id):
        paths.append(f"/c/{c.slug}/channel/{ch.slug}")
        fields = list(ch.fields or [])
        paths.extend(f"/c/{c.slug}/channel/{ch.slug}/{public_pages.entry_slug(fields, e)}"
                     for e in public_pages.public_entries(db, ch))
    notices = db.exec(public_pages._visible_notices(c.id, utcnow()).order_by(Notice.id)).all()
    paths.extend(f"/c/{c.slug}/notice/{n.id}" for n in notices)
    return paths


def _shop_paths(db: Session, m: Merchant) -> list[str]:
    ids = db.exec(select(Product.id).where(Product.merchant_id == m.id, Product.available,
                                           Product.abnormal.is_(False), Product.live).order_by(Product.id)).all()
    return [f"/shop/{m.slug}", *(f"/product/{i}" for i in ids)]


def public_paths(db: Session, target: HostTarget | None = None) -> list[str]:
    """Every public page's path, for the whole site or for one bound host."""
    if target is not None and target.merchant_id is not None:
        m = db.get(Merchant, target.merchant_id)
        return _shop_paths(db, m) if m is not None and m.status == MerchantStatus.APPROVED else []
    if target is not None and target.community_id is not None:
        c = db.get(Community, target.community_id)
        if c is None:
            return []
        paths = _community_paths(db, c)
        for shop in public_pages.public_shops(db, c):
            paths.append(f"/shop/{shop.slug}")
        return paths[:MAX_URLS]
    paths: list[str] = []
    for c in db.exec(select(Community).order_by(Community.slug)).all():
        paths.extend(_community_paths(db, c))
    for m in db.exec(select(Merchant).where(Merchant.status == MerchantStatus.APPROVED, listed_clause())
                     .order_by(Merchant.slug)).all():
        paths.extend(_shop_paths(db, m))
    return paths[:MAX_URLS]


def sitemap_xml(base_url: str, paths: list[str]) -> str:
    base = base_url.rstrip("/")
    urls = "".join(f"<url><loc>{escape(base + p)}</loc></url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')


def robots_txt(base_url: str) -> str:
    lines = ["User-agent: *", "Allow: /c/", "Allow: /shop/", "Allow: /product/"]
    lines += [f"Disallow: {p}" for p in PRIVATE_PREFIXES]
    lines += ["", f"Sitemap: {base_url.rstrip('/')}/sitemap.xml", ""]
    return "\n".join(lines)
