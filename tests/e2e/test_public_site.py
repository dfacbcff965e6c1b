"""The public site in the browser (issue 15): a visitor who is not logged in reads Maple Court's
front and a shop page; buying asks for a login and comes back to the shop; the sitemap lists them
and robots keeps the private areas out; a bound host name lands on the community front (a Host
header against the real server), with its search-engine tags in the HTML; registration requires
accepting the agreement an admin published, and a new version is asked once of a member."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Page, expect

from community_hub.accounts import agreements
from community_hub.accounts import auth as accounts
from community_hub.core.db import engine_for, session_scope
from community_hub.site import host_bindings
from tests.e2e.helpers import DEMO_PASSWORD, expect_path, log_in_as, open_page, open_page_until


def _admin_do(db_url: str, fn, *args, **kwargs):
    eng = engine_for(db_url)
    try:
        with session_scope(eng) as db:
            admin = accounts.login(db, identifier="admin@demo.hub", password=DEMO_PASSWORD)[1]
            return fn(db, admin, *args, **kwargs)
    finally:
        eng.dispose()


def test_a_visitor_reads_the_community_front_and_a_shop_and_buying_asks_for_a_login(page: Page, base_url: str):
    open_page(page, base_url, "/c/maple-court")
    expect(page.get_by_role("heading", name="Maple Court", level=1)).to_be_visible()
    notices = page.locator("#public-notices")
    expect(notices.get_by_role("link", name="Welcome to Community Hub")).to_be_visible()
    expect(notices.get_by_text("Water maintenance on Saturday")).to_have_count(0)  # residents only
    expect(page.locator("#public-events").get_by_text("Community garden day")).to_be_visible()
    expect(page.locator("#public-channels").get_by_role("link", name="Service guide")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()  # nobody is logged in

    page.locator("#public-channels").get_by_role("link", name="Service guide").click()
    expect_path(page, "/c/maple-court/channel/service-guide")
    page.get_by_role("link", name="Maple Plumbing").click()
    expect(page).to_have_url(re.compile(r"/c/maple-court/channel/service-guide/\d+-maple-plumbing$"))
    expect(page.get_by_role("heading", name="Maple Plumbing", level=1)).to_be_visible()
    expect(page.get_by_text("+1 555 0100")).to_be_visible()

    open_page(page, base_url, "/c/maple-court")
    page.locator("#public-shops").get_by_role("link", name="Corner Grocer").click()
    expect_path(page, "/shop/corner-grocer")
    expect(page.get_by_role("heading", name="Corner Grocer")).to_be_visible()
    expect(page.get_by_role("link", name="← Back to the community")).to_have_attribute("href", "/c/maple-court")
    add = page.get_by_role("button", name=re.compile("^Add")).first
    expect(add).to_be_visible()
    add.click()  # buying needs a login, which comes back here
    expect_path(page, "/login")
    assert "next=/shop/corner-grocer" in page.url
    page.get_by_label("Email or mobile number").fill("resident@demo.hub")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect_path(page, "/shop/corner-grocer")
    expect(page.locator("#top-nav")).to_be_visible()  # back in the resident's own shell


def test_sitemap_robots_and_a_bound_host_on_the_real_server(base_url: str, e2e_db_url: str):
    sitemap = requests.get(f"{base_url}/sitemap.xml", timeout=10)
    assert sitemap.status_code == 200 and sitemap.headers["content-type"].startswith("application/xml")
    assert f"<loc>{base_url}/c/maple-court</loc>" in sitemap.text
    assert f"<loc>{base_url}/shop/corner-grocer</loc>" in sitemap.text
    assert "/c/maple-court/channel/service-guide" in sitemap.text
    robots = requests.get(f"{base_url}/robots.txt", timeout=10).text
    for area in ("/admin", "/property", "/merchant", "/kiosk", "/orders", "/account"):
        assert f"Disallow: {area}" in robots
    assert f"Sitemap: {base_url}/sitemap.xml" in robots

    port = base_url.rsplit(":", 1)[1]
    maple = {"Host": f"maple.example.org:{port}"}
    unbound = requests.get(f"{base_url}/", headers=maple, allow_redirects=False, timeout=10)
    assert unbound.status_code != 307  # not bound yet: the app's own front page
    binding = _admin_do(e2e_db_url, host_bindings.bind_host, "maple.example.org", community_slug="maple-court")
    _admin_do(e2e_db_url, host_bindings.bind_host, "corner.example.org", shop_slug="corner-grocer")
    landed = requests.get(f"{base_url}/", headers=maple, allow_redirects=False, timeout=10)
    assert landed.status_code == 307 and landed.headers["location"] == "/c/maple-court"
    shop = requests.get(f"{base_url}/", headers={"Host": "corner.example.org"}, allow_redirects=False, timeout=10)
    assert shop.headers["location"] == "/shop/corner-grocer"
    front = requests.get(f"{base_url}/c/maple-court", headers=maple, timeout=10)
    assert front.status_code == 200
    # (the title is Maple Court's own, or what its staff wrote for search engines in another test)
    assert re.search(r"<title>Maple Court[^<]* · Community Hub</title>", front.text)
    assert f'<link rel="canonical" href="http://maple.example.org:{port}/c/maple-court">' in front.text
    assert re.search(r'<meta property="og:title" content="Maple Court[^"]* · Community Hub">', front.text)
    # The host's own sitemap lists its community and the shops of its circle, not the whole site.
    own = requests.get(f"{base_url}/sitemap.xml", headers=maple, timeout=10).text
    assert f"<loc>http://maple.example.org:{port}/c/maple-court</loc>" in own
    assert "/shop/corner-grocer" in own
    _admin_do(e2e_db_url, host_bindings.set_enabled, binding.id, False)  # switched off: no longer lands there
    assert requests.get(f"{base_url}/", headers=maple, allow_redirects=False, timeout=10).status_code != 307


def test_staff_write_the_fronts_search_title_and_switch_a_notice_public(page: Page, base_url: str):
    log_in_as(page, base_url, "staff@demo.hub", "/c/maple-court")
    page.get_by_role("button", name="Search engines").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill("Maple Court homes by the park")
    dialog.get_by_label("Keywords (separated by commas)").fill("maple, park")
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Search engines read it on their next visit.")).to_be_visible()
    html = requests.get(f"{base_url}/c/maple-court", timeout=10).text
    assert "<title>Maple Court homes by the park · Community Hub</title>" in html
    assert '<meta name="keywords" content="maple, park">' in html

    open_page(page, base_url, "/property/public-site")
    row = page.locator(".public-row").filter(has_text="Water maintenance on Saturday")
    row.get_by_role("switch", name="Public").click()
    expect(page.get_by_text("Shown on the public site.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect_path(page, "/login")
    open_page(page, base_url, "/c/maple-court")
    expect(page.locator("#public-notices").get_by_role("link", name="Water maintenance on Saturday")).to_be_visible()


def test_an_admin_binds_a_host_name_and_a_bound_name_is_refused(page: Page, base_url: str):
    log_in_as(page, base_url, "admin@demo.hub", "/admin/site")
    page.get_by_label("Host name").fill("court.example.org")
    page.get_by_label("Opens").select_option(label="A community")
    page.get_by_label("Its address (slug)").fill("maple-court")
    page.get_by_role("button", name="Bind").click()
    expect(page.get_by_text("court.example.org now opens /c/maple-court.")).to_be_visible()
    row = page.locator(".binding-row").filter(has_text="court.example.org")
    expect(row.get_by_role("switch", name="Binding switched on")).to_be_checked()
    page.get_by_label("Host name").fill("Court.Example.org")
    page.get_by_label("Opens").select_option(label="A shop")
    page.get_by_label("Its address (slug)").fill("corner-grocer")
    page.get_by_role("button", name="Bind").click()
    expect(page.get_by_text("court.example.org is already bound. Remove that binding first.")).to_be_visible()
    expect(page.locator(".binding-row")).to_have_count(1)  # the refusal changed nothing
    landed = requests.get(f"{base_url}/", headers={"Host": "court.example.org"}, allow_redirects=False, timeout=10)
    assert landed.headers["location"] == "/c/maple-court"
    row.get_by_role("switch", name="Binding switched on").click()
    expect(page.get_by_text("court.example.org is switched off.")).to_be_visible()
    off = requests.get(f"{base_url}/", headers={"Host": "court.example.org"}, allow_redirects=False, timeout=10)
    assert off.status_code != 307


# Last: once it has published terms, every member (staff and admins too) is asked to accept them.
def test_registration_requires_accepting_the_agreement_and_a_new_version_is_asked_once(page: Page, base_url: str,
                                                                                         mailbox, e2e_db_url: str):
    # An admin publishes the agreement on the public-site screen.
    log_in_as(page, base_url, "admin@demo.hub", "/admin/site")
    page.get_by_label("Document").select_option(label="Registration agreement")
    page.get_by_label("Title").fill("Maple terms")
    page.get_by_label("Text").fill("# Using Community Hub\nBe kind to your neighbours.")
    page.get_by_role("button", name="Publish new version").click()
    expect(page.locator("#documents-table").get_by_text("Maple terms")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect_path(page, "/login")

    open_page(page, base_url, "/register")
    expect(page.get_by_text("Maple terms")).to_be_visible()
    page.get_by_label("Your name").fill("Nora")
    page.get_by_label("Email or mobile number").fill("nora@example.test")
    page.get_by_label("Password", exact=True).fill("nora-pass-123")
    page.get_by_label("Password again").fill("nora-pass-123")
    page.get_by_label("Community").select_option(label="Maple Court")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Accept the registration agreement and the platform rules to register.")).to_be_visible()
    expect_path(page, "/register")  # nothing was created
    page.get_by_label("I have read and accept the registration agreement and the platform rules").check()
    page.get_by_role("button", name="Create account").click()
    expect_path(page, "/verify")
    page.get_by_label("Code").fill(mailbox.wait_for_code("nora@example.test"))
    page.get_by_role("button", name="Confirm").click()
    expect_path(page, "/login")
    page.get_by_label("Password", exact=True).fill("nora-pass-123")
    page.get_by_role("button", name="Log in").click()
    expect_path(page, "/home")
    expect(page.get_by_role("dialog")).to_have_count(0)  # accepted when registering: nothing to ask

    _admin_do(e2e_db_url, agreements.publish, "rules", title="Platform rules v1", body="## Selling\nNo fakes.")
    # Published by another process (this test's), as by another worker: the app keeps the current
    # versions a few seconds (accounts/agreements._CURRENT), so a page within them asks for it.
    dialog = page.get_by_role("dialog")
    open_page_until(page, base_url, "/orders", dialog.get_by_text("Platform rules v1"))
    dialog.get_by_role("button", name="I accept").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    open_page(page, base_url, "/home")  # asked once
    expect(page.get_by_role("heading", name=re.compile("."), level=1).first).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
