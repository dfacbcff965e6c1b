"""Admin: home curation — per community, how each home list (pinned, carousel, hot, new,
recommended) is filled: by hand (the products ticked, in the order ticked) or by a rule (issue 18)."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import promotions
from community_hub.marketplace.promotions.home_curation import KIND_LABELS, RULE_LABELS
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event


def _communities(db, actor):
    return promotions.form_choices(db, actor)[0]


def _lists(db, actor, community_id: int):
    return promotions.home_lists_for_admin(db, actor, community_id), promotions.pickable_products(db, actor, community_id)


class AdminHomeCurationState(LoadedScreen, rx.State):
    communities: list[dict[str, str]] = []
    community: str = ""
    lists: list[dict[str, str]] = []  # kind, label, rule ("" = the default), version, shown
    products: list[dict[str, str]] = []  # id, label
    picked: list[str] = []  # "kind:product id", in the order ticked

    async def _opened(self):
        self.community = ""

    async def _load(self):
        communities = await look(self, _communities)
        self.communities = [{"value": str(i), "label": n} for i, n in communities]
        if not self.community and communities:
            self.community = str(communities[0][0])
        if not self.community.isdigit():
            self.lists, self.products, self.picked = [], [], []
            return
        lists, products = await look(self, _lists, int(self.community))
        self.lists = [{"kind": x.kind, "label": await in_language(self, x.label), "rule": x.rule or "default",
                       "version": str(x.version),
                       "shown": " · ".join(x.shown[:8]) or await in_language(self, phrase("Nothing shown now."))}
                      for x in lists]
        self.products = [{"id": str(i), "label": f"{name} · {shop}"} for i, name, shop in products]
        self.picked = [f"{x.kind}:{pid}" for x in lists for pid, _n, _s in x.products]

    @rx.event
    @screen_event(busy=False)
    async def pick_community(self, value: str):
        self.community = str(value)[:12]
        await self._load()

    @rx.event
    def set_rule(self, kind: str, rule: str):
        if kind in KIND_LABELS and rule in RULE_LABELS:
            self.lists = [{**x, "rule": rule} if x["kind"] == kind else x for x in self.lists]

    @rx.event
    def toggle(self, kind: str, product_id: str, on: bool):
        key = f"{str(kind)[:20]}:{str(product_id)[:12]}"
        rest = [k for k in self.picked if k != key]
        self.picked = (rest + [key])[:200] if on is True else rest

    @rx.event
    @screen_event
    async def save(self, kind: str):
        row = next((x for x in self.lists if x["kind"] == kind), None)
        if row is None or not self.community.isdigit():
            raise ServiceError(phrase("That list is not on this page any more. Reload the page."))
        rule = row["rule"] if row["rule"] != "default" else "manual"
        ids = [int(k.split(":", 1)[1]) for k in self.picked if k.startswith(kind + ":") and k.split(":", 1)[1].isdigit()]
        await call(self, promotions.set_home_list, int(self.community), kind, rule, ids, int(row["version"]))
        self.notice = await in_language(self, phrase("{list} saved: residents see it on their home page now.",
                                                     list=phrase(KIND_LABELS[kind])))
        await self._load()

