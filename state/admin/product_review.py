"""Admin: the product review queue (issue 18) — each waiting new product or edit with its approved
version and what the shop asks for side by side; approve, or refuse with a reason the shop reads.
Follows the queue live. A decision carries the revision the admin saw, so one on a version the shop
changed since is refused (catalog/product_review)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import N_, phrase
from community_hub.marketplace.catalog import product_review
from state.merchant.common import money, when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

POLL_SECONDS = 2.0
MEDIA = "/api/media/"
FIELD_LABELS = {"name": N_("Name"), "price_minor": N_("Price"), "category_id": N_("Category"), "photos": N_("Photos")}


def _page(db, actor):
    """The queue, the category names and the version the watcher compares (one read)."""
    names = product_review.category_names(db)
    return product_review.review_queue(db, actor), names, actor.time_zone, product_review.queue_version(db, actor)


def _urls(photos) -> str:
    """The photos as the page loads them (public catalog material), comma-separated."""
    return ",".join(MEDIA + str(p) for p in photos or [])


class AdminProductReviewState(LoadedScreen, LiveWatch, rx.State):
    items: list[dict[str, str]] = []
    diffs: list[dict[str, str]] = []  # one row per reviewed field of each item ("change" = its id)
    # The item being refused (the dialog asks why).
    reject_id: int = 0
    reject_name: str = ""
    reason: str = ""
    # change id -> the revision shown on the page: what a decision says it saw.
    _revisions: dict[int, int] = {}

    set_reason = text_setter("reason", product_review.REASON_MAX)

    async def _opened(self):
        self.reject_id = 0

    async def _load(self):
        queue, names, zone, version = await look(self, _page)
        self._seen_version = repr(version)
        self._revisions = {w.change.id: w.change.revision for w in queue}
        items, diffs = [], []
        for w in queue:
            c, p = w.change, w.product
            live = product_review.snapshot(p) if c.kind == "edit" else {}
            after = {**product_review.snapshot(p), **c.after}
            items.append({"id": str(c.id), "name": str(after.get("name") or p.name), "shop": w.shop,
                          "kind": c.kind, "sent": when(c.submitted_at, zone), "revision": str(c.revision),
                          "description": p.description})
            for key, label in FIELD_LABELS.items():
                before = await self._shown(key, live.get(key), w.currency, names) if live else ""
                asked = await self._shown(key, after.get(key), w.currency, names)
                diffs.append({"change": str(c.id), "field": await in_language(self, phrase(label)),
                              "before": before, "after": asked,
                              "before_urls": _urls(live.get(key)) if key == "photos" else "",
                              "after_urls": _urls(after.get(key)) if key == "photos" else "",
                              "changed": "1" if c.kind == "new" or live.get(key) != after.get(key) else ""})
        self.items, self.diffs = items, diffs

    async def _shown(self, key: str, value, currency: str, names: dict) -> str:
        if key == "price_minor":
            return money(value, currency) if isinstance(value, int) else ""
        if key == "category_id":
            return names.get(value, "") if value else await in_language(self, phrase("none"))
        if key == "photos":
            return await in_language(self, phrase("{count} photos: {files}", count=len(value or []),
                                                  files=", ".join(str(v).rsplit("/", 1)[-1] for v in value or [])))
        return str(value or "")

    @rx.event(background=True)
    async def watch(self, gen: int):
        """A new submission, an edit of a waiting one, or another admin's decision shows without a reload."""
        await self._follow_version(gen, "/admin/product-review", POLL_SECONDS, product_review.queue_version, (),
                                   self._load, keys=product_review.queue_keys)

    def _seen(self, change_id) -> tuple[int, int]:
        ident = row_id(change_id)
        if ident not in self._revisions:
            raise ServiceError(phrase("That is not on this page any more. Reload the page."))
        return ident, self._revisions[ident]

    @rx.event
    @screen_event
    async def approve(self, change_id: str):
        ident, revision = self._seen(change_id)
        p = await call(self, product_review.approve_change, ident, revision)
        self.notice = await in_language(self, phrase("{name} is approved and on sale.", name=p.name))
        await self._load()

    @rx.event
    @screen_event(busy=False)
    async def ask_reject(self, change_id: str):
        ident, _ = self._seen(change_id)
        row = next((r for r in self.items if r["id"] == str(ident)), {})
        self.reject_id, self.reject_name, self.reason = ident, row.get("name", ""), ""

    @rx.event
    def cancel_reject(self):
        self.reject_id = 0

    @rx.event
    @screen_event
    async def reject(self):
        ident, revision = self._seen(self.reject_id)
        await call(self, product_review.reject_change, ident, revision, self.reason)
        self.notice = await in_language(self, phrase("{name} was not approved; the shop reads your reason.",
                                                     name=self.reject_name))
        self.reject_id = 0
        await self._load()
