"""/me/wallet: the resident's wallet — balance, a top-up by card, and the history with receipts."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import t
from components.shells import resident_shell
from state.resident.wallet import WalletState


def _move(m) -> rx.Component:
    came_in = m["is_in"] != ""
    return rx.card(rx.hstack(
        rx.icon(rx.cond(came_in, "arrow-down-left", "arrow-up-right"), size=20, flex_shrink="0"),
        rx.vstack(rx.text(m["label"], weight="bold"), rx.text(m["at"], size="1", color_scheme="gray"),
                  spacing="0", min_width="0"),
        rx.spacer(),
        rx.vstack(
            rx.text(m["amount"], weight="bold", color_scheme=rx.cond(came_in, "green", "gray"),
                    high_contrast=~came_in, class_name="wallet-amount"),
            rx.cond(m["receipt"] != "", rx.link(t("Receipt"), href="/money/receipt/" + m["receipt"], size="2",
                                                class_name="receipt-link")),
            align="end", spacing="1"),
        align="center", width="100%", spacing="3",
    ), width="100%", class_name="wallet-move")


def _top_up() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        form_label(t("Top up (between $5.00 and $500.00)"), html_for="top-up-amount"),
        rx.hstack(
            rx.input(id="top-up-amount", name="amount", value=WalletState.amount, on_change=WalletState.set_amount,
                     placeholder="20.00", input_mode="decimal", max_length=20, required=True, width="12em"),
            rx.button(t("Top up by card"), type="submit", id="top-up-submit", disabled=WalletState.busy),
            align="center", wrap="wrap"),
        spacing="2", width="100%"), on_submit=WalletState.top_up, reset_on_submit=False), width="100%")


def _refund_choice() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(t("Refunds of card payments go"), weight="bold", id="refunds-to-label"),
        rx.radio_group.root(
            rx.radio_group.item(t("Back to the card"), value="card", id="refunds-to-card"),
            rx.radio_group.item(t("Into my wallet"), value="wallet", id="refunds-to-wallet"),
            value=WalletState.refunds_to, on_change=WalletState.choose_refunds_to, direction="column",
            aria_labelledby="refunds-to-label"),
        rx.text(t("What you paid from the wallet always comes back to the wallet."), size="1", color_scheme="gray"),
        spacing="2", width="100%"), width="100%")


@area_page("/me/wallet", "Wallet · Community Hub", "resident", WalletState.load)
def resident_wallet() -> rx.Component:
    st = WalletState
    return resident_shell(
        page_header(t("Wallet"), t("Credit you can spend on orders, bills and deposits here."), error=st.error,
                    notice=st.notice),
        rx.card(rx.vstack(
            rx.text(t("Balance"), color_scheme="gray"),
            rx.text(st.balance, size="7", weight="bold", id="wallet-balance"),
            spacing="1"), width="100%"),
        _top_up(),
        _refund_choice(),
        rx.heading(t("History"), size="4"),
        rx.cond(st.moves.length() == 0,
                rx.cond(st.loaded, empty_state("wallet", t("Nothing in your wallet yet"),
                                               t("Top-ups, payments from the wallet and refunds into it show up here."))),
                rx.vstack(rx.foreach(st.moves, _move), spacing="2", width="100%", id="wallet-history")),
    )
