"""The merchant's shop page settings: only its own approved shop, every bad value refused with
nothing changed, opening hours (past midnight too) read in the shop's own time zone, and new or
seeded shops given the zone they are in rather than UTC."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.marketplace import applications as ma
from community_hub.marketplace import catalog, shop_settings
from community_hub.models import Community, Merchant, MerchantStatus, Role
from tests import factories as f
from tests.unit.marketplace.conftest import fresh

GOOD = dict(name="Corner Grocer", description="Fresh bread daily.", phone="+1 (212) 555-0100",
            contact_email="hello@corner.example", seo_title="Corner Grocer — groceries near you",
            seo_description="Milk, eggs and bread delivered in 20 minutes.", delivery_radius_m=1500,
            delivery_fee_minor=250, min_order_minor=1000, pickup_enabled=True, timezone="America/New_York")
# Friday 2030-01-11 23:30 in New York (EST, UTC-5) is Saturday 04:30 UTC.
FRIDAY_LATE_NY = datetime(2030, 1, 12, 4, 30, tzinfo=UTC)


def _settings(db, w) -> dict:
    db.expire_all()
    return asdict(shop_settings.shop_settings(db, w.merchant, w.shop.id))


def test_settings_are_saved_tidied_and_read_back(world, tx, db):
    w = world
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, **(GOOD | {"name": "  Corner Grocer  ",
                                                                "contact_email": " hello@corner.example "}))
    got = _settings(db, w)
    assert {k: got[k] for k in GOOD} == GOOD  # stored without the stray spaces
    assert (got["slug"], got["status"], got["currency"], got["hours"]) == (w.shop.slug, "approved", "USD", [])
    assert got["is_open"] and got["open_now"]  # no hours set: open whenever switched on
    # The customer's page shows the same (once the shop sells something, residents see it).
    with tx() as s:
        f.product(s, w.shop.id)
    page = catalog.shop_page(db, w.shop.slug)
    assert (page.merchant.description, page.seo_title, page.open_now) == (GOOD["description"], GOOD["seo_title"], True)
    # The switch alone closes the shop for customers, and opens it again.
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, is_open=False)
    got = _settings(db, w)
    assert (got["is_open"], got["open_now"], got["description"]) == (False, False, GOOD["description"])
    assert not catalog.shop_page(db, w.shop.slug).open_now
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, is_open=True)
    assert _settings(db, w)["open_now"]
    # Limits are inclusive: exactly at each limit is accepted.
    edge = dict(name="N" * 120, description="d" * 2000, phone="0" * 30, delivery_radius_m=20_000,
                seo_title="t" * 70, seo_description="s" * 160, contact_email="")
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, **edge)
    got = _settings(db, w)
    assert {k: got[k] for k in edge} == edge


def test_another_merchant_can_neither_read_nor_change_the_shop(world, tx, db):
    w = world
    before = _settings(db, w)
    with pytest.raises(PermissionDenied), tx() as s:
        shop_settings.shop_settings(s, w.other_merchant, w.shop.id)
    with pytest.raises(PermissionDenied), tx() as s:
        shop_settings.update_shop(s, w.other_merchant, w.shop.id, description="Closed forever", is_open=False)
    with pytest.raises(PermissionDenied), tx() as s:
        shop_settings.set_hours(s, w.other_merchant, w.shop.id, [(0, 60, 120)])
    with pytest.raises(PermissionDenied), tx() as s:
        shop_settings.update_shop(s, w.resident, w.shop.id, is_open=False)
    assert _settings(db, w) == before


BAD = [
    ({"name": "   "}, "Enter the shop's name"),
    ({"name": "N" * 121}, "name is at most 120"),
    ({"description": "d" * 2001}, "description is at most 2000"),
    ({"contact_email": "hello.corner.example"}, "contact email like"),
    ({"contact_email": "hello @corner"}, "contact email like"),
    ({"phone": "555-CALL-NOW"}, "digits, spaces and"),
    ({"phone": "1" * 31}, "at most 30"),
    ({"phone": "+-()"}, "digits, spaces and"),
    ({"delivery_radius_m": 20_001}, "radius is at most 20,000 m"),
    ({"delivery_radius_m": -1}, "cannot be negative"),
    ({"delivery_radius_m": "500"}, "whole numbers"),
    ({"delivery_fee_minor": -50}, "cannot be negative"),
    ({"delivery_fee_minor": 10**12}, "fee is at most"),
    ({"min_order_minor": 10**12}, "minimum order is at most"),
    ({"timezone": "Mars/Olympus_Mons"}, "not a time zone"),
    ({"timezone": "../../etc/passwd"}, "not a time zone"),
    ({"seo_title": "t" * 71}, "SEO title is at most 70"),
    ({"seo_description": "s" * 161}, "description at most 160"),
    ({"logo_url": "javascript:alert(1)"}, "uploaded file or a web address"),
    ({"pickup_enabled": "no"}, "on or off"),
    ({"slug": "stolen-name"}, "cannot be changed here"),
    ({"status": "approved"}, "cannot be changed here"),
]


def test_each_bad_value_is_refused_and_nothing_changes(world, tx, db):
    w = world
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, **GOOD)
    before = _settings(db, w)
    for bad, message in BAD:
        # A good change sent with the bad one is refused with it: all or nothing.
        with pytest.raises(ServiceError, match=message), tx() as s:
            shop_settings.update_shop(s, w.merchant, w.shop.id, **({"description": "Changed", "is_open": False} | bad))
        assert _settings(db, w) == before, bad


def test_opening_hours_round_trip_and_run_past_midnight_in_the_shops_zone(world, tx, db):
    w = world
    spans = [(4, 18 * 60, 2 * 60), (0, 9 * 60, 17 * 60), (6, 10 * 60, 16 * 60)]  # Fri 18:00-02:00
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, timezone="America/New_York")
        shop_settings.set_hours(s, w.merchant, w.shop.id, spans)
    assert _settings(db, w)["hours"] == sorted(spans)

    def open_at(now):
        db.expire_all()
        return shop_settings.shop_settings(db, w.merchant, w.shop.id, now=now).open_now

    assert open_at(FRIDAY_LATE_NY)  # Friday 23:30 in New York
    assert open_at(FRIDAY_LATE_NY + timedelta(hours=2))  # Saturday 01:30
    assert not open_at(FRIDAY_LATE_NY + timedelta(hours=3))  # Saturday 02:30
    assert not open_at(FRIDAY_LATE_NY - timedelta(hours=6))  # Friday 17:30, before opening
    # The same instants read in UTC would be Saturday morning: the zone decides.
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, timezone="UTC")
    assert not open_at(FRIDAY_LATE_NY)
    # Bad spans are refused and the saved hours stay as they were.
    for bad in ([(7, 60, 120)], [(0, 60, 60)], [(0, -5, 60)], [(0, 60, 24 * 60 + 1)], [(0, "09:00", 60)],
                [(0, 60)], [(0, 9 * 60, 17 * 60), (1, 600, 600)]):
        with pytest.raises(ServiceError), tx() as s:
            shop_settings.set_hours(s, w.merchant, w.shop.id, bad)
        assert _settings(db, w)["hours"] == sorted(spans)
    # No hours at all: open whenever the switch is on.
    with tx() as s:
        shop_settings.set_hours(s, w.merchant, w.shop.id, [])
    got = _settings(db, w)
    assert (got["hours"], got["open_now"]) == ([], True)


def test_a_shop_that_is_not_approved_stays_as_the_platform_left_it(world, tx, db):
    w = world
    with tx() as s:
        shop = s.get(Merchant, w.shop.id)
        shop.status = MerchantStatus.SUSPENDED
        s.add(shop)
    with pytest.raises(ServiceError, match="is suspended"), tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, description="Business as usual")
    with pytest.raises(ServiceError, match="is suspended"), tx() as s:
        shop_settings.set_hours(s, w.merchant, w.shop.id, [(0, 60, 120)])
    got = _settings(db, w)  # the merchant can still see its settings and why
    assert (got["status"], got["description"], got["hours"]) == ("suspended", "", [])
    with tx() as s:  # the platform team can still correct it
        shop_settings.update_shop(s, w.admin, w.shop.id, description="Under review")
    assert fresh(db, Merchant, w.shop.id).description == "Under review"


def test_new_shops_read_their_hours_in_the_deployments_zone(world, tx, db, tmp_path, monkeypatch):
    w = world
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    with tx() as s:
        c = s.get(Community, w.community.id)
        c.time_zone = "Europe/Lisbon"
        s.add(c)
        applicant = f.actor(s, f.user(s, Role.RESIDENT))
    with tx() as s:
        app = ma.submit_application(s, applicant, business_name="Rosa's Bakery", category="bakery", address="1 Main St",
                                    lat=40.0, lon=-75.0, legal_name="Rosa Diaz", id_number="X1", licence_number="L1",
                                    contact_phone="+15550109")
    with tx() as s:
        for kind in ("licence", "id_front", "food_permit"):
            ma.upload_document(s, applicant, app.id, kind, b"%PDF-1.7\n" + b"x" * 100, f"{kind}.pdf")
    with tx() as s:
        approved = ma.approve_application(s, w.admin, app.id).id
        listed = ma.create_unclaimed_listing(s, w.admin, name="Old Pharmacy", category="pharmacy", address="2 Main St",
                                             lat=40.0, lon=-75.0, phone="+15550110").id
    assert fresh(db, Merchant, approved).timezone == "Europe/Lisbon"
    assert fresh(db, Merchant, listed).timezone == "Europe/Lisbon"


def test_seed_puts_the_demo_shops_in_the_communitys_zone_and_keeps_a_chosen_one(tx, db):
    from community_hub.seed import seed

    with tx() as s:
        seed(s)
    shops = db.exec(select(Merchant)).all()
    assert shops and {m.timezone for m in shops} == {"America/New_York"}
    with tx() as s:
        grocer = s.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
        grocer.timezone = "America/Chicago"
        s.add(grocer)
    with tx() as s:
        seed(s)  # idempotent: the merchant's own choice survives a re-seed
    db.expire_all()
    assert db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one().timezone == "America/Chicago"


# ---- the shop's logo and banner, uploaded


def _png(tmp_path, colour: str = "red", size=(8, 8)) -> bytes:
    from PIL import Image

    path = tmp_path / f"{colour}.png"
    Image.new("RGB", size, colour).save(path)
    return path.read_bytes()


def _pixels(data: bytes) -> tuple:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return img.size, img.convert("RGB").getpixel((0, 0))


def _stored_files(root) -> list:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def upload_dir(tmp_path, monkeypatch):
    root = tmp_path / "uploads"
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(root))
    return root


def test_an_uploaded_logo_and_banner_are_shown_from_the_public_catalog_area(world, tx, db, tmp_path, upload_dir):
    from community_hub.core import uploads

    w = world
    logo, banner = _png(tmp_path, "red"), _png(tmp_path, "blue", (40, 10))
    with tx() as s:
        logo_url = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "logo", logo, "my logo.png")
    with tx() as s:
        banner_url = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "banner", banner, "banner.png")
    got = _settings(db, w)
    assert (got["logo_url"], got["banner_url"]) == (logo_url, banner_url) and logo_url != banner_url
    # The address is the one product photos use: /api/media/ + the stored catalog path...
    for url, data in ((logo_url, logo), (banner_url, banner)):
        assert url.startswith("/api/media/catalog/") and url.endswith(".png")
        path = url.removeprefix("/api/media/")
        stored = (upload_dir / path).read_bytes()  # the same picture, written afresh (no metadata)
        assert _pixels(stored) == _pixels(data)
        assert uploads.public_file(path) == (stored, "image/png")  # what /api/media answers with
    # ...and nothing was written outside the public area.
    assert all(p.startswith("catalog/") for p in _stored_files(upload_dir)) and len(_stored_files(upload_dir)) == 2
    # Residents' shop page carries it, and the saved address passes the shop's own URL check.
    assert catalog.shop_page(db, w.shop.slug, viewer=w.merchant).merchant.logo_url == logo_url
    with tx() as s:
        shop_settings.update_shop(s, w.merchant, w.shop.id, logo_url=logo_url, description="Same logo")
    assert _settings(db, w)["logo_url"] == logo_url
    # A new logo replaces the old one on the page.
    with tx() as s:
        newer = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "logo", _png(tmp_path, "green"), "new.png")
    assert (_settings(db, w)["logo_url"], _settings(db, w)["banner_url"]) == (newer, banner_url) and newer != logo_url


def test_only_the_shops_own_merchant_can_upload_or_remove_its_images(world, tx, db, tmp_path, upload_dir):
    w = world
    with tx() as s:
        url = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "logo", _png(tmp_path), "logo.png")
    files = _stored_files(upload_dir)
    for who in (w.other_merchant, w.resident):
        with pytest.raises(PermissionDenied), tx() as s:
            shop_settings.set_shop_image(s, who, w.shop.id, "logo", _png(tmp_path, "black"), "mine.png")
        with pytest.raises(PermissionDenied), tx() as s:
            shop_settings.clear_shop_image(s, who, w.shop.id, "logo")
    assert _settings(db, w)["logo_url"] == url
    assert _stored_files(upload_dir) == files  # a refused upload writes no file either


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(world, tx, db, tmp_path, upload_dir):
    w = world
    with tx() as s:
        url = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "banner", _png(tmp_path), "banner.png")
    before, files = _settings(db, w), _stored_files(upload_dir)
    refused = [
        ("banner", b"Just some notes, renamed to look like a picture.\n", "notes.png", "not accepted"),
        ("logo", b"%PDF-1.4 a price list", "prices.png", "not accepted"),
        ("logo", b"", "empty.png", "empty"),
        ("banner", b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024), "huge.png", "too large"),
        ("avatar", _png(tmp_path), "me.png", "logo or the banner"),
    ]
    for which, data, name, message in refused:
        with pytest.raises(ServiceError, match=message), tx() as s:
            shop_settings.set_shop_image(s, w.merchant, w.shop.id, which, data, name)
        assert _settings(db, w) == before, name
        assert _stored_files(upload_dir) == files, name
    assert before["banner_url"] == url


def test_removing_an_image_empties_it_and_keeps_the_other(world, tx, db, tmp_path, upload_dir):
    w = world
    with tx() as s:
        shop_settings.set_shop_image(s, w.merchant, w.shop.id, "logo", _png(tmp_path), "logo.png")
        banner_url = shop_settings.set_shop_image(s, w.merchant, w.shop.id, "banner", _png(tmp_path, "blue"), "b.png")
    with tx() as s:
        shop_settings.clear_shop_image(s, w.merchant, w.shop.id, "logo")
    got = _settings(db, w)
    assert (got["logo_url"], got["banner_url"]) == ("", banner_url)
    assert catalog.shop_page(db, w.shop.slug, viewer=w.merchant).merchant.logo_url == ""
    with tx() as s:  # removing what is already gone is harmless
        shop_settings.clear_shop_image(s, w.merchant, w.shop.id, "logo")
        shop_settings.clear_shop_image(s, w.merchant, w.shop.id, "banner")
    assert (_settings(db, w)["logo_url"], _settings(db, w)["banner_url"]) == ("", "")
    # A suspended shop's page stays as the platform left it, pictures included.
    with tx() as s:
        shop = s.get(Merchant, w.shop.id)
        shop.status = MerchantStatus.SUSPENDED
        s.add(shop)
    with pytest.raises(ServiceError, match="is suspended"), tx() as s:
        shop_settings.set_shop_image(s, w.merchant, w.shop.id, "logo", _png(tmp_path), "logo.png")
    assert _settings(db, w)["logo_url"] == ""
