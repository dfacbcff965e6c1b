"""Any member: claim a shop listed from public information with the code sent to its public contact."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_title, pager
from components.i18n import t, tf
from components.shells import member_shell
from state.merchant.claim import MerchantClaimState as St


def _listing(row: dict) -> rx.Component:
    return rx.card(rx.hstack(
        rx.vstack(
            rx.text(row["name"], weight="bold"),
            rx.text(row["category"], " · ", row["address"], size="2", color_scheme="gray"),
            rx.text(tf("Code goes to {contact}", contact=row["contact"]), size="1", color_scheme="gray"),
            spacing="1",
        ),
        rx.spacer(),
        rx.form(
            rx.el.input(type="hidden", name="merchant_id", value=row["id"]),
            rx.button(t("This is my shop"), type="submit", variant="soft", disabled=St.busy),
            on_submit=St.send_code,
        ),
        align="center", width="100%", wrap="wrap",
    ), width="100%", id="claim-listing-" + row["id"])


def _choose() -> rx.Component:
    return rx.vstack(
        rx.form(rx.hstack(
            rx.input(name="q", placeholder=t("Shop name or street"), id="claim-search", width="100%"),
            rx.button(t("Search"), type="submit", variant="soft"),
            width="100%"), on_submit=St.search, width="100%"),
        rx.cond(St.rows.length() == 0,
                empty_state("store", t("No shops to claim"),
                            t("Nothing listed matches. If your shop is not listed, apply to sell instead.")),
                rx.vstack(rx.foreach(St.rows, _listing), pager(St.page, St.pages, St.goto), width="100%",
                          id="claimable-listings")),
        width="100%", spacing="3",
    )


def _enter_code() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(tf("Claim {name}", name=St.claim_name), size="4", id="claiming"),
        rx.text(tf("We sent a 6-digit code to the shop's public contact, {contact}. Type it here to manage the shop.",
                   contact=St.sent_to), size="2"),
        rx.form(rx.hstack(
            rx.input(name="code", id="claim-code", placeholder=t("6-digit code"), input_mode="numeric",
                     auto_complete="one-time-code", max_length=6, required=True, size="3"),
            rx.button(rx.cond(St.busy, rx.spinner(size="2"), rx.fragment()), t("Claim the shop"), type="submit",
                      id="claim-submit", size="3", disabled=St.busy),
            align="center"), on_submit=St.confirm_code, reset_on_submit=True),
        rx.hstack(
            rx.button(t("Send a new code"), variant="ghost", size="1", id="claim-resend", on_click=St.resend_code,
                      disabled=St.busy),
            rx.button(t("Choose another shop"), variant="ghost", size="1", on_click=St.choose_another,
                      disabled=St.busy),
            spacing="4"),
        width="100%", spacing="3"), width="100%")


@area_page("/merchant/claim", "Claim your shop · Community Hub", "member", St.load)
def merchant_claim() -> rx.Component:
    return member_shell(
        page_title(t("Claim your shop"),
                   t("Is your shop already listed? Prove it is yours with a code sent to its public phone or email.")),
        error_callout(St.error),
        notice_callout(St.notice),
        rx.cond(St.claim_id != 0, _enter_code(), _choose()),
        rx.link(t("Not listed? Apply to sell instead"), href="/merchant/apply", size="2", margin_top="1em"),
    )
