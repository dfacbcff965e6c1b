"""The field builder shared by forms and channels: rows a staff member edits on screen, turned
into the field definitions services.forms.normalize_fields checks."""

from __future__ import annotations

from collections.abc import Callable

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from state.shared.service_call import call

FORM_TYPES = ["text", "textarea", "number", "date", "choice", "multi_choice", "checkbox", "email", "phone", "link",
              "image"]
CHANNEL_TYPES = ["text", "textarea", "number", "date", "choice", "link", "phone", "email", "image"]
# Each image field gets its own upload zone, rendered outside the field loop (an upload zone uses
# React hooks, which cannot live inside rx.foreach), so a form has a fixed number of them.
MAX_IMAGE_FIELDS = 3


def blank_row() -> dict[str, str]:
    return {"label": "", "type": "text", "required": "", "choices": "", "min": "", "max": "", "pattern": ""}


def _number(text: str, label: str, what: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ServiceError(phrase("{label}: the {what} must be a number.", label=label, what=what)) from None
    return int(value) if value.is_integer() else value


def to_fields(rows: list[dict[str, str]]) -> list[dict]:
    """Screen rows → field definitions (the service checks them and reports what is wrong)."""
    out = []
    for r in rows:
        label = r.get("label", "").strip()
        field = {"label": label, "type": r.get("type", "text"), "required": bool(r.get("required"))}
        if field["type"] in ("choice", "multi_choice"):
            field["choices"] = [c.strip() for c in r.get("choices", "").split(",") if c.strip()]
        if field["type"] == "number":
            field["min"], field["max"] = _number(r.get("min", ""), label, phrase("minimum")), _number(r.get("max", ""), label,
                                                                                          phrase("maximum"))
        if field["type"] in ("text", "textarea") and r.get("pattern", "").strip():
            field["pattern"] = r["pattern"].strip()
        out.append(field)
    if sum(1 for f in out if f["type"] == "image") > MAX_IMAGE_FIELDS:
        raise ServiceError(phrase("At most {count} image fields.", count=MAX_IMAGE_FIELDS))
    return out


def to_rows(fields: list[dict]) -> list[dict[str, str]]:
    return [{"label": f["label"], "type": f["type"], "required": "1" if f.get("required") else "",
             "choices": ", ".join(f.get("choices", [])), "min": "" if f.get("min") is None else str(f["min"]),
             "max": "" if f.get("max") is None else str(f["max"]), "pattern": f.get("pattern", "")} for f in fields]


def display_fields(fields: list[dict]) -> list[dict[str, str]]:
    """Field definitions as the page renders them (all strings; choices comma-joined)."""
    return [{"key": f["key"], "label": f["label"], "type": f["type"], "required": "1" if f.get("required") else "",
             "choices": "|".join(f.get("choices", [])), "help": f.get("help", "")} for f in fields]


def image_labels(fields: list[dict]) -> list[str]:
    """Labels of the image fields in order: upload zone n belongs to the n-th image field."""
    return [f["label"] + (" *" if f.get("required") else "") for f in fields if f["type"] == "image"]


def image_key(fields: list[dict], index: int) -> str | None:
    keys = [f["key"] for f in fields if f["type"] == "image"]
    return keys[index] if 0 <= index < len(keys) else None


async def first_upload(files) -> tuple[str, bytes] | None:
    """The (file name, bytes) of the first uploaded file; the service checks its content."""
    for f in files or []:
        return (f.name or "image", await f.read())
    return None


async def attach_picked(state, index: int, files, fields: list[dict], stage: Callable, owner_id: int) -> None:
    """The picture picked in the upload zone of the `index`-th image field: `stage(db, actor, owner_id,
    data)` (a service read that checks who may attach it) keeps the bytes on disk and answers a
    token; the state keeps only the file name and that token (`_images`, `attached`)."""
    key = image_key(fields, index)
    picked = await first_upload(files)
    if key is None or picked is None:
        return
    name, data = picked
    token = await call(state, stage, owner_id, data)
    state._images = {**state._images, key: (name[:200], token)}
    state.attached = [name[:200] if i == index else a for i, a in enumerate(state.attached)]


def form_values(fields: list[dict], form: dict, images: dict | None = None) -> dict:
    """What a browser form sent → the values services.forms.clean_values checks.

    Multiple-choice boxes arrive as "<key>__<n>" (a form keeps only one value per name); image
    values come from `images` (key → (file name, bytes) just uploaded, or a stored path kept)."""
    values = {}
    for f in fields:
        key = f["key"]
        if f["type"] == "image":
            values[key] = (images or {}).get(key, "")
        elif f["type"] == "multi_choice":
            values[key] = [c for i, c in enumerate(f["choices"]) if form.get(f"{key}__{i}")]
        elif f["type"] == "checkbox":
            values[key] = bool(form.get(key))
        else:
            values[key] = form.get(key, "")
    return values


def without_row(rows: list[dict[str, str]], index: int) -> list[dict[str, str]]:
    """The builder's field rows less the one at `index`."""
    return [f for i, f in enumerate(rows) if i != index]


def with_value(rows: list[dict[str, str]], index: int, key: str, value) -> list[dict[str, str]]:
    """The builder's field rows with one cell changed (checkboxes stored as "1" / "")."""
    out = [dict(f) for f in rows]
    out[index][key] = ("1" if value else "") if isinstance(value, bool) else str(value)
    return out
