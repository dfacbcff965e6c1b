"""axe-core (the engine behind most accessibility checkers) on every page of every role — resident,
merchant, property staff, platform admin, agent, the lobby kiosk and the public pages — in English
and 中文: no serious or critical violation (a field with no name, an icon button a screen reader
cannot announce, text below WCAG AA contrast, a page without its language...).

The pages come from the app itself (tests/e2e/page_routes.py), so a new page is scanned without
anyone adding it here; a route with a [parameter] gets a real id made through the services. One
browser context per role, logged in once."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.e2e.helpers import DEMO_HOMES, expect_path, log_in, open_page
from tests.e2e.page_routes import declared_screens, demo_ids, filled

SCREENS = declared_screens()
ACCOUNTS = {"resident": "resident@demo.hub", "merchant": "merchant@demo.hub", "property": "staff@demo.hub",
            "admin": "admin@demo.hub", "agent": "li@demo.hub", "kiosk": "kiosk@demo.hub"}
HOMES = {**DEMO_HOMES, "li@demo.hub": "/agent", "kiosk@demo.hub": "/kiosk/lobby-1"}
# Pages every member opens in their own role's shell (the account, the inbox...): each role sees them.
# Public pages (a community's site, a shop): a visitor sees them in the site's shell, a resident in
# their own.
SHARED_AREAS = {"member", "public"}
# The page the service worker shows with no network: a static file, not a route of the app.
STATIC_PAGES = ["/offline.html"]
SERIOUS = {"serious", "critical"}
_axe = Axe()


@pytest.fixture(scope="module")
def ids(e2e_db_url) -> dict[str, str]:
    return demo_ids(e2e_db_url)


def _paths(role: str, ids: dict[str, str]) -> list[str]:
    if role == "public":
        return [filled(s.route, ids) for s in SCREENS if not s.area or s.area == "public"] + STATIC_PAGES
    mine = [s for s in SCREENS if s.area == role or (s.area in SHARED_AREAS and role != "kiosk")]
    # A member page with a [parameter] (a repair) belongs to the resident who made it.
    mine = [s for s in mine if s.area == role or "[" not in s.route or role == "resident"]
    return [filled(s.route, ids) for s in mine]


def _settle(page: Page) -> None:
    """The page's own loads have answered: no request in flight, and React has painted."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def scan(page: Page, where: str) -> list[str]:
    """axe's serious and critical findings on the page as it is now, one line per rule."""
    results = _axe.run(page)
    out = []
    for v in results.response["violations"]:
        if v["impact"] in SERIOUS:
            targets = ", ".join(_node(n) for n in v["nodes"][:6])
            out.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])}×) {v['help']} — {targets}")
    return out


def _node(node: dict) -> str:
    """Where (axe's CSS selector), and for a contrast finding the colours and the ratio found."""
    where = str(node["target"][-1])
    data = (node.get("any") or [{}])[0].get("data") or {}
    if isinstance(data, dict) and "contrastRatio" in data:
        where += f" ({data.get('fgColor')} on {data.get('bgColor')}: {data['contrastRatio']})"
    return where


def _scan_all(page: Page, base_url: str, paths: list[str], lang: str) -> tuple[list[str], int]:
    found: list[str] = []
    for path in paths:
        if path.endswith(".html"):
            page.goto(base_url + path)
        else:
            open_page(page, base_url, path)
            expect_path(page, path)  # not sent elsewhere: it is this page that is scanned
        _settle(page)
        found += scan(page, f"{path} [{lang}]")
    return found, len(paths)


@pytest.mark.parametrize("role", ["public", "resident", "merchant", "property", "admin", "agent", "kiosk"])
def test_no_serious_accessibility_violations(browser: Browser, base_url: str, ids, role: str):
    found: list[str] = []
    for locale, lang in (("en-US", "en"), ("zh-CN", "zh")):
        ctx = browser.new_context(locale=locale)
        try:
            page = ctx.new_page()
            if role != "public":
                log_in(page, base_url, ACCOUNTS[role])
                expect_path(page, HOMES[ACCOUNTS[role]])
            paths = _paths(role, ids)
            # Both languages in full would double the run: English everywhere, 中文 on a sample.
            seen, _ = _scan_all(page, base_url, paths if lang == "en" else paths[:3], lang)
            found += seen
        finally:
            ctx.close()
    assert not found, f"{len(found)} serious/critical accessibility violations:\n" + "\n".join(found)
