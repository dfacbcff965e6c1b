"""Roles as people read them ("Property staff", not "property_staff"): the admin screens, the audit
log and messages show these names; the codes stay in the database and the forms' values."""

from __future__ import annotations

from community_hub.core.i18n import Text, phrase
from community_hub.models import Role

ROLE_NAMES = {
    Role.RESIDENT: phrase("Resident"),
    Role.MERCHANT: phrase("Merchant"),
    Role.AGENT: phrase("Agent (brings shops)"),
    Role.PROPERTY_STAFF: phrase("Property staff"),
    Role.PLATFORM_ADMIN: phrase("Platform admin"),
    Role.KIOSK: phrase("Lobby kiosk"),
}


def role_name(code: str) -> str:
    return ROLE_NAMES.get(code, code.replace("_", " ").capitalize())


def role_names(codes) -> str:
    """"platform_admin,resident" or a list -> "Platform admin, Resident"; none -> "—"."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c.strip()]
    names = [role_name(c.strip()) for c in codes]
    if not names:
        return "—"
    # One message whose parts are the names, so each reads in the reader's language.
    return Text(", ".join(f"{{role{i}}}" for i in range(len(names))), **{f"role{i}": n for i, n in enumerate(names)})
