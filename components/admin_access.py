"""Whether the signed-in admin may open an admin page: the menu shows only what opens for them.

The pages declare the back-office permission they need (`@area_page(..., permission=...)`); this
reads that declaration, so the menu and the guard can never disagree. Call it while rendering
(all pages are registered by then)."""

from __future__ import annotations

import reflex as rx

from state.shared import page_opening
from state.shared.session import SessionState


def admin_may_open(route: str) -> rx.Var | bool:
    """True for a page every admin opens; else whether the admin holds the page's permission."""
    permission = page_opening.permission_of(route)
    return True if not permission else SessionState.admin_permissions.contains(permission)


def shown_if_allowed(route: str, item: rx.Component) -> rx.Component:
    """`item` (a menu link to `route`), or nothing for an admin who may not open that page."""
    allowed = admin_may_open(route)
    return item if allowed is True else rx.cond(allowed, item)
