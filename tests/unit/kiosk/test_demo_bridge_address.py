"""The demo kiosk's page connects to the bridge `./hub run` started: with HUB_BRIDGE_PORT set, the
seeded pairing follows that port (it used to stay on 8765 and show "Devices offline")."""

from __future__ import annotations

from sqlmodel import select

from community_hub.models import KioskDevice, Role
from community_hub.models.kiosk_config import KioskBridgeConfig
from community_hub.seed.kiosk import seed_kiosk
from tests import factories as f


def test_the_demo_pairing_follows_the_bridge_port(tx, db, monkeypatch):
    with tx() as s:
        c = f.community(s)
        device = f.user(s, Role.KIOSK, community_id=c.id)
        s.add(KioskDevice(code="lobby-9", name="Lobby", community_id=c.id, user_id=device.id))
    with tx() as s:
        seed_kiosk(s, s.get(type(c), c.id))
    assert db.exec(select(KioskBridgeConfig.bridge_url)).one() == "ws://127.0.0.1:8765/"
    monkeypatch.setenv("HUB_BRIDGE_PORT", "9911")
    with tx() as s:  # the next `./hub run` with another port
        seed_kiosk(s, s.get(type(c), c.id))
    db.expire_all()
    assert db.exec(select(KioskBridgeConfig.bridge_url)).one() == "ws://127.0.0.1:9911/"
