"""Merchant: coupons — create (amount or percent, minimum spend, dates, limits), change until first
used (then the form says why not), and switch off."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    empty_state,
    error_callout,
    field,
    page_header,
)
from components.i18n import t, tf
from components.shells import merchant_shell
from components.tables import table_or_empty
from state.merchant.coupons import MerchantCouponsState as St


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(row["code"])), rx.table.cell(row["off"]), rx.table.cell(row["min_spend"]),
        rx.table.cell(row["valid"]), rx.table.cell(row["limits"]), rx.table.cell(row["used"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Edit"), size="1", variant="soft", id="coupon-edit-" + row["id"],
                      aria_label=tf("Edit coupon {code}", code=row["code"]), on_click=St.edit(row["id"])),
            rx.cond(row["active"] == "1",
                    rx.button(t("Switch off"), size="1", variant="soft", color_scheme="red",
                              id="coupon-off-" + row["id"], on_click=St.deactivate(row["id"])),
                    rx.badge(t("off"), color_scheme="gray")))),
        id="coupon-row-" + row["id"],
    )


def _form() -> rx.Component:
    return rx.card(rx.form(
        rx.vstack(
            rx.heading(t("New coupon"), size="4"),
            rx.hstack(
                field(t("Code"), "code", placeholder="WELCOME5"),
                _kind_select("coupon-kind", St.kind, St.set_kind),
                field(t("Value (5.00 off, or 10 for 10%)"), "value"),
                width="100%",
            ),
            rx.hstack(field(t("Minimum spend (optional)"), "min_spend", required=False),
                      field(t("Per-customer limit"), "per_user", default_value="1"),
                      field(t("Total uses (optional)"), "total", required=False), width="100%"),
            rx.hstack(field(t("Valid from (optional)"), "starts", type="date", required=False),
                      field(t("Valid until (optional)"), "ends", type="date", required=False), width="100%"),
            rx.button(t("Create coupon"), type="submit", id="coupon-create", disabled=St.busy),
            width="100%",
        ),
        on_submit=St.create, reset_on_submit=False,
    ), width="100%")


def _kind_select(label_id: str, value, on_change, disabled=False) -> rx.Component:
    return rx.vstack(rx.text(t("Kind"), size="2", weight="medium", id=label_id + "-label"),
                     rx.select.root(rx.select.trigger(id=label_id, aria_labelledby=label_id + "-label"),
                                    rx.select.content(rx.select.item(t("Amount off"), value="amount"),
                                                      rx.select.item(t("Percent off"), value="percent")),
                                    value=value, on_change=on_change, size="3", disabled=disabled), spacing="1")


def _edit_dialog() -> rx.Component:
    e = St.editing
    locked = e["locked"] != ""
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(tf("Coupon {code}", code=e["code"])),
        rx.cond(locked,
                rx.callout(e["locked"], icon="lock", color_scheme="amber", id="coupon-locked", margin_bottom="1em")),
        rx.form(
            rx.vstack(
                rx.hstack(_kind_select("coupon-edit-kind", St.edit_kind, St.set_edit_kind, disabled=locked),
                          field(t("Value (5.00 off, or 10 for 10%)"), "edit_value", default_value=e["value_text"],
                                disabled=locked),
                          width="100%", align="end"),
                rx.hstack(field(t("Minimum spend (optional)"), "edit_min_spend", required=False,
                                default_value=e["min_spend_text"], disabled=locked),
                          field(t("Per-customer limit"), "edit_per_user", default_value=e["per_user"], disabled=locked),
                          field(t("Total uses (optional)"), "edit_total", required=False, default_value=e["total"],
                                disabled=locked), width="100%", wrap="wrap"),
                rx.hstack(field(t("Valid from (optional)"), "edit_starts", type="date", required=False,
                                default_value=e["starts_day"], disabled=locked),
                          field(t("Valid until (optional)"), "edit_ends", type="date", required=False,
                                default_value=e["ends_day"], disabled=locked), width="100%"),
                error_callout(St.edit_error),
                rx.hstack(rx.button(t("Close"), variant="soft", type="button", on_click=St.close_edit),
                          rx.cond(locked, rx.fragment(),
                                  rx.button(t("Save changes"), type="submit", id="coupon-save", disabled=St.busy)),
                          justify="end", width="100%"),
                width="100%",
            ),
            on_submit=St.save_edit, reset_on_submit=False, key=e["id"],
        ),
        max_width="600px",
    ), open=St.editing.contains("id"), on_open_change=lambda _open: St.close_edit())


@area_page("/merchant/coupons", "Coupons · Community Hub", "merchant", St.load)
def merchant_coupons() -> rx.Component:
    return merchant_shell(
        page_header(t("Coupons"), error=St.error, notice=St.notice),
        _form(),
        table_or_empty(St.rows, empty_state("ticket-percent", t("No coupons yet"),
                                            t("Create one above; customers type its code at checkout.")),
                       (t("Code"), t("Off"), t("Min. spend"), t("Valid"), t("Limits"), t("Used"), ""), _row,
                       id="coupons-table", margin_top="1em"),
        _edit_dialog(),
    )
