"""Who is logged in, where they may go, and the one-line flash message every shell shows."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import agreements
from community_hub.accounts import auth as accounts
from community_hub.core.config import settings
from community_hub.core.i18n import phrase
from community_hub.core.permissions import ANONYMOUS, PERMISSION_WORDS, Actor, AdminPermission
from community_hub.models import Role
from community_hub.notify import inbox
from community_hub.payments.card_details import card_typed_here
from state.opening_hydrates import opening_hydrates
from state.shared import page_opening, router_raw, tab_visits
from state.shared.agreement_gate import AgreementGateState
from state.shared.language import LanguageState, in_language
from state.shared.service_call import call, look, one_read
from state.shared.session_token import session_token, set_session_token

# Which roles may open each area of the app (platform admins may open every staff area).
AREA_ROLES: dict[str, set[str]] = {
    "resident": {Role.RESIDENT},
    "merchant": {Role.MERCHANT, Role.PLATFORM_ADMIN},
    "property": {Role.PROPERTY_STAFF, Role.PLATFORM_ADMIN},
    "admin": {Role.PLATFORM_ADMIN},
    "agent": {Role.AGENT, Role.PLATFORM_ADMIN},
    "kiosk": {Role.KIOSK},
    "member": set(),  # any logged-in user
    # Anyone, logged in or not (a community's front, a shop): the page only learns who is there.
    "public": set(),
}
AREA_NAMES = {
    "resident": phrase("residents"), "merchant": phrase("merchants"), "property": phrase("property staff"),
    "admin": phrase("platform admins"), "agent": phrase("agents"), "kiosk": phrase("lobby kiosks"),
}


def _norm(path: str) -> str:
    return path.split("?", 1)[0].rstrip("/") or "/"


def may_enter(actor: Actor, area: str) -> bool:
    if not actor.is_authenticated:
        return False
    allowed = AREA_ROLES.get(area)
    if allowed is None:  # no such area (only a forged call names one): nobody enters
        return False
    return not allowed or bool(allowed & actor.roles)


def _actor_and_unread(db, actor: Actor) -> tuple[Actor, int, bool, list]:
    """Who is here, their unread count, whether their session's last use should be written, and the
    current agreement or rules versions they have not accepted yet (asked once, accounts/agreements)."""
    return (actor, inbox.unread_count(db, actor), accounts.session_needs_touch(db, actor),
            agreements.due(db, actor))


class SessionState(rx.State):
    user_name: str = ""
    roles: list[str] = []
    admin_permissions: list[str] = []
    home: str = "/"
    unread: int = 0
    flash: str = ""
    flash_kind: str = "info"  # info | success | error
    _flash_path: str = ""  # the page the message is meant for; leaving it clears the message

    @rx.var
    def logged_in(self) -> bool:
        return bool(self.user_name)

    def _show(self, actor: Actor, unread: int) -> None:
        shown = {
            "user_name": actor.display_name if actor.is_authenticated else "",
            "roles": sorted(actor.roles),
            # What the admin menu may show (components/admin_access.py): the permissions held.
            "admin_permissions": sorted(p for p in AdminPermission.ALL if actor.holds(p)),
            "home": actor.home_path() if actor.is_authenticated else "/",
            "unread": unread,
        }
        for name, value in shown.items():  # only what changed: Reflex sends every var assigned
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _say(self, message: str, kind: str = "info", path: str | None = None) -> None:
        """Show `message` on `path` (default: the current page) until the member moves on.
        `message` is already in the reader's language (`await in_language(self, phrase(...))`)."""
        self.flash, self.flash_kind = message, kind
        self._flash_path = _norm(path or router_raw.url(self).path)

    def _expire_flash(self) -> None:
        if self.flash and _norm(router_raw.url(self).path) != self._flash_path:
            self.flash = ""

    @rx.event
    def dismiss_flash(self):
        self.flash = ""

    async def _actor(self) -> tuple[Actor, int]:
        actor, unread, stale, due = await look(self, _actor_and_unread)
        if stale:  # an idle session ends (accounts.auth); a write at most every few minutes
            await call(self, accounts.touch_session)
        (await self.get_state(AgreementGateState))._ask(due)
        return actor, unread

    @rx.event
    async def open_page(self, route: str):
        """The one on_load event of every protected page (@area_page): its area's guard — not
        logged in: to the login page; without the role: back to one's own home — then the page's
        loads (state/shared/page_opening.py), all in this event. It marks the page hydrated,
        which Reflex would have done in an event of its own (state/opening_hydrates.py), and what
        the loads hand on (a live watcher to start, a redirect) goes after, so that the page, its
        data and the hydrated flag reach the browser in one delta, not one per load that yields."""
        then: list = []
        try:
            then = await self._open(route)
        finally:
            root = self
            while root.parent_state is not None:
                root = root.parent_state
            root.is_hydrated = True
        for event in then:
            yield event

    async def _open(self, route: str) -> list:
        page = page_opening.opening(route)
        if page is None:
            return []
        async with one_read(self):  # the guard and the loads read in one transaction
            if page.area == "public":  # readable by anyone: know who is here, demand nothing
                tab_visits.visited(router_raw.tab_token(self))
                await self._know_who()
            elif (refusal := await self._enter(page.area, page.permission)) is not None:
                return [refusal]
            return [event async for event in page_opening.run_loads(self, page.loads) if event is not None]

    async def _enter(self, area: str, permission: str = ""):
        """Who is here, shown in the header; a redirect when they may not be on this page (an
        admin page whose back-office permission they do not hold included)."""
        tab_visits.visited(router_raw.tab_token(self))  # the live watchers of the last page stop
        self._expire_flash()
        actor, unread = await self._actor()
        self._show(actor, unread)
        if not actor.is_authenticated:
            if await session_token(self):
                await set_session_token(self, "")  # expired, revoked or disabled: forget it
            self._say(await in_language(self, phrase("Please log in to continue.")), "info", "/login")
            return rx.redirect(f"/login?next={router_raw.url(self).path}")
        if area not in AREA_ROLES or not may_enter(actor, area):
            home = actor.home_path()
            if _norm(home) == _norm(router_raw.url(self).path):
                home = "/account"  # never bounce a member back onto the page that refused them
            refusal = phrase("That page is for {who} only. You are back on your home page.",
                             who=AREA_NAMES.get(area, area))
            self._say(await in_language(self, refusal), "error", home)
            return rx.redirect(home)
        if permission and not actor.holds(permission):
            refusal = phrase("That page needs the {permission} back-office role; ask a super admin.",
                             permission=PERMISSION_WORDS[permission])
            self._say(await in_language(self, refusal), "error", "/admin")
            return rx.redirect("/admin")
        return None

    @rx.event
    async def refresh(self):
        """Public pages: know who is there (for the header) without demanding a login."""
        await self._know_who()

    async def _know_who(self) -> None:
        self._expire_flash()
        actor, unread = await self._actor()
        self._show(actor, unread)

    @rx.event
    async def go_home_if_logged_in(self):
        self._expire_flash()
        actor, unread = await self._actor()
        self._show(actor, unread)
        if actor.is_authenticated:
            return rx.redirect(actor.home_path())
        return None

    async def _start(self, token: str, actor: Actor) -> None:
        """Called by the login form after the service opened a session."""
        await set_session_token(self, token)
        self._show(actor, 0)
        # The language the member chose on any device follows them here.
        (await self.get_state(LanguageState))._adopt(actor.language)

    async def _forget(self) -> None:
        """This browser is logged out (the service already ended the session)."""
        await set_session_token(self, "")
        self._show(ANONYMOUS, 0)

    @rx.event
    async def logout(self):
        token = await session_token(self)
        await call(self, lambda db, _actor: accounts.logout(db, token))
        await set_session_token(self, "")
        self._show(ANONYMOUS, 0)
        self._say(await in_language(self, phrase("You are logged out.")), "success", "/login")
        return rx.redirect("/login")

    @rx.var
    def demo_mode(self) -> bool:
        return settings().demo_mode

    @rx.var
    def card_here(self) -> bool:
        """A card is typed on our pages (the demo provider), not on the provider's (Stripe)."""
        return card_typed_here()


opening_hydrates(SessionState, SessionState.open_page.fn)  # it marks the page hydrated (state/opening_hydrates.py)
