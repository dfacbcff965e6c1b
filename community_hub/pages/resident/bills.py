"""Residents: property bills (current and past with line items, newest first, live), pay one or all
due bills online, statement (CSV and printable)."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import card_entry
from components.common import empty_state, error_callout, form_label, notice_callout, page_title
from components.dialogs import focus_kept
from components.i18n import t, tf
from components.link_button import link_button
from components.shells import resident_shell
from components.tables import cells, data_table
from state.resident.bills import ResidentBillsState as S
from state.resident.bills import StatementState as T
from state.resident.household import HouseholdState
from state.shared.session import SessionState


def _bill(row: dict, payable: bool) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(row["label"], size="4"),
                rx.badge(rx.match(row["status"], ("unpaid", t("unpaid")), ("paid", t("paid")), ("void", t("void")),
                                  ("refunded", t("refunded")), row["status"]),
                         color_scheme=rx.match(row["status"], ("paid", "green"), ("void", "gray"), "amber")),
                rx.spacer(),
                rx.text(row["total"], weight="bold"),
                width="100%", align="center"),
            rx.text(tf("Due {date}", date=row["due"]), " · ", row["home"], size="1", color_scheme="gray"),
            rx.vstack(rx.foreach(S.lines[row["id"]], lambda x: rx.hstack(
                rx.text(x["text"], size="2"), rx.spacer(), rx.text(x["amount"], size="2"), width="100%")),
                spacing="1", width="100%", padding_y="0.5em"),
            rx.cond(payable, rx.hstack(
                rx.text(t("Outstanding "), rx.text.strong(row["outstanding"]), size="2"), rx.spacer(),
                rx.button(t("Pay now"), on_click=S.start_pay(row), class_name="pay-bill"),
                width="100%", align="center")),
            spacing="1", width="100%"),
        width="100%", class_name="bill-card", id="bill-" + row["id"],
    )


def _card(input_id: str) -> rx.Component:
    """The card number of a payment dialog, the demo cards under it, and the payment's error."""
    return rx.vstack(
        card_entry(rx.vstack(
            form_label(t("Card number"), html_for=input_id),
            rx.input(id=input_id, value=S.card, on_change=S.set_card, width="100%"),
            rx.cond(SessionState.demo_mode, rx.text(t("Demo: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined."),
                                                    size="1", color_scheme="gray")),
            spacing="1", width="100%")),
        error_callout(S.pay_error),
        spacing="1", width="100%", margin_top="0.5em")


def _pay_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("Pay {what}", what=S.paying_label)),
            rx.text(t("Amount: "), rx.text.strong(S.paying_amount)),
            _card("card"),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=S.close_pay),
                      rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), t("Pay"), on_click=S.pay,
                                disabled=S.busy, id="pay-confirm"),
                      justify="end", margin_top="1em"),
            **focus_kept(),  # back onto Pay now; when paid (Pay now gone), onto the page's heading
        ),
        open=S.paying_id != "",
        on_open_change=lambda _open: S.close_pay,
    )


def _pay_all_dialog() -> rx.Component:
    """The confirmation before one payment for every due bill: how many, the total, the card."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Pay all due bills")),
            rx.dialog.description(t("One card payment for "), rx.text.strong(S.due_label, id="pay-all-summary"),
                                  t(". Bills booked for services are paid on their own.")),
            _card("card-all"),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=S.close_pay_all),
                      rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), tf("Pay {what}", what=S.due_label),
                                on_click=S.pay_all(S.due_total), disabled=S.busy | (S.due_count == 0),
                                id="pay-all-confirm"),
                      justify="end", margin_top="1em", wrap="wrap"),
            **focus_kept(),
        ),
        open=S.paying_all,
        on_open_change=lambda _open: S.close_pay_all,
    )


@area_page("/bills", "Bills · Community Hub", "resident", S.load)
def resident_bills() -> rx.Component:
    return _bills_page()


@area_page("/bills/[bill_id]", "Bills · Community Hub", "resident", S.load)
def resident_bill() -> rx.Component:
    """Notifications link to one bill: it is shown among the others, with its lines and payments."""
    return _bills_page()


def _bills_page() -> rx.Component:
    return resident_shell(
        rx.hstack(page_title(t("Property bills")), rx.spacer(),
                  rx.button(rx.icon("download", size=16), t("Statement CSV"), variant="soft", on_click=S.download_statement,
                            id="statement-csv"),
                  link_button(rx.icon("printer", size=16), t("Printable"), variant="soft", href="/bills/statement"),
                  link_button(rx.icon("concierge-bell", size=16), t("Book a service"), variant="soft", href="/services"),
                  width="100%", align="start", wrap="wrap"),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.hstack(rx.heading(t("To pay"), size="4"), rx.spacer(),
                  rx.cond(S.due_count > 1, rx.button(t("Pay all due bills"), on_click=S.start_pay_all, id="pay-all")),
                  width="100%", align="center"),
        rx.cond(S.current.length() == 0,
                rx.text(t("Nothing to pay right now."), color_scheme="gray", id="nothing-due"),
                rx.vstack(rx.foreach(S.current, lambda r: _bill(r, True)), spacing="2", width="100%", id="bills-current")),
        rx.heading(t("Past bills"), size="4", margin_top="1em"),
        rx.cond(S.past.length() == 0,
                empty_state("receipt", t("No past bills"), t("Paid bills are kept here.")),
                rx.vstack(rx.foreach(S.past, lambda r: _bill(r, False)), spacing="2", width="100%", id="bills-past")),
        _pay_dialog(),
        _pay_all_dialog(),
    )


@area_page("/bills/statement", "Statement · Community Hub", "resident", T.load, HouseholdState.load,
           banner=False)  # a printable page: no shell
def bills_statement() -> rx.Component:
    # Printable: plain page, no navigation, a Print button that hides itself on paper.
    return rx.box(
        rx.hstack(rx.link(t("← Bills"), href="/bills"), rx.spacer(),
                  rx.button(rx.icon("printer", size=16), t("Print"), on_click=rx.call_script("window.print()")),
                  class_name="no-print", width="100%", margin_bottom="1em"),
        rx.el.style("@media print { .no-print { display: none !important; } }"),
        rx.heading(t("Statement of account"), size="6"),
        rx.text(SessionState.user_name, " · ", T.home),
        error_callout(T.error),
        data_table((t("Date"), t("Period"), t("Bill"), t("Description"), t("Amount"), t("Balance")), T.rows,
                   cells("date", "period", "bill", "description", "amount", "balance"),
                   id="statement-table", margin_top="1em"),
        rx.text(t("Balance: "), rx.text.strong(T.balance), margin_top="1em", id="statement-balance"),
        rx.cond(HouseholdState.statement_code != "",
                rx.text(t("Someone moving in with you? They join this household with the invitation code "),
                        rx.text.strong(HouseholdState.statement_code, id="statement-invite-code"),
                        t(" after creating their account."), size="2", margin_top="2em")),
        rx.fragment(rx.cond(rx.State.is_hydrated, rx.el.span(id="hydrated", display="none"))),
        padding="2em", max_width="900px", margin="0 auto",
    )
