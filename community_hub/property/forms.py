"""Field definitions (shared by forms and channels), value validation, and the form builder.

A field is a dict: {key, label, type, required, choices, min, max, max_length, pattern, help}.
Values are checked per type; every problem is reported at once (FormErrors.errors maps field key
to message) and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from community_hub.core import uploads
from community_hub.core.csv_export import headers, to_csv, yes_no
from community_hub.core.errors import NotFound, ServiceError
from community_hub.core.i18n import N_, Text, phrase
from community_hub.core.permissions import (
    Actor,
    AdminPermission,
    require_resident,
    require_staff_of,
)
from community_hub.core.rows import get_or_not_found
from community_hub.models import Household, User
from community_hub.models.base import utcnow
from community_hub.models.channels import FormDefinition, FormStatus, FormSubmission

FIELD_TYPES = ("text", "textarea", "number", "date", "choice", "multi_choice", "checkbox", "email", "phone",
               "link", "image")
MAX_FIELDS = 40
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
_STORED_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(png|jpg|webp)$")
_TEXT_LIMITS = {"text": 500, "textarea": 5000}


# A form's status in a sentence ("This form is already published.").
_STATUS_WORDS = {FormStatus.DRAFT: phrase("draft"), FormStatus.PUBLISHED: phrase("published"),
                 FormStatus.CLOSED: phrase("closed")}


class FormErrors(ServiceError):
    """Some values are wrong; `errors` says which and why (for showing next to each field)."""

    def __init__(self, errors: dict[str, str]):
        # One message whose parts are the fields' messages, each read in the reader's language.
        super().__init__(Text(" ".join(f"{{e{i}}}" for i in range(len(errors))),
                              **{f"e{i}": e for i, e in enumerate(errors.values())}), code="invalid_fields")
        self.errors = errors


def _slug_key(label: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40]
    return key if key and key[0].isalpha() else f"f_{key}"[:40]


def normalize_fields(fields: list[dict], allowed_types: tuple[str, ...] = FIELD_TYPES) -> list[dict]:
    """Check a list of field definitions from the builder and return it in canonical form."""
    if not fields:
        raise ServiceError("Add at least one field.")
    if len(fields) > MAX_FIELDS:
        raise ServiceError(phrase("At most {count} fields.", count=MAX_FIELDS))
    out, seen = [], set()
    for i, raw in enumerate(fields, 1):
        label = str(raw.get("label", "")).strip()
        if not label or len(label) > 80:
            raise ServiceError(phrase("Field {number} needs a label (at most 80 characters).", number=i))
        ftype = raw.get("type", "text")
        if ftype not in allowed_types:
            raise ServiceError(phrase("{label}: the type must be one of {types}.", label=label,
                                      types=", ".join(allowed_types)))
        key = str(raw.get("key") or _slug_key(label))
        if not _KEY_RE.match(key):
            raise ServiceError(phrase("{label}: the key must be lower-case letters, digits and _.", label=label))
        if key in seen:
            raise ServiceError(phrase("Two fields have the key {key}.", key=key))
        seen.add(key)
        field = {"key": key, "label": label, "type": ftype, "required": bool(raw.get("required", False)),
                 "help": str(raw.get("help", ""))[:200]}
        if ftype in ("choice", "multi_choice"):
            choices = [str(c).strip() for c in raw.get("choices") or [] if str(c).strip()]
            if len(choices) < 2 or len(set(choices)) != len(choices):
                raise ServiceError(phrase("{label}: give at least two different choices.", label=label))
            field["choices"] = choices
        if ftype == "number":
            lo, hi = raw.get("min"), raw.get("max")
            for v in (lo, hi):
                if v is not None and not isinstance(v, int | float):
                    raise ServiceError(phrase("{label}: the limits must be numbers.", label=label))
            if lo is not None and hi is not None and lo > hi:
                raise ServiceError(phrase("{label}: the minimum is above the maximum.", label=label))
            field["min"], field["max"] = lo, hi
        if ftype in _TEXT_LIMITS:
            limit = raw.get("max_length") or _TEXT_LIMITS[ftype]
            if not isinstance(limit, int) or not 1 <= limit <= _TEXT_LIMITS[ftype]:
                raise ServiceError(phrase("{label}: the length limit must be 1 to {limit}.", label=label,
                                          limit=_TEXT_LIMITS[ftype]))
            field["max_length"] = limit
            if raw.get("pattern"):
                try:
                    re.compile(raw["pattern"])
                except re.error:
                    raise ServiceError(phrase("{label}: the pattern is not a valid regular expression.",
                                              label=label)) from None
                field["pattern"] = raw["pattern"]
        out.append(field)
    return out


def _empty(v: object) -> bool:
    return v is None or v == "" or v == [] or (isinstance(v, str) and not v.strip())


def _check_one(f: dict, v: object) -> object:
    """The cleaned value, or raise ValueError with the message for this field."""
    label, t = f["label"], f["type"]
    if t in _TEXT_LIMITS:
        s = str(v).strip()
        if len(s) > f.get("max_length", _TEXT_LIMITS[t]):
            raise ValueError(phrase("{label} is too long (at most {limit} characters).", label=label,
                                    limit=f.get("max_length")))
        if f.get("pattern") and not re.fullmatch(f["pattern"], s):
            raise ValueError(phrase("{label} is not in the expected format.", label=label))
        return s
    if t == "number":
        try:
            n = float(v) if not isinstance(v, int | float) or isinstance(v, bool) else v
        except (TypeError, ValueError):
            raise ValueError(phrase("{label} must be a number.", label=label)) from None
        if isinstance(v, bool) or n != n or n in (float("inf"), float("-inf")):
            raise ValueError(phrase("{label} must be a number.", label=label))
        if f.get("min") is not None and n < f["min"]:
            raise ValueError(phrase("{label} must be at least {min}.", label=label, min=f["min"]))
        if f.get("max") is not None and n > f["max"]:
            raise ValueError(phrase("{label} must be at most {max}.", label=label, max=f["max"]))
        return int(n) if float(n).is_integer() else n
    if t == "date":
        if isinstance(v, date | datetime):
            return (v.date() if isinstance(v, datetime) else v).isoformat()
        try:
            return date.fromisoformat(str(v).strip()).isoformat()
        except ValueError:
            raise ValueError(phrase("{label} must be a date (YYYY-MM-DD).", label=label)) from None
    if t == "choice":
        if str(v) not in f["choices"]:
            raise ValueError(phrase("{label}: choose one of the options.", label=label))
        return str(v)
    if t == "multi_choice":
        vals = [v] if isinstance(v, str) else list(v)
        if not set(map(str, vals)) <= set(f["choices"]):
            raise ValueError(phrase("{label}: choose from the options.", label=label))
        return [c for c in f["choices"] if c in set(map(str, vals))]
    if t == "checkbox":
        if isinstance(v, str):
            v = v.lower() in ("1", "true", "yes", "on")
        if f["required"] and not v:
            raise ValueError(phrase("{label} must be ticked.", label=label))
        return bool(v)
    if t == "email":
        s = str(v).strip()
        if not _EMAIL_RE.match(s) or len(s) > 254:
            raise ValueError(phrase("{label} must be an email address.", label=label))
        return s
    if t == "phone":
        s = str(v).strip()
        if not _PHONE_RE.match(s):
            raise ValueError(phrase("{label} must be a phone number.", label=label))
        return s
    if t == "link":
        s = str(v).strip()
        if not re.match(r"^https?://[^\s/$.?#][^\s]*$", s, re.I) or len(s) > 500:
            raise ValueError(phrase("{label} must be a web address starting with http:// or https://.", label=label))
        return s
    if t == "image":
        if isinstance(v, str) and _STORED_RE.match(v):
            return v  # an image stored earlier (editing an entry)
        if not (isinstance(v, tuple) and len(v) == 2 and isinstance(v[1], bytes)):
            raise ValueError(phrase("{label}: upload an image.", label=label))
        try:
            uploads.check_upload(v[1], allowed=uploads.IMAGE_KINDS)
        except ServiceError as exc:
            raise ValueError(phrase("{label}: {refusal}", label=label, refusal=exc.message)) from None
        return v
    raise ValueError(phrase("{label}: unknown field type.", label=label))


def clean_values(fields: list[dict], values: dict) -> dict:
    """Check values against field definitions. Image values are (file name, bytes) until stored."""
    cleaned, errors = {}, {}
    for f in fields:
        v = values.get(f["key"])
        if _empty(v) or (f["type"] == "checkbox" and not v and not f["required"]):
            if f["required"]:
                errors[f["key"]] = phrase("{label} is required.", label=f["label"])
            elif f["type"] == "checkbox":
                cleaned[f["key"]] = False
            continue
        try:
            cleaned[f["key"]] = _check_one(f, v)
        except ValueError as exc:
            errors[f["key"]] = exc.args[0]  # the message itself (a phrase), not a copy of its English
    if errors:
        raise FormErrors(errors)
    return cleaned


def store_images(cleaned: dict) -> dict:
    """Write uploaded images (already checked) and put their stored paths in place of the bytes."""
    return {k: uploads.store_upload(v[1], v[0], allowed=uploads.IMAGE_KINDS).path if isinstance(v, tuple) else v
            for k, v in cleaned.items()}


# ---------------------------------------------------------------- the form builder


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    user_id: int
    name: str
    unit: str
    submitted_at: datetime
    values: dict


def _staff_form(db: Session, actor: Actor, form_id: int, *, lock: bool = False) -> FormDefinition:
    form = get_or_not_found(db, FormDefinition, form_id, phrase("form"), lock=lock)
    require_staff_of(actor, form.community_id)
    return form


def create_form(db: Session, actor: Actor, community_id: int, *, title: str, fields: list[dict],
                description: str = "", one_per_resident: bool = False) -> FormDefinition:
    """Staff build a form (a draft until published): surveys, registrations, permits."""
    require_staff_of(actor, community_id)
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ServiceError("Give the form a title (at most 120 characters).")
    form = FormDefinition(community_id=community_id, title=title, description=description,
                          fields=normalize_fields(fields), one_per_resident=one_per_resident,
                          created_by=actor.user_id)
    db.add(form)
    db.flush()
    return form


def update_form(db: Session, actor: Actor, form_id: int, *, title: str, fields: list[dict], description: str = "",
                one_per_resident: bool = False) -> FormDefinition:
    """Change a draft form. Published forms are fixed so their submissions stay comparable."""
    form = _staff_form(db, actor, form_id, lock=True)
    if form.status != FormStatus.DRAFT:
        raise ServiceError("Only a draft form can be changed; close it and make a new one.")
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ServiceError("Give the form a title (at most 120 characters).")
    form.title, form.description = title, description
    form.fields, form.one_per_resident = normalize_fields(fields), one_per_resident
    return form


def publish_form(db: Session, actor: Actor, form_id: int) -> FormDefinition:
    form = _staff_form(db, actor, form_id, lock=True)
    if form.status != FormStatus.DRAFT:
        raise ServiceError(phrase("This form is already {status}.", status=_STATUS_WORDS.get(form.status, form.status)))
    form.status, form.published_at = FormStatus.PUBLISHED, utcnow()
    return form


def close_form(db: Session, actor: Actor, form_id: int) -> FormDefinition:
    form = _staff_form(db, actor, form_id, lock=True)
    if form.status != FormStatus.PUBLISHED:
        raise ServiceError("Only a published form can be closed.")
    form.status = FormStatus.CLOSED
    return form


def list_forms_for_staff(db: Session, actor: Actor, community_id: int) -> list[FormDefinition]:
    require_staff_of(actor, community_id)
    return list(db.exec(select(FormDefinition).where(FormDefinition.community_id == community_id)
                        .order_by(FormDefinition.id.desc())).all())


def list_open_forms(db: Session, actor: Actor) -> list[FormDefinition]:
    """Published forms of the resident's community."""
    require_resident(actor)
    return list(db.exec(select(FormDefinition).where(FormDefinition.community_id == actor.community_id,
                                                     FormDefinition.status == FormStatus.PUBLISHED)
                        .order_by(FormDefinition.published_at.desc())).all())


def get_form(db: Session, actor: Actor, form_id: int) -> FormDefinition:
    """A published form for a resident of its community (staff see any of theirs)."""
    form = db.get(FormDefinition, form_id)
    if form and actor.is_authenticated and (actor.holds(AdminPermission.SUPER) or actor.is_staff_of(form.community_id)):
        return form
    require_resident(actor)
    if form is None or form.community_id != actor.community_id or form.status == FormStatus.DRAFT:
        raise NotFound("form")
    return form


def submit_form(db: Session, actor: Actor, form_id: int, values: dict, *,
                now: datetime | None = None) -> FormSubmission:
    """A resident fills in a published form; every wrong field is reported and nothing is saved."""
    form = get_form(db, actor, form_id)
    require_resident(actor)
    if form.status != FormStatus.PUBLISHED:
        raise ServiceError("This form is closed.")
    cleaned = clean_values(form.fields, values)
    once = f"u:{actor.user_id}" if form.one_per_resident else None
    already = ServiceError("You have already filled in this form.", code="duplicate")
    if once and db.exec(select(FormSubmission.id).where(FormSubmission.form_id == form.id,
                                                         FormSubmission.once_key == once)).first():
        raise already
    sub = FormSubmission(form_id=form.id, user_id=actor.user_id, household_id=actor.household_id, once_key=once,
                         data={}, submitted_at=now or utcnow())
    try:
        with db.begin_nested():
            db.add(sub)
            db.flush()
    except IntegrityError:
        raise already from None
    sub.data = store_images(cleaned)
    db.flush()
    return sub


def my_submissions(db: Session, actor: Actor, form_id: int) -> list[FormSubmission]:
    require_resident(actor)
    return list(db.exec(select(FormSubmission).where(FormSubmission.form_id == form_id,
                                                     FormSubmission.user_id == actor.user_id)
                        .order_by(FormSubmission.id)).all())


def list_submissions(db: Session, actor: Actor, form_id: int) -> list[SubmissionRow]:
    """Staff: every submission with who sent it, oldest first."""
    form = _staff_form(db, actor, form_id)
    rows = db.exec(select(FormSubmission, User.display_name, Household)
                   .join(User, User.id == FormSubmission.user_id)
                   .join(Household, Household.id == FormSubmission.household_id, isouter=True)
                   .where(FormSubmission.form_id == form.id).order_by(FormSubmission.id)).all()
    return [SubmissionRow(s.id, s.user_id, name, f"{h.building}-{h.unit}" if h else "", s.submitted_at, s.data)
            for s, name, h in rows]


def export_csv(db: Session, actor: Actor, form_id: int) -> str:
    """Staff: submissions as CSV, one column per field (multiple choices joined with '; ')."""
    form = _staff_form(db, actor, form_id)
    rows = []
    for r in list_submissions(db, actor, form_id):
        cells = []
        for f in form.fields:
            v = r.values.get(f["key"], "")
            cells.append("; ".join(v) if isinstance(v, list) else yes_no(v) if isinstance(v, bool) else v)
        rows.append([r.submitted_at.isoformat(), r.name, r.unit] + cells)
    # Every answer was typed by a resident: a "=HYPERLINK(...)" stays text in the office's spreadsheet.
    return to_csv(headers(N_("submitted_at"), N_("name"), N_("unit")) + [f["label"] for f in form.fields], rows)
