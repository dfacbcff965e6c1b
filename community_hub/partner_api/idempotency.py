"""Writes sent with an Idempotency-Key: the first answer is kept with the write (same transaction),
the same key again gets that answer without doing anything, the same key with another request is
refused (409), so a retry after a lost answer never does a thing twice."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.models.partner_api import ApiIdempotentAnswer, PartnerIdempotentAnswer

KEY_MAX = 100


class KeyReused(ServiceError):
    def __init__(self):
        super().__init__(phrase("This Idempotency-Key was already used for a different request."),
                         code="idempotency_key_reused")


def check_key(value: str) -> str:
    value = value.strip()
    if not value or len(value) > KEY_MAX or not value.isprintable():
        raise ServiceError(phrase("An Idempotency-Key is 1 to {most} printable characters.", most=KEY_MAX),
                           code="invalid_idempotency_key")
    return value


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def _table(partner: bool):
    return (PartnerIdempotentAnswer, PartnerIdempotentAnswer.partner_key_id) if partner else \
        (ApiIdempotentAnswer, ApiIdempotentAnswer.key_id)


def stored_answer(db: Session, key_id: int, idempotency_key: str, digest: str,
                  partner: bool = False) -> tuple[int, str] | None:
    """The answer kept for this key and request, if any (status, JSON body). `partner`: key_id is
    a community partner's key (PartnerIdempotentAnswer), not a shop's."""
    table, owner = _table(partner)
    row = db.exec(select(table).where(owner == key_id, table.idempotency_key == idempotency_key)).first()
    if row is None:
        return None
    if row.request_hash != digest:
        raise KeyReused()
    return row.status, row.body


def keep_answer(db: Session, key_id: int, idempotency_key: str, digest: str, status: int, body: str,
                partner: bool = False) -> None:
    if partner:
        db.add(PartnerIdempotentAnswer(partner_key_id=key_id, idempotency_key=idempotency_key,
                                       request_hash=digest, status=status, body=body))
    else:
        db.add(ApiIdempotentAnswer(key_id=key_id, idempotency_key=idempotency_key, request_hash=digest,
                                   status=status, body=body))
    db.flush()  # a request racing with the same key fails here, and its write is rolled back
