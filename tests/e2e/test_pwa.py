"""The installable app: manifest and service worker served as such, the worker registered on the
resident's home, an offline page when the network is cut, the member card seen before still shown
offline ("as of HH:MM"), an offline banner and actions refused while offline, the kiosk left alone."""

from __future__ import annotations

import json

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as, open_page

LAST_SEEN = "hub-last-seen-v1"  # assets/sw.js: the cache of the resident's saved pages


def test_manifest_and_worker_are_served_as_such(app_server: str):
    manifest = httpx.get(f"{app_server}/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = json.loads(manifest.text)
    assert body["name"] == "Community Hub" and body["start_url"] == "/home" and body["display"] == "standalone"
    assert {i["sizes"] for i in body["icons"]} == {"192x192", "512x512"}
    assert any(i.get("purpose") == "maskable" for i in body["icons"])
    assert [s["url"] for s in body["shortcuts"]] == ["/orders", "/bills", "/repairs"]
    for icon in body["icons"]:
        assert httpx.get(app_server + icon["src"]).headers["content-type"] == "image/png"
    worker = httpx.get(f"{app_server}/sw.js")
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
    offline = httpx.get(f"{app_server}/offline.html")
    assert "You are offline" in offline.text and "当前无网络连接" in offline.text


def _controlled(page: Page) -> None:
    """Wait until the worker is active and controls this page (it claims open pages at once)."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=20_000)


def test_worker_registers_and_a_reload_offline_shows_the_offline_page(page: Page, base_url: str):
    log_in_as(page, base_url, "resident@demo.hub")
    assert page.locator('link[rel="manifest"]').get_attribute("href") == "/manifest.webmanifest"
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == base_url + "/"
    _controlled(page)
    page.context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        expect(page.get_by_role("heading", name="当前无网络连接")).to_be_visible()
    finally:
        page.context.set_offline(False)


def _saved(page: Page, path: str) -> None:
    """The page hands its rendered copy to the worker within a few seconds of showing it."""
    for _ in range(40):
        if page.evaluate(f"caches.open('{LAST_SEEN}').then(c => c.match('{path}')).then(r => !!r)"):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{path} never handed its copy to the worker")


def test_bills_and_member_card_seen_before_still_show_offline(page: Page, base_url: str):
    log_in_as(page, base_url, "resident@demo.hub", "/bills")
    _controlled(page)
    expect(page.get_by_role("heading", name="To pay")).to_be_visible()
    _saved(page, "/bills")
    open_page(page, base_url, "/me/card")
    expect(page.get_by_role("img", name="Member card QR code")).to_be_visible()
    _saved(page, "/me/card")
    page.context.set_offline(True)
    try:
        page.goto(base_url + "/bills")
        expect(page.get_by_text("Offline copy as of")).to_be_visible()
        expect(page.get_by_role("heading", name="To pay")).to_be_visible()
        page.goto(base_url + "/me/card")
        expect(page.get_by_text("Offline copy as of")).to_be_visible()
        expect(page.get_by_role("img", name="Member card QR code")).to_be_visible()
        # A page never opened before has no copy: the offline page.
        page.goto(base_url + "/repairs")
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    finally:
        page.context.set_offline(False)


def test_offline_banner_and_actions_refused_until_back_online(page: Page, base_url: str):
    log_in_as(page, base_url, "resident@demo.hub", "/cart")
    page.context.set_offline(True)
    try:
        expect(page.get_by_text("You are offline. Pages show what they last had")).to_be_visible()
        page.get_by_role("button").first.click()
        expect(page.get_by_role("alert").filter(has_text="Not sent: you are offline")).to_be_visible()
    finally:
        page.context.set_offline(False)
    expect(page.get_by_text("You are offline. Pages show what they last had")).to_be_hidden(timeout=15_000)


def test_the_kiosk_registers_no_worker(new_context, base_url: str):
    page = new_context().new_page()
    open_page(page, base_url, "/kiosk/1")
    page.wait_for_timeout(2000)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
