"""Message texts by template name. Each is (subject, body) with str.format fields."""

from __future__ import annotations

TEMPLATES: dict[str, tuple[str, str]] = {
    "verify_code": (
        "Your Community Hub code: {code}",
        "Your Community Hub verification code is {code}. It expires in 10 minutes.\n"
        "If you did not ask for it, ignore this message.",
    ),
    "reset_code": (
        "Reset your Community Hub password: {code}",
        "Your password reset code is {code}. It expires in 10 minutes.\n"
        "If you did not ask for it, your password is unchanged.",
    ),
    "welcome": (
        "Welcome to Community Hub",
        "Welcome, {name}! Your account is ready.",
    ),
    "password_changed": (
        "Your password was changed",
        "The password of your Community Hub account was changed. If this was not you, reset it now.",
    ),
    "account_disabled": (
        "Your account was disabled",
        "Your Community Hub account was disabled by an administrator.",
    ),
    "roles_changed": (
        "Your roles changed",
        "Your roles are now: {roles}.",
    ),
}


def render(template: str, **fields: object) -> tuple[str, str]:
    subject, body = TEMPLATES[template]
    return subject.format(**fields), body.format(**fields)
