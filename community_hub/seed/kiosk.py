"""Demo data for the lobby kiosk: its bridge pairing and a member card for resident@demo.hub.

`seed_kiosk(db, community)` is idempotent. The pairing token and secret are derived from
HUB_SECRET_KEY (never constants in the code), so `./hub run` can hand the same values to the
simulated bridge: `python -m community_hub.seed.kiosk --bridge-env` prints them as shell exports.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import shlex

from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.models import Community, KioskDevice, User
from community_hub.models.kiosk_cards import MemberCard
from community_hub.models.kiosk_config import KioskBridgeConfig

DEMO_CARD = "MEMBER-0042"  # what the demo card reader reports for resident@demo.hub
DEMO_BRIDGE_PORT = 8765


def demo_bridge_url() -> str:
    """Where `./hub run` starts the simulated bridge: HUB_BRIDGE_PORT, so two demos on one machine
    with different ports each show their own bridge's devices."""
    port = os.environ.get("HUB_BRIDGE_PORT") or str(DEMO_BRIDGE_PORT)
    return f"ws://127.0.0.1:{int(port)}/"




def demo_pairing(kiosk_code: str) -> tuple[str, str]:
    """(pairing token, HMAC secret) for a demo kiosk, derived from HUB_SECRET_KEY."""
    key = settings().secret_key.encode()
    token = hmac.new(key, f"kiosk-token:{kiosk_code}".encode(), hashlib.sha256).hexdigest()[:32]
    secret = hmac.new(key, f"kiosk-secret:{kiosk_code}".encode(), hashlib.sha256).hexdigest()
    return token, secret


def seed_kiosk(db: Session, community: Community, *, bridge_url: str | None = None, token: str | None = None,
               secret: str | None = None, card_uid: str = DEMO_CARD, member_email: str = "resident@demo.hub") -> int:
    """Pair every kiosk of the community with a local bridge and give the demo resident a card.
    Explicit url/token/secret (tests) overwrite what is there; the token and secret defaults never
    do, the address follows the local bridge's port (HUB_BRIDGE_PORT). Returns the number of
    kiosks paired."""
    kiosks = db.exec(select(KioskDevice).where(KioskDevice.community_id == community.id)).all()
    for kiosk in kiosks:
        dtoken, dsecret = demo_pairing(kiosk.code)
        cfg = db.exec(select(KioskBridgeConfig).where(KioskBridgeConfig.kiosk_id == kiosk.id)).first()
        if cfg is None:
            cfg = KioskBridgeConfig(kiosk_id=kiosk.id, bridge_url=bridge_url or demo_bridge_url(),
                                    pairing_token=token or dtoken, secret=secret or dsecret)
        else:
            cfg.bridge_url = bridge_url or demo_bridge_url()
            cfg.pairing_token = token or cfg.pairing_token
            cfg.secret = secret or cfg.secret
        db.add(cfg)
    member = db.exec(select(User).where(User.email == member_email)).first()
    if member is not None and db.exec(select(MemberCard).where(MemberCard.card_uid == card_uid)).first() is None:
        db.add(MemberCard(card_uid=card_uid, user_id=member.id))
    db.flush()
    return len(kiosks)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m community_hub.seed.kiosk")
    p.add_argument("--bridge-env", metavar="KIOSK", nargs="?", const="lobby-1",
                   help="print shell exports HUB_BRIDGE_TOKEN/HUB_BRIDGE_SECRET for this kiosk's demo pairing")
    p.add_argument("--seed", action="store_true", help="pair Maple Court's kiosks and add the demo card")
    args = p.parse_args(argv)
    if args.seed:
        from community_hub.core.db import session_scope

        with session_scope() as db:
            community = db.exec(select(Community).where(Community.slug == "maple-court")).first()
            n = seed_kiosk(db, community) if community else 0
        print(f"kiosk demo data: {n} kiosk(s) paired")
    if args.bridge_env:
        token, secret = demo_pairing(args.bridge_env)
        print(f"export HUB_BRIDGE_TOKEN={shlex.quote(token)} HUB_BRIDGE_SECRET={shlex.quote(secret)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
