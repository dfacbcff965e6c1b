"""Roles as people read them ("Property staff", not "property_staff"): the admin screens, the audit
log and messages show these names; the codes stay in the database and the forms' values."""

from __future__ import annotations

from community_hub.models import Role

ROLE_NAMES = {
    Role.RESIDENT: "Resident",
    Role.MERCHANT: "Merchant",
    Role.AGENT: "Agent (brings shops)",
    Role.PROPERTY_STAFF: "Property staff",
    Role.PLATFORM_ADMIN: "Platform admin",
    Role.KIOSK: "Lobby kiosk",
}


def role_name(code: str) -> str:
    return ROLE_NAMES.get(code, code.replace("_", " ").capitalize())


def role_names(codes) -> str:
    """"platform_admin,resident" or a list -> "Platform admin, Resident"; none -> "—"."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c.strip()]
    return ", ".join(role_name(c.strip()) for c in codes) or "—"
