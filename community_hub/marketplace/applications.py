"""Becoming a merchant: the application with documents, the admin's review (approve, reject with
a reason, ask for more) with every decision in the audit log, and claiming an unclaimed listing
(created by admins from public information) with a code sent to the listing's public contact.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from community_hub.core.config import settings
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import N_, phrase, reader
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    deployment_time_zone,
    require_admin_permission,
    require_user,
)
from community_hub.core.rows import get_or_not_found
from community_hub.core.uploads import store_upload
from community_hub.marketplace.required_documents import labels, missing_kinds
from community_hub.models import AuditEntry, Merchant, MerchantStatus, Role, User, UserRole
from community_hub.models.base import utcnow
from community_hub.models.catalog import (
    ApplicationState,
    MerchantApplication,
    MerchantClaim,
    MerchantDocument,
)
from community_hub.notify.outbox import enqueue, notify_user

DOCUMENT_KINDS = ("licence", "id_front", "id_back", "food_permit", "other")
DOCUMENT_TYPES = ("png", "jpeg", "pdf")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 10
CLAIM_TTL = timedelta(minutes=30)
CLAIM_TRIES = 5
# A new code per request used to reset the tries: repeating request + 5 guesses would find a
# 6-digit code and text the shop every round. So codes are counted per listing and per person
# per day, and wrong tries per listing across all its codes pause its claims and tell the admins.
CLAIM_CODES_PER_LISTING_PER_DAY = 3
CLAIM_CODES_PER_USER_PER_DAY = 3
CLAIM_WRONG_TRIES_TO_PAUSE = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EDITABLE = ("business_name", "category", "address", "lat", "lon", "contact_phone", "contact_email",
             "legal_name", "id_number", "licence_number")


def _audit(db: Session, actor: Actor, action: str, app: MerchantApplication, detail: str = "") -> None:
    db.add(AuditEntry(actor_user_id=actor.user_id, action=action, subject=f"merchant_application:{app.id}", detail=detail))


_REQUIRED_FIELDS = {"business_name": phrase("business name"), "category": phrase("category"),
                    "address": phrase("address"), "legal_name": phrase("legal name"),
                    "id_number": phrase("id number"), "licence_number": phrase("licence number")}
_STATE_WORDS = {ApplicationState.SUBMITTED: phrase("submitted"), ApplicationState.NEEDS_INFO: phrase("needs info"),
                ApplicationState.APPROVED: phrase("approved"), ApplicationState.REJECTED: phrase("rejected")}


def _validate(fields: dict) -> None:
    for name, words in _REQUIRED_FIELDS.items():
        if not str(fields.get(name, "")).strip():
            raise ServiceError(phrase("Enter the {field}.", field=words))
    if not (-90 <= fields["lat"] <= 90 and -180 <= fields["lon"] <= 180):
        raise ServiceError(phrase("Pick the shop's location on the map."))
    if not fields.get("contact_phone", "").strip() and not fields.get("contact_email", "").strip():
        raise ServiceError(phrase("Give a contact phone or email."))
    if fields.get("contact_email") and not _EMAIL.match(fields["contact_email"].strip()):
        raise ServiceError(phrase("Enter a valid contact email."))


def submit_application(
    db: Session, actor: Actor, *, business_name: str, category: str, address: str, lat: float, lon: float,
    legal_name: str, id_number: str, licence_number: str, contact_phone: str = "", contact_email: str = "",
) -> MerchantApplication:
    """A user applies to sell. One application in review at a time."""
    require_user(actor)
    fields = dict(business_name=business_name, category=category, address=address, lat=lat, lon=lon,
                  contact_phone=contact_phone, contact_email=contact_email, legal_name=legal_name,
                  id_number=id_number, licence_number=licence_number)
    _validate(fields)
    pending = db.exec(select(MerchantApplication.id).where(
        MerchantApplication.user_id == actor.user_id,
        MerchantApplication.state.in_([ApplicationState.SUBMITTED, ApplicationState.NEEDS_INFO]))).first()
    if pending:
        raise ServiceError(phrase("You already have an application in review."))
    app = MerchantApplication(user_id=actor.user_id, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
    app.category = app.category.lower()
    db.add(app)
    db.flush()
    _audit(db, actor, "merchant_application.submit", app)
    return app


def _own_open(db: Session, actor: Actor, application_id: int) -> MerchantApplication:
    require_user(actor)
    app = db.exec(select(MerchantApplication).where(MerchantApplication.id == application_id).with_for_update()).first()
    if app is None or app.user_id != actor.user_id:
        raise NotFound(phrase("application"))
    if app.state not in (ApplicationState.SUBMITTED, ApplicationState.NEEDS_INFO):
        raise ServiceError(phrase("This application has been decided and can no longer change."))
    return app


def upload_document(db: Session, actor: Actor, application_id: int, kind: str, data: bytes, filename: str) -> MerchantDocument:
    """Attach a licence or ID document: PNG, JPEG or PDF (judged by its content), at most 5 MB."""
    app = _own_open(db, actor, application_id)
    if kind not in DOCUMENT_KINDS:
        raise ServiceError(phrase("Choose what the document is: {kinds}.", kinds=labels(DOCUMENT_KINDS)))
    count = len(db.exec(select(MerchantDocument.id).where(MerchantDocument.application_id == app.id)).all())
    if count >= MAX_DOCUMENTS:
        raise ServiceError(phrase("At most {most} documents per application.", most=MAX_DOCUMENTS))
    stored = store_upload(data, filename, allowed=DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES)
    doc = MerchantDocument(application_id=app.id, kind=kind, stored_name=stored.path, original_name=stored.original_name,
                           content_type=stored.content_type, size_bytes=stored.size)
    db.add(doc)
    db.flush()
    return doc


def update_application(db: Session, actor: Actor, application_id: int, **changes) -> MerchantApplication:
    """The applicant corrects their application; one that was sent back goes into review again."""
    app = _own_open(db, actor, application_id)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ServiceError(phrase("These fields cannot be changed: {fields}.", fields=", ".join(sorted(unknown))))
    merged = {k: getattr(app, k) for k in _EDITABLE} | changes
    _validate(merged)
    for k, v in changes.items():
        setattr(app, k, v.strip() if isinstance(v, str) else v)
    if app.state == ApplicationState.NEEDS_INFO:
        app.state = ApplicationState.SUBMITTED
    db.add(app)
    _audit(db, actor, "merchant_application.update", app, ", ".join(sorted(changes)))
    return app


def application_documents(db: Session, actor: Actor, application_id: int) -> list[MerchantDocument]:
    require_user(actor)
    app = db.get(MerchantApplication, application_id)
    if app is None or (app.user_id != actor.user_id and not actor.holds(AdminPermission.REVIEW)):
        raise NotFound(phrase("application"))
    return list(db.exec(select(MerchantDocument).where(MerchantDocument.application_id == app.id).order_by(MerchantDocument.id)))


def list_applications(db: Session, actor: Actor, state: str | None = ApplicationState.SUBMITTED) -> list[MerchantApplication]:
    """The admins' review queue (oldest first); state=None lists all."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    q = select(MerchantApplication)
    if state:
        q = q.where(MerchantApplication.state == state)
    return list(db.exec(q.order_by(MerchantApplication.id)))


def _for_decision(db: Session, actor: Actor, application_id: int) -> MerchantApplication:
    require_admin_permission(actor, AdminPermission.REVIEW)
    app = db.exec(select(MerchantApplication).where(MerchantApplication.id == application_id).with_for_update()).first()
    if app is None:
        raise NotFound(phrase("application"))
    if app.state != ApplicationState.SUBMITTED:
        raise ServiceError(phrase("This application is {state}; only one in review can be decided.",
                                  state=_STATE_WORDS.get(app.state, app.state.replace("_", " "))))
    return app


def _slug_for(db: Session, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "shop"
    slug, n = base, 2
    while db.exec(select(Merchant.id).where(Merchant.slug == slug)).first():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _decided(db: Session, actor: Actor, app: MerchantApplication, state: str, note: str, decision: str) -> None:
    app.state, app.reviewer_note, app.decided_at, app.decided_by = state, note, utcnow(), actor.user_id
    db.add(app)
    _audit(db, actor, f"merchant_application.{state}", app, note)
    notify_user(db, app.user_id, "merchant_application_decision", link="/merchant/apply", decision=phrase(decision),
                business=app.business_name, reason=f" {note}" if note else "")


def approve_application(db: Session, actor: Actor, application_id: int) -> Merchant:
    """Approve: the shop is created (approved, with its page at /shop/{slug}) and the applicant
    becomes its merchant. Not before the required documents are attached (required_documents)."""
    app = _for_decision(db, actor, application_id)
    missing = missing_kinds(db, app)
    if missing:
        values = dict(business=app.business_name, documents=labels(missing))
        raise ServiceError(
            phrase("{business} cannot be approved yet: the {documents} is missing. Ask the applicant for them.",
                   **values) if len(missing) == 1 else
            phrase("{business} cannot be approved yet: the {documents} are missing. Ask the applicant for them.",
                   **values), code="documents_missing")
    m = Merchant(slug=_slug_for(db, app.business_name), name=app.business_name, category=app.category,
                 address=app.address, lat=app.lat, lon=app.lon, phone=app.contact_phone,
                 contact_email=app.contact_email, status=MerchantStatus.APPROVED, owner_user_id=app.user_id,
                 # Opening hours are read in the shop's zone; the default UTC would be hours off.
                 timezone=deployment_time_zone(db))
    db.add(m)
    db.flush()
    db.add(UserRole(user_id=app.user_id, role=Role.MERCHANT, merchant_id=m.id))
    app.merchant_id = m.id
    _decided(db, actor, app, ApplicationState.APPROVED, "", N_("approved"))
    return m


def _decided_with_note(db: Session, actor: Actor, application_id: int, state: str, decision: str, note: str,
                       *, if_empty: str) -> MerchantApplication:
    """A decision the applicant must be told why of: no note, no decision."""
    app = _for_decision(db, actor, application_id)
    if not note.strip():
        raise ServiceError(if_empty)
    _decided(db, actor, app, state, note.strip(), decision)
    return app


def reject_application(db: Session, actor: Actor, application_id: int, reason: str) -> MerchantApplication:
    return _decided_with_note(db, actor, application_id, ApplicationState.REJECTED, N_("rejected"), reason,
                              if_empty=phrase("Give the applicant the reason for the rejection."))


def ask_for_more(db: Session, actor: Actor, application_id: int, what: str) -> MerchantApplication:
    return _decided_with_note(db, actor, application_id, ApplicationState.NEEDS_INFO,
                              N_("sent back for more information"), what,
                              if_empty=phrase("Say what the applicant needs to add."))


def application_history(db: Session, actor: Actor, application_id: int) -> list[AuditEntry]:
    """Every step of an application with who and when (admins, or the applicant)."""
    require_user(actor)
    app = db.get(MerchantApplication, application_id)
    if app is None or (app.user_id != actor.user_id and not actor.holds(AdminPermission.REVIEW)):
        raise NotFound(phrase("application"))
    return list(db.exec(select(AuditEntry).where(AuditEntry.subject == f"merchant_application:{app.id}")
                        .order_by(AuditEntry.id)))


# ---------------------------------------------------------------- unclaimed listings


def create_unclaimed_listing(db: Session, actor: Actor, *, name: str, category: str, address: str, lat: float,
                             lon: float, phone: str = "", contact_email: str = "") -> Merchant:
    """An admin lists a shop from public information; it shows in the circle until its owner claims it."""
    require_admin_permission(actor, AdminPermission.REVIEW)
    if not name.strip() or not category.strip():
        raise ServiceError(phrase("A listing needs a name and a category."))
    if not phone.strip() and not contact_email.strip():
        raise ServiceError(phrase("A listing needs the shop's public phone or email, so its owner can claim it."))
    m = Merchant(slug=_slug_for(db, name), name=name.strip(), category=category.strip().lower(), address=address,
                 lat=lat, lon=lon, phone=phone.strip(), contact_email=contact_email.strip(),
                 status=MerchantStatus.APPROVED, claimed=False, timezone=deployment_time_zone(db))
    db.add(m)
    db.flush()
    db.add(AuditEntry(actor_user_id=actor.user_id, action="merchant.unclaimed_listing", subject=f"merchant:{m.id}"))
    return m


def _claim_hash(merchant_id: int, user_id: int, code: str) -> str:
    return hmac.new(settings().secret_key.encode(), f"claim:{merchant_id}:{user_id}:{code}".encode(),
                    hashlib.sha256).hexdigest()


_PAUSED = phrase("Claims for this shop are paused after too many wrong codes; the platform team has been told.")


def _count(db: Session, *conds) -> int:
    return int(db.exec(select(func.count()).select_from(MerchantClaim).where(*conds)).one())


def _wrong_tries(db: Session, merchant_id: int, now: datetime) -> int:
    return int(db.exec(select(func.coalesce(func.sum(MerchantClaim.attempts), 0)).where(
        MerchantClaim.merchant_id == merchant_id, MerchantClaim.created_at > now - timedelta(days=1))).one())


def _check_claims_open(db: Session, m: Merchant, now: datetime) -> None:
    if _wrong_tries(db, m.id, now) >= CLAIM_WRONG_TRIES_TO_PAUSE:
        raise ServiceError(_PAUSED, code="claims_paused")


def _pause_claims(db: Session, actor: Actor, m: Merchant) -> None:
    """Audited, and every platform admin hears of it in the app."""
    db.add(AuditEntry(actor_user_id=actor.user_id, action="merchant.claims_paused", subject=f"merchant:{m.id}",
                      detail=f"{CLAIM_WRONG_TRIES_TO_PAUSE} wrong claim codes in a day"))
    admins = db.exec(select(UserRole.user_id).where(UserRole.role == Role.PLATFORM_ADMIN).distinct()).all()
    for admin_id in admins:
        notify_user(db, admin_id, "merchant_claims_paused", link="/admin/listings", shop=m.name,
                    tries=CLAIM_WRONG_TRIES_TO_PAUSE)


def request_claim(db: Session, actor: Actor, merchant_id: int, now: datetime | None = None) -> str:
    """Send a claim code to the listing's public phone (or email). Returns where it went, masked."""
    require_user(actor)
    now = now or utcnow()
    m = get_or_not_found(db, Merchant, merchant_id, phrase("shop"))
    if m.claimed:
        raise ServiceError(phrase("This shop is already managed by its owner."))
    _check_claims_open(db, m, now)
    day = now - timedelta(days=1)
    if _count(db, MerchantClaim.merchant_id == m.id, MerchantClaim.created_at > day) >= CLAIM_CODES_PER_LISTING_PER_DAY:
        raise ServiceError(phrase("Enough codes were sent to this shop today. Use the last one, or try again tomorrow."),
                           code="claim_limit")
    if _count(db, MerchantClaim.user_id == actor.user_id, MerchantClaim.created_at > day) >= CLAIM_CODES_PER_USER_PER_DAY:
        raise ServiceError(phrase("You have asked for enough claim codes today. Try again tomorrow."), code="claim_limit")
    destination = m.phone or m.contact_email
    code = f"{secrets.randbelow(10**6):06d}"
    db.add(MerchantClaim(merchant_id=m.id, user_id=actor.user_id, code_hash=_claim_hash(m.id, actor.user_id, code),
                         destination=destination, expires_at=now + CLAIM_TTL, created_at=now))
    # The code goes to the shop's own phone or email, which has no account: written in the language of
    # the page the claimant asked from (they are the one who will read it, if the shop is theirs).
    enqueue(db, template="merchant_claim_code", to=destination, code=code, shop=m.name, log_in_demo=True,
            lang=reader())
    return destination[:3] + "***" + destination[-2:]


def confirm_claim(db: Session, actor: Actor, merchant_id: int, code: str, now: datetime | None = None) -> Merchant:
    """The claimant types the code that reached the shop: the listing becomes theirs to manage."""
    require_user(actor)
    now = now or utcnow()
    m = db.exec(select(Merchant).where(Merchant.id == merchant_id).with_for_update()).first()
    if m is None:
        raise NotFound(phrase("shop"))
    if m.claimed:
        raise ServiceError(phrase("This shop is already managed by its owner."))
    claim = db.exec(select(MerchantClaim).where(MerchantClaim.merchant_id == m.id, MerchantClaim.user_id == actor.user_id)
                    .order_by(MerchantClaim.id.desc())).first()
    if claim is None or claim.confirmed_at is not None:
        raise ServiceError(phrase("Ask for a claim code first."))
    if claim.expires_at <= now:
        raise ServiceError(phrase("That code has expired; ask for a new one."))
    _check_claims_open(db, m, now)
    if claim.attempts >= CLAIM_TRIES:
        raise ServiceError(phrase("Too many wrong tries; ask for a new code."))
    if not hmac.compare_digest(claim.code_hash, _claim_hash(m.id, actor.user_id, (code or "").strip()[:12])):
        claim.attempts += 1
        db.add(claim)
        db.flush()
        if _wrong_tries(db, m.id, now) >= CLAIM_WRONG_TRIES_TO_PAUSE:
            _pause_claims(db, actor, m)
            raise ServiceError(_PAUSED, code="claims_paused", keep=True)
        raise ServiceError(phrase("That code is not right ({left} tries left).", left=CLAIM_TRIES - claim.attempts), keep=True)
    claim.confirmed_at = now
    m.claimed, m.owner_user_id = True, actor.user_id
    db.add_all([claim, m, UserRole(user_id=actor.user_id, role=Role.MERCHANT, merchant_id=m.id)])
    db.add(AuditEntry(actor_user_id=actor.user_id, action="merchant.claimed", subject=f"merchant:{m.id}"))
    return m


def my_application(db: Session, actor: Actor):
    """The actor's latest merchant application (any state), or None."""
    from community_hub.core.permissions import require_user
    from community_hub.models.catalog import MerchantApplication

    require_user(actor)
    return db.exec(select(MerchantApplication).where(MerchantApplication.user_id == actor.user_id)
                   .order_by(MerchantApplication.id.desc())).first()


@dataclass(frozen=True)
class HistoryStep:
    at: object  # datetime
    who: str
    action: str
    detail: str


def application_steps(db: Session, actor: Actor, application_id: int) -> list[HistoryStep]:
    """An application's decisions with who (by name) and when; same access as application_history."""
    from community_hub.marketplace import applications as merchant_applications

    entries = merchant_applications.application_history(db, actor, application_id)
    ids = {e.actor_user_id for e in entries if e.actor_user_id}
    names = dict(db.exec(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}
    return [HistoryStep(e.at, names.get(e.actor_user_id, "system"), e.action.rsplit(".", 1)[-1].replace("_", " "),
                        e.detail) for e in entries]
