"""Staff: the fee items bill runs are made of — list, add, edit, withdraw, bill again."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import parse_amount, plain_amount
from community_hub.property import billing
from state.property.common import money, staff_community
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event
from state.shared.setters import text_setter

KINDS = [{"value": str(k), "label": billing.KIND_LABELS[k]} for k in billing.PAGE_KINDS]


def _rate(db, actor, text: str) -> int:
    """The rate as typed, in the community's billing currency."""
    cur = billing.billing_settings(db, staff_community(actor)).currency
    return parse_amount(text, cur, "rate")


def _list(db, actor):
    return billing.list_fee_items(db, actor, staff_community(actor))


def _add(db, actor, name: str, kind: str, rate: str, unit: str):
    if kind not in billing.PAGE_KINDS:
        raise ServiceError("Choose how the fee is counted.")
    return billing.add_fee_item(db, actor, staff_community(actor), name=name, kind=kind,
                                rate_minor=_rate(db, actor, rate), unit_label=unit)


def _edit(db, actor, fee_id: int, name: str, rate: str, unit: str):
    return billing.update_fee_item(db, actor, fee_id, name=name, rate_minor=_rate(db, actor, rate), unit_label=unit)


def _text(form: dict, key: str, limit: int) -> str:
    """A form value as text, one past the service's limit so its own message still names it."""
    return str(form.get(key) or "").strip()[:limit + 1]


class PropertyFeeItemsState(LoadedScreen, rx.State):
    items: list[dict[str, str]] = []
    kinds: list[dict[str, str]] = KINDS
    # The fee open in the edit dialog ("" = closed) and its values.
    edit_id: str = ""
    edit_name: str = ""
    edit_rate: str = ""
    edit_unit: str = ""
    edit_kind: str = ""
    edit_error: str = ""

    async def _load(self):
        # The kinds (the add form's choices and each row's) in the reader's language.
        self.kinds = [{"value": k["value"], "label": await in_language(self, k["label"])} for k in KINDS]
        self.items = [{"id": str(i.id), "name": i.name, "kind": await in_language(self, i.kind_label),
                       "rate": money(i.rate_minor, i.currency) + (f" / {i.unit_label}" if i.unit_label else ""),
                       "plain_rate": plain_amount(i.rate_minor, i.currency), "unit": i.unit_label,
                       "applies": await in_language(self, i.applies_to) + (f" ({i.period})" if i.period else ""),
                       "active": "1" if i.active else ""} for i in await look(self, _list)]

    async def _opened(self):
        self.edit_id = ""

    @rx.event
    @screen_event
    async def add(self, form: dict):
        item = await call(self, _add, _text(form, "name", 80), _text(form, "kind", 20), _text(form, "rate", 30),
                          _text(form, "unit", 20))
        self.notice = await in_language(self, phrase("{name} added: the next bill run includes it.", name=item.name))
        await self._load()

    @rx.event
    def open_edit(self, row: dict):
        self.edit_id = str(row.get("id", ""))[:12]
        self.edit_name = str(row.get("name", ""))[:80]
        self.edit_rate = str(row.get("plain_rate", ""))[:30]
        self.edit_unit = str(row.get("unit", ""))[:20]
        self.edit_kind = str(row.get("kind", ""))[:40]
        self.edit_error = ""

    @rx.event
    def close_edit(self):
        self.edit_id = ""

    set_edit_name = text_setter("edit_name", 81)
    set_edit_rate = text_setter("edit_rate", 31)
    set_edit_unit = text_setter("edit_unit", 21)

    @rx.event
    @screen_event(error="edit_error")
    async def save_edit(self):
        item = await call(self, _edit, row_id(self.edit_id), self.edit_name, self.edit_rate, self.edit_unit)
        self.edit_id = ""
        self.notice = await in_language(self, phrase(
            "{name} saved: bills from the next run use it; bills already issued keep theirs.", name=item.name))
        await self._load()

    @rx.event
    @screen_event
    async def withdraw(self, fee_id: str):
        item = await call(self, billing.deactivate_fee_item, row_id(fee_id))
        self.notice = await in_language(self, phrase(
            "{name} is no longer billed from the next run on; bills already issued keep it.", name=item.name))
        await self._load()

    @rx.event
    @screen_event
    async def bill_again(self, fee_id: str):
        item = await call(self, billing.reactivate_fee_item, row_id(fee_id))
        self.notice = await in_language(self, phrase("{name} is billed again from the next run on.", name=item.name))
        await self._load()
