"""What a resident does with a product or shop card on any shopping screen: add to cart, save as
favourite. One small state so every list (circle feed, shop page, search) behaves the same."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.marketplace import cart, catalog
from state.shared.service_call import acting, reading
from state.shared.session import SessionState


class ShopActionsState(rx.State):
    fav_products: list[str] = []
    fav_shops: list[str] = []
    cart_items: int = 0
    adding: str = ""  # the product id being added (its button shows busy)

    @rx.event
    async def load(self):
        try:
            async with reading(self) as (db, actor):
                favs = catalog.list_favourites(db, actor)
                carts = cart.my_carts(db, actor)
        except ServiceError:
            self.fav_products, self.fav_shops, self.cart_items = [], [], 0
            return
        self.fav_products = [str(p.id) for p in favs.products]
        self.fav_shops = [str(m.id) for m in favs.merchants]
        self.cart_items = sum(c.items for c in carts)

    @rx.event
    async def add(self, product_id: str, name: str):
        self.adding = product_id
        yield
        session = await self.get_state(SessionState)
        try:
            async with acting(self) as (db, actor):
                cart.add_to_cart(db, actor, int(product_id))
                self.cart_items = sum(c.items for c in cart.my_carts(db, actor))
        except ServiceError as exc:
            session.say(exc.message, "error")
        else:
            session.say(f"{name} is in your cart.", "success")
        finally:
            self.adding = ""

    @rx.event
    async def toggle_product(self, product_id: str):
        session = await self.get_state(SessionState)
        try:
            async with acting(self) as (db, actor):
                on = catalog.toggle_favourite(db, actor, product_id=int(product_id))
        except ServiceError as exc:
            session.say(exc.message, "error")
            return
        favs = set(self.fav_products)
        favs.add(product_id) if on else favs.discard(product_id)
        self.fav_products = sorted(favs)

    @rx.event
    async def toggle_shop(self, merchant_id: str):
        session = await self.get_state(SessionState)
        try:
            async with acting(self) as (db, actor):
                on = catalog.toggle_favourite(db, actor, merchant_id=int(merchant_id))
        except ServiceError as exc:
            session.say(exc.message, "error")
            return
        favs = set(self.fav_shops)
        favs.add(merchant_id) if on else favs.discard(merchant_id)
        self.fav_shops = sorted(favs)
        session.say("Shop saved to your favourites." if on else "Shop removed from your favourites.", "success")
