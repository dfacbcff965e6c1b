"""The kiosk's member side: what the scanner read (a product, a pickup QR, a member's phone QR,
an event ticket), the member logged in by card or phone, their bills and carts, and the shops."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.kiosk import member_cart, wallet_pay
from community_hub.kiosk import pay as kiosk_pay
from community_hub.kiosk import scan as kiosk_scan
from community_hub.kiosk import session as kiosk_session
from community_hub.kiosk import shop as kiosk_shop
from community_hub.kiosk import tickets as kiosk_tickets
from community_hub.marketplace import cart


def _switch_member(db, kiosk, login: Callable, old_token: str):
    """Log the new member in and end the previous member's kiosk session, in one transaction; with
    the language their account reads ("" when they never chose: the screen stays as it is)."""
    done = login(db, kiosk)
    if old_token:
        kiosk_session.end_member_session(db, kiosk, old_token)
    return done, kiosk_session.member_actor(db, kiosk, done.token).language


def _member_view(db, kiosk, token: str):
    """What the member screen lists: bills and orders to pay, and the cart (one read); with the
    phone wallets offered for each currency to pay in (kiosk/wallet_pay.py)."""
    rows = kiosk_pay.payable(db, kiosk, token)
    wallets = {cur: wallet_pay.offered(db, kiosk, cur) for cur in {r.currency for r in rows}}
    return rows, member_cart.basket(db, kiosk, token), wallets


def _add_for_member(db, kiosk, token: str, product_id: int) -> bool:
    cart.add_to_cart(db, kiosk_session.member_actor(db, kiosk, token), product_id)
    return True


def _int(text) -> int:
    return int(text) if str(text).isdigit() else 0  # 0 matches nothing: the service says "not found"


class KioskMember(rx.State, mixin=True):
    async def _on_scan(self, code: str):
        """What the scanner read; a member's log-in returns the event that switches the language."""
        what = kiosk_scan.kind_of(code)
        if what == "unreadable":
            await self._say(kiosk_scan.UNREADABLE)
        elif what == "product":
            await self._show_product(code)
        elif what == "pickup":
            await self._pick_up(code)
        elif what == "member":
            return await self._log_in(lambda db, kiosk: kiosk_session.phone_login(db, kiosk, code))
        elif what == "membership":  # a membership card's QR (issue 16): signed in like a kiosk member card
            return await self._log_in(lambda db, kiosk: kiosk_session.membership_login(db, kiosk, code))
        elif what == "card_number":
            return await self._product_or_card(code)
        elif what == "ticket":
            await self._check_in(code)
        return None

    async def _check_in(self, code: str) -> None:
        done = await self._run(kiosk_tickets.kiosk_check_in, code)
        if done is not None:
            await self._say(phrase("Welcome, {name}! You are checked in to {event}.", name=done.name,
                                   event=done.event), "info")

    async def _show_product(self, code: str) -> None:
        p = await self._run(kiosk_scan.find_product, code, write=False)
        if p is not None:
            await self._put_product(p)

    async def _product_or_card(self, code: str):
        """A bare number: a nearby shop's product if one has that barcode, else a membership card."""
        self.message = ""
        p = await self._run(kiosk_scan.nearby_product, code, write=False)
        if p is not None:
            await self._put_product(p)
            return None
        if self.message:  # the lookup itself was refused (said on the screen)
            return None
        return await self._log_in(lambda db, kiosk: kiosk_session.membership_login(db, kiosk, code))

    async def _put_product(self, p: kiosk_scan.ProductShown) -> None:
        stock = await self._tr(phrase("In stock") if p.in_stock else phrase("Sold out"))
        self.product = {"id": str(p.id), "name": p.name, "price": p.price, "shop": p.shop,
                        "stock": stock, "photo": p.image_url}
        self.message, self.screen = "", "product"

    async def _pick_up(self, payload: str) -> None:
        self._show_pickup(await self._run(kiosk_scan.pick_up, payload))

    async def _pick_up_typed(self, code: str) -> None:
        self._show_pickup(await self._run(kiosk_scan.pick_up_by_code, code))

    def _show_pickup(self, done: kiosk_scan.PickedUp | None) -> None:
        if done is not None:
            self.pickup = {"order": f"#{done.order_id}", "shop": done.shop, "where": done.where,
                           "items": ", ".join(done.items)}
            self.message, self.screen = "", "pickup"

    async def _on_card(self, data: dict):
        return await self._log_in(lambda db, kiosk: kiosk_session.kiosk_login(db, kiosk, data))

    async def _log_in(self, login: Callable):
        if self._payment_id or self._qr_payment_id:
            await self._say(phrase("Please finish the payment first."))
            return None
        found = await self._run(_switch_member, login, self._member_token)
        if found is None:
            return None
        done, language = found
        self._member_token, self.member_name = done.token, done.name
        self.message = ""
        if self.screen != "product":
            self.screen = "member"
        # The member reads the kiosk in their account's language (until Done or the idle reset).
        switch = await self._use_language(language) if language else None
        await self._load_member()
        return switch

    async def _load_member(self) -> None:
        view = await self._run(_member_view, self._member_token, write=False)
        if view is None:
            return
        rows, basket, wallets = view
        tr = await self._translator()
        shown = [{"kind": r.kind, "id": str(r.id), "label": tr(r.label), "amount": r.amount, "due": tr(r.due_text),
                  "overdue": "1" if r.due_text.startswith("Overdue") else "",
                  "wechatpay": "1" if "wechatpay" in wallets.get(r.currency, []) else "",
                  "alipay": "1" if "alipay" in wallets.get(r.currency, []) else ""} for r in rows]
        self.pay_bills = [r for r in shown if r["kind"] == "bill"]  # the service's order: oldest due first
        self.pay_orders = [r for r in shown if r["kind"] == "order"]
        await self._put_basket(basket)

    @rx.event
    async def show_member(self):
        self._touch()
        if not self._member_token:
            self.screen = "attract"
            return
        self.screen, self.receipt_qr, self.receipt_text = "member", "", ""
        await self._load_member()

    @rx.event
    async def back_from_product(self):
        """Back where the product was opened: its shop's list, else the member's screen."""
        self._touch()
        if self.shop_name and self.product.get("shop") == self.shop_name:
            self.screen = "shop"
            return
        await self.show_member()

    @rx.event
    async def browse_shops(self):
        self._touch()
        rows = await self._run(kiosk_shop.shops, write=False)
        if rows is not None:
            tr = await self._translator()
            self.shop_rows = [{"id": str(r.id), "name": r.name, "category": tr(r.category), "walk": tr(r.walk)}
                              for r in rows]
            self.screen, self.message = "shops", ""

    @rx.event
    async def open_shop(self, merchant_id: str):
        self._touch()
        found = await self._run(kiosk_shop.shop_products, _int(merchant_id), write=False)
        if found is not None:
            self.shop_name, items = found
            sold_out = await self._tr(phrase("Sold out"))
            self.shop_items = [{"id": str(p.id), "name": p.name, "price": p.price, "photo": p.image_url,
                                "stock": "" if p.in_stock else sold_out} for p in items]
            self.screen, self.message = "shop", ""

    @rx.event
    async def open_product(self, product_id: str):
        self._touch()
        p = await self._run(kiosk_shop.product, _int(product_id), write=False)
        if p is not None:
            await self._put_product(p)

    @rx.event
    async def add_to_cart(self):
        self._touch()
        if not self._member_token or not self.product:
            await self._say(phrase("Scan your member card first to shop."), "info")
            return
        if await self._run(_add_for_member, self._member_token, _int(self.product["id"])):
            await self._say(phrase("{name} is in your cart.", name=self.product["name"]), "info")
            # Back to the shop it came from, to go on shopping (the cart bar shows the new total).
            if self.shop_name and self.product.get("shop") == self.shop_name:
                self.screen = "shop"
                await self._load_basket()
            else:
                await self.show_member()
