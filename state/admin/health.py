"""Admin: the ledger check (sums to zero per currency, balances equal postings) and the outbox."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.core.money import plain_amount
from community_hub.notify import outbox
from community_hub.payments import ledger_report, money_admin
from state.shared.language import in_language
from state.shared.service_call import ScreenState, look, screen_event


def _health(db, actor):
    """One read: the check (which also proves the reader is an admin), balances, the outbox."""
    rep = money_admin.ledger_health(db, actor)
    return rep, ledger_report.account_balances(db), outbox.outbox_counts(db, actor)


class AdminHealthState(ScreenState, rx.State):
    ledger_ok: bool = False
    checked: bool = False
    problems: list[str] = []
    sums: list[dict[str, str]] = []
    counts: str = ""
    accounts: list[dict[str, str]] = []
    outbox_pending: int = 0
    outbox_failed: int = 0

    @rx.event
    @screen_event(busy=False)
    async def load(self):
        self.checked = False
        rep, rows, outbox = await look(self, _health)
        self.checked, self.ledger_ok = True, rep.ok
        self.problems = [await in_language(self, p) for p in rep.problems()]
        self.sums = [{"currency": c, "sum": str(v)} for c, v in sorted(rep.currency_sums.items())]
        self.counts = await in_language(self, phrase("{transactions} transactions, {postings} postings, {accounts} accounts",
                                                     transactions=rep.transactions, postings=rep.postings,
                                                     accounts=rep.accounts))
        self.accounts = [{"kind": a.kind, "owner": a.owner, "currency": a.currency,
                          "balance": plain_amount(a.balance_minor, a.currency)} for a in rows]
        self.outbox_pending, self.outbox_failed = outbox["pending"], outbox["failed"]
