"""The 10-minute circle on a real map, with no internet: the bundled basemap of the demo area, a
labelled marker per shop a thumb can tap, the same shops listed beside (or below) it; and a shop's
place picked on a map when applying to sell, which the admin then sees on a map."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, log_in, open_page, shot

CENTER = (40.7411, -73.9897)  # Maple Court in the demo seed
NEAR_SHOPS = ["Corner Grocer", "Maple Bakery", "Green Cross Pharmacy", "Fresh Press Laundry", "Bean There Café",
              "Fix-It Hardware", "好邻居超市"]


def _offline(page: Page) -> list[str]:
    """Every request that would leave this machine is refused and noted: the maps must not need one."""
    left: list[str] = []

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("localhost", "127.0.0.1", "::1"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    page.context.route("**/*", handle)
    return left


def _marker_names(page: Page, map_id: str, kind: str) -> list[str]:
    labels = page.locator(f"#{map_id} .hub-pin-{kind} .hub-pin-label").all_inner_texts()
    return [t.split(" · ")[0] for t in labels]


def test_circle_map_draws_streets_offline_and_markers_open_shops(page: Page, base_url: str):
    left = _offline(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/shop")
    the_map = page.locator("#circle-map")
    expect(the_map).to_have_attribute("data-basemap", "bundled")
    # The bundled basemap: blocks drawn as shapes and street names written on them.
    expect(the_map.get_by_text("Maple Ave").first).to_be_visible()
    assert the_map.locator(".leaflet-overlay-pane path").count() > 100
    # Every shop of the circle is a labelled button on the map; the community is labelled too.
    expect(the_map.locator(".hub-pin-home")).to_contain_text("Maple Court")
    for name in NEAR_SHOPS:
        marker = the_map.get_by_role("button", name=re.compile(re.escape(name)))
        expect(marker).to_be_visible()
        box = marker.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, (name, box)
    expect(the_map.get_by_role("button", name=re.compile("Harbour Florist"))).to_have_count(0)
    # The list beside the map holds the same shops, and sits to its right on a wide screen.
    listed = page.locator("#circle-list [id^=shop-link-]").all_inner_texts()
    assert sorted(listed) == sorted(_marker_names(page, "circle-map", "shop")) == sorted(NEAR_SHOPS)
    map_box, list_box = the_map.bounding_box(), page.locator("#circle-list").bounding_box()
    assert list_box["x"] >= map_box["x"] + map_box["width"] - 1
    # A shop without a logo shows its initials on its card.
    expect(page.locator("#shop-corner-grocer .shop-initials")).to_have_text("CG")
    shot(page, "circle_map_desktop")

    # Tapping a marker opens the shop.
    the_map.get_by_role("button", name=re.compile("Maple Bakery")).click()
    expect_path(page, "/shop/maple-bakery")
    expect(page.locator("#shop-name")).to_have_text("Maple Bakery")
    assert left == [], left


def test_circle_map_on_a_phone_sits_above_the_list(page: Page, base_url: str):
    left = _offline(page)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "resident@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/shop")
    the_map = page.locator("#circle-map")
    expect(the_map.get_by_role("button", name=re.compile("Corner Grocer"))).to_be_visible()
    map_box, list_box = the_map.bounding_box(), page.locator("#circle-list").bounding_box()
    assert map_box["width"] <= 390 and list_box["y"] >= map_box["y"] + map_box["height"] - 1
    shot(page, "circle_map_phone")
    the_map.get_by_role("button", name=re.compile("Corner Grocer")).click()
    expect_path(page, "/shop/corner-grocer")
    assert left == [], left


def _picked(page: Page) -> tuple[float, float]:
    text = page.locator("#apply-picked").inner_text()
    lat, lon = re.search(r"(-?\d+\.\d+), (-?\d+\.\d+)", text).groups()
    return float(lat), float(lon)


def test_applicant_taps_the_shops_place_and_admin_sees_it(page: Page, base_url: str):
    left = _offline(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base_url, "li@demo.hub")
    expect_path(page, "/home")
    open_page(page, base_url, "/merchant/apply")
    expect(page.get_by_label("Latitude")).to_have_count(0)  # nothing to type: the map is the way
    page.fill("#apply-business_name", "Li's Dumplings")
    page.fill("#apply-address", "3 Elm Ave")
    page.fill("#apply-contact_phone", "555-0142")
    page.fill("#apply-legal_name", "Li Wei")
    page.fill("#apply-id_number", "ID777")
    page.fill("#apply-licence_number", "LIC-42")
    page.click("#apply-submit")
    expect(page.get_by_role("alert").filter(has_text="Tap the map")).to_be_visible()
    expect(page.locator("#apply-picked")).to_have_text("No place picked yet.")

    area = page.locator("#apply-map .leaflet-container")
    expect(page.locator("#apply-map .hub-pin-home")).to_contain_text("Maple Court")
    box = area.bounding_box()
    mid_x, mid_y = box["width"] / 2, box["height"] / 2  # the map opens on Maple Court
    area.click(position={"x": mid_x - 80, "y": mid_y + 50})  # south-west of the court
    expect(page.locator("#apply-picked")).to_contain_text("Your shop's place")
    first = _picked(page)
    assert first[0] < CENTER[0] and first[1] < CENTER[1], first
    area.press("Enter")  # with a keyboard: Enter places the shop at the map's centre, Maple Court
    expect(page.locator("#apply-picked")).not_to_contain_text(f"{first[0]}, {first[1]}")
    centre = _picked(page)
    assert abs(centre[0] - CENTER[0]) < 0.0003 and abs(centre[1] - CENTER[1]) < 0.0003, centre
    area.click(position={"x": mid_x + 80, "y": mid_y - 50})  # changed mind: north-east
    expect(page.locator("#apply-picked")).not_to_contain_text(f"{centre[0]}, {centre[1]}")
    lat, lon = _picked(page)
    assert lat > CENTER[0] and lon > CENTER[1], (lat, lon)
    pins = page.locator("#apply-map .hub-pin-pick")
    expect(pins).to_have_count(1)  # the marker moved; it was not copied
    expect(pins).to_contain_text("Your shop")
    page.click("#apply-submit")
    expect(page.locator("#application-state")).to_have_text("submitted")
    page.click("#logout")
    expect_path(page, "/login")

    log_in(page, base_url, "admin@demo.hub")
    expect_path(page, "/admin")
    open_page(page, base_url, "/admin/merchants")
    page.locator("tr", has_text="Li's Dumplings").get_by_role("button", name="Review").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"{lat:.5f}, {lon:.5f}")
    expect(dialog.locator("#application-place-note")).to_contain_text("from Maple Court, inside its 10-minute walk")
    expect(dialog.locator("#application-map .hub-pin-pick")).to_contain_text("Li's Dumplings")
    expect(dialog.locator("#application-map .hub-pin-home")).to_contain_text("Maple Court")
    shot(page, "admin_application_map")
    assert left == [], left
