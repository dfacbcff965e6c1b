"""Merchant: coupons — create (amount or percent, minimum spend, dates, limits) and switch off."""

import reflex as rx

from components.common import empty_state, error_callout, field, notice_callout, page_title
from components.shells import merchant_shell
from state.merchant.coupons import MerchantCouponsState as St
from state.shared.session import SessionState


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(row["code"])), rx.table.cell(row["off"]), rx.table.cell(row["min_spend"]),
        rx.table.cell(row["valid"]), rx.table.cell(row["limits"]), rx.table.cell(row["used"]),
        rx.table.cell(rx.cond(row["active"] == "1",
                              rx.button("Switch off", size="1", variant="soft", color_scheme="red",
                                        id="coupon-off-" + row["id"], on_click=St.deactivate(row["id"])),
                              rx.badge("off", color_scheme="gray"))),
        id="coupon-row-" + row["id"],
    )


def _form() -> rx.Component:
    return rx.card(rx.form(
        rx.vstack(
            rx.heading("New coupon", size="4"),
            rx.hstack(
                field("Code", "code", placeholder="WELCOME5"),
                rx.vstack(rx.text("Kind", size="2", weight="medium"),
                          rx.select.root(rx.select.trigger(id="coupon-kind"),
                                         rx.select.content(rx.select.item("Amount off", value="amount"),
                                                           rx.select.item("Percent off", value="percent")),
                                         value=St.kind, on_change=St.set_kind, size="3"), spacing="1"),
                field("Value (5.00 off, or 10 for 10%)", "value"),
                width="100%",
            ),
            rx.hstack(field("Minimum spend (optional)", "min_spend", required=False),
                      field("Per-customer limit", "per_user", default_value="1"),
                      field("Total uses (optional)", "total", required=False), width="100%"),
            rx.hstack(field("Valid from (optional)", "starts", type="date", required=False),
                      field("Valid until (optional)", "ends", type="date", required=False), width="100%"),
            rx.button("Create coupon", type="submit", id="coupon-create", disabled=St.busy),
            width="100%",
        ),
        on_submit=St.create, reset_on_submit=False,
    ), width="100%")


@rx.page(route="/merchant/coupons", title="Coupons · Community Hub", on_load=[SessionState.guard("merchant"), St.load])
def merchant_coupons() -> rx.Component:
    return merchant_shell(
        page_title("Coupons"),
        error_callout(St.error),
        notice_callout(St.notice),
        _form(),
        rx.cond(St.rows.length() == 0,
                empty_state("ticket-percent", "No coupons yet", "Create one above; customers type its code at checkout."),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Code", "Off", "Min. spend", "Valid", "Limits", "Used", "")])),
                    rx.table.body(rx.foreach(St.rows, _row)), width="100%", id="coupons-table", margin_top="1em")),
    )
