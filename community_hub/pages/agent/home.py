"""The agent's console: standing, commission statement, referred members and shops, the chain
below, payouts, and the referral link to share."""

import reflex as rx

from community_hub.pages.agent.referral_card import referral_card
from components.area_page import area_page
from components.common import confirm_button, empty_state, form_label, page_header, submit_button
from components.i18n import t, tf
from components.shells import agent_shell
from components.tables import cells, data_table, table_or_empty
from state.agent.console import AgentConsoleState as St
from state.agent.referral import ReferralState


def _standing() -> rx.Component:
    return rx.cond(
        St.status == "suspended",
        rx.callout(rx.text(t("Your agent account is suspended: you earn no new commission and nothing is paid "
                             "out meanwhile."), " ", St.status_reason),
                   icon="octagon-pause", color_scheme="red", width="100%", id="agent-suspended"),
    )


def _total(label, key: str, hint) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"),
                             rx.heading(St.totals[key], size="6", id="total-" + key),
                             rx.text(hint, size="1", color_scheme="gray"), spacing="1"),
                   min_width="12em", flex="1")


def _line(ln: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(ln["at"]), rx.table.cell(ln["explanation"]), rx.table.cell(ln["amount"]),
        rx.table.cell(rx.badge(ln["state_label"], color_scheme=rx.match(
            ln["state"], ("available", "green"), ("paid", "gray"), "amber"))),
        rx.table.cell(rx.cond(ln["state"] == "pending", ln["available_at"], "")),
        class_name="commission-line", id="commission-line-" + ln["id"],
    )


def _statement() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Commission"), size="5"),
        rx.flex(_total(t("Pending"), "pending", t("Inside the freeze window after signing.")),
                _total(t("Available"), "available", t("Yours to be paid out.")),
                _total(t("Paid"), "paid", t("Sent to your account.")),
                gap="3", wrap="wrap", width="100%"),
        table_or_empty(
            St.lines,
            rx.text(t("No commission yet: it appears here when someone you brought (or someone they brought) "
                      "has an order signed."), size="2", color_scheme="gray"),
            [t("When"), t("Where it came from"), t("Amount"), t("State"), t("Available from")], _line,
            id="commission-table"),
        spacing="3", width="100%",
    )


def _referred() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Who you brought"), size="5"),
        table_or_empty(St.members,
                       rx.text(t("Nobody has signed up through your link yet."), size="2", color_scheme="gray"),
                       [t("Member"), t("Joined"), t("Orders"), t("Spend")],
                       cells("name", "joined", "orders", "spend", class_name="referred-member"),
                       id="referred-members"),
        rx.cond(St.shops.length() > 0,
                data_table([t("Shop"), t("Owner"), t("Orders"), t("Sales")], St.shops,
                           cells("name", "owner", "orders", "sales", class_name="referred-shop"),
                           id="referred-shops")),
        spacing="3", width="100%",
    )


def _chain() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Your network"), size="5"),
        rx.text(t("The people below you, up to three levels: names and counts only."), size="2",
                color_scheme="gray"),
        rx.hstack(rx.foreach(St.chain_counts, lambda c: rx.badge(c, variant="soft")), wrap="wrap"),
        table_or_empty(St.chain, rx.text(t("No one below you yet."), size="2", color_scheme="gray"),
                       [t("Level"), t("Name"), t("Agent"), t("Brought")],
                       lambda c: rx.table.row(rx.table.cell(c["depth"]), rx.table.cell(c["name"]),
                                              rx.table.cell(rx.cond(c["is_agent"] != "", t("yes"), "")),
                                              rx.table.cell(c["count"]), class_name="chain-row"),
                       id="chain-table"),
        spacing="3", width="100%",
    )


def _payouts() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Payouts"), size="5"),
        rx.text(t("Available commission is paid with the platform's payout run, or now when you ask. What a "
                  "refund takes back after payment is netted against your next commission."),
                size="2", color_scheme="gray"),
        rx.form(rx.hstack(
            rx.vstack(form_label(t("Your payout account (connected account id)"), html_for="payout-account"),
                      rx.input(id="payout-account", name="account", default_value=St.payout_account,
                               key=St.payout_account, placeholder=t("acct_1A2b3C4d"), max_length=120, required=True),
                      spacing="1"),
            rx.box(submit_button(t("Save account"), St.busy, id="save-payout-account"), align_self="end"),
            align="end", wrap="wrap"), on_submit=St.save_payout_account, reset_on_submit=False),
        confirm_button(rx.button(rx.icon("banknote", size=14), t("Request payout"), id="request-payout",
                                 disabled=St.busy | ~St.has_payout_account | (St.status != "active")),
                       t("Request a payout?"),
                       tf("Everything available now ({amount}) is sent to your payout account.",
                          amount=St.totals["available"]),
                       t("Yes, pay me"), St.request_payout),
        table_or_empty(St.payouts, rx.text(t("No payouts yet."), size="2", color_scheme="gray"),
                       [t("Asked"), t("Amount"), t("State"), t("Note")],
                       cells("at", "amount", "status", "message", class_name="payout-row"), id="payouts-table"),
        spacing="3", width="100%",
    )


def _console() -> rx.Component:
    return rx.vstack(_standing(), _statement(), _referred(), _chain(), _payouts(),
                     referral_card(show_agent_link=False), spacing="6", width="100%")


@area_page("/agent", "Agent · Community Hub", "agent", St.load, ReferralState.load)
def agent_home() -> rx.Component:
    return agent_shell(
        page_header(t("Agent console"), t("What you earn, and who you brought."), error=St.error, notice=St.notice),
        rx.cond(St.is_agent, _console(),
                rx.vstack(empty_state("handshake", t("You are not an agent"),
                                      t("Agents earn a share of the platform's fee on what the people they bring "
                                        "spend.")),
                          rx.link(t("Apply to be an agent"), href="/agent/apply"), align="center", width="100%")),
    )
