"""Agents apply with files, admins review (approve / need more / reject with a reason, audited),
suspend and reinstate; referral codes bind a sign-up for good; a suspended agent's code binds to
nobody and says so; corrections by admins only, with a reason, never to oneself or in a loop."""

from __future__ import annotations

import pytest
from sqlmodel import select

from community_hub.core.errors import PermissionDenied, ServiceError
from community_hub.membership import agents, referral
from community_hub.models import AuditEntry, Role, UserRole
from community_hub.models.referrals import (
    Agent,
    AgentApplication,
    AgentApplicationFile,
    ReferralBinding,
)
from tests import factories as f
from tests.unit.membership.conftest import MOBILE, NATIONAL_ID, PNG, make_agent


def _apply(s, who, **over):
    fields = dict(name="Lee Wei", mobile=MOBILE, identity_kind="national_id", identity_value=NATIONAL_ID,
                  region="Riverside", files=[("licence.png", PNG)])
    fields.update(over)
    return agents.apply(s, who, **fields)


def test_an_application_asked_for_more_is_sent_again_then_approved(tx, db, club):
    me = club["resident"]
    with tx() as s:
        app = _apply(s, me)
    assert app.state == "submitted" and app.files == ["licence.png"] and app.identity_shown.endswith("002X")
    with pytest.raises(ServiceError, match="waiting for review"), tx() as s:
        _apply(s, me)
    with pytest.raises(ServiceError, match="Enter the reason"), tx() as s:
        agents.review(s, club["admin"], app.id, "need_more", "")
    with tx() as s:
        assert agents.review(s, club["admin"], app.id, "need_more", "Add your ID's back side").state == "need_more"
    with tx() as s:
        again = _apply(s, me, files=[("id-back.png", PNG)])
    assert again.id == app.id and again.state == "submitted" and again.files == ["licence.png", "id-back.png"]
    with pytest.raises(PermissionDenied), tx() as s:
        agents.review(s, me, app.id, "approved")
    with tx() as s:
        agents.review(s, club["admin"], app.id, "approved")
    assert db.exec(select(Agent).where(Agent.user_id == me.user_id)).one().status == "active"
    assert db.exec(select(UserRole).where(UserRole.user_id == me.user_id, UserRole.role == Role.AGENT)).first()
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert "membership.agent_need_more" in actions and "membership.agent_approved" in actions
    with pytest.raises(ServiceError, match="already decided"), tx() as s:
        agents.review(s, club["admin"], app.id, "rejected", "late")
    with pytest.raises(ServiceError, match="agent already"), tx() as s:
        _apply(s, me)


@pytest.mark.parametrize("over, message", [
    ({"name": ""}, "Enter the name"),
    ({"region": "r" * 81}, "at most 80 characters"),
    ({"mobile": "123"}, "mobile number is not valid"),
    ({"identity_value": "110105194912310021"}, "not valid"),
    ({"identity_kind": "mobile", "identity_value": MOBILE}, "does not accept that kind"),
    ({"files": []}, "at least one qualification file"),
    ({"files": [("a.png", PNG)] * 6}, "at most 5 files"),
    ({"files": [("virus.exe", b"MZ\x90\x00 not a picture")]}, r"\w"),
])
def test_bad_applications_are_refused_and_nothing_is_stored(tx, db, club, over, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        _apply(s, club["resident"], **over)
    assert db.exec(select(AgentApplication)).all() == []
    assert db.exec(select(AgentApplicationFile)).all() == []


def test_a_rejection_needs_a_reason_and_a_suspension_too(tx, db, club):
    with tx() as s:
        app = _apply(s, club["resident"])
    with pytest.raises(ServiceError, match="Enter the reason"), tx() as s:
        agents.review(s, club["admin"], app.id, "rejected", " ")
    with tx() as s:
        assert agents.review(s, club["admin"], app.id, "rejected", "No licence").reason == "No licence"
    agent = make_agent(tx, club["admin"])
    with pytest.raises(ServiceError, match="Enter the reason"), tx() as s:
        agents.set_status(s, club["admin"], agent["agent_id"], "suspended", "")
    with tx() as s:
        agents.set_status(s, club["admin"], agent["agent_id"], "suspended", "Complaints")
    with pytest.raises(ServiceError, match="suspended already"), tx() as s:
        agents.set_status(s, club["admin"], agent["agent_id"], "suspended", "again")
    with pytest.raises(PermissionDenied), tx() as s:
        agents.set_status(s, club["resident"], agent["agent_id"], "active", "")
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "membership.agent_suspended")).one().detail == "Complaints"


def test_a_sign_up_binds_to_its_referrer_for_good(tx, db, club):
    agent = make_agent(tx, club["admin"])
    with tx() as s:
        code = referral.my_referral(s, agent["actor"]).code
        newcomer = f.user(s, Role.RESIDENT)
        bound = referral.bind_at_sign_up(s, newcomer.id, f"  {code.lower()} ")
    assert bound.referrer_id == agent["user_id"]
    second = make_agent(tx, club["admin"])
    with tx() as s:
        again = referral.bind_at_sign_up(s, newcomer.id, referral.code_of(s, second["user_id"]))
    assert again.referrer_id == agent["user_id"]
    with tx() as s:
        mine = referral.my_referral(s, agent["actor"])
        theirs = referral.my_referral(s, f.actor(s, newcomer))
    assert mine.referred_count == 1 and mine.link_path.endswith(code) and mine.qr_payload == f"hub-ref:{code}"
    assert theirs.referrer_name == db.get(type(newcomer), agent["user_id"]).display_name


def test_a_suspended_agents_code_lets_the_person_in_but_binds_to_nobody(tx, db, club):
    agent = make_agent(tx, club["admin"])
    with tx() as s:
        agents.set_status(s, club["admin"], agent["agent_id"], "suspended", "Under review")
        newcomer = f.user(s, Role.RESIDENT)
        result = referral.bind_at_sign_up(s, newcomer.id, referral.code_of(s, agent["user_id"]))
    assert result.referrer_id is None and "not linked to anyone" in str(result.message)
    assert db.exec(select(ReferralBinding).where(ReferralBinding.user_id == newcomer.id)).one().referrer_id is None


def test_an_unknown_code_is_refused_and_binds_nothing(tx, db, club):
    with pytest.raises(ServiceError, match="No one has the referral code"), tx() as s:
        referral.bind_at_sign_up(s, club["resident"].user_id, "NOSUCH12")
    assert db.exec(select(ReferralBinding)).all() == []


def test_corrections_refuse_self_referral_and_loops(tx, db, club):
    top = make_agent(tx, club["admin"])
    mid = make_agent(tx, club["admin"], referred_by=top["user_id"])
    low = make_agent(tx, club["admin"], referred_by=mid["user_id"])
    with pytest.raises(ServiceError, match="own referrer"), tx() as s:
        referral.correct_binding(s, club["admin"], top["user_id"], top["user_id"], "typo")
    with pytest.raises(ServiceError, match="loop"), tx() as s:
        referral.correct_binding(s, club["admin"], top["user_id"], low["user_id"], "moved")
    with pytest.raises(ServiceError, match="Enter the reason"), tx() as s:
        referral.correct_binding(s, club["admin"], low["user_id"], top["user_id"], "")
    with pytest.raises(PermissionDenied), tx() as s:
        referral.correct_binding(s, low["actor"], low["user_id"], top["user_id"], "I prefer top")
    with pytest.raises(ServiceError, match="cannot refer yourself"), tx() as s:
        referral.bind_at_sign_up(s, low["user_id"], referral.code_of(s, low["user_id"]))
    with tx() as s:
        referral.correct_binding(s, club["admin"], low["user_id"], top["user_id"], "Signed up at top's stand")
        assert referral.chain_up(s, low["user_id"], 3) == [top["user_id"]]
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "membership.referral_corrected")).one()
    assert "Signed up at top's stand" in entry.detail
