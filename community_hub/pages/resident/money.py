"""/money (the resident's wallet, payments and refunds) and /money/receipt/[payment_id] (one
printable receipt; the service refuses anyone but the payer, the shop paid or an admin)."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    empty_state,
    error_callout,
    flash_banner,
    page_header,
    pager,
)
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.money import ReceiptState, ResidentMoneyState


def _wallet() -> rx.Component:
    return rx.cond(ResidentMoneyState.wallet.length() > 0, rx.card(rx.vstack(
        rx.hstack(rx.icon("wallet"), rx.text(t("Wallet balance"), weight="bold"), align="center"),
        rx.foreach(ResidentMoneyState.wallet, lambda w: rx.text(w["amount"], size="6", weight="bold",
                                                                 class_name="wallet-balance")),
        rx.text(t("Credit you can spend in the shops here."), size="1", color_scheme="gray"),
        spacing="1"), width="100%", id="wallet", margin_bottom="1em"))


def _row(r) -> rx.Component:
    refund = r["is_refund"] != ""
    return rx.card(rx.hstack(
        rx.icon(rx.cond(refund, "undo-2", "credit-card"), size=20, flex_shrink="0"),
        rx.vstack(
            rx.text(r["kind"], " · ", r["for"], weight="bold"),
            rx.text(r["description"], size="2"),
            rx.text(r["at"], " · ", r["status"], size="1", color_scheme="gray"),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.vstack(
            rx.text(r["amount"], weight="bold", color_scheme=rx.cond(refund, "green", "gray"),
                    high_contrast=~refund, class_name="money-amount"),
            rx.cond(~refund, rx.link(t("Receipt"), href="/money/receipt/" + r["payment_id"], size="2",
                                     class_name="receipt-link")),
            align="end", spacing="1",
        ),
        align="center", width="100%", spacing="3",
    ), width="100%", class_name="money-row", custom_attrs={"data-kind": r["kind"]})


@area_page("/money", "Your money · Community Hub", "resident", ResidentMoneyState.load)
def resident_money() -> rx.Component:
    st = ResidentMoneyState
    return resident_shell(
        page_header(t("Your money"), t("What you paid, what came back, and a receipt for each payment."), error=st.error),
        _wallet(),
        rx.cond(st.rows.length() == 0,
                rx.cond(st.loaded, empty_state("receipt", t("Nothing paid yet"),
                                               t("Payments for orders and bills, and any refunds, show up here."))),
                rx.vstack(rx.foreach(st.rows, _row), spacing="2", width="100%", id="money-history")),
        rx.cond(st.pages > 1, pager(st.page, st.pages, st.goto)),
    )


def _line(label, value, **props) -> rx.Component:
    return rx.hstack(rx.text(label, color_scheme="gray"), rx.spacer(), rx.text(value, **props), width="100%")


def _receipt() -> rx.Component:
    r = ReceiptState.receipt
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(t("Receipt"), size="6"), rx.spacer(), rx.text(r["number"], weight="bold", id="receipt-number"),
                  width="100%", align="center"),
        rx.text("Community Hub", color_scheme="gray", size="2"),
        rx.divider(),
        _line(t("Paid by"), r["payer"]),
        _line(t("Paid on"), r["paid_at"]),
        _line(t("For"), r["for"]),
        rx.text(r["description"], size="2"),
        rx.divider(),
        _line(t("Amount paid"), r["amount"], weight="bold", id="receipt-amount"),
        rx.foreach(ReceiptState.refunds, lambda f: _line(tf("Refunded {when}", when=f["at"]), f["amount"], class_name="receipt-refund")),
        rx.cond(r["refunded"] != "", _line(t("Net paid"), r["net"], weight="bold", id="receipt-net")),
        rx.divider(),
        _line(t("Status"), r["status"]),
        _line(t("Paid with"), r["provider"]),
        rx.cond(r["reference"] != "", _line(t("Reference"), r["reference"], size="1")),
        spacing="2", width="100%",
    ), width="100%", id="receipt")


@area_page("/money/receipt/[payment_id]", "Receipt · Community Hub", "resident", ReceiptState.load,
           banner=False)  # a printable page: no shell
def resident_receipt() -> rx.Component:
    # Printable: a plain page without the shell; the links and the Print button hide on paper.
    return rx.box(
        rx.box(flash_banner(), class_name="no-print"),
        rx.el.style("@media print { .no-print { display: none !important; } }"),
        rx.hstack(rx.link(t("← Your money"), href="/money"), rx.spacer(),
                  rx.cond(ReceiptState.found,
                          rx.button(rx.icon("printer", size=16), t("Print"), on_click=rx.call_script("window.print()"),
                                    id="print-receipt")),
                  class_name="no-print", width="100%", margin_bottom="1em", align="center"),
        error_callout(ReceiptState.error),
        rx.cond(ReceiptState.found, _receipt()),
        max_width="560px", margin="0 auto", padding="1.5em 1em",
    )
