"""/product/[product_id]: one product — photos, options, description, stock — and its shop's
latest reviews; add to cart with the options chosen and a quantity."""

from __future__ import annotations

import dataclasses

import reflex as rx

from community_hub.core.i18n import phrase, translate
from community_hub.marketplace import cart
from community_hub.marketplace.cart import money
from community_hub.marketplace.catalog.product_page import product_page
from community_hub.site import seo
from state.resident.shop_actions import ShopActionsState
from state.resident.shop_rows import product_row, review_cards, review_pictures
from state.shared.language import LanguageState, in_language
from state.shared.service_call import ScreenState, call, look, row_id, screen_event
from state.shared.session import SessionState


@dataclasses.dataclass
class OptionGroup:
    name: str = ""
    choices: list[dict[str, str]] = dataclasses.field(default_factory=list)  # id, label


def _page(db, actor, product_id: int):
    page = product_page(db, product_id)
    return page, review_pictures(page.reviews), actor.time_zone, seo.may_edit(db, actor, "product", page.product.id)


def _add(db, actor, product_id: int, quantity: int, option_ids: list[int]) -> int:
    cart.add_to_cart(db, actor, product_id, quantity, option_ids)
    return sum(c.items for c in cart.my_carts(db, actor))


class ProductPageState(ScreenState, rx.State):
    found: bool = False
    product: dict[str, str] = {}
    photos: list[str] = []  # media paths, the first is the main one
    shown_photo: str = ""
    groups: list[OptionGroup] = []
    chosen: dict[str, str] = {}  # option group -> option id
    quantity: int = 1
    review_rows: list[dict[str, str]] = []
    review_photos: dict[str, list[str]] = {}
    title: str = "Product · Community Hub"
    here: str = "/shop"  # this page's path: a visitor's "Log in to buy" comes back to it
    seo_ref: str = ""  # the product's id when the reader may edit its search-engine fields

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.found, self.quantity, self.chosen, self.review_rows = False, 1, {}, []
        self.title = "Product not found · Community Hub"
        last = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.here, self.seo_ref = self.router.url.path[:200], ""
        page, self.review_photos, zone, editable = await look(self, _page, row_id(last))
        self.seo_ref = str(page.product.id) if editable else ""
        p, m = page.product, page.merchant
        lang = (await self.get_state(LanguageState)).lang  # the product's words in the page's language
        self.product = {**product_row(p, m.name, m.slug, lang=lang), "description": p.description,
                        "open": translate(lang, "Open now") if page.open_now
                        else translate(lang, "Closed now — you can still order for later"),
                        "is_open": "1" if page.open_now else ""}
        self.photos = list(p.photos)
        self.shown_photo = self.photos[0] if self.photos else ""
        self.groups = [OptionGroup(name, [{"id": str(o.id), "label": o.value + (
            f" (+{money(o.price_delta_minor, p.currency)})" if o.price_delta_minor > 0 else
            f" (−{money(-o.price_delta_minor, p.currency)})" if o.price_delta_minor < 0 else "")} for o in opts])
            for name, opts in page.option_groups]
        # The first value of each group is chosen to start with: one tap adds a valid line.
        self.chosen = {g.name: g.choices[0]["id"] for g in self.groups if g.choices}
        self.review_rows = review_cards(page.reviews, zone)
        self.title = f"{p.name} · {m.name} · Community Hub"
        self.found = True

    @rx.event
    def show_photo(self, path: str):
        if path in self.photos:
            self.shown_photo = path

    @rx.event
    def choose(self, group: str, option_id: str):
        known = {c["id"] for g in self.groups if g.name == group for c in g.choices}
        if option_id in known:
            self.chosen = {**self.chosen, group: option_id}

    @rx.event
    def more(self):
        self.quantity = min(self.quantity + 1, cart.MAX_QUANTITY)

    @rx.event
    def fewer(self):
        self.quantity = max(self.quantity - 1, 1)

    @rx.event
    @screen_event
    async def add(self):
        ids = [row_id(v) for v in self.chosen.values()]
        items = await call(self, _add, row_id(self.product.get("id", "")), self.quantity, ids)
        (await self.get_state(ShopActionsState)).cart_items = items
        n = self.quantity
        name = self.product.get("name", "")
        (await self.get_state(SessionState))._say(await in_language(self, phrase(
            "{count} × {name} in your cart.", count=n, name=name) if n > 1 else phrase(
            "{name} is in your cart.", name=name)), "success")
        self.quantity = 1
