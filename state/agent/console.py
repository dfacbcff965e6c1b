"""The agent's console: their standing, the commission statement (pending / available / paid,
each line saying where it came from), the members and shops they brought with their spend, the
chain below them (names and counts only), and their payouts. Follows new commission live."""

from __future__ import annotations

import reflex as rx

from community_hub.core.i18n import phrase
from community_hub.core.money import format_money
from community_hub.membership import (
    agent_console,
    agent_versions,
    agents,
    commission_payouts,
    referral_card,
)
from state.merchant.common import when
from state.shared.language import in_language
from state.shared.live_watch import LiveWatch
from state.shared.loaded_screen import LoadedScreen
from state.shared.service_call import call, look, screen_event

POLL_SECONDS = 1.0
CURRENCY = "USD"  # the platform's fees (and so commission) are in the shops' currency
LINE_STATES = {"pending": phrase("pending"), "available": phrase("available"), "paid": phrase("paid")}
PAYOUT_STATES = {"pending": phrase("being sent"), "sent": phrase("sent"), "failed": phrase("failed")}


def _console(db, actor):
    """Everything the console shows, in one read; None for someone who is not an agent."""
    if not referral_card.my_card(db, actor).agent_status:
        return None
    return (agents.own_agent(db, actor), agent_console.statement(db, actor, CURRENCY),
            agent_console.referred_members(db, actor), agent_console.referred_merchants(db, actor),
            agent_console.chain_below(db, actor), commission_payouts.my_payouts(db, actor), actor.time_zone,
            agent_versions.console_version(db, actor))


def _money(amount: int) -> str:
    return format_money(amount, CURRENCY)


class AgentConsoleState(LoadedScreen, LiveWatch, rx.State):
    is_agent: bool = True
    status: str = ""
    status_reason: str = ""
    has_payout_account: bool = False
    payout_account: str = ""
    totals: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    members: list[dict[str, str]] = []
    shops: list[dict[str, str]] = []
    chain: list[dict[str, str]] = []
    chain_counts: list[str] = []  # "Level 1: 3 people" ...
    payouts: list[dict[str, str]] = []

    async def _load(self):
        found = await look(self, _console)
        self.is_agent = found is not None
        if found is None:
            return
        agent, st, members, shops, chain, payouts, zone, version = found
        self._seen_version = repr(version)
        self.status, self.status_reason = agent.status, agent.status_reason
        self.payout_account, self.has_payout_account = agent.payout_destination, bool(agent.payout_destination)
        self.totals = {"pending": _money(st.pending_minor), "available": _money(st.available_minor),
                       "paid": _money(st.paid_minor), "owed": _money(st.owed_minor)}
        self.lines = [{"id": str(ln.id), "at": when(ln.at, zone), "explanation": ln.explanation,
                       "amount": _money(ln.amount_minor), "state": ln.state,
                       "state_label": await in_language(self, LINE_STATES.get(ln.state, ln.state)),
                       "available_at": when(ln.available_at, zone)} for ln in st.lines]
        self.members = [{"name": m.name, "joined": when(m.joined_at, zone), "orders": str(m.orders),
                         "spend": _money(m.spend_minor)} for m in members]
        self.shops = [{"name": s.name, "owner": s.owner, "orders": str(s.orders), "sales": _money(s.sales_minor)}
                      for s in shops]
        self.chain = [{"depth": str(c.depth), "name": c.name, "is_agent": "1" if c.is_agent else "",
                       "count": str(c.referred_count)} for c in sorted(chain, key=lambda c: (c.depth, c.name))]
        depths = sorted({c.depth for c in chain})
        self.chain_counts = [await in_language(self, phrase("Level {level}: {count}", level=d,
                                                            count=sum(1 for c in chain if c.depth == d)))
                             for d in depths]
        self.payouts = [{"at": when(p.requested_at, zone), "amount": format_money(p.amount_minor, p.currency),
                         "status": await in_language(self, PAYOUT_STATES.get(p.status, p.status)),
                         "message": p.failure_message} for p in payouts]

    @rx.event(background=True)
    async def watch(self, gen: int):
        """New commission, a release after the freeze window, a payout: shown without a reload."""
        await self._follow_version(gen, "/agent", POLL_SECONDS, agent_versions.console_version, (), self._load,
                                   keys=agent_versions.console_keys)

    @rx.event
    @screen_event
    async def save_payout_account(self, form: dict):
        await call(self, agents.set_payout_account, str(form.get("account") or "")[:120])
        self.notice = await in_language(self, phrase("Payout account saved: commission is paid there."))
        await self._load()

    @rx.event
    @screen_event
    async def request_payout(self):
        runs = await call(self, commission_payouts.request_payout)
        sent = sum(r.amount_minor for r in runs if r.outcome == "sent")
        self.notice = await in_language(self, phrase("Payout of {amount} sent to your account.", amount=_money(sent))
                                        if sent else phrase("The payout could not be sent; it is listed below."))
        await self._load()
