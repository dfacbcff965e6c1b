"""Browser tests against the real production build, served once per run on a free port, with a
fresh SQLite database (demo data loaded) and a real SMTP server (aiosmtpd) catching the emails."""

from __future__ import annotations

import email
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in_as
from tests.throwaway import free_port

# `./hub test` runs these beside the service tests on a 2-core machine (tests/run_all.py): a page
# that answers in 6 s there is slow, not broken. 10 s still fails a step that never happens quickly.
expect.set_options(timeout=10_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class Mailbox:
    """Collects every email the app sends; tests read verification codes from it."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def wait_for_code(self, to: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for msg in reversed(self.messages):
                if msg["To"] == to:
                    match = re.search(r"\b(\d{6})\b", msg.get_payload(decode=True).decode())
                    if match:
                        return match.group(1)
            time.sleep(0.2)
        raise AssertionError(f"no code emailed to {to} within {timeout} s")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def app_env_extra() -> dict[str, str]:
    """Overridden by tests/e2e_scale to run the same app on PostgreSQL + Redis with 2 workers."""
    return {}


def _port() -> int:
    # The frontend bakes its port into the bundle, so browser tests keep a build of their own
    # (.web-test, port 3917) that `./hub run` (.web, port 3000) never has to rebuild over.
    return int(os.environ.get("HUB_TEST_PORT", "3917"))


@dataclass
class AppServer:
    base_url: str
    db_url: str
    provider_store: str  # the demo payment provider's records for this app
    log: Path | None = None  # what the app server printed (tests/e2e/test_records_away.py reads it)


@pytest.fixture(scope="module")
def _app(mailbox, tmp_path_factory, app_env_extra) -> Iterator[AppServer]:
    """A fresh database (migrated, demo data) and the app serving it, for each test module: modules
    never see each other's orders, votes or members. The frontend build is shared (same port)."""
    port = _port()
    data = tmp_path_factory.mktemp("app")
    env = {
        **os.environ,
        "HUB_PORT": str(port),
        "REFLEX_DB_URL": f"sqlite:///{data}/e2e.db",
        "REFLEX_WEB_WORKDIR": str(ROOT / os.environ.get("HUB_TEST_WEB_DIR", ".web-test")),
        "REFLEX_STATE_MANAGER_MODE": "memory",
        "HUB_DEMO_MODE": "1",
        "HUB_SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}",
        "HUB_CODES_PER_IP_PER_HOUR": "100",
    }
    env.pop("REFLEX_REDIS_URL", None)
    env.pop("HUB_HOST", None)  # the demo's own default (this computer only) unless a module asks
    env.update(app_env_extra)
    subprocess.run([sys.executable, "-m", "community_hub.manage", "prepare"], cwd=ROOT, env=env, check=True)
    _wait_port_free(port)
    log = open(data / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "community_hub.serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 900  # a first build installs the frontend packages
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"app server exited ({proc.returncode}); see {data / 'server.log'}:\n"
                               + (data / "server.log").read_text()[-3000:])
        try:
            if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("app server did not answer /ping in 15 minutes")
        time.sleep(0.5)
    from community_hub.payments.providers import registry

    store = env.get("HUB_DEMO_PROVIDER_DB") or registry.demo_store_path(env["REFLEX_DB_URL"])
    yield AppServer(base, env["REFLEX_DB_URL"], store, data / "server.log")
    os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
    log.close()


def _wait_port_free(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
                return
            except OSError:
                time.sleep(0.3)
    raise RuntimeError(f"port {port} is still taken after {timeout} s")


@pytest.fixture(scope="module", autouse=True)
def app_server(_app) -> str:
    return _app.base_url


@pytest.fixture(scope="module", autouse=True)
def _payments_like_the_app(_app) -> Iterator[None]:
    """Tests that arrange payments through the services (in this process) must talk to the same
    demo provider records as this module's app server, not to one left from another module."""
    from community_hub.core.config import load_settings, override_settings
    from community_hub.payments.providers import registry
    from community_hub.payments.providers.demo import DemoProvider

    # The app server runs the demo configuration from this process's environment; derive the
    # provider's signing secret from the same settings (module fixtures run before _demo_settings).
    override_settings(load_settings({**os.environ, "HUB_DEMO_MODE": "1", "REFLEX_DB_URL": _app.db_url}))
    try:
        secret = registry.demo_webhook_secret()
    finally:
        override_settings(None)
    registry.use_provider(DemoProvider(secret, store_path=_app.provider_store))
    yield
    registry.reset()


@pytest.fixture(scope="module")
def e2e_db_url(_app) -> str:
    """The database of this module's app server: tests arrange data through the services on it."""
    return _app.db_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; never a downloaded browser. No background networking: this machine has none.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def base_url() -> str:
    # Session-scoped (pytest-playwright's context fixtures need that); each module's app_server
    # serves on this same address.
    return f"http://localhost:{_port()}"


@pytest.fixture
def signed_in(new_context, base_url: str) -> Callable[..., Page]:
    """`signed_in("staff@demo.hub", "/property/ads")`: another person at a browser of their own (a
    context closed after the test), logged in, on that page (or their home when no path is given)."""

    def open_as(identifier: str, path: str | None = None, **kwargs) -> Page:
        return log_in_as(new_context().new_page(), base_url, identifier, path, **kwargs)

    return open_as
