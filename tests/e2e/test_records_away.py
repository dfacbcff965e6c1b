"""The database goes away under a running app, and comes back.

The app runs on a PostgreSQL server of this module's own (tests/throwaway.PgServer: `initdb` in a
temp folder on a free port), so the test can stop it. A resident has her inbox open:
- PostgreSQL stopped: within a few seconds every page shows the banner ("We can't reach our
  records right now…", in Chinese when the page is switched to it), `/ready` answers 503 while
  `/ping` (liveness) still answers 200; "Mark all read" pressed meanwhile says it could not be
  done and that nothing was changed;
- PostgreSQL started: the banner goes by itself and a notification that arrives afterwards shows
  on the open page, with no reload; the item is still unread (the action changed nothing);
- the server logged the outage in a line or two, not a traceback a pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from community_hub.core.db import engine_for
from community_hub.models import InboxItem, User
from tests.e2e.conftest import _port
from tests.e2e.helpers import log_in_as
from tests.e2e.sockets import listening_on
from tests.throwaway import PgServer, pg_server

BANNER = "We can't reach our records right now. Nothing you did was lost; we'll keep trying."
BANNER_ZH = "暂时无法连接到我们的数据记录。您所做的一切都没有丢失；我们会继续尝试连接。"
SOON = 12_000  # ms: the pages ask /ready every 5 s (at once after a failed action), reads retry ~2 s


@pytest.fixture(scope="module")
def pg() -> Iterator[PgServer]:
    try:
        PgServer.tool("initdb")
    except RuntimeError as exc:
        pytest.skip(str(exc))
    with pg_server() as server:
        yield server


@pytest.fixture(scope="module")
def app_env_extra(pg: PgServer) -> dict[str, str]:
    """This module's app on its own PostgreSQL (tests/e2e/conftest.py's `_app` reads this), and
    shown to the network as HUB_HOST asks (the demo's default is this computer only)."""
    return {"REFLEX_DB_URL": pg.url, "HUB_HOST": "0.0.0.0"}


def _note(db_url: str, title: str) -> None:
    """A notification for the demo resident, as the outbox would put it in her inbox."""
    with Session(engine_for(db_url)) as db:
        riley = db.exec(select(User).where(User.email == "resident@demo.hub")).one()
        db.add(InboxItem(user_id=riley.id, title=title, body="A parcel is at the front desk."))
        db.commit()


def _unread(db_url: str, title: str) -> bool:
    with Session(engine_for(db_url)) as db:
        return db.exec(select(InboxItem.read_at).where(InboxItem.title == title)).one() is None


def test_hub_host_opens_the_demo_to_every_interface(base_url: str):
    assert httpx.get(f"{base_url}/ping").status_code == 200
    assert listening_on(_port()) == {"0.0.0.0"}


def test_the_database_away_and_back(page: Page, base_url: str, pg: PgServer, e2e_db_url: str, _app):
    _note(e2e_db_url, "Before the outage")
    log_in_as(page, base_url, "resident@demo.hub", "/inbox")
    expect(page.get_by_text("Before the outage")).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_hidden()
    assert httpx.get(f"{base_url}/ready").status_code == 200
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    engine_for(e2e_db_url).dispose()  # this process's connections, so the server stops at once
    pg.stop()
    try:
        expect(page.get_by_text(BANNER)).to_be_visible(timeout=SOON)
        assert httpx.get(f"{base_url}/ready").status_code == 503
        assert httpx.get(f"{base_url}/ping").status_code == 200  # alive: no reason to restart it
        page.get_by_role("button", name="Mark all read").click()
        expect(page.get_by_text("That could not be done: we can't reach our records right now. "
                                "Nothing was changed")).to_be_visible(timeout=SOON)
        # In the page's language: switched to Chinese meanwhile (this browser; the account later).
        page.get_by_role("button", name="中文").first.click()
        expect(page.get_by_text(BANNER_ZH)).to_be_visible()
        page.get_by_role("button", name="English").first.click()
        expect(page.get_by_text(BANNER)).to_be_visible()
    finally:
        pg.start()

    expect(page.locator("#hub-records-away")).to_be_hidden(timeout=SOON)
    assert httpx.get(f"{base_url}/ready").status_code == 200
    _note(e2e_db_url, "After the outage")
    expect(page.get_by_text("After the outage")).to_be_visible(timeout=SOON)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert _unread(e2e_db_url, "Before the outage"), "the action tried during the outage changed something"

    log = _app.log.read_text()
    assert "Traceback" not in log, log[-3000:]
    assert log.count("outbox paused") == 1, log[-3000:]
