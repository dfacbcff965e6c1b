"""Registration with a verification code, log in / out, password reset and change.

Limits (all counted in the database, so every worker agrees):
- a code: 6 digits, valid 10 minutes, 5 wrong tries, only the newest code for an address counts;
- at most 3 codes per address per hour, and HUB_CODES_PER_IP_PER_HOUR per client IP;
- 5 failed log-ins for an identifier in 15 minutes lock it for the rest of that window, whether or
  not the account exists, so the login form never tells who has an account.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from community_hub.accounts import agreements, login_guard, rate_limits
from community_hub.accounts.identity import normalize_identifier
from community_hub.accounts.passwords import (
    burn_time,
    check_strength,
    hash_password,
    password_needs_rehash,
    verify_password,
)
from community_hub.accounts.sessions import (  # noqa: F401 - callers read sessions through auth too
    SESSION_TTL,
    TOUCH_EVERY,
    _open_session,
    actor_for_token,
    is_first_session,
    logout,
    logout_everywhere,
    revoke_sessions,
    session_needs_touch,
    touch_session,
)
from community_hub.core.config import settings
from community_hub.core.errors import NotFound, RateLimited, ServiceError
from community_hub.core.i18n import phrase, reader
from community_hub.core.permissions import Actor, require_user
from community_hub.models import (
    CodePurpose,
    Community,
    HouseholdMember,
    OutboxMessage,
    Role,
    User,
    UserRole,
    UserStatus,
    VerificationCode,
)
from community_hub.models.base import utcnow
from community_hub.notify import outbox

CODE_TTL = timedelta(minutes=10)
CODE_MAX_TRIES = 5
CODES_PER_ADDRESS_PER_HOUR = 3
BAD_LOGIN = phrase("Email/mobile number or password is not right.")


@dataclass(frozen=True)
class Registration:
    user_id: int
    destination: str


def _minutes_left(oldest: datetime | None, window: timedelta, now: datetime) -> int:
    if oldest is None:
        return int(window.total_seconds() // 60)
    return max(1, int(((oldest + window) - now).total_seconds() // 60) + 1)


def _code_hash(purpose: str, destination: str, code: str) -> str:
    key = settings().secret_key.encode()
    return hmac.new(key, f"{purpose}:{destination}:{code}".encode(), hashlib.sha256).hexdigest()


def _find_user(db: Session, kind: str, value: str) -> User | None:
    column = User.email if kind == "email" else User.phone
    return db.exec(select(User).where(column == value)).first()


def _check_code_limits(db: Session, destination: str, client_ip: str, now: datetime) -> None:
    hour = timedelta(hours=1)
    sent = db.exec(
        select(func.count(), func.min(VerificationCode.created_at)).where(
            VerificationCode.destination == destination, VerificationCode.created_at >= now - hour
        )
    ).one()
    if sent[0] >= CODES_PER_ADDRESS_PER_HOUR:
        raise RateLimited(
            phrase("We already sent {count} codes to this address in the last hour. Try again in {minutes} minutes.",
                   count=CODES_PER_ADDRESS_PER_HOUR, minutes=_minutes_left(sent[1], hour, now)))
    if client_ip and rate_limits.count_recent(db, "code_ip", client_ip, hour, now) >= settings().codes_per_ip_per_hour:
        raise RateLimited("Too many codes were requested from your network. Try again in an hour.")


def _issue_code(db: Session, user: User, destination: str, purpose: str, client_ip: str, now: datetime) -> None:
    # Only the newest code counts: older unused ones for this address and purpose end now.
    db.exec(
        update(VerificationCode)
        .where(
            VerificationCode.destination == destination,
            VerificationCode.purpose == purpose,
            VerificationCode.used_at.is_(None),
            VerificationCode.expires_at > now,
        )
        .values(expires_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    db.add(
        VerificationCode(
            user_id=user.id,
            destination=destination,
            purpose=purpose,
            code_hash=_code_hash(purpose, destination, code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
    )
    if client_ip:
        rate_limits.record(db, "code_ip", client_ip, now)
    template = {CodePurpose.REGISTER: "verify_code", CodePurpose.UNLOCK: "unlock_code"}.get(purpose, "reset_code")
    # The person asking reads the page this came from: a code goes out in its language unless
    # the account chose one (messages caused by others go in the account's choice, else English).
    outbox.enqueue(db, template=template, to=destination, user_id=user.id, log_in_demo=True, code=code,
                   lang=user.language or reader())


def _consume_code(db: Session, destination: str, purpose: str, code: str, now: datetime) -> VerificationCode:
    row = db.exec(
        select(VerificationCode)
        .where(VerificationCode.destination == destination, VerificationCode.purpose == purpose)
        .order_by(VerificationCode.created_at.desc(), VerificationCode.id.desc())
        .with_for_update()
    ).first()
    if row is None:
        raise ServiceError("No code was sent to that address. Ask for a new one.", code="no_code")
    if row.used_at is not None:
        raise ServiceError("This code has already been used. Ask for a new one.", code="code_used")
    if row.expires_at <= now:
        raise ServiceError("This code has expired. Ask for a new one.", code="code_expired")
    if row.attempts >= CODE_MAX_TRIES:
        raise ServiceError("Too many wrong tries for this code. Ask for a new one.", code="code_locked")
    entered = (code or "").strip()
    if not (entered.isdigit() and len(entered) == 6) or not hmac.compare_digest(
        _code_hash(purpose, destination, entered), row.code_hash
    ):
        row.attempts += 1
        db.add(row)
        left = CODE_MAX_TRIES - row.attempts
        if left == 1:
            message = phrase("That code is not right. 1 try left.")
        elif left:
            message = phrase("That code is not right. {left} tries left.", left=left)
        else:
            message = phrase("That code is not right, and that was the last try. Ask for a new one.")
        raise ServiceError(message, code="code_wrong", keep=True)
    row.used_at = now
    db.add(row)
    return row


def register(
    db: Session,
    *,
    identifier: str,
    password: str,
    display_name: str,
    community_slug: str = "",
    client_ip: str = "",
    now: datetime | None = None,
    accepted_documents: list[int] | tuple[int, ...] = (),
) -> Registration:
    """Create a pending account and send it a code. Nothing is created when any check fails.

    `accepted_documents`: the ids of the agreement and rules versions the form showed and the
    person accepted; they must be the current ones (accounts/agreements.py).
    The account joins its community as a resident but no household: a household is joined with
    proof (an invitation code, or a request staff approve; property/household_access.py).
    """
    now = now or utcnow()
    kind, dest = normalize_identifier(identifier)
    name = (display_name or "").strip()
    if not 1 <= len(name) <= 80:
        raise ServiceError("Enter your name (80 characters at most).", code="bad_name")
    check_strength(password)
    community = None
    if community_slug:
        community = db.exec(select(Community).where(Community.slug == community_slug)).first()
        if community is None:
            raise ServiceError("Choose your community from the list.", code="bad_community")
    existing = _find_user(db, kind, dest)
    if existing is not None and existing.status != UserStatus.PENDING:
        what = phrase("email address") if kind == "email" else phrase("mobile number")
        raise ServiceError(
            phrase("An account with this {what} already exists. Log in, or reset your password.", what=what),
            code="duplicate",
        )
    _check_code_limits(db, dest, client_ip, now)

    # An unfinished registration is taken over by whoever proves the address with the new code.
    user = existing or User(display_name=name, password_hash="", **{kind: dest})
    user.display_name = name
    user.password_hash = hash_password(password)
    user.created_at = user.created_at or now
    db.add(user)
    db.flush()
    db.exec(UserRole.__table__.delete().where(UserRole.user_id == user.id))
    db.exec(HouseholdMember.__table__.delete().where(HouseholdMember.user_id == user.id))
    db.add(UserRole(user_id=user.id, role=Role.RESIDENT, community_id=community.id if community else None))
    # The registration agreement and platform rules the form showed, accepted (version, time kept).
    agreements.record_acceptance(db, user.id, accepted_documents, now)
    _issue_code(db, user, dest, CodePurpose.REGISTER, client_ip, now)
    return Registration(user_id=user.id, destination=dest)


def registration_communities(db: Session, actor: Actor) -> list[tuple[str, str]]:
    """(slug, name) of every community, by name: the register form's list (public)."""
    return [(c.slug, c.name) for c in db.exec(select(Community).order_by(Community.name)).all()]


def demo_code_message(db: Session, actor: Actor, identifier: str) -> str:
    """Demo mode only: the text of the newest sign-up code message to this address, so a demo can
    be finished with no mail server. Outside demo mode it is always "" (codes are only sent)."""
    if not settings().demo_mode:
        return ""
    try:
        _, dest = normalize_identifier(identifier)
    except ServiceError:
        return ""
    body = db.exec(select(OutboxMessage.body).where(
        OutboxMessage.to_address == dest, OutboxMessage.template == "verify_code")
        .order_by(OutboxMessage.id.desc())).first()
    return body or ""


def resend_registration_code(db: Session, *, identifier: str, client_ip: str = "", now: datetime | None = None) -> None:
    now = now or utcnow()
    kind, dest = normalize_identifier(identifier)
    user = _find_user(db, kind, dest)
    if user is None or user.status != UserStatus.PENDING:
        raise ServiceError("There is no unfinished registration for that address.", code="no_pending")
    _check_code_limits(db, dest, client_ip, now)
    _issue_code(db, user, dest, CodePurpose.REGISTER, client_ip, now)


def verify_registration(db: Session, *, identifier: str, code: str, now: datetime | None = None) -> User:
    now = now or utcnow()
    kind, dest = normalize_identifier(identifier)
    row = _consume_code(db, dest, CodePurpose.REGISTER, code, now)
    user = db.get(User, row.user_id, with_for_update=True)
    if user is None or user.status != UserStatus.PENDING:
        raise ServiceError("This account is already active. Log in.", code="already_active")
    user.status = UserStatus.ACTIVE
    user.verified_at = now
    db.add(user)
    outbox.notify_user(db, user.id, "welcome", link="/home", name=user.display_name, lang=user.language or reader())
    return user


UNLOCK_NEEDED = phrase("This account had many failed log-ins, so it now also needs a code: we sent one to its "
                       "owner. Enter it with your password.")


def login(
    db: Session, *, identifier: str, password: str, client_ip: str = "", unlock_code: str = "",
    now: datetime | None = None,
) -> tuple[str, Actor]:
    """Return a fresh session token and the Actor. Every refusal for bad credentials reads the
    same, for accounts that exist and for those that do not; the limits are in login_guard."""
    now = now or utcnow()
    try:
        kind, dest = normalize_identifier(identifier)
    except ServiceError:
        raise ServiceError(BAD_LOGIN, code="bad_login") from None
    column = User.email if kind == "email" else User.phone
    # Locked first: attempts on one account are counted one after another (see login_guard).
    user = db.exec(select(User).where(column == dest).with_for_update()).first()
    login_guard.check_client(db, dest, client_ip, now)
    unlocking = login_guard.account_needs_code(db, dest, now)
    if unlocking and not (unlock_code or "").strip():
        if user is not None:
            _send_unlock_code(db, user, dest, client_ip, now)
        raise ServiceError(UNLOCK_NEEDED, code="unlock_needed", keep=True)
    if user is None:
        burn_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    if not ok:
        login_guard.record_failure(db, dest, client_ip, now)
        raise ServiceError(BAD_LOGIN, code="bad_login", keep=True)
    if unlocking:
        _consume_code(db, dest, CodePurpose.UNLOCK, unlock_code.strip(), now)
        login_guard.forget_failures(db, dest, client_ip)
    if user.status == UserStatus.PENDING:
        raise ServiceError(
            "Your account is not active yet: enter the code we sent you.", code="pending"
        )
    if user.status == UserStatus.DISABLED:
        raise ServiceError("This account has been disabled. Contact your property office.", code="disabled")
    if password_needs_rehash(user.password_hash):
        # Hashing settings grew stronger since this hash was made: the password is at hand now.
        user.password_hash = hash_password(password)
        db.add(user)
    return _open_session(db, user, client_ip, now)


def _send_unlock_code(db: Session, user: User, dest: str, client_ip: str, now: datetime) -> None:
    """One live unlock code at a time: a guesser cannot make the owner's phone ring on every try."""
    live = db.exec(select(VerificationCode.id).where(
        VerificationCode.destination == dest, VerificationCode.purpose == CodePurpose.UNLOCK,
        VerificationCode.used_at.is_(None), VerificationCode.expires_at > now)).first()
    if live is not None:
        return
    try:
        _check_code_limits(db, dest, "", now)
    except RateLimited:
        return  # three codes this hour already; the newest still works until it expires
    _issue_code(db, user, dest, CodePurpose.UNLOCK, client_ip, now)


RESET_SENT = phrase("If an account uses that address, we have sent it a code. It expires in 10 minutes.")


def request_password_reset(db: Session, *, identifier: str, client_ip: str = "", now: datetime | None = None) -> str:
    """Send a reset code when the account exists; the answer reads the same when it does not."""
    now = now or utcnow()
    kind, dest = normalize_identifier(identifier)
    _check_code_limits(db, dest, client_ip, now)
    user = _find_user(db, kind, dest)
    if user is not None and user.status == UserStatus.ACTIVE:
        _issue_code(db, user, dest, CodePurpose.RESET, client_ip, now)
    elif client_ip:
        rate_limits.record(db, "code_ip", client_ip, now)
    return RESET_SENT


def reset_password(db: Session, *, identifier: str, code: str, new_password: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    kind, dest = normalize_identifier(identifier)
    check_strength(new_password)
    row = _consume_code(db, dest, CodePurpose.RESET, code, now)
    user = db.get(User, row.user_id, with_for_update=True)
    if user is None or user.status != UserStatus.ACTIVE:
        raise NotFound("account")
    user.password_hash = hash_password(new_password)
    db.add(user)
    revoke_sessions(db, user.id, now=now)
    outbox.enqueue(db, template="password_changed", to=dest, user_id=user.id, lang=user.language or reader())


def change_password(db: Session, actor: Actor, *, current: str, new: str) -> None:
    """Change the password; every other session of this user ends, this one stays."""
    require_user(actor)
    user = db.get(User, actor.user_id, with_for_update=True)
    if user is None or not verify_password(user.password_hash, current):
        raise ServiceError("Your current password is not right.", code="bad_password")
    check_strength(new)
    if verify_password(user.password_hash, new):
        raise ServiceError("The new password must differ from the current one.", code="same_password")
    user.password_hash = hash_password(new)
    db.add(user)
    revoke_sessions(db, user.id, keep_session_id=actor.session_id)
    outbox.notify_user(db, user.id, "password_changed", link="/account", lang=user.language or reader())
