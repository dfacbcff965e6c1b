"""Admin: community partners' API keys — make a read-only key for a partner serving one community
(shown once), see each key's calls, its webhook endpoints and their deliveries (resend one), revoke one."""

from __future__ import annotations

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.partner_api import partner_keys, partner_webhooks
from community_hub.partner_api.scopes import PARTNER_SCOPES
from state.shared.api_call_rows import call_rows
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

NAME_MAX = 80


def _read(db, actor):
    return partner_keys.list_partner_keys(db, actor), partner_keys.community_choices(db, actor), actor.time_zone


def _calls(db, actor, key_id: int):
    return partner_keys.partner_key_calls(db, actor, key_id, 50), actor.time_zone


def _webhooks(db, actor, key_id: int):
    endpoints = partner_webhooks.key_endpoints(db, actor, key_id)
    return [(e, partner_webhooks.endpoint_log(db, actor, e.id, 20)) for e in endpoints], actor.time_zone


def _create(db, actor, community_id: int, name: str, scopes: list[str]):
    return partner_keys.create_partner_key(db, actor, community_id, name=name, scopes=scopes).secret


SCOPE_LIST = list(partner_keys.PARTNER_SCOPES)  # the form's checkboxes are scope-0 … scope-3, in this order
# (scope, what it lets the key do, ticked at first): bills are money and webhooks make us post to the
# partner's address, so those are asked for on purpose.
SCOPE_CHOICES = [(s, PARTNER_SCOPES[s], s in partner_keys.DEFAULT_SCOPES) for s in SCOPE_LIST]


class AdminPartnerKeysState(LoadedScreen, rx.State):
    keys: list[dict[str, str]] = []
    communities: list[dict[str, str]] = []
    secret: str = ""  # a key just made: shown once, gone on the next visit
    calls: list[dict[str, str]] = []
    calls_of: str = ""
    hooks_of: str = ""  # the key whose webhook endpoints are shown ("" hides them)
    hooks_key: str = ""
    endpoints: list[dict[str, str]] = []
    deliveries: list[dict[str, str]] = []

    async def _opened(self):
        self.secret, self.calls, self.calls_of = "", [], ""
        self.hooks_of, self.hooks_key, self.endpoints, self.deliveries = "", "", [], []

    async def _load(self):
        found, communities, zone = await look(self, _read)
        self.communities = [{"value": str(i), "label": name} for i, name in communities]
        self.keys = [{
            "id": str(k.id), "name": k.name, "community": community, "prefix": k.shown_prefix + "…",
            "scopes": ", ".join(k.scopes), "active": "" if k.revoked_at else "1",
            "last_used": local_time.fmt(k.last_used_at, zone) if k.last_used_at else "—",
        } for k, community in found]

    @rx.event
    def hide_secret(self):
        self.secret = ""

    @rx.event
    @screen_event
    async def create_key(self, form: dict):
        community, name = form.get("community", ""), form.get("key_name", "")
        if not isinstance(community, str) or not isinstance(name, str):
            raise ServiceError(phrase("That form came in damaged; reload the page and try again."))
        if not community:
            raise ServiceError(phrase("Choose the community the partner serves."))
        scopes = [s for i, s in enumerate(SCOPE_LIST) if form.get(f"scope-{i}") == "on"]
        self.secret = await call(self, _create, row_id(community), name[:NAME_MAX * 2], scopes)
        self.notice = await in_language(self, phrase("Key {name} created. Copy it now: it is not shown again.",
                                              name=name.strip()))
        await self._load()

    @rx.event
    @screen_event
    async def revoke_key(self, key_id: str):
        key = await call(self, partner_keys.revoke_partner_key, row_id(key_id))
        self.notice = await in_language(self, phrase("Key {name} revoked: it stopped working.", name=key.name))
        await self._load()

    @rx.event
    @screen_event
    async def show_calls(self, key_id: str):
        found, zone = await look(self, _calls, row_id(key_id))
        self.calls_of = next((k["name"] for k in self.keys if k["id"] == str(key_id)), "")
        self.calls = call_rows(found, zone)

    @rx.event
    @screen_event
    async def show_webhooks(self, key_id: str):
        await self._show_webhooks(row_id(key_id))

    async def _show_webhooks(self, key_id: int):
        found, zone = await look(self, _webhooks, key_id)
        self.hooks_key = str(key_id)
        self.hooks_of = next((k["name"] for k in self.keys if k["id"] == str(key_id)), "")
        self.endpoints = [{"id": str(e.id), "url": e.url, "events": ", ".join(e.event_types) or "*",
                           "active": "1" if e.enabled else "", "reason": e.disabled_reason,
                           # only one stopped for failing may be turned on again (partner_webhooks.admin_enable)
                           "may_enable": "1" if partner_webhooks.may_turn_on(e) else ""}
                          for e, _ in found]
        self.deliveries = [{
            "id": str(d.id), "endpoint": e.url, "event": kind, "status": d.status, "attempts": str(d.attempts),
            "answer": str(d.last_status_code) if d.last_status_code is not None else (d.last_error[:80] or "—"),
            "when": local_time.fmt(d.created_at, zone)} for e, log in found for d, kind in log]

    @rx.event
    @screen_event
    async def enable_endpoint(self, endpoint_id: str):
        await call(self, partner_webhooks.admin_enable, row_id(endpoint_id))
        self.notice = await in_language(self, phrase("The endpoint is on again; resend what it missed."))
        if self.hooks_key.isdigit():
            await self._show_webhooks(int(self.hooks_key))

    @rx.event
    @screen_event
    async def resend_delivery(self, delivery_id: str):
        await call(self, partner_webhooks.admin_resend, row_id(delivery_id))
        self.notice = await in_language(self, phrase("The delivery is queued to be sent again."))
        if self.hooks_key.isdigit():
            await self._show_webhooks(int(self.hooks_key))
