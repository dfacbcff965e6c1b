"""Staff: the community's lobby kiosks — register one (its login, pairing token and secret are
shown once, in a dialog, and never again), and revoke one."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.kiosk import registration
from state.property.common import form_text, staff_community
from state.shared.dialogs import FormDialog
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _page(db, actor):
    return registration.community_kiosks(db, actor, staff_community(actor))


def _register(db, actor, name: str, bridge_url: str):
    return registration.register_kiosk(db, actor, staff_community(actor), name, bridge_url)


class PropertyKiosksState(LoadedScreen, FormDialog, rx.State):
    rows: list[dict[str, str]] = []
    default_url: str = registration.DEFAULT_BRIDGE_URL
    # Shown once, right after registering; cleared when the dialog closes or the page opens again.
    shown: dict[str, str] = {}

    async def _load(self) -> None:
        found = await look(self, _page)
        self.rows = [{"id": str(k.id), "name": k.name, "code": k.code, "login": k.login, "url": k.bridge_url or "—",
                      "active": "1" if k.active else ""} for k in found]

    async def _opened(self) -> None:
        self.form_open, self.shown = False, {}

    @rx.event
    @screen_event(error="form_error")
    async def register(self, form: dict):
        k = await call(self, _register, form_text(form, "name", registration.NAME_LIMIT + 1),
                       form_text(form, "bridge_url", registration.URL_LIMIT + 1))
        self.form_open = False
        self.shown = {"name": k.name, "code": k.code, "login": k.login, "password": k.password,
                      "token": k.pairing_token, "secret": k.secret, "url": k.bridge_url,
                      "bridge": f"HUB_BRIDGE_TOKEN={k.pairing_token} HUB_BRIDGE_SECRET={k.secret} "
                                f"python -m hardware_bridge --kiosk-id {k.code}"}
        self.notice = await in_language(self, phrase("Kiosk {name} registered.", name=k.name))
        await self._load()

    @rx.event
    def forget_shown(self):
        self.shown = {}

    @rx.event
    @screen_event
    async def revoke(self, kiosk_id: str):
        k = await call(self, registration.revoke_kiosk, row_id(kiosk_id))
        self.notice = await in_language(self, phrase("Kiosk {name} revoked: it is logged out and its bridge no longer "
                                                      "counts.", name=k.name))
        await self._load()
