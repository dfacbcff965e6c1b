"""Merchant: connect your shop — API keys (create, rotate, revoke; a secret is shown once), a curl
example to try a key, and webhook endpoints (register, turn on again, remove)."""

from __future__ import annotations

from urllib.parse import urlsplit

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.partner_api import keys, webhooks
from community_hub.partner_api.events import EVENT_TYPES
from community_hub.partner_api.scopes import SCOPES
from state.merchant.common import shop_id
from state.shared.api_call_rows import call_rows
from state.shared.language import LanguageState, in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event

SCOPE_LIST = list(SCOPES)  # the form's checkboxes are scope-0 … scope-4, in this order
EVENT_LIST = list(EVENT_TYPES)  # event-0 … event-3
GRACE_HOURS = 24  # a rotated key keeps working this long (the service allows up to 7 days)
_DELIVERY_STATES = {"pending": phrase("waiting"), "sending": phrase("sending"), "delivered": phrase("delivered"),
                    "failed": phrase("given up")}
_STATES = {"active": phrase("active"), "expiring": phrase("replaced, still working"), "expired": phrase("expired"),
           "revoked": phrase("revoked")}


def _text(form: dict, name: str) -> str:
    """A text field of a submitted form; anything else (a list, a number) was not sent by the page."""
    value = form.get(name, "")
    if not isinstance(value, str):
        raise ServiceError(phrase("That form came in damaged; reload the page and try again."))
    return value


def _ticked(form: dict, name: str) -> bool:
    return form.get(name) == "on"  # what a ticked checkbox sends


def _read(db, actor):
    shop = shop_id(actor)
    return keys.list_keys(db, actor, shop), webhooks.list_endpoints(db, actor, shop), actor.time_zone


def _calls(db, actor, key_id: int):
    return keys.key_calls(db, actor, key_id, 50), actor.time_zone


def _delivery_log(db, actor, endpoint_id: int):
    return webhooks.delivery_log(db, actor, endpoint_id, 20), actor.time_zone


def _create_key(db, actor, name: str, scopes: list[str], mode: str):
    return keys.create_key(db, actor, shop_id(actor), name=name, scopes=scopes, mode=mode).secret


def _rotate_key(db, actor, key_id: int):
    return keys.rotate_key(db, actor, key_id, GRACE_HOURS).secret


def _register(db, actor, url: str, types: list[str]):
    return webhooks.register_endpoint(db, actor, shop_id(actor), url, types).secret


class MerchantConnectState(LoadedScreen, rx.State):
    keys: list[dict[str, str]] = []
    endpoints: list[dict[str, str]] = []
    mode: str = "live"
    # A secret just made: shown once, with what it is ("key" or "webhook"); gone on the next visit.
    secret: str = ""
    secret_kind: str = ""
    origin: str = ""
    # The latest calls of one key (its "Calls" button), and which key they are of.
    calls: list[dict[str, str]] = []
    calls_of: str = ""
    # The delivery log of one webhook endpoint (its "Deliveries" button), and which endpoint.
    deliveries: list[dict[str, str]] = []
    deliveries_of: str = ""
    deliveries_id: str = ""

    async def _opened(self):
        self.secret, self.secret_kind, self.calls, self.calls_of = "", "", [], ""
        self.deliveries, self.deliveries_of, self.deliveries_id = [], "", ""

    async def _load(self):
        found_keys, found_endpoints, zone = await look(self, _read)
        lang = (await self.get_state(LanguageState)).lang
        url = urlsplit(str(self.router.url))
        self.origin = f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else ""
        self.keys = [{
            "id": str(k.id), "name": k.name, "prefix": k.shown_prefix + "…", "scopes": ", ".join(k.scopes),
            "mode": k.mode, "state": i18n.localized(lang, _STATES[keys.key_state(k)]),
            "active": "1" if keys.key_state(k) == "active" else "",
            "last_used": local_time.fmt(k.last_used_at, zone) if k.last_used_at else "—",
        } for k in found_keys]
        self.endpoints = [{
            "id": str(e.id), "url": e.url, "events": ", ".join(e.event_types) or i18n.localized(lang, phrase("all")),
            "enabled": "1" if e.enabled else "", "reason": e.disabled_reason,
        } for e in found_endpoints]

    @rx.var
    def curl_example(self) -> str:
        key = self.secret if self.secret_kind == "key" else "hub_live_…"
        return f'curl -H "Authorization: Bearer {key}" "{self.origin or "https://your-hub"}/api/v1/orders?after=0"'

    @rx.event
    def set_mode(self, mode: str):
        self.mode = mode if mode in ("live", "sandbox") else "live"

    @rx.event
    def hide_secret(self):
        self.secret, self.secret_kind = "", ""

    @rx.event
    @screen_event
    async def create_key(self, form: dict):
        scopes = [s for i, s in enumerate(SCOPE_LIST) if _ticked(form, f"scope-{i}")]
        name = _text(form, "key_name")[:200]
        self.secret = await call(self, _create_key, name, scopes, self.mode)
        self.secret_kind = "key"
        self.notice = await in_language(self, phrase("Key {name} created. Copy it now: it is not shown again.",
                                                     name=name.strip()))
        await self._load()

    @rx.event
    @screen_event
    async def rotate_key(self, key_id: str):
        self.secret = await call(self, _rotate_key, row_id(key_id))
        self.secret_kind = "key"
        self.notice = await in_language(self, phrase(
            "New key made. The old one keeps working for {hours} hours; copy the new one now.", hours=GRACE_HOURS))
        await self._load()

    @rx.event
    @screen_event
    async def revoke_key(self, key_id: str):
        key = await call(self, keys.revoke_key, row_id(key_id))
        self.notice = await in_language(self, phrase("Key {name} revoked: it stopped working.", name=key.name))
        await self._load()

    @rx.event
    @screen_event
    async def register_webhook(self, form: dict):
        types = [t for i, t in enumerate(EVENT_LIST) if _ticked(form, f"event-{i}")]
        self.secret = await call(self, _register, _text(form, "webhook_url")[:1000], types)
        self.secret_kind = "webhook"
        self.notice = await in_language(self, phrase("Webhook endpoint added. Copy its signing secret now."))
        await self._load()

    @rx.event
    @screen_event
    async def remove_webhook(self, endpoint_id: str):
        await call(self, webhooks.remove_endpoint, row_id(endpoint_id))
        self.notice = await in_language(self, phrase("Webhook endpoint removed."))
        await self._load()

    @rx.event
    @screen_event
    async def enable_webhook(self, endpoint_id: str):
        await call(self, webhooks.enable_endpoint, row_id(endpoint_id))
        self.notice = await in_language(self, phrase("Webhook endpoint turned on again."))
        await self._load()

    @rx.event
    @screen_event
    async def show_calls(self, key_id: str):
        found, zone = await look(self, _calls, row_id(key_id))
        self.calls_of = next((k["name"] for k in self.keys if k["id"] == str(key_id)), "")
        self.calls = call_rows(found, zone)

    @rx.event
    @screen_event
    async def send_test(self, endpoint_id: str):
        await call(self, webhooks.send_test, row_id(endpoint_id))
        self.notice = await in_language(self, phrase("Test event queued: it is posted within a few seconds."))

    @rx.event
    @screen_event
    async def show_deliveries(self, endpoint_id: str):
        await self._read_deliveries(row_id(endpoint_id))

    async def _read_deliveries(self, endpoint_id: int):
        found, zone = await look(self, _delivery_log, endpoint_id)
        lang = (await self.get_state(LanguageState)).lang
        self.deliveries_id = str(endpoint_id)
        self.deliveries_of = next((e["url"] for e in self.endpoints if e["id"] == str(endpoint_id)), "")
        self.deliveries = [{
            "id": str(d.id), "event": kind, "status": i18n.localized(lang, _DELIVERY_STATES.get(d.status, d.status)),
            "attempts": str(d.attempts), "answer": str(d.last_status_code) if d.last_status_code else (d.last_error or "—"),
            "when": local_time.fmt(d.delivered_at or d.created_at, zone),
        } for d, kind in found]

    @rx.event
    @screen_event
    async def resend(self, delivery_id: str):
        await call(self, webhooks.resend, row_id(delivery_id))
        self.notice = await in_language(self, phrase("Sent again within a few seconds."))
        if self.deliveries_id.isdigit():
            await self._read_deliveries(int(self.deliveries_id))
