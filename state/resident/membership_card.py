"""/me/card, the membership part: the member's card (number, QR for the kiosk and shops, level,
privileges, points), choosing provider/needer type, the way up or down a level, the directory of
their group, and becoming a cardholder (a card's number and code, or a card bought online), with
the fee paid on the page by card. Only a paid fee makes a card: a decline leaves none.
(The kiosk's log-in QR on the same page is state/resident/member_card.py.)"""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.core.qr_images import png_data_uri
from community_hub.membership import activation, member_card
from community_hub.models.membership import HolderType
from community_hub.payments.card_details import card_typed_here, check_card_details
from state.shared.language import in_language
from state.shared.service_call import ScreenState, call, look, off_loop, screen_event
from state.shared.setters import text_setter

HOLDER_TYPES = {HolderType.PROVIDES: phrase("Provides services"), HolderType.NEEDS: phrase("Needs services"),
                HolderType.BOTH: phrase("Provides and needs services")}


def _str(value, limit: int) -> str:
    return str(value if value is not None else "")[:limit]


class MembershipCardState(ScreenState, rx.State):
    has_card: bool = False
    holding_id: int = 0
    programme: str = ""
    level: str = ""
    number: str = ""
    qr_text: str = ""
    qr: str = ""
    discount: str = ""
    privileges: list[str] = []
    points: str = ""
    paid: str = ""
    holder_type: str = ""
    expires: str = ""
    identity_shown: str = ""
    ups: list[dict[str, str]] = []
    downs: list[dict[str, str]] = []
    downgrade_note: str = ""
    directory: list[dict[str, str]] = []
    buy_levels: list[dict[str, str]] = []
    kinds: list[dict[str, str]] = []
    holder_types: list[dict[str, str]] = []
    # a fee waiting to be paid on this page
    pay_id: int = 0
    pay_amount: str = ""
    pay_what: str = ""

    async def _words(self, text) -> str:
        return await in_language(self, text)

    async def _load(self) -> None:
        card, directory, buys, kinds = await look(self, member_card.card_page)
        self.holder_types = [{"value": str(k), "label": await self._words(v)} for k, v in HOLDER_TYPES.items()]
        self.kinds = [{"value": k, "label": await self._words(phrase(label))} for k, label in kinds]
        self.buy_levels = [{"value": str(b.level_id), "label": b.label} for b in buys]
        self.has_card = card is not None
        if card is None:
            self.holding_id, self.qr, self.qr_text, self.directory, self.ups, self.downs = 0, "", "", [], [], []
            return
        self.holding_id, self.programme, self.level, self.number = card.holding_id, card.programme, card.level, card.number
        if card.qr_payload != self.qr_text:
            self.qr_text = card.qr_payload
            self.qr = await off_loop(png_data_uri, card.qr_payload)
        self.discount = f"{card.discount_bps / 100:g} %"
        self.privileges = [await self._words(phrase(p)) for p in card.permissions]
        self.points = str(card.points)
        self.paid = format_money(card.paid_minor, card.currency)
        self.holder_type = card.holder_type
        self.expires = card.expires_at.date().isoformat() if card.expires_at else ""
        self.identity_shown = card.identity_shown
        self.ups = [{"id": str(o.level_id), "name": o.name, "pay": format_money(o.pay_minor, card.currency)}
                    for o in card.options if o.up]
        self.downs = [{"id": str(o.level_id), "name": o.name} for o in card.options if not o.up]
        self.downgrade_note = await self._words(card.downgrade_note)
        self.directory = [{"name": r.name, "level": r.level,
                           "type": await self._words(HOLDER_TYPES.get(r.holder_type, phrase("?")))} for r in directory]

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.pay_id = 0
        await self._load()

    async def _step(self, step: activation.ActivationStep, what) -> None:
        if step.payment_id is None:
            self.pay_id = 0
            self.notice = await self._words(step.message)
        else:
            self.pay_id, self.pay_amount = step.payment_id, format_money(step.fee_minor, step.currency)
            self.pay_what = await self._words(what)
            self.notice = await self._words(step.message)
        await self._load()

    @rx.event
    @screen_event
    async def activate(self, form: dict):
        """A printed card: its number and secret code, an identity parameter, provider/needer."""
        step = await call(self, activation.activate_card, _str(form.get("card_number"), 40),
                          _str(form.get("card_code"), 40), _str(form.get("identity_kind"), 20),
                          _str(form.get("identity_value"), 60), _str(form.get("holder_type"), 10) or HolderType.NEEDS)
        await self._step(step, phrase("Card fee"))

    @rx.event
    @screen_event
    async def buy(self, form: dict):
        """A card bought online at a level: no printed card needed."""
        level = _str(form.get("level_id"), 12)
        if not level.isdigit():
            raise ServiceError(phrase("Choose the level of card to buy."))
        step = await call(self, activation.buy_online, int(level), _str(form.get("identity_kind"), 20),
                          _str(form.get("identity_value"), 60), _str(form.get("holder_type"), 10) or HolderType.NEEDS)
        await self._step(step, phrase("Card fee"))

    @rx.event
    @screen_event
    async def pay(self, form: dict):
        """The fee by card (the demo provider's card form); a decline keeps the fee open, gives no card."""
        if self.pay_id <= 0:
            raise ServiceError(phrase("There is no card fee to pay."))
        digits = check_card_details(_str(form.get("card_number"), 40), _str(form.get("expiry"), 10),
                                    _str(form.get("cvc"), 6)) if card_typed_here() else ""  # else: Stripe's page
        try:
            step = await call(self, activation.pay_card_fee, self.pay_id, digits)
        except ServiceError as exc:
            if exc.code == "declined":
                raise ServiceError(phrase("{why} Your card was not charged and no membership card was given; "
                                          "try again or use another card.", why=exc.message)) from exc
            raise
        if step.holding_id is not None:
            self.pay_id = 0
        self.notice = await self._words(step.message)
        await self._load()

    @rx.event
    def cancel_pay(self):
        self.pay_id = 0

    set_holder_type = text_setter("holder_type", 10)

    @rx.event
    @screen_event
    async def set_type(self, form: dict):
        await call(self, member_card.set_holder_type, self.holding_id, _str(form.get("holder_type"), 10))
        self.notice = await self._words(phrase("Saved."))
        await self._load()

    @rx.event
    @screen_event
    async def upgrade(self, level_id: str):
        level = _str(level_id, 12)
        if not level.isdigit():
            raise ServiceError(phrase("Choose a level."))
        step = await call(self, activation.upgrade, self.holding_id, int(level))
        await self._step(step, phrase("Upgrade"))

    @rx.event
    @screen_event
    async def downgrade(self, level_id: str):
        level = _str(level_id, 12)
        if not level.isdigit():
            raise ServiceError(phrase("Choose a level."))
        await call(self, activation.downgrade, self.holding_id, int(level))
        self.notice = await self._words(phrase("Your card moved down a level. Nothing was refunded."))
        await self._load()
