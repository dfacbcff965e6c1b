"""Admin: service fee per merchant category, payout schedule, reconciliation report."""

import reflex as rx

from components.area_page import area_page
from components.common import field, page_header
from components.i18n import t
from components.select_field import select_field
from components.shells import admin_shell
from components.tables import cells, data_table
from state.admin.finance import AdminFinanceState as St
from state.shared.back_office import AdminPermission


def _fees() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Service fee per merchant category"), size="4"),
        rx.text(t("Default fee in force: "), rx.text.strong(St.default_fee, id="default-fee"), size="2"),
        rx.text(t("A category without its own fee pays its parent's, else the default."), size="1",
                color_scheme="gray"),
        data_table((t("Category"), t("Fee in force"), t("Set on it"), t("From")), St.fees, lambda f: rx.table.row(
            rx.table.cell(f["category"]), rx.table.cell(rx.text.strong(f["in_force"])),
            rx.table.cell(f["own"]), rx.table.cell(f["source"])), id="fees-table"),
        rx.form(rx.hstack(select_field(t("Category"), "category", St.fee_categories),
                          field(t("Fee (%)"), "percent", placeholder="5"),
                          rx.button(t("Set fee"), type="submit", id="fee-save"), align="end", width="100%"),
                on_submit=St.set_fee, width="100%"),
        width="100%"), width="100%")


def _schedule() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Payout schedule"), size="4"),
        rx.text(St.schedule_text, size="2", id="schedule-text"),
        rx.form(rx.hstack(field(t("Every (days)"), "interval", default_value=St.interval_days, key=St.interval_days),
                          field(t("Hold after signing (days)"), "hold", default_value=St.hold_days, key=St.hold_days),
                          field(t("Minimum payout"), "minimum", default_value=St.min_payout, key=St.min_payout),
                          rx.button(t("Save schedule"), type="submit", id="schedule-save"), align="end", width="100%"),
                on_submit=St.set_schedule, width="100%"),
        rx.button(t("Run due payouts now"), variant="soft", on_click=St.run_payouts, disabled=St.busy, id="run-payouts"),
        width="100%"), width="100%")


def _by_provider() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Payments by provider"), size="4"),
        rx.text(t("Per provider and currency: payments paid, money received and refunded, and payments still open."),
                size="1", color_scheme="gray"),
        data_table((t("Provider"), t("Currency"), t("Paid"), t("Received"), t("Refunded"), t("Open"),
                    t("Open amount")), St.provider_totals,
                   cells("provider", "currency", "paid", "received", "refunded", "open", "open_amount"),
                   id="provider-totals"),
        rx.heading(t("Open payments"), size="3"),
        rx.form(rx.hstack(select_field(t("Provider"), "provider", St.provider_options, placeholder=t("All providers")),
                          rx.button(t("Show"), type="submit", id="provider-filter"), align="end", width="100%"),
                on_submit=St.filter_provider, width="100%"),
        rx.cond(St.open_payments.length() > 0,
                data_table((t("Payment"), t("Provider"), t("For"), t("Status"), t("Amount"), t("Started")),
                           St.open_payments, cells("payment", "provider", "purpose", "status", "amount", "created"),
                           id="open-payments"),
                rx.text(t("No open payments."), size="2", color_scheme="gray")),
        width="100%"), width="100%")


def _statements() -> rx.Component:
    return rx.vstack(
        rx.text(St.statement_summary, size="2", id="statement-summary"),
        rx.foreach(St.statement_unreachable, lambda p: rx.text(p, color_scheme="orange", size="2")),
        rx.cond(St.statement_rows.length() > 0, data_table(
            (t("Provider"), t("Day"), t("Reference"), t("Payment"), t("Ours"), t("Statement"), t("Problem")),
            St.statement_rows, cells("provider", "day", "reference", "payment", "ours", "theirs", "problem"),
            id="statement-mismatches")),
        width="100%")


def _recon() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(t("Reconciliation"), size="4"), rx.spacer(),
                  rx.button(rx.cond(St.busy, rx.spinner(size="2"), rx.fragment()), t("Run report"), id="reconcile",
                            on_click=St.reconcile, disabled=St.busy), width="100%"),
        rx.text(t("Asks the payment provider about every payment and compares it with our records and the ledger."),
                size="1", color_scheme="gray"),
        rx.cond(St.recon_ran, rx.vstack(
            rx.callout(St.recon_summary, icon=rx.cond(St.recon_ok, "check", "triangle_alert"),
                       color_scheme=rx.cond(St.recon_ok, "green", "red"), id="recon-summary", width="100%"),
            rx.foreach(St.recon_problems, lambda p: rx.text(p, color_scheme="red", size="2")),
            rx.cond(St.recon_rows.length() > 0, data_table(
                (t("Payment"), t("For"), t("Ours"), t("Ledger"), t("Provider"), t("Problem")), St.recon_rows,
                cells("payment", "purpose", "ours", "ledger", "theirs", "problem"), id="recon-mismatches")),
            _statements(),
            width="100%")),
        width="100%"), width="100%")


@area_page("/admin/finance", "Finance · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.FINANCE)
def admin_finance() -> rx.Component:
    return admin_shell(
        page_header(t("Payments and fees"), error=St.error, notice=St.notice),
        rx.vstack(_fees(), _schedule(), _by_provider(), _recon(), width="100%", spacing="4"),
    )
