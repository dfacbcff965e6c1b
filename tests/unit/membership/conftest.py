"""The membership programme's tests: the demo provider for card fees and orders, a programme with
three levels, an admin, and helpers to make agents and referred members."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from community_hub.membership import agents, card_codes, commission_plans, programmes, referral
from community_hub.models import Role
from community_hub.models.membership import MembershipCard
from community_hub.models.referrals import Agent
from community_hub.payments.providers import registry
from community_hub.payments.providers.demo import DemoProvider
from tests import factories as f


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()
NATIONAL_ID = "11010519491231002X"  # a valid check digit
MOBILE = "+8613800138000"


@pytest.fixture(autouse=True)
def demo(tmp_path, monkeypatch) -> Iterator[DemoProvider]:
    monkeypatch.setenv("HUB_UPLOAD_DIR", str(tmp_path / "uploads"))
    provider = DemoProvider("whsec_test_" + "c3" * 16)
    registry.use_provider(provider)
    yield provider
    registry.reset()


@pytest.fixture
def club(tx) -> dict:
    """Programme "Neighbours" (USD): Standard free (rank 1), Silver 10.00 one-off 3 % (rank 2),
    Gold 25.00 yearly 5 % (rank 3); an admin; a community with a household and its resident."""
    with tx() as db:
        admin = f.actor(db, f.user(db, Role.PLATFORM_ADMIN))
        c = f.community(db)
        c.address = "1 Elm Street, Riverside, Springfield"
        db.add(c)
        resident = f.actor(db, f.user(db, Role.RESIDENT, community_id=c.id, household_id=f.household(db, c.id).id))
        prog = programmes.create_programme(db, admin, name="Neighbours", identity_kinds=["national_id", "mobile"])
        std = programmes.add_level(db, admin, prog.id, name="Standard", rank=1)
        silver = programmes.add_level(db, admin, prog.id, name="Silver", fee_minor=1000, discount_bps=300, rank=2,
                                      permissions=["post_demands"])
        gold = programmes.add_level(db, admin, prog.id, name="Gold", fee_minor=2500, fee_period="yearly",
                                    discount_bps=500, points_multiplier_pct=200, rank=3,
                                    permissions=["post_demands", "book_services_first"])
        return {"admin": admin, "resident": resident, "community": c.id, "programme": prog.id,
                "standard": std.id, "silver": silver.id, "gold": gold.id}


def code_of(db, card_id: int) -> tuple[str, str]:
    """(number, secret code) of a card, as printed on its sheet."""
    card = db.get(MembershipCard, card_id)
    return card.number, card_codes.code_for(card.number, card.code_salt)


def make_agent(tx, admin, *, referred_by: int | None = None, community_id: int | None = None) -> dict:
    """A user who applied and was approved (bound to `referred_by` first, if given)."""
    with tx() as db:
        u = f.user(db, Role.RESIDENT, community_id=community_id)
        if referred_by is not None:
            referral.bind_at_sign_up(db, u.id, referral.code_of(db, referred_by))
        me = f.actor(db, u)
        app = agents.apply(db, me, name=u.display_name, mobile=MOBILE, identity_kind="national_id",
                           identity_value=NATIONAL_ID, region="Riverside", files=[("licence.png", PNG)])
        agents.review(db, admin, app.id, "approved")
        agents.set_payout_account(db, f.actor(db, u), f"acct_agent{u.id}")
        agent = db.exec(select(Agent).where(Agent.user_id == u.id)).one()
        return {"user_id": u.id, "agent_id": agent.id, "actor": f.actor(db, u)}


def default_plan(tx, admin, ratios=(1000, 500), cap=2000, programme_id=None, freeze_days=7) -> None:
    with tx() as db:
        commission_plans.set_plan(db, admin, programme_id, ratios_bps=list(ratios), cap_bps=cap,
                                  freeze_days=freeze_days)
