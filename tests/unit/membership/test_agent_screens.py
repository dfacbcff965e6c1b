"""What the agents' screens add to the membership rules: qualification files kept for the form
only for a member who may apply, read only by the applicant and reviewers; a member's referral
card read without writing; an admin's referrer correction by login; the sign-up composer that
binds a referral code in the registration's transaction; an agent's own payout request; the
version reads the live pages poll."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.core import upload_staging
from community_hub.core.errors import NotLoggedIn, PermissionDenied, ServiceError
from community_hub.core.permissions import Actor
from community_hub.membership import (
    agent_versions,
    agents,
    application_files,
    commission_payouts,
    referral,
    referral_card,
    referral_corrections,
)
from community_hub.models import AuditEntry, Role, User
from community_hub.models.base import utcnow
from community_hub.models.referrals import ReferralBinding
from state.agent.apply import _send
from state.auth.login import _register
from tests import factories as f
from tests.bell_rings import rings
from tests.unit.membership.conftest import MOBILE, NATIONAL_ID, PNG, default_plan, make_agent
from tests.unit.membership.test_commission import _signed_order, chain  # noqa: F401 (the fixture)

ANONYMOUS = Actor(user_id=None, roles=frozenset())
FIELDS = dict(name="Lee Wei", mobile=MOBILE, identity_kind="national_id", identity_value=NATIONAL_ID,
              region="Riverside")


def test_files_are_staged_for_a_member_who_may_apply_and_read_by_the_applicant_and_reviewers(tx, db, club):
    me, admin = club["resident"], club["admin"]
    with pytest.raises(NotLoggedIn), tx() as s:
        application_files.stage_file(s, ANONYMOUS, PNG)
    with pytest.raises(ServiceError, match="PNG|picture|PDF"), tx() as s:
        application_files.stage_file(s, me, b"not a file at all")
    with tx() as s:
        token = application_files.stage_file(s, me, PNG)
    assert upload_staging.read_staged(token) is not None
    with pytest.raises(ServiceError, match="region"), tx() as s:  # a bad field: nothing stored
        _send(s, me, {**FIELDS, "region": ""}, [("licence.png", token)])
    assert db.exec(select(application_files.AgentApplicationFile)).all() == []
    with tx() as s:
        app = _send(s, me, FIELDS, [("licence.png", token)])
    with pytest.raises(ServiceError, match="expired"), tx() as s:
        _send(s, me, FIELDS, [("gone.png", "0" * 32)])
    with tx() as s:
        (row,) = application_files.files_of(s, me, app.id)
        assert row.name == "licence.png" and row.content_type == "image/png"
        assert application_files.open_file(s, admin, row.id).data[:4] == b"\x89PNG"
        assert application_files.open_file(s, me, row.id).name == "licence.png"
    with tx() as s:
        stranger = f.actor(s, f.user(s, Role.RESIDENT))
    with pytest.raises(PermissionDenied), tx() as s:
        application_files.files_of(s, stranger, app.id)
    with pytest.raises(PermissionDenied), tx() as s:
        application_files.open_file(s, stranger, row.id)
    with tx() as s:
        agents.review(s, admin, app.id, "approved")
    with pytest.raises(ServiceError, match="agent already"), tx() as s:
        application_files.stage_file(s, me, PNG)


def test_the_referral_card_reads_without_writing_and_tells_a_suspended_agents_code(tx, db, club):
    admin = club["admin"]
    with tx() as s:
        assert referral_card.my_card(s, club["resident"]).code == ""  # read only: nothing made
    with tx() as s:
        code = referral.my_referral(s, club["resident"]).code
    with tx() as s:
        card = referral_card.my_card(s, club["resident"])
    assert (card.code, card.link_path, card.agent_status, card.application_state) == (
        code, f"/register?ref={code}", "", "")
    agent = make_agent(tx, admin)
    with tx() as s:
        agents.set_status(s, admin, agent["agent_id"], "suspended", "complaints")
        newcomer = f.user(s, Role.RESIDENT)
        referral.bind_at_sign_up(s, newcomer.id, referral.code_of(s, agent["user_id"]))
        mine = referral_card.my_card(s, f.actor(s, newcomer))
        theirs = referral_card.my_card(s, agent["actor"])
    assert mine.referrer_name == "" and mine.unbound_note != ""
    assert theirs.agent_status == "suspended" and theirs.application_state == "approved"
    assert theirs.referred_count == 0  # bound to nobody


def test_an_admin_corrects_a_referrer_by_login_with_a_reason_never_into_a_loop(tx, db, club):
    admin = club["admin"]
    a = make_agent(tx, admin)
    b = make_agent(tx, admin, referred_by=a["user_id"])
    with tx() as s:
        login_a, login_b = s.get(User, a["user_id"]).email, s.get(User, b["user_id"]).email
        member = f.user(s, Role.RESIDENT)
        login_m = member.email
    with tx() as s:
        assert referral_corrections.binding_of(s, admin, login_b).referrer_login == login_a
        assert referral_corrections.binding_of(s, admin, login_m).referrer_name == ""
    with pytest.raises(PermissionDenied), tx() as s:
        referral_corrections.correct(s, b["actor"], login_m, login_b, "mine")
    with pytest.raises(ServiceError, match="No member logs in"), tx() as s:
        referral_corrections.correct(s, admin, "nobody@example.com", login_b, "typo")
    with pytest.raises(ServiceError, match="reason"), tx() as s:
        referral_corrections.correct(s, admin, login_m, login_b, "")
    with pytest.raises(ServiceError, match="loop"), tx() as s:
        referral_corrections.correct(s, admin, login_a, login_b, "B brought A")
    with tx() as s:
        done = referral_corrections.correct(s, admin, login_m.upper(), login_b, "signed up without the link")
    assert done.referrer_name == db.get(User, b["user_id"]).display_name
    with tx() as s:
        assert referral_corrections.correct(s, admin, login_m, "", "wrong person").referrer_name == ""
    db.expire_all()
    assert db.exec(select(ReferralBinding).where(ReferralBinding.user_id == member.id)).one().referrer_id is None
    details = [e.detail for e in db.exec(select(AuditEntry).where(AuditEntry.action == "membership.referral_corrected"))]
    assert len(details) == 2 and details[0].endswith("signed up without the link")


def test_signing_up_with_a_code_binds_in_the_same_transaction(tx, db, club):
    admin = club["admin"]
    with tx() as s:
        code = referral.my_referral(s, club["resident"]).code

    def sign_up(ref: str, email: str):
        with tx() as s:
            return _register(s, None, ref, identifier=email, password="a long pass phrase 1", display_name="Newbie",
                             community_slug="")

    with pytest.raises(ServiceError, match="No one has the referral code"):
        sign_up("NOPE1234", "lost@example.com")
    assert db.exec(select(User).where(User.email == "lost@example.com")).first() is None  # nothing half-made
    reg, message = sign_up(code.lower(), "friend@example.com")
    assert "referred by" in str(message)
    assert referral.referrer_of(db, reg.user_id) == club["resident"].user_id
    reg, message = sign_up("", "alone@example.com")
    assert message == "" and referral.referrer_of(db, reg.user_id) is None
    agent = make_agent(tx, admin)
    with tx() as s:
        agents.set_status(s, admin, agent["agent_id"], "suspended", "complaints")
        agent_code = referral.code_of(s, agent["user_id"])
    reg, message = sign_up(agent_code, "late@example.com")
    assert "suspended" in str(message) and referral.referrer_of(db, reg.user_id) is None


def test_an_agent_asks_for_a_payout_of_what_is_available(tx, db, chain):  # noqa: F811 (the fixture)
    default_plan(tx, chain["admin"])
    b = chain["b"]
    with pytest.raises(ServiceError, match="Nothing is available"), tx() as s:
        commission_payouts.request_payout(s, b["actor"])
    with tx() as s:
        before = agent_versions.console_version(s, b["actor"])
    _signed_order(tx, chain)
    with tx() as s:
        assert agent_versions.console_version(s, b["actor"]) != before
        with pytest.raises(ServiceError, match="Nothing is available"):
            commission_payouts.request_payout(s, b["actor"])  # still inside the freeze window
    with tx() as s:
        runs = commission_payouts.request_payout(s, b["actor"], now=utcnow() + timedelta(days=8))
    assert [r.outcome for r in runs] == ["sent"] and runs[0].amount_minor > 0
    with tx() as s:
        (payout,) = commission_payouts.my_payouts(s, b["actor"])
        assert payout.status == "sent" and payout.amount_minor == runs[0].amount_minor
        assert commission_payouts.my_payouts(s, chain["a"]["actor"]) == []
    with tx() as s:
        agents.set_status(s, chain["admin"], chain["a"]["agent_id"], "suspended", "audit")
    with pytest.raises(ServiceError, match="suspended"), tx() as s:
        commission_payouts.request_payout(s, chain["a"]["actor"], now=utcnow() + timedelta(days=8))
    with pytest.raises(ServiceError, match="agent"), tx() as s:
        commission_payouts.request_payout(s, chain["member"])


def test_the_review_version_follows_applications_and_statuses(tx, db, club):
    admin = club["admin"]
    with tx() as s:
        first = agent_versions.review_version(s, admin)
    with pytest.raises(PermissionDenied), tx() as s:
        agent_versions.review_version(s, club["resident"])
    agent = make_agent(tx, admin)
    with tx() as s:
        second = agent_versions.review_version(s, admin)
        agents.set_status(s, admin, agent["agent_id"], "suspended", "why")
    with tx() as s:
        assert len({repr(first), repr(second), repr(agent_versions.review_version(s, admin))}) == 3


def _write(tx, step):
    def run():
        with tx() as s:
            step(s)
    return run


def test_the_agents_review_page_is_rung_by_an_application_a_decision_and_a_status(engine, tx, club):
    """/admin/agents waits on the change bell instead of polling; only reviewers may wait on it."""
    admin = club["admin"]
    with tx() as s:
        keys, wake_in = agent_versions.review_keys(s, admin)
        applicant = f.actor(s, f.user(s, Role.RESIDENT))
    assert wake_in is None
    with pytest.raises(PermissionDenied), tx() as s:
        agent_versions.review_keys(s, club["resident"])
    sent = {}
    assert rings(engine, _write(tx, lambda s: sent.setdefault("app", agents.apply(
        s, applicant, **FIELDS, files=[("licence.png", PNG)]).id)), keys)
    assert rings(engine, _write(tx, lambda s: agents.review(s, admin, sent["app"], "approved")), keys)
    with tx() as s:
        agent_id = agents.own_agent(s, applicant).id
    assert rings(engine, _write(tx, lambda s: agents.set_status(s, admin, agent_id, "suspended", "why")), keys)


def test_an_agents_console_is_rung_by_commission_a_payout_and_a_referral_moved_away(engine, tx, db, chain):  # noqa: F811
    """/agent waits on the change bell instead of polling: commission on a referred member's order,
    the agent's payout, and a correction taking a referral away ring the agent's console."""
    default_plan(tx, chain["admin"])
    b = chain["b"]
    with tx() as s:
        keys, wake_in = agent_versions.console_keys(s, b["actor"])
    assert wake_in is None
    with pytest.raises(NotLoggedIn), tx() as s:
        agent_versions.console_keys(s, ANONYMOUS)
    commission = [k for k in keys if k[0] == "commissionline"]
    payouts = [k for k in keys if k[0] == "payout"]
    assert rings(engine, lambda: _signed_order(tx, chain), commission)
    assert rings(engine, _write(tx, lambda s: commission_payouts.request_payout(
        s, b["actor"], now=utcnow() + timedelta(days=8))), payouts)
    with tx() as s:
        login_m, login_a = s.get(User, chain["member"].user_id).email, s.get(User, chain["a"]["user_id"]).email
    referrals = [k for k in keys if k[0] == "referralbinding"]
    assert rings(engine, _write(tx, lambda s: referral_corrections.correct(s, chain["admin"], login_m, login_a,
                                                                           "came through A")), referrals)
