"""Admin: the public site — host names bound to a community's front or a shop (with a switch), and
the registration agreement and platform rules (publish a new version; members accept it once)."""

from __future__ import annotations

import reflex as rx

from community_hub.accounts import agreements
from community_hub.core.i18n import phrase
from community_hub.core.local_time import fmt
from community_hub.site import host_bindings
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event


def _everything(db, actor):
    return host_bindings.list_bindings(db, actor), agreements.history(db, actor), actor.time_zone


class AdminPublicSiteState(ScreenState, rx.State):
    bindings: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []

    async def _reload(self) -> None:
        rows, docs, zone = await look(self, _everything)
        self.bindings = [{"id": str(b.id), "host": b.host, "target": b.target, "name": b.target_name,
                          "enabled": "1" if b.enabled else ""} for b in rows]
        self.documents = [{"id": str(d.id), "kind": d.kind, "version": str(d.version), "title": d.title,
                           "at": fmt(d.published_at, zone)} for d in docs]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        await self._reload()

    @rx.event
    @screen_event
    async def bind(self, form: dict):
        target = str(form.get("target") or "").strip()
        kind = str(form.get("kind") or "community")
        b = await call(self, host_bindings.bind_host, str(form.get("host") or "")[:300],
                       community_slug=target if kind == "community" else "",
                       shop_slug=target if kind == "shop" else "")
        await self._reload()
        self.notice = await in_language(self, phrase("{host} now opens {target}.", host=b.host, target=b.target))

    @rx.event
    @screen_event
    async def switch(self, binding_id: str, on: bool):
        b = await call(self, host_bindings.set_enabled, row_id(binding_id), bool(on))
        await self._reload()
        self.notice = await in_language(self, phrase("{host} is switched on.", host=b.host) if b.enabled
                                        else phrase("{host} is switched off.", host=b.host))

    @rx.event
    @screen_event
    async def remove(self, binding_id: str):
        await call(self, host_bindings.remove_binding, row_id(binding_id))
        await self._reload()
        self.notice = await in_language(self, phrase("The host name is no longer bound."))

    @rx.event
    @screen_event
    async def publish(self, form: dict):
        doc = await call(self, agreements.publish, str(form.get("kind") or ""), title=str(form.get("title") or ""),
                         body=str(form.get("body") or "")[:25_000])
        await self._reload()
        self.notice = await in_language(self, phrase(
            "Version {version} is published. Members accept it on their next visit.", version=doc.version))
