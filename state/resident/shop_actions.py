"""What a resident does with a product or shop card on any shopping screen: add to cart, save as
favourite. One small state so every list (circle feed, shop page, search) behaves the same."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.marketplace import cart, catalog
from state.shared.language import in_language
from state.shared.service_call import call, look, row_id
from state.shared.session import SessionState


def _mine(db, actor):
    return catalog.favourite_ids(db, actor), cart.my_carts(db, actor)


def _add(db, actor, product_id: int) -> int:
    """Add one, and how many items the carts hold now (the badge)."""
    cart.add_to_cart(db, actor, product_id)
    return sum(c.items for c in cart.my_carts(db, actor))




class ShopActionsState(rx.State):
    fav_products: list[str] = []
    fav_shops: list[str] = []
    cart_items: int = 0
    adding: str = ""  # the product id being added (its button shows busy)

    @rx.event
    async def load(self):
        try:
            favs, carts = await look(self, _mine)
        except ServiceError:  # a visitor: no favourites, no cart
            self.fav_products, self.fav_shops, self.cart_items = [], [], 0
            return
        products, shops = favs
        self.fav_products = [str(i) for i in products]
        self.fav_shops = [str(i) for i in shops]
        self.cart_items = sum(c.items for c in carts)

    async def _say(self, message: str, kind: str) -> None:
        # These buttons sit on many pages: the shell's flash line is where the answer shows.
        (await self.get_state(SessionState))._say(await in_language(self, message), kind)

    @rx.event
    async def add(self, product_id: str, name: str):
        if self.adding:
            return
        self.adding = str(product_id)[:20]
        yield
        try:
            self.cart_items = await call(self, _add, row_id(product_id))
            await self._say(phrase("{name} is in your cart.", name=str(name)[:160]), "success")
        except ServiceError as exc:
            if exc.code == "not_logged_in":  # a visitor on a public shop page: log in, then come back here
                yield await self._log_in_first()
            else:
                await self._say(exc.message, "error")
        finally:
            self.adding = ""

    async def _log_in_first(self):
        """Buying and favourites need a login: to the login page, which brings the visitor back."""
        (await self.get_state(SessionState))._say(
            await in_language(self, phrase("Please log in to continue.")), "info", "/login")
        return rx.redirect(f"/login?next={self.router.url.path}")

    async def _toggle(self, have: list[str], item_id: str, which: str):
        """Favourite (or no longer) one product or shop (`which`: "product_id" or "merchant_id"): the
        favourites shown next, and whether it is one now; None when refused (the flash line says why);
        for a visitor, the redirect to the login page."""
        try:
            on = await call(self, catalog.toggle_favourite, **{which: row_id(item_id)})
        except ServiceError as exc:
            if exc.code == "not_logged_in":
                return await self._log_in_first()
            await self._say(exc.message, "error")
            return None
        favs = set(have)
        favs.add(str(item_id)) if on else favs.discard(str(item_id))
        return sorted(favs), on

    @rx.event
    async def toggle_product(self, product_id: str):
        done = await self._toggle(self.fav_products, product_id, "product_id")
        if done is not None and not isinstance(done, tuple):
            return done
        if done is not None:
            self.fav_products = done[0]
        return None

    @rx.event
    async def toggle_shop(self, merchant_id: str):
        done = await self._toggle(self.fav_shops, merchant_id, "merchant_id")
        if done is None or not isinstance(done, tuple):
            return done
        self.fav_shops, on = done
        await self._say(phrase("Shop saved to your favourites.") if on else phrase("Shop removed from your favourites."),
                        "success")
