"""Admin: service fee per merchant category, the payout schedule, and the reconciliation report."""

from __future__ import annotations

import reflex as rx

from community_hub.core.errors import ServiceError
from community_hub.core.money import plain_amount
from community_hub.payments import money_admin, payouts
from state.merchant.common import money, parse_money, when, whole_number
from state.shared.service_call import acting, reading


def _bps(text: str) -> int:
    """"2.5" (percent) -> 250 basis points."""
    text = (text or "").strip().rstrip("%")
    try:
        value = round(float(text) * 100)
    except ValueError:
        raise ServiceError("The fee must be a percentage like 5 or 2.5.") from None
    return value


def _dec(minor: int | None, cur: str) -> str:
    return "?" if minor is None else plain_amount(minor, cur)


class AdminFinanceState(rx.State):
    fees: list[dict[str, str]] = []
    interval_days: str = ""
    hold_days: str = ""
    min_payout: str = ""
    schedule_text: str = ""
    recon_rows: list[dict[str, str]] = []
    recon_problems: list[str] = []
    recon_ran: bool = False
    recon_ok: bool = False
    recon_summary: str = ""
    error: str = ""
    notice: str = ""
    busy: bool = False

    async def _load(self):
        try:
            async with reading(self) as (db, actor):
                fees = money_admin.fee_ratios(db, actor)
                sched = payouts.payout_schedule(db)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.fees = [{"category": f.category, "percent": f"{f.ratio_bps / 100:g}%", "updated": when(f.updated_at, actor.time_zone)}
                     for f in fees]
        self.interval_days, self.hold_days = str(sched.interval_days), str(sched.hold_days)
        self.min_payout = plain_amount(sched.min_amount_minor, "USD")
        self.schedule_text = (f"Every {sched.interval_days} days; money waits {sched.hold_days} days after signing; "
                              f"no payout under {money(sched.min_amount_minor)}.")

    @rx.event
    async def load(self):
        self.error = self.notice = ""
        self.recon_ran = False
        await self._load()

    @rx.event
    async def set_fee(self, form: dict):
        self.error = self.notice = ""
        try:
            bps = _bps(form.get("percent", ""))
            async with acting(self) as (db, actor):
                row = money_admin.set_fee_ratio(db, actor, form.get("category", ""), bps)
                cat = row.category
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = f"Service fee for {cat} set to {bps / 100:g}%."
        await self._load()

    @rx.event
    async def set_schedule(self, form: dict):
        self.error = self.notice = ""
        try:
            interval = whole_number(form.get("interval", ""), "payout interval")
            hold = whole_number(form.get("hold", ""), "hold period")
            minimum = parse_money(form.get("minimum", "") or "0", "minimum payout")
            async with acting(self) as (db, actor):
                money_admin.set_payout_schedule(db, actor, interval_days=interval, hold_days=hold,
                                               min_amount_minor=minimum)
        except ServiceError as exc:
            self.error = exc.message
            return
        self.notice = "Payout schedule saved."
        await self._load()

    @rx.event
    async def run_payouts(self):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            async with acting(self) as (db, actor):
                runs = payouts.run_due_payouts(db, actor)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        sent = [r for r in runs if r.outcome == "sent"]
        self.busy = False
        self.notice = (f"{len(sent)} payout(s) sent, {len(runs) - len(sent)} skipped or failed."
                       if runs else "No shop is due a payout now.")

    @rx.event
    async def reconcile(self):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        try:
            async with reading(self) as (db, actor):
                rep = money_admin.reconciliation_report(db, actor)
        except ServiceError as exc:
            self.error, self.busy = exc.message, False
            return
        self.busy, self.recon_ran, self.recon_ok = False, True, rep.ok
        shown = rep.mismatches + [r for r in rep.rows if r.provider_net_minor is None]
        self.recon_rows = [{"payment": str(r.payment_id), "purpose": r.purpose, "provider": r.provider,
                            "ours": f"{r.our_status} {_dec(r.our_net_minor, r.currency)}",
                            "ledger": _dec(r.ledger_net_minor, r.currency),
                            "theirs": f"{r.provider_status} {_dec(r.provider_net_minor, r.currency)}",
                            "problem": r.problem} for r in shown]
        self.recon_problems = rep.payout_problems + [f"{p} was paid more than once: refund one" for p in rep.paid_twice]
        self.recon_summary = (f"{len(rep.rows)} payments checked: {len(rep.mismatches)} mismatched, "
                              f"{rep.unreachable} could not be asked, {len(rep.payout_problems)} payout problems, "
                              f"{len(rep.paid_twice)} paid twice.")
