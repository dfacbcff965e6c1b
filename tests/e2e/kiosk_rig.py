"""The lobby kiosk's rig for browser tests: the real hardware bridge process on a free port, reading
fake serial ports (a scanner and a card reader on ptys), and this module's app database with the
kiosk paired to that bridge. A test module imports the fixtures by name to get its own rig."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, select

from community_hub.core.db import make_engine
from community_hub.models import Community
from community_hub.seed.kiosk import seed_kiosk
from tests.bridge.conftest import FakeSerialPort
from tests.e2e.conftest import ROOT
from tests.throwaway import free_port

TOKEN = "e2e-kiosk-token-" + secrets.token_hex(8)
SECRET = "e2e-kiosk-secret-" + secrets.token_hex(16)


@pytest.fixture(scope="session")
def kiosk_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("kiosk")


@pytest.fixture(scope="session")
def app_env_extra(kiosk_data_dir) -> dict[str, str]:
    # Our own database file (so the test can pair the kiosk in it), demo provider store and uploads.
    return {"REFLEX_DB_URL": f"sqlite:///{kiosk_data_dir}/kiosk.db", "HUB_PAYMENT_PROVIDER": "demo",
            "HUB_DEMO_PROVIDER_DB": str(kiosk_data_dir / "provider.db"),
            "HUB_UPLOAD_DIR": str(kiosk_data_dir / "uploads")}


@dataclass
class Bridge:
    port: int
    scanner: FakeSerialPort
    card_reader: FakeSerialPort
    origin: str
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "HUB_BRIDGE_TOKEN": TOKEN, "HUB_BRIDGE_SECRET": SECRET}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hardware_bridge", "--kiosk-id", "lobby-1", "--origin", self.origin,
             "--scanner", str(self.scanner.link), "--card-reader", str(self.card_reader.link), "--simulate",
             "--port", str(self.port), "--terminal-timeout", "20"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        line = self.proc.stdout.readline()
        assert "listening on" in line, line + (self.proc.stdout.read() if self.proc.poll() is not None else "")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def bridge(base_url, kiosk_data_dir) -> Iterator[Bridge]:
    b = Bridge(free_port(), FakeSerialPort(kiosk_data_dir / "scanner"),
               FakeSerialPort(kiosk_data_dir / "card-reader"), base_url)
    b.start()
    yield b
    if b.proc.poll() is None:  # a test may have stopped it
        b.stop()
    b.scanner.unplug()
    b.card_reader.unplug()


@pytest.fixture(scope="module")
def db_engine(app_env_extra, bridge):
    """The app's database, with the kiosk paired to this test's bridge."""
    eng = make_engine(app_env_extra["REFLEX_DB_URL"])
    SQLModel.metadata.create_all(eng)  # the kiosk tables, until the lead's migration has them
    with Session(eng) as db:
        community = db.exec(select(Community).where(Community.slug == "maple-court")).one()
        seed_kiosk(db, community, bridge_url=f"ws://127.0.0.1:{bridge.port}/", token=TOKEN, secret=SECRET)
        db.commit()
    yield eng
    eng.dispose()
