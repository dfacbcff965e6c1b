"""Password hashing (argon2id) and the strength rule shown on the registration form."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from community_hub.services.errors import ServiceError

_hasher = PasswordHasher()

MIN_LENGTH = 10
PASSWORD_RULE = f"At least {MIN_LENGTH} characters, with letters and at least one digit or symbol."


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ServiceError(f"Password too short. {PASSWORD_RULE}", code="weak_password")
    if password.isalpha() or password.isdigit() or not any(c.isalpha() for c in password):
        raise ServiceError(f"Password too weak. {PASSWORD_RULE}", code="weak_password")
    if len(password) > 256:
        raise ServiceError("Password too long (256 characters at most).", code="weak_password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Verifying against this when the account does not exist keeps login timing the same either way.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0")


def burn_time(password: str) -> None:
    verify_password(_DUMMY_HASH, password)
