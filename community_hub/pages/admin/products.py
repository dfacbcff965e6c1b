"""Admin: products of every shop; flag abnormal ones (hidden until fixed) or lift the flag."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_title
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import paged_table
from state.admin.market_products import AdminProductsState as St
from state.shared.back_office import AdminPermission


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["shop"]), rx.table.cell(row["price"]),
        rx.table.cell(row["available"]),
        rx.table.cell(rx.cond(row["abnormal"] == "1",
                              rx.vstack(rx.badge(t("flagged"), color_scheme="red"), rx.text(row["reason"], size="1"),
                                        spacing="1"),
                              rx.text(t("ok"), size="2", color_scheme="gray"))),
        rx.table.cell(rx.cond(row["abnormal"] == "1",
                              rx.button(t("Lift flag"), size="1", variant="soft", id="unflag-" + row["id"],
                                        on_click=St.clear(row["id"])),
                              rx.button(t("Flag"), size="1", variant="soft", color_scheme="red", id="flag-" + row["id"],
                                        on_click=St.start_flag(row)))),
        id="admin-product-" + row["id"],
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(tf("Flag {name} as abnormal", name=St.flag_name)),
        rx.text(t("It is hidden from residents until you lift the flag. The shop sees your reason."), size="2"),
        rx.text_area(value=St.reason, on_change=St.set_reason, id="flag-reason", width="100%", margin_y="1em",
                     placeholder=t("What is wrong (misleading price, banned item, …)")),
        error_callout(St.error),
        rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=St.cancel_flag),
                  rx.button(t("Flag and hide"), color_scheme="red", id="flag-confirm", on_click=St.flag), justify="end"),
    ), open=St.flag_id != 0)


@area_page("/admin/products", "Products · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.REVIEW)
def admin_products() -> rx.Component:
    return admin_shell(
        page_title(t("Products")),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="q", placeholder=t("Search product or shop"), width="18em"),
                              rx.button(t("Search"), type="submit")), on_submit=St.search),
            rx.checkbox(t("Flagged only"), checked=St.flagged_only, on_change=St.set_flagged_only),
            align="center", spacing="4", margin_bottom="1em",
        ),
        error_callout(St.error),
        notice_callout(St.notice),
        rx.cond(St.total == 0, empty_state("boxes", t("No products found"), t("Try another search.")),
                paged_table((t("Product"), t("Shop"), t("Price"), t("Shown"), t("Flag"), ""), St.rows, _row, St,
                            id="admin-products-table")),
        _dialog(),
    )
