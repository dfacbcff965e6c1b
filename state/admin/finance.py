"""Admin: service fee per merchant category, the payout schedule, and the reconciliation report."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import reflex as rx

from community_hub.core import local_time
from community_hub.core.errors import ServiceError
from community_hub.core.i18n import phrase
from community_hub.core.money import plain_amount
from community_hub.membership import commission_payouts
from community_hub.payments import by_provider, fee_table, money_admin, payouts
from state.merchant.common import money, parse_money, whole_number
from state.shared.language import in_language
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event


def _bps(text: str) -> int:
    """"2.5" (percent) -> 250 basis points, read as a Decimal (at most two decimals)."""
    text = (text or "").strip().rstrip("%").strip()
    try:
        value = Decimal(text) * 100
    except InvalidOperation:
        raise ServiceError("The fee must be a percentage like 5 or 2.5.") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ServiceError("The fee must be a percentage like 5 or 2.5 (at most two decimals).")
    return int(value)


def _dec(minor: int | None, cur: str) -> str:
    return "?" if minor is None else plain_amount(minor, cur)


def _settings(db, actor):
    return fee_table.fee_table(db, actor), fee_table.fee_categories(db, actor), payouts.payout_schedule(db)


def _by_provider(db, actor, provider: str):
    """Totals per provider and currency, the providers with payments, and the open payments of one."""
    rows = [{"provider": t.provider, "currency": t.currency, "paid": str(t.paid_count),
             "received": money(t.received_minor, t.currency), "refunded": money(t.refunded_minor, t.currency),
             "open": str(t.open_count), "open_amount": money(t.open_minor, t.currency)}
            for t in by_provider.totals_by_provider(db, actor)]
    open_rows = [{"payment": str(p.payment_id), "provider": p.provider, "purpose": p.purpose, "status": p.status,
                  "amount": money(p.amount_minor, p.currency), "created": local_time.fmt(p.created_at, actor.time_zone)}
                 for p in by_provider.open_payments(db, actor, provider)]
    return rows, by_provider.providers_in_use(db, actor), open_rows


class AdminFinanceState(LoadedScreen, rx.State):
    fees: list[dict[str, str]] = []
    default_fee: str = ""
    fee_categories: list[dict[str, str]] = []
    interval_days: str = ""
    hold_days: str = ""
    min_payout: str = ""
    schedule_text: str = ""
    recon_rows: list[dict[str, str]] = []
    recon_problems: list[str] = []
    recon_ran: bool = False
    recon_ok: bool = False
    recon_summary: str = ""
    provider_totals: list[dict[str, str]] = []
    provider_options: list[dict[str, str]] = []
    provider_filter: str = ""
    open_payments: list[dict[str, str]] = []
    statement_rows: list[dict[str, str]] = []
    statement_unreachable: list[str] = []
    statement_summary: str = ""

    async def _load(self):
        table, cats, sched = await look(self, _settings)
        self.default_fee = await in_language(self, phrase(
            "{fee}, {how}", fee=fee_table.percent(table.default_bps),
            how=phrase("set by an admin") if table.default_set else phrase("the built-in default: no admin set one")))
        sources = {"own": phrase("this category"), "default": phrase("the default")}
        self.fees = [{"category": r.label, "in_force": fee_table.percent(r.in_force_bps),
                      "own": "" if r.own_bps is None else fee_table.percent(r.own_bps),
                      "source": await in_language(self, sources.get(r.source, r.source))}
                     for r in table.rows]
        self.fee_categories = [{"value": c.slug, "label": c.label} for c in cats]
        self.interval_days, self.hold_days = str(sched.interval_days), str(sched.hold_days)
        self.min_payout = plain_amount(sched.min_amount_minor, "USD")
        self.schedule_text = await in_language(self, phrase(
            "Every {interval} days; money waits {hold} days after signing; no payout under {minimum}.",
            interval=sched.interval_days, hold=sched.hold_days, minimum=money(sched.min_amount_minor)))

        await self._load_by_provider()

    async def _load_by_provider(self):
        totals, names, open_rows = await look(self, _by_provider, self.provider_filter)
        labels = {n: await in_language(self, by_provider.provider_label(n)) for n in names}
        self.provider_totals = [dict(r, provider=labels.get(r["provider"], r["provider"])) for r in totals]
        self.provider_options = [{"value": n, "label": labels[n]} for n in names]
        self.open_payments = [dict(r, provider=labels.get(r["provider"], r["provider"]),
                                   status=await in_language(self, by_provider.status_word(r["status"])))
                              for r in open_rows]

    async def _opened(self):
        self.recon_ran = False
        self.provider_filter = ""

    @rx.event
    @screen_event
    async def filter_provider(self, form: dict):
        """The open payments of one provider ("" for all)."""
        self.provider_filter = str(form.get("provider") or "")[:20]
        await self._load_by_provider()

    @rx.event
    @screen_event
    async def set_fee(self, form: dict):
        bps = _bps(form.get("percent", ""))
        row = await call(self, money_admin.set_fee_ratio, (form.get("category") or "")[:60], bps)
        label = next((c["label"] for c in self.fee_categories if c["value"] == row.category), row.category)
        self.notice = await in_language(self, phrase(
            "Default service fee set to {fee}.", fee=fee_table.percent(bps)) if row.category == fee_table.DEFAULT
            else phrase("Service fee for {category} set to {fee}.", category=label, fee=fee_table.percent(bps)))
        await self._load()

    @rx.event
    @screen_event
    async def set_schedule(self, form: dict):
        interval = whole_number(form.get("interval", ""), phrase("payout interval"))
        hold = whole_number(form.get("hold", ""), phrase("hold period"))
        minimum = parse_money(form.get("minimum", "") or "0", phrase("minimum payout"))
        await call(self, money_admin.set_payout_schedule, interval_days=interval, hold_days=hold,
                   min_amount_minor=minimum)
        self.notice = await in_language(self, phrase("Payout schedule saved."))
        await self._load()

    @rx.event
    @screen_event
    async def run_payouts(self):
        """Shops, then agents' available commission (membership room), each run its own action."""
        runs = await call(self, payouts.run_due_payouts)
        runs += await call(self, commission_payouts.run_agent_payouts)
        sent = [r for r in runs if r.outcome == "sent"]
        self.notice = await in_language(self, phrase(
            "{sent} payout(s) sent, {skipped} skipped or failed.", sent=len(sent), skipped=len(runs) - len(sent))
            if runs else phrase("No shop or agent is due a payout now."))

    @rx.event
    @screen_event
    async def reconcile(self):
        rep = await look(self, money_admin.reconciliation_report)
        self.recon_ran, self.recon_ok = True, rep.ok
        shown = rep.mismatches + [r for r in rep.rows if r.provider_net_minor is None]
        self.recon_rows = [{"payment": str(r.payment_id), "purpose": r.purpose, "provider": r.provider,
                            "ours": f"{r.our_status} {_dec(r.our_net_minor, r.currency)}",
                            "ledger": _dec(r.ledger_net_minor, r.currency),
                            "theirs": f"{r.provider_status} {_dec(r.provider_net_minor, r.currency)}",
                            "problem": await in_language(self, r.problem)} for r in shown]
        self.recon_problems = [await in_language(self, p) for p in rep.payout_problems] + [
            await in_language(self, phrase("{payment} was paid more than once: refund one", payment=p))
            for p in rep.paid_twice]
        self.recon_summary = await in_language(self, phrase(
            "{checked} payments checked: {mismatched} mismatched, {unreachable} could not be asked, "
            "{payout_problems} payout problems, {paid_twice} paid twice.", checked=len(rep.rows),
            mismatched=len(rep.mismatches), unreachable=rep.unreachable, payout_problems=len(rep.payout_problems),
            paid_twice=len(rep.paid_twice)))
        st = rep.statements
        self.statement_rows = [{"provider": await in_language(self, by_provider.provider_label(r.provider)),
                                "day": r.day.isoformat(), "reference": r.reference,
                                "payment": "" if r.payment_id is None else str(r.payment_id),
                                "ours": "" if r.ours_minor is None else plain_amount(r.ours_minor, r.currency),
                                "theirs": "" if r.theirs_minor is None else plain_amount(r.theirs_minor, r.currency),
                                "problem": await in_language(self, r.problem)} for r in st.mismatches]
        self.statement_unreachable = [await in_language(self, u) for u in st.unreachable]
        self.statement_summary = "" if not (st.days_read or st.unreachable) else await in_language(self, phrase(
            "Phone-wallet statements: {read} read, {differences} differences, {unreachable} could not be read.",
            read=st.days_read, differences=len(st.mismatches), unreachable=len(st.unreachable)))
