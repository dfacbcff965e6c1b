"""Merchant: coupons (an amount or a percentage off, minimum spend, dates, limits)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import i18n, local_time
from community_hub.core.i18n import phrase
from community_hub.core.money import plain_amount
from community_hub.marketplace import checkout, coupon_edits
from community_hub.models.orders import CouponKind
from state.merchant.common import money, parse_day, parse_money, shop_id, whole_number
from state.shared.language import LanguageState, in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _list(db, actor):
    coupons = checkout.list_coupons(db, actor, shop_id(actor))
    return [(c, coupon_edits.why_locked(coupon_edits.times_used(db, c))) for c in coupons], actor.time_zone


def _terms(form: dict, kind: str, zone: str) -> dict:
    """The terms a coupon form gives, read as the merchant typed them (dates in the shop's zone)."""
    if kind == CouponKind.PERCENT:
        value = whole_number(form.get("value", ""), phrase("percentage"))
    else:
        value = parse_money(form.get("value", ""), phrase("amount off"))
    return dict(
        kind=kind, value=value,
        min_spend_minor=parse_money(form.get("min_spend", ""), phrase("minimum spend"), allow_blank=True) or 0,
        starts_at=parse_day(form.get("starts", ""), phrase("start date"), zone=zone),
        ends_at=parse_day(form.get("ends", ""), phrase("end date"), end_of_day=True, zone=zone),
        per_user_limit=whole_number(form.get("per_user", "") or "1", phrase("limit per customer")),
        total_limit=whole_number(form.get("total", ""), phrase("total limit"), allow_blank=True))


def _update(db, actor, coupon_id: int, form: dict, kind: str):
    return coupon_edits.update_coupon(db, actor, coupon_id, **_terms(form, kind, actor.time_zone))


def _create(db, actor, form: dict, kind: str, value: int):
    return checkout.create_coupon(
        db, actor, shop_id(actor), code=form.get("code", ""), kind=kind, value=value,
        min_spend_minor=parse_money(form.get("min_spend", ""), phrase("minimum spend"), allow_blank=True) or 0,
        starts_at=parse_day(form.get("starts", ""), phrase("start date"), zone=actor.time_zone),
        ends_at=parse_day(form.get("ends", ""), phrase("end date"), end_of_day=True, zone=actor.time_zone),
        per_user_limit=whole_number(form.get("per_user", "") or "1", phrase("limit per customer")),
        total_limit=whole_number(form.get("total", ""), phrase("total limit"), allow_blank=True))


class MerchantCouponsState(LoadedScreen, rx.State):
    rows: list[dict[str, str]] = []
    kind: str = CouponKind.AMOUNT
    # The coupon open in the edit dialog ({} when closed), its kind as chosen there, its own error.
    editing: dict[str, str] = {}
    edit_kind: str = CouponKind.AMOUNT
    edit_error: str = ""

    async def _load(self):
        self.rows = []
        coupons, zone = await look(self, _list)
        lang = (await self.get_state(LanguageState)).lang

        def tr(text):
            return i18n.localized(lang, text)
        now, no_end = tr(phrase("now")), tr(phrase("no end"))

        self.rows = [{
            "id": str(c.id), "code": c.code,
            "off": f"{c.value}%" if c.kind == CouponKind.PERCENT else money(c.value),
            "min_spend": money(c.min_spend_minor) if c.min_spend_minor else "—",
            # ends_at is the first moment it no longer applies: show the last day it does.
            "valid": f"{local_time.fmt_date(c.starts_at, zone) or now} → "
                     f"{local_time.fmt_date(c.ends_at - timedelta(seconds=1), zone) if c.ends_at else no_end}",
            "limits": tr(phrase("{per} per customer, {total} in all", per=c.per_user_limit, total=c.total_limit)
                         if c.total_limit else phrase("{per} per customer", per=c.per_user_limit)),
            "used": str(c.used_count), "active": "1" if c.active else "",
            # What the edit form starts from, and why it cannot be changed ("" while it can).
            "kind": c.kind, "value_text": str(c.value) if c.kind == CouponKind.PERCENT else plain_amount(c.value, "USD"),
            "min_spend_text": plain_amount(c.min_spend_minor, "USD") if c.min_spend_minor else "",
            "starts_day": local_time.fmt_date(c.starts_at, zone),
            "ends_day": local_time.fmt_date(c.ends_at - timedelta(seconds=1), zone) if c.ends_at else "",
            "per_user": str(c.per_user_limit), "total": str(c.total_limit or ""), "locked": tr(locked) if locked else "",
        } for c, locked in coupons]

    @rx.event
    def set_kind(self, kind: str):
        self.kind = kind if kind in (CouponKind.AMOUNT, CouponKind.PERCENT) else CouponKind.AMOUNT

    @rx.event
    @screen_event
    async def create(self, form: dict):
        if self.kind == CouponKind.PERCENT:
            value = whole_number(form.get("value", ""), phrase("percentage"))
        else:
            value = parse_money(form.get("value", ""), phrase("amount off"))
        c = await call(self, _create, {k: str(v)[:100] for k, v in form.items()}, self.kind, value)
        self.notice = await in_language(self, phrase("Coupon {code} created.", code=c.code))
        await self._load()

    @rx.event
    def edit(self, coupon_id: str):
        row = next((r for r in self.rows if r["id"] == str(coupon_id)), None)
        self.editing, self.edit_error = (dict(row) if row else {}), ""
        self.edit_kind = row["kind"] if row else CouponKind.AMOUNT

    @rx.event
    def close_edit(self):
        self.editing = {}

    @rx.event
    def set_edit_kind(self, kind: str):
        self.edit_kind = kind if kind in (CouponKind.AMOUNT, CouponKind.PERCENT) else CouponKind.AMOUNT

    @rx.event
    @screen_event(error="edit_error")
    async def save_edit(self, form: dict):
        coupon_id = row_id(self.editing.get("id"))
        form = {k.removeprefix("edit_"): str(v)[:100] for k, v in form.items()}
        c = await call(self, _update, coupon_id, form, self.edit_kind)
        self.notice, self.editing = await in_language(self, phrase("Coupon {code} changed.", code=c.code)), {}
        await self._load()

    @rx.event
    @screen_event
    async def deactivate(self, coupon_id: str):
        c = await call(self, checkout.deactivate_coupon, row_id(coupon_id, phrase("That coupon is not on this page any more.")))
        self.notice = await in_language(self, phrase("Coupon {code} switched off.", code=c.code))
        await self._load()
