"""The field builder shared by forms and channels: rows a staff member edits on screen, turned
into the field definitions services.forms.normalize_fields checks."""

from __future__ import annotations

from community_hub.services.errors import ServiceError

# Image fields need an upload per field; these screens do not offer them yet.
FORM_TYPES = ["text", "textarea", "number", "date", "choice", "multi_choice", "checkbox", "email", "phone", "link"]
CHANNEL_TYPES = ["text", "textarea", "number", "date", "choice", "link", "phone", "email"]


def blank_row() -> dict[str, str]:
    return {"label": "", "type": "text", "required": "", "choices": "", "min": "", "max": "", "pattern": ""}


def _number(text: str, label: str, what: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ServiceError(f"{label}: the {what} must be a number.") from None
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
            field["min"], field["max"] = _number(r.get("min", ""), label, "minimum"), _number(r.get("max", ""), label, "maximum")
        if field["type"] in ("text", "textarea") and r.get("pattern", "").strip():
            field["pattern"] = r["pattern"].strip()
        out.append(field)
    return out


def to_rows(fields: list[dict]) -> list[dict[str, str]]:
    return [{"label": f["label"], "type": f["type"], "required": "1" if f.get("required") else "",
             "choices": ", ".join(f.get("choices", [])), "min": "" if f.get("min") is None else str(f["min"]),
             "max": "" if f.get("max") is None else str(f["max"]), "pattern": f.get("pattern", "")} for f in fields]


def display_fields(fields: list[dict]) -> list[dict[str, str]]:
    """Field definitions as the page renders them (all strings; choices comma-joined)."""
    return [{"key": f["key"], "label": f["label"], "type": f["type"], "required": "1" if f.get("required") else "",
             "choices": "|".join(f.get("choices", [])), "help": f.get("help", "")} for f in fields]


def form_values(fields: list[dict], form: dict) -> dict:
    """What a browser form sent → the values services.forms.clean_values checks.

    Multiple-choice boxes arrive as "<key>__<n>" (a form keeps only one value per name)."""
    values = {}
    for f in fields:
        key = f["key"]
        if f["type"] == "multi_choice":
            values[key] = [c for i, c in enumerate(f["choices"]) if form.get(f"{key}__{i}")]
        elif f["type"] == "checkbox":
            values[key] = bool(form.get(key))
        else:
            values[key] = form.get(key, "")
    return values
