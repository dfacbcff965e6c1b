"""What search engines read about a public page: title, description, keywords, its canonical URL
and Open Graph tags.

Whoever owns a page writes them (a shop's and a product's merchant, a community's property staff
for its front, channels and entries; platform admins for any); an empty field falls back to a
default made from the page itself (its name, its first words). `meta_for_path` answers the HTTP
layer (api/public_site.py), which writes the tags into the page's HTML before it leaves the server,
so a crawler that runs no script reads them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.permissions import Actor, require_merchant_of, require_staff_of
from community_hub.core.rows import get_or_not_found
from community_hub.marketplace.listing import is_listed
from community_hub.models import Merchant, MerchantStatus, Product, Role
from community_hub.models.base import utcnow
from community_hub.models.channels import ChannelEntry, InfoChannel
from community_hub.models.site import PageSeo
from community_hub.site import public_pages

KINDS = ("community", "shop", "product", "channel", "entry")
MAX_TITLE, MAX_DESCRIPTION, MAX_KEYWORDS = 70, 160, 200
SITE_NAME = "Community Hub"


@dataclass(frozen=True)
class SeoFields:
    kind: str
    ref_id: int
    title: str
    description: str
    keywords: str
    # What a visitor would read when a field is left empty (shown as the editor's placeholder).
    default_title: str
    default_description: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    keywords: str
    path: str  # the canonical path (the page's readable URL)
    og_type: str  # website | product | article
    image: str = ""  # an absolute or site-relative picture for Open Graph, when the page has one


def _cut(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _owner_community(db: Session, kind: str, ref_id: int) -> int | None:
    if kind == "community":
        from community_hub.models import Community
        return get_or_not_found(db, Community, ref_id, phrase("community")).id
    if kind == "channel":
        return get_or_not_found(db, InfoChannel, ref_id, phrase("channel")).community_id
    if kind == "entry":
        e = get_or_not_found(db, ChannelEntry, ref_id, phrase("entry"))
        return get_or_not_found(db, InfoChannel, e.channel_id, phrase("channel")).community_id
    return None


def _owner_merchant(db: Session, kind: str, ref_id: int) -> int:
    if kind == "shop":
        return get_or_not_found(db, Merchant, ref_id, phrase("shop")).id
    return get_or_not_found(db, Product, ref_id, phrase("product")).merchant_id


def _require_owner(db: Session, actor: Actor, kind: str, ref_id: int) -> None:
    if kind not in KINDS:
        raise ServiceError(phrase("That is not a page with search-engine settings."), code="bad_kind")
    community_id = _owner_community(db, kind, ref_id)
    if community_id is not None:
        require_staff_of(actor, community_id)
    else:
        require_merchant_of(actor, _owner_merchant(db, kind, ref_id))


def may_edit(db: Session, actor: Actor, kind: str, ref_id: int) -> bool:
    """Whether the page's "Search engines" button is offered to this person (the edit checks again)."""
    if not actor.is_authenticated or actor.roles <= {Role.RESIDENT}:
        return False  # only a shop's merchants, a community's staff and admins edit these: no read
    try:
        _require_owner(db, actor, kind, ref_id)
    except ServiceError:
        return False
    return True


def _defaults(db: Session, kind: str, ref_id: int) -> tuple[str, str]:
    """(title, description) a page shows when its owner wrote nothing."""
    if kind == "community":
        from community_hub.models import Community
        c = db.get(Community, ref_id)
        return c.name, phrase("{community}: notices, shops nearby and events.", community=c.name)
    if kind == "shop":
        m = db.get(Merchant, ref_id)
        return (m.seo_title or m.name), (m.seo_description or _cut(m.description, MAX_DESCRIPTION)
                                         or phrase("Order from {shop} for delivery or pickup.", shop=m.name))
    if kind == "product":
        p = db.get(Product, ref_id)
        m = db.get(Merchant, p.merchant_id)
        return f"{p.name} · {m.name}", _cut(p.description, MAX_DESCRIPTION) or p.name
    if kind == "channel":
        ch = db.get(InfoChannel, ref_id)
        return (ch.seo_title or ch.name), (ch.seo_description or _cut(ch.description, MAX_DESCRIPTION) or ch.name)
    e = db.get(ChannelEntry, ref_id)
    ch = db.get(InfoChannel, e.channel_id)
    entry = public_pages._public_entry(list(ch.fields or []), e)
    words = " · ".join(v for _, v in entry.values)
    return (entry.title or ch.name), _cut(words, MAX_DESCRIPTION) or ch.name


def _row(db: Session, kind: str, ref_id: int) -> PageSeo | None:
    return db.exec(select(PageSeo).where(PageSeo.kind == kind, PageSeo.ref_id == ref_id)).first()


def page_seo(db: Session, actor: Actor, kind: str, ref_id: int) -> SeoFields:
    """The editor's fields for one page (its owner only)."""
    _require_owner(db, actor, kind, ref_id)
    row = _row(db, kind, ref_id)
    title, description = _defaults(db, kind, ref_id)
    return SeoFields(kind, ref_id, row.title if row else "", row.description if row else "",
                     row.keywords if row else "", title, description)


def _keywords(text: str) -> str:
    words = [w.strip() for w in re.split(r"[,，;；\n]", text or "") if w.strip()]
    return ", ".join(dict.fromkeys(words))


def edit_page_seo(db: Session, actor: Actor, kind: str, ref_id: int, *, title: str = "", description: str = "",
                  keywords: str = "") -> SeoFields:
    """Save what search engines read about a page. Longer than a search result shows is refused."""
    _require_owner(db, actor, kind, ref_id)
    title, description = re.sub(r"\s+", " ", str(title or "")).strip(), re.sub(r"\s+", " ", str(description or "")).strip()
    words = _keywords(str(keywords or "")[:2000])
    if len(title) > MAX_TITLE:
        raise ServiceError(phrase("A search title has {limit} characters at most.", limit=MAX_TITLE), code="too_long")
    if len(description) > MAX_DESCRIPTION:
        raise ServiceError(phrase("A search description has {limit} characters at most.", limit=MAX_DESCRIPTION), code="too_long")
    if len(words) > MAX_KEYWORDS:
        raise ServiceError(phrase("Keywords have {limit} characters at most.", limit=MAX_KEYWORDS), code="too_long")
    row = _row(db, kind, ref_id) or PageSeo(kind=kind, ref_id=ref_id)
    row.title, row.description, row.keywords, row.updated_at = title, description, words, utcnow()
    db.add(row)
    db.flush()
    return page_seo(db, actor, kind, ref_id)


def _meta(db: Session, kind: str, ref_id: int, path: str, og_type: str, image: str = "") -> PageMeta:
    row = _row(db, kind, ref_id)
    title, description = _defaults(db, kind, ref_id)
    return PageMeta(_cut((row.title if row and row.title else title), MAX_TITLE) + f" · {SITE_NAME}",
                    (row.description if row and row.description else _cut(description, MAX_DESCRIPTION)),
                    row.keywords if row else "", path, og_type, image)


def _public_shop(db: Session, slug: str) -> Merchant:
    m = db.exec(select(Merchant).where(Merchant.slug == slug[:60])).first()
    if m is None or m.status != MerchantStatus.APPROVED or not is_listed(db, m):
        raise NotFound("shop")
    return m


def meta_for_path(db: Session, path: str) -> PageMeta | None:
    """The tags of a public page by its URL path; None for any other path (or a page not found)."""
    parts = [p for p in path.split("/") if p]
    try:
        if len(parts) == 2 and parts[0] == "shop":
            m = _public_shop(db, parts[1])
            return _meta(db, "shop", m.id, f"/shop/{m.slug}", "website", m.banner_url or m.logo_url)
        if len(parts) == 2 and parts[0] == "product" and parts[1].isdigit() and len(parts[1]) < 12:
            p = db.get(Product, int(parts[1]))
            if p is None or not p.available or p.abnormal or not p.live:
                return None
            _public_shop(db, db.get(Merchant, p.merchant_id).slug)
            return _meta(db, "product", p.id, f"/product/{p.id}", "product", (p.photos or [""])[0])
        if len(parts) >= 2 and parts[0] == "c":
            c = public_pages.community_by_slug(db, parts[1])
            if len(parts) == 2:
                return _meta(db, "community", c.id, f"/c/{c.slug}", "website")
            if len(parts) == 4 and parts[2] == "channel":
                ch = public_pages.public_channel_row(db, c.id, parts[3])
                return _meta(db, "channel", ch.id, f"/c/{c.slug}/channel/{ch.slug}", "website")
            if len(parts) == 5 and parts[2] == "channel":
                page, entry = public_pages.public_entry(db, None, c.slug, parts[3], parts[4])
                return _meta(db, "entry", entry.id, f"/c/{c.slug}/channel/{page.channel.slug}/{entry.slug}", "article")
            if len(parts) == 4 and parts[2] == "notice" and parts[3].isdigit() and len(parts[3]) < 12:
                _, n = public_pages.public_notice(db, None, c.slug, int(parts[3]))
                return PageMeta(_cut(n.title, MAX_TITLE) + f" · {SITE_NAME}", _cut(n.body, MAX_DESCRIPTION) or n.title,
                                "", f"/c/{c.slug}/notice/{n.id}", "article")
    except NotFound:
        return None
    return None
