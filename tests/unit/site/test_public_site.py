"""The public site's rules on SQLite and PostgreSQL: what a visitor reads of a community, host
bindings (who may bind, a host taken twice, the switch), search-engine fields (who may edit, limits,
defaults), the sitemap and robots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import NotFound, PermissionDenied, ServiceError
from community_hub.core.permissions import ANONYMOUS
from community_hub.models import Product, Role
from community_hub.models.base import utcnow
from community_hub.models.channels import ChannelEntry, InfoChannel
from community_hub.models.events import CommunityEvent
from community_hub.models.notices import Notice, NoticeStatus
from community_hub.site import host_bindings, public_pages, seo, sitemap
from tests import factories as f


@pytest.fixture
def site(tx):
    """Maple Court with a public and a residents-only notice, event and channel; a shop in its circle."""
    with tx() as db:
        c = f.community(db, slug="maple-court")
        other = f.community(db, slug="far-away", lat=41.0)
        staff = f.user(db, Role.PROPERTY_STAFF, community_id=c.id)
        other_staff = f.user(db, Role.PROPERTY_STAFF, community_id=other.id)
        admin = f.user(db, Role.PLATFORM_ADMIN)
        resident = f.user(db, Role.RESIDENT, community_id=c.id)
        shop = f.merchant(db)
        f.product(db, shop.id)
        owner = f.user(db, Role.MERCHANT, merchant_id=shop.id)
        stranger_shop = f.merchant(db)
        stranger = f.user(db, Role.MERCHANT, merchant_id=stranger_shop.id)
        now = utcnow()
        for title, public in (("Pool opens Saturday", True), ("Water off in block A", False)):
            db.add(Notice(community_id=c.id, title=title, body=f"{title}, details.", status=NoticeStatus.PUBLISHED,
                          public=public, published_at=now, created_by=staff.id))
        db.add(Notice(community_id=c.id, title="Draft plan", status=NoticeStatus.DRAFT, public=True, created_by=staff.id))
        for title, public in (("Summer fair", True), ("Owners' meeting", False)):
            db.add(CommunityEvent(community_id=c.id, title=title, starts_at=now + timedelta(days=2),
                                  ends_at=now + timedelta(days=2, hours=2), capacity=50, checkin_code=title[:8],
                                  public=public, created_by=staff.id))
        fields = [{"key": "name", "label": "Name", "type": "text"}, {"key": "phone", "label": "Phone", "type": "text"}]
        guide = InfoChannel(community_id=c.id, name="Service guide", slug="service-guide", fields=fields,
                            published=True, public=True)
        inside = InfoChannel(community_id=c.id, name="Lost and found", slug="lost-and-found", fields=fields,
                             published=True, public=False)
        db.add(guide)
        db.add(inside)
        db.flush()
        entry = ChannelEntry(channel_id=guide.id, data={"name": "Joe the Plumber", "phone": "555-0100"})
        hidden = ChannelEntry(channel_id=guide.id, data={"name": "Draft entry"}, published=False)
        db.add(entry)
        db.add(hidden)
        db.flush()
        return dict(c=c, other=other, staff=f.actor(db, staff), other_staff=f.actor(db, other_staff),
                    admin=f.actor(db, admin), resident=f.actor(db, resident), shop=shop,
                    owner=f.actor(db, owner), stranger=f.actor(db, stranger), guide=guide, inside=inside,
                    entry=entry, hidden=hidden)


def test_a_visitor_reads_only_what_is_public_on_the_front(site, db):
    front = public_pages.community_front(db, ANONYMOUS, "maple-court")
    assert front.name == site["c"].name
    assert [n.title for n in front.notices] == ["Pool opens Saturday"]
    assert [e.title for e in front.events] == ["Summer fair"]
    assert [ch.slug for ch in front.channels] == ["service-guide"]
    assert [s.slug for s in front.shops] == [site["shop"].slug]
    # A logged-in resident reads the same public front: nothing residents-only leaks to anyone.
    assert public_pages.community_front(db, site["resident"], "maple-court").notices == front.notices
    with pytest.raises(NotFound):
        public_pages.community_front(db, ANONYMOUS, "no-such-place")


def test_public_channel_entries_and_notices_have_readable_urls(site, db):
    page = public_pages.public_channel(db, ANONYMOUS, "maple-court", "service-guide")
    assert [e.slug for e in page.entries] == [f"{site['entry'].id}-joe-the-plumber"]
    _, entry = public_pages.public_entry(db, ANONYMOUS, "maple-court", "service-guide", f"{site['entry'].id}-joe-the-plumber")
    assert entry.title == "Joe the Plumber" and ("Phone", "555-0100") in entry.values
    for bad in (f"{site['hidden'].id}-draft-entry", "abc", "99999-x", ""):
        with pytest.raises(NotFound):
            public_pages.public_entry(db, ANONYMOUS, "maple-court", "service-guide", bad)
    with pytest.raises(NotFound):  # a residents-only channel is not found by a visitor
        public_pages.public_channel(db, ANONYMOUS, "maple-court", "lost-and-found")
    with pytest.raises(NotFound):  # the entry under another community's address
        public_pages.public_entry(db, ANONYMOUS, "far-away", "service-guide", str(site["entry"].id))
    private = db.exec(select(Notice).where(Notice.title == "Water off in block A")).one()
    with pytest.raises(NotFound):
        public_pages.public_notice(db, ANONYMOUS, "maple-court", private.id)


def test_only_a_platform_admin_binds_a_host_and_a_bound_host_is_refused(site, tx, db):
    for who in (ANONYMOUS, site["staff"], site["owner"], site["resident"]):
        with pytest.raises(ServiceError), tx() as s:
            host_bindings.bind_host(s, who, "maple.example.org", community_slug="maple-court")
    with tx() as s:
        b = host_bindings.bind_host(s, site["admin"], "Maple.Example.org", community_slug="maple-court")
        shop_b = host_bindings.bind_host(s, site["admin"], "corner.example.org", shop_slug=site["shop"].slug)
    assert (b.host, b.target) == ("maple.example.org", "/c/maple-court")
    assert shop_b.target == f"/shop/{site['shop'].slug}"
    with pytest.raises(ServiceError, match="already bound"), tx() as s:
        host_bindings.bind_host(s, site["admin"], "maple.example.org:443", shop_slug=site["shop"].slug)
    for host, kw in (("not a host", {"community_slug": "maple-court"}), ("x" * 300 + ".org", {"community_slug": "maple-court"}),
                     ("new.example.org", {}), ("new.example.org", {"community_slug": "maple-court", "shop_slug": "x"}),
                     ("new.example.org", {"community_slug": "nowhere"})):
        with pytest.raises(ServiceError), tx() as s:
            host_bindings.bind_host(s, site["admin"], host, **kw)
    assert [v.host for v in host_bindings.list_bindings(db, site["admin"])] == ["corner.example.org", "maple.example.org"]
    assert host_bindings.target_of(db, "MAPLE.example.org:8080").path == "/c/maple-court"
    assert host_bindings.target_of(db, "other.example.org") is None
    with pytest.raises(PermissionDenied), tx() as s:
        host_bindings.set_enabled(s, site["staff"], b.id, False)
    with tx() as s:
        host_bindings.set_enabled(s, site["admin"], b.id, False)
    assert host_bindings.target_of(db, "maple.example.org") is None  # switched off: served as any host
    with tx() as s:
        host_bindings.remove_binding(s, site["admin"], b.id)
    with tx() as s:  # removed: the name can be bound again
        host_bindings.bind_host(s, site["admin"], "maple.example.org", community_slug="maple-court")


def test_seo_fields_are_edited_by_the_pages_owner_only(site, tx, db):
    c, shop, guide, entry = site["c"], site["shop"], site["guide"], site["entry"]
    product_id = db.exec(select(Product.id).where(Product.merchant_id == shop.id)).first()
    owners = {("community", c.id): site["staff"], ("channel", guide.id): site["staff"], ("entry", entry.id): site["staff"],
              ("shop", shop.id): site["owner"], ("product", product_id): site["owner"]}
    for (kind, ref), owner in owners.items():
        for stranger in (ANONYMOUS, site["other_staff"], site["stranger"], site["resident"]):
            with pytest.raises(ServiceError), tx() as s:
                seo.edit_page_seo(s, stranger, kind, ref, title="Hijacked")
        with tx() as s:
            got = seo.edit_page_seo(s, owner, kind, ref, title=f"{kind} title", keywords="a, b,, a；c")
        assert got.title == f"{kind} title" and got.keywords == "a, b, c"
        with tx() as s:  # platform admins may edit any
            seo.edit_page_seo(s, site["admin"], kind, ref, title=f"{kind} title", description="", keywords="a, b, c")
    with pytest.raises(ServiceError, match="70 characters"), tx() as s:
        seo.edit_page_seo(s, site["owner"], "shop", shop.id, title="x" * 71)
    with pytest.raises(ServiceError, match="160 characters"), tx() as s:
        seo.edit_page_seo(s, site["owner"], "shop", shop.id, description="x" * 161)
    with pytest.raises(ServiceError), tx() as s:
        seo.edit_page_seo(s, site["admin"], "order", 1, title="x")
    assert seo.page_seo(db, site["owner"], "shop", shop.id).title == "shop title"  # the refusals changed nothing


def test_page_tags_use_what_the_owner_wrote_else_defaults(site, tx, db):
    c = site["c"]
    meta = seo.meta_for_path(db, "/c/maple-court")
    assert meta.title.startswith(c.name) and c.name in meta.description and meta.keywords == ""
    with tx() as s:
        seo.edit_page_seo(s, site["staff"], "community", c.id, title="Maple Court, Springfield",
                          description="Homes by the park.", keywords="maple, springfield")
    meta = seo.meta_for_path(db, "/c/maple-court/")
    assert (meta.title, meta.description, meta.keywords, meta.path) == (
        "Maple Court, Springfield · Community Hub", "Homes by the park.", "maple, springfield", "/c/maple-court")
    entry_meta = seo.meta_for_path(db, f"/c/maple-court/channel/service-guide/{site['entry'].id}-old-words")
    assert entry_meta.title.startswith("Joe the Plumber")
    assert entry_meta.path == f"/c/maple-court/channel/service-guide/{site['entry'].id}-joe-the-plumber"  # canonical
    assert seo.meta_for_path(db, f"/shop/{site['shop'].slug}").title.startswith(site["shop"].name)
    for private in ("/c/maple-court/channel/lost-and-found", "/orders", "/shop/nope", "/admin", "/c/nowhere"):
        assert seo.meta_for_path(db, private) is None


def test_sitemap_lists_public_pages_per_host_and_robots_keeps_private_areas_out(site, tx, db):
    paths = sitemap.public_paths(db)
    assert "/c/maple-court" in paths and "/c/maple-court/channel/service-guide" in paths
    assert f"/c/maple-court/channel/service-guide/{site['entry'].id}-joe-the-plumber" in paths
    assert f"/shop/{site['shop'].slug}" in paths
    assert not any("lost-and-found" in p or "draft" in p for p in paths)
    with tx() as s:
        host_bindings.bind_host(s, site["admin"], "maple.example.org", community_slug="maple-court")
        host_bindings.bind_host(s, site["admin"], "corner.example.org", shop_slug=site["shop"].slug)
    maple = sitemap.public_paths(db, host_bindings.target_of(db, "maple.example.org"))
    assert "/c/maple-court" in maple and "/c/far-away" not in maple and f"/shop/{site['shop'].slug}" in maple
    corner = sitemap.public_paths(db, host_bindings.target_of(db, "corner.example.org"))
    assert corner[0] == f"/shop/{site['shop'].slug}" and not any(p.startswith("/c/") for p in corner)
    xml = sitemap.sitemap_xml("https://maple.example.org", maple)
    assert "<loc>https://maple.example.org/c/maple-court</loc>" in xml
    robots = sitemap.robots_txt("https://maple.example.org")
    for area in ("/admin", "/property", "/merchant", "/kiosk", "/orders", "/account"):
        assert f"Disallow: {area}" in robots
    assert "Sitemap: https://maple.example.org/sitemap.xml" in robots


def test_only_the_communitys_staff_make_a_notice_event_or_channel_public(site, tx, db):
    from community_hub.site import publicity

    private = db.exec(select(Notice).where(Notice.title == "Water off in block A")).one()
    for who in (ANONYMOUS, site["other_staff"], site["resident"], site["owner"]):
        with pytest.raises(ServiceError), tx() as s:
            publicity.set_public(s, who, "notice", private.id, True)
    with pytest.raises(ServiceError), tx() as s:
        publicity.set_public(s, site["staff"], "bill", private.id, True)
    assert [n.title for n in public_pages.community_front(db, ANONYMOUS, "maple-court").notices] == ["Pool opens Saturday"]
    with tx() as s:
        publicity.set_public(s, site["staff"], "notice", private.id, True)
        publicity.set_public(s, site["staff"], "channel", site["inside"].id, True)
        publicity.set_public(s, site["staff"], "event", db.exec(select(CommunityEvent.id).where(
            CommunityEvent.title == "Owners' meeting")).one(), True)
    front = public_pages.community_front(db, ANONYMOUS, "maple-court")
    assert {n.title for n in front.notices} == {"Pool opens Saturday", "Water off in block A"}
    assert {ch.slug for ch in front.channels} == {"service-guide", "lost-and-found"}
    assert len(front.events) == 2
    with tx() as s:
        publicity.set_public(s, site["admin"], "notice", private.id, False)
    assert publicity.is_public(db, site["staff"], "notice", private.id) is False


def test_staff_see_their_communitys_public_switches_only(site, db):
    from community_hub.site import publicity

    slug, rows = publicity.overview(db, site["staff"], site["c"].id)
    assert slug == "maple-court"
    shown = {(r.kind, r.title): (r.public, r.state) for r in rows}
    assert shown[("notice", "Pool opens Saturday")] == (True, "published")
    assert shown[("notice", "Draft plan")] == (True, "draft")
    assert shown[("channel", "Lost and found")] == (False, "published")
    assert shown[("event", "Summer fair")] == (True, "published")
    for stranger in (ANONYMOUS, site["other_staff"], site["resident"], site["owner"]):
        with pytest.raises(ServiceError):
            publicity.overview(db, stranger, site["c"].id)


def test_the_edit_button_is_offered_to_owners_only_and_a_resident_costs_no_read(site, db):
    """Every resident's shop page asks whether to offer the "Search engines" button: a resident
    edits no page, so the answer is no without reading the shop (it read it on every open)."""
    from tests.query_count import counted

    c, shop = site["c"], site["shop"]
    offered, asked = counted(db, lambda: (seo.may_edit(db, site["resident"], "shop", shop.id),
                                          seo.may_edit(db, site["resident"], "community", c.id)))
    assert offered == (False, False) and asked == 0
    assert seo.may_edit(db, site["owner"], "shop", shop.id) and seo.may_edit(db, site["staff"], "community", c.id)
    assert not seo.may_edit(db, site["stranger"], "shop", shop.id) and not seo.may_edit(db, ANONYMOUS, "shop", shop.id)
