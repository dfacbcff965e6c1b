"""Merchant: coupons (an amount or a percentage off, minimum spend, dates, limits)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from community_hub.core import local_time
from community_hub.core.money import plain_amount
from community_hub.marketplace import checkout, coupon_edits
from community_hub.models.orders import CouponKind
from state.merchant.common import money, parse_day, parse_money, shop_id, whole_number
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, row_id, screen_event


def _list(db, actor):
    coupons = checkout.list_coupons(db, actor, shop_id(actor))
    return [(c, coupon_edits.why_locked(coupon_edits.times_used(db, c))) for c in coupons], actor.time_zone


def _terms(form: dict, kind: str, zone: str) -> dict:
    """The terms a coupon form gives, read as the merchant typed them (dates in the shop's zone)."""
    if kind == CouponKind.PERCENT:
        value = whole_number(form.get("value", ""), "percentage")
    else:
        value = parse_money(form.get("value", ""), "amount off")
    return dict(
        kind=kind, value=value,
        min_spend_minor=parse_money(form.get("min_spend", ""), "minimum spend", allow_blank=True) or 0,
        starts_at=parse_day(form.get("starts", ""), "start date", zone=zone),
        ends_at=parse_day(form.get("ends", ""), "end date", end_of_day=True, zone=zone),
        per_user_limit=whole_number(form.get("per_user", "") or "1", "limit per customer"),
        total_limit=whole_number(form.get("total", ""), "total limit", allow_blank=True))


def _update(db, actor, coupon_id: int, form: dict, kind: str):
    return coupon_edits.update_coupon(db, actor, coupon_id, **_terms(form, kind, actor.time_zone))


def _create(db, actor, form: dict, kind: str, value: int):
    return checkout.create_coupon(
        db, actor, shop_id(actor), code=form.get("code", ""), kind=kind, value=value,
        min_spend_minor=parse_money(form.get("min_spend", ""), "minimum spend", allow_blank=True) or 0,
        starts_at=parse_day(form.get("starts", ""), "start date", zone=actor.time_zone),
        ends_at=parse_day(form.get("ends", ""), "end date", end_of_day=True, zone=actor.time_zone),
        per_user_limit=whole_number(form.get("per_user", "") or "1", "limit per customer"),
        total_limit=whole_number(form.get("total", ""), "total limit", allow_blank=True))


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
        self.rows = [{
            "id": str(c.id), "code": c.code,
            "off": f"{c.value}%" if c.kind == CouponKind.PERCENT else money(c.value),
            "min_spend": money(c.min_spend_minor) if c.min_spend_minor else "—",
            # ends_at is the first moment it no longer applies: show the last day it does.
            "valid": f"{local_time.fmt_date(c.starts_at, zone) or 'now'} → "
                     f"{local_time.fmt_date(c.ends_at - timedelta(seconds=1), zone) if c.ends_at else 'no end'}",
            "limits": f"{c.per_user_limit} per customer" + (f", {c.total_limit} in all" if c.total_limit else ""),
            "used": str(c.used_count), "active": "1" if c.active else "",
            # What the edit form starts from, and why it cannot be changed ("" while it can).
            "kind": c.kind, "value_text": str(c.value) if c.kind == CouponKind.PERCENT else plain_amount(c.value, "USD"),
            "min_spend_text": plain_amount(c.min_spend_minor, "USD") if c.min_spend_minor else "",
            "starts_day": local_time.fmt_date(c.starts_at, zone),
            "ends_day": local_time.fmt_date(c.ends_at - timedelta(seconds=1), zone) if c.ends_at else "",
            "per_user": str(c.per_user_limit), "total": str(c.total_limit or ""), "locked": locked,
        } for c, locked in coupons]

    @rx.event
    def set_kind(self, kind: str):
        self.kind = kind if kind in (CouponKind.AMOUNT, CouponKind.PERCENT) else CouponKind.AMOUNT

    @rx.event
    @screen_event
    async def create(self, form: dict):
        if self.kind == CouponKind.PERCENT:
            value = whole_number(form.get("value", ""), "percentage")
        else:
            value = parse_money(form.get("value", ""), "amount off")
        c = await call(self, _create, {k: str(v)[:100] for k, v in form.items()}, self.kind, value)
        self.notice = f"Coupon {c.code} created."
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
        self.notice, self.editing = f"Coupon {c.code} changed.", {}
        await self._load()

    @rx.event
    @screen_event
    async def deactivate(self, coupon_id: str):
        c = await call(self, checkout.deactivate_coupon, row_id(coupon_id, "That coupon is not on this page any more."))
        self.notice = f"Coupon {c.code} switched off."
        await self._load()
