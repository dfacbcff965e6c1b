"""Registration, verification codes, log in, lockout and sessions — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from community_hub.accounts import auth as accounts
from community_hub.core.errors import RateLimited, ServiceError
from community_hub.models import AuthSession, OutboxMessage, User, UserStatus, VerificationCode
from community_hub.models.base import utcnow
from tests import factories as f

PW = "good-pass-42"


def _code_from_outbox(db, destination: str) -> str:
    msg = db.exec(
        select(OutboxMessage).where(OutboxMessage.to_address == destination).order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"\b(\d{6})\b", msg.body).group(1)


def _register(tx, ident="ann@example.test", ip="10.0.0.1", **kw):
    with tx() as db:
        return accounts.register(db, identifier=ident, password=PW, display_name="Ann", client_ip=ip, **kw)


def test_register_verify_login_and_session(tx, db):
    reg = _register(tx, "Ann@Example.test")
    assert reg.destination == "ann@example.test"
    user = db.get(User, reg.user_id)
    assert user.status == UserStatus.PENDING
    assert user.password_hash.startswith("$argon2id$")
    with pytest.raises(ServiceError, match="not active yet"), tx() as s:
        accounts.login(s, identifier="ann@example.test", password=PW)
    code = _code_from_outbox(db, "ann@example.test")
    with tx() as s:
        accounts.verify_registration(s, identifier="ann@example.test", code=code)
    with tx() as s:
        token, actor = accounts.login(s, identifier="ANN@example.test", password=PW)
    assert actor.has("resident") and actor.home_path() == "/home"
    with tx() as s:
        assert accounts.actor_for_token(s, token).user_id == reg.user_id
        accounts.logout(s, token)
    with tx() as s:
        assert not accounts.actor_for_token(s, token).is_authenticated


def test_register_by_mobile_number(tx, db):
    reg = _register(tx, "+1 (555) 010-2030")
    assert reg.destination == "+15550102030"
    msg = db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "+15550102030")).one()
    assert msg.channel == "sms"


@pytest.mark.parametrize(
    ("ident", "password", "name", "message"),
    [
        ("not-an-address", PW, "Ann", "valid email address or mobile number"),
        ("ann@example.test", "short1", "Ann", "too short"),
        ("ann@example.test", "onlyletterslong", "Ann", "too weak"),
        ("ann@example.test", PW, "", "Enter your name"),
    ],
)
def test_bad_registration_input_creates_nothing(tx, db, ident, password, name, message):
    with pytest.raises(ServiceError, match=message), tx() as s:
        accounts.register(s, identifier=ident, password=password, display_name=name)
    assert db.exec(select(User)).all() == []
    assert db.exec(select(OutboxMessage)).all() == []


def test_duplicate_active_account_is_refused_but_pending_can_be_taken_over(tx, db):
    _register(tx)
    _register(tx)  # unfinished registration: a second attempt sends a new code
    code = _code_from_outbox(db, "ann@example.test")
    with tx() as s:
        accounts.verify_registration(s, identifier="ann@example.test", code=code)
    with pytest.raises(ServiceError, match="already exists"):
        _register(tx)
    assert len(db.exec(select(User)).all()) == 1


def test_wrong_code_counts_tries_then_locks(tx, db):
    _register(tx)
    for left in (4, 3, 2, 1):
        with pytest.raises(ServiceError, match=f"{left} tr"), tx() as s:
            accounts.verify_registration(s, identifier="ann@example.test", code="000000")
    with pytest.raises(ServiceError, match="last try"), tx() as s:
        accounts.verify_registration(s, identifier="ann@example.test", code="000000")
    good = _code_from_outbox(db, "ann@example.test")
    with pytest.raises(ServiceError, match="Too many wrong tries"), tx() as s:
        accounts.verify_registration(s, identifier="ann@example.test", code=good)


def test_expired_and_reused_codes_are_refused(tx, db):
    reg = _register(tx)
    code = _code_from_outbox(db, reg.destination)
    later = utcnow() + timedelta(minutes=11)
    with pytest.raises(ServiceError, match="expired"), tx() as s:
        accounts.verify_registration(s, identifier=reg.destination, code=code, now=later)
    _register(tx)  # a new code
    code = _code_from_outbox(db, reg.destination)
    with tx() as s:
        accounts.verify_registration(s, identifier=reg.destination, code=code)
    with pytest.raises(ServiceError, match="already been used"), tx() as s:
        accounts.verify_registration(s, identifier=reg.destination, code=code)


def test_only_newest_code_counts(tx, db):
    reg = _register(tx)
    first = _code_from_outbox(db, reg.destination)
    with tx() as s:
        accounts.resend_registration_code(s, identifier=reg.destination)
    second = _code_from_outbox(db, reg.destination)
    if first != second:
        with pytest.raises(ServiceError), tx() as s:
            accounts.verify_registration(s, identifier=reg.destination, code=first)
    with tx() as s:
        accounts.verify_registration(s, identifier=reg.destination, code=second)


def test_three_codes_per_address_per_hour(tx, db):
    _register(tx)
    with tx() as s:
        accounts.resend_registration_code(s, identifier="ann@example.test")
    with tx() as s:
        accounts.resend_registration_code(s, identifier="ann@example.test")
    with pytest.raises(RateLimited, match="3 codes"), tx() as s:
        accounts.resend_registration_code(s, identifier="ann@example.test")
    assert len(db.exec(select(VerificationCode)).all()) == 3
    # An hour later the address may ask again.
    with tx() as s:
        accounts.resend_registration_code(s, identifier="ann@example.test", now=utcnow() + timedelta(minutes=61))


def test_per_ip_limit_stops_a_bot_registering_many_addresses(tx, db):
    from community_hub.core.config import load_settings, override_settings

    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "x", "HUB_CODES_PER_IP_PER_HOUR": "3"}))
    for i in range(3):
        _register(tx, f"bot{i}@example.test", ip="203.0.113.9")
    with pytest.raises(RateLimited, match="your network"):
        _register(tx, "bot9@example.test", ip="203.0.113.9")
    assert db.exec(select(User).where(User.email == "bot9@example.test")).first() is None
    _register(tx, "human@example.test", ip="198.51.100.1")  # another network is unaffected


def _log_in(tx, email: str):
    """A test member logs in (one session): (token, actor)."""
    with tx() as s:
        return accounts.login(s, identifier=email, password=f.PASSWORD)


def test_disabled_account_cannot_log_in(tx):
    with tx() as s:
        f.user(s, email="dis@example.test", status=UserStatus.DISABLED)
    with pytest.raises(ServiceError, match="disabled"), tx() as s:
        accounts.login(s, identifier="dis@example.test", password=f.PASSWORD)


def test_password_reset_by_code_ends_every_session(tx, db):
    with tx() as s:
        f.user(s, email="carl@example.test")
    token, _ = _log_in(tx, "carl@example.test")
    with tx() as s:
        assert accounts.request_password_reset(s, identifier="carl@example.test") == accounts.RESET_SENT
        assert accounts.request_password_reset(s, identifier="ghost@example.test") == accounts.RESET_SENT
    assert db.exec(select(OutboxMessage).where(OutboxMessage.to_address == "ghost@example.test")).first() is None
    code = _code_from_outbox(db, "carl@example.test")
    with tx() as s:
        accounts.reset_password(s, identifier="carl@example.test", code=code, new_password="brand-new-pass-9")
    with tx() as s:
        assert not accounts.actor_for_token(s, token).is_authenticated
        accounts.login(s, identifier="carl@example.test", password="brand-new-pass-9")


def test_change_password_keeps_this_session_only(tx, db):
    with tx() as s:
        f.user(s, email="dee@example.test")
    t1, _ = _log_in(tx, "dee@example.test")
    t2, actor2 = _log_in(tx, "dee@example.test")
    with pytest.raises(ServiceError, match="current password"), tx() as s:
        accounts.change_password(s, actor2, current="nope-nope-1", new="another-pass-7")
    with tx() as s:
        accounts.change_password(s, actor2, current=f.PASSWORD, new="another-pass-7")
    with tx() as s:
        assert not accounts.actor_for_token(s, t1).is_authenticated
        assert accounts.actor_for_token(s, t2).is_authenticated


def test_logout_everywhere(tx, db):
    with tx() as s:
        f.user(s, email="eve@example.test")
    tokens = [_log_in(tx, "eve@example.test") for _ in range(3)]
    with tx() as s:
        assert accounts.logout_everywhere(s, tokens[0][1]) == 3
    with tx() as s:
        assert all(not accounts.actor_for_token(s, t).is_authenticated for t, _ in tokens)
    assert all(r.revoked_at for r in db.exec(select(AuthSession)).all())


def test_registering_joins_the_community_but_no_household(tx, db):
    """Typing a building and unit proved nothing: anyone could read a flat's bills that way."""
    with tx() as s:
        c = f.community(s, slug="maple")
        f.household(s, c.id, building="B", unit="204")
    with pytest.raises(TypeError):
        accounts.register(db, identifier="x@example.test", password=PW, display_name="X",
                          community_slug="maple", building="B", unit="204")
    reg = _register(tx, "fay@example.test", community_slug="maple")
    code = _code_from_outbox(db, reg.destination)
    with tx() as s:
        accounts.verify_registration(s, identifier=reg.destination, code=code)
    with tx() as s:
        _, actor = accounts.login(s, identifier=reg.destination, password=PW)
    assert actor.community_id == c.id and actor.household_id is None


@pytest.mark.parametrize(("typed", "region", "stored"), [
    ("555 123 4567", "US", "+15551234567"),  # used to become a Brazilian +55 number
    ("(415) 555-2671", "US", "+14155552671"),
    ("138 0013 8000", "CN", "+8613800138000"),
    ("+86 138 0013 8000", "US", "+8613800138000"),  # a "+" number keeps its own country
    ("0044 20 7946 0958", "US", "+442079460958"),
])
def test_mobile_numbers_are_read_by_the_region_they_were_typed_in(typed, region, stored):
    from community_hub.accounts.identity import normalize_identifier

    assert normalize_identifier(typed, region) == ("phone", stored)


def test_a_number_too_short_for_its_country_is_refused():
    from community_hub.accounts.identity import normalize_identifier

    with pytest.raises(ServiceError, match="wrong number of digits"):
        normalize_identifier("555 0123", "US")


def test_the_sign_up_message_is_shown_on_screen_in_demo_mode_only(tx, db):
    from community_hub.core.config import load_settings, override_settings
    from community_hub.core.permissions import ANONYMOUS

    reg = _register(tx, "dee@example.test")
    code = _code_from_outbox(db, reg.destination)
    with tx() as s:
        assert code in accounts.demo_code_message(s, ANONYMOUS, "Dee@Example.test")
        assert accounts.demo_code_message(s, ANONYMOUS, "someone-else@example.test") == ""
    override_settings(load_settings({"HUB_SECRET_KEY": "k" * 40, "HUB_SMTP_URL": "smtp://mail.example:25",
                                     "HUB_PAYMENT_PROVIDER": "stripe", "STRIPE_SECRET_KEY": "sk_test_x",
                                     "STRIPE_WEBHOOK_SECRET": "whsec_x"}))
    with tx() as s:
        assert accounts.demo_code_message(s, ANONYMOUS, "dee@example.test") == ""


def test_the_first_log_in_is_told_apart_from_the_next(tx, db):
    with tx() as s:
        f.user(s, email="new@example.test")
    firsts = []
    for _ in range(2):
        with tx() as s:
            _, actor = accounts.login(s, identifier="new@example.test", password=f.PASSWORD)
            firsts.append(accounts.is_first_session(s, actor))
    assert firsts == [True, False]
