"""Password hashing (argon2id) and the strength rule shown on the registration form."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase

_hasher = PasswordHasher()

MIN_LENGTH = 10
PASSWORD_RULE = phrase("At least {count} characters, with letters and at least one digit or symbol.", count=MIN_LENGTH)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ServiceError(phrase("Password too short. {rule}", rule=PASSWORD_RULE), code="weak_password")
    if password.isalpha() or password.isdigit() or not any(c.isalpha() for c in password):
        raise ServiceError(phrase("Password too weak. {rule}", rule=PASSWORD_RULE), code="weak_password")
    if len(password) > 256:
        raise ServiceError("Password too long (256 characters at most).", code="weak_password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's (argon2 parameters grow)."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


_dummy_hash: str | None = None


def burn_time(password: str) -> None:
    """Verify against a throw-away hash when the account does not exist, so a log-in for an unknown
    address takes as long as one for a real account (no timing oracle)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not-a-real-password-0")
    verify_password(_dummy_hash, password)
