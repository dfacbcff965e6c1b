"""Admin: list shops from public information; their owners claim them with a code sent to the
public phone or email given here."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, field, form_label, page_header
from components.i18n import t
from components.shells import admin_shell
from components.tables import paged_table
from state.admin.listings import AdminListingsState as St
from state.shared.back_office import AdminPermission


def _create_form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(t("List a shop from public information"), size="4"),
        rx.hstack(field(t("Shop name"), "name"),
                  rx.vstack(form_label(t("Category"), html_for="category"),
                            rx.select(St.categories, name="category", id="category", default_value="grocery",
                                      size="3"),
                            spacing="1"),
                  width="100%", align="end"),
        field(t("Address"), "address", required=False),
        rx.hstack(field(t("Latitude"), "lat", placeholder="40.7128"), field(t("Longitude"), "lon", placeholder="-74.0060"),
                  width="100%"),
        rx.hstack(field(t("Public phone"), "phone", type="tel", required=False),
                  field(t("Public email"), "contact_email", type="email", required=False), width="100%"),
        rx.text(t("The claim code goes to the phone if one is given, otherwise to the email: use the shop's own "
                  "public contact, never a guess."), size="1", color_scheme="gray"),
        rx.button(rx.cond(St.busy, rx.spinner(size="2"), rx.fragment()), t("Create listing"), type="submit",
                  id="listing-submit", disabled=St.busy),
        width="100%", spacing="3"), on_submit=St.create, reset_on_submit=False, key=St.form_key.to(str)),
        width="100%")


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["category"]), rx.table.cell(row["address"]),
        rx.table.cell(row["contact"]),
        rx.cond(St.tab == "claimed",
                rx.fragment(rx.table.cell(row["claimed_by"]), rx.table.cell(row["claimed_at"])),
                rx.fragment()),
        id="listing-" + row["id"],
    )


def _list() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.foreach(St.tabs, lambda tab: rx.button(
            rx.match(tab, ("unclaimed", t("unclaimed")), ("claimed", t("claimed")), tab), size="1", id="tab-" + tab,
            variant=rx.cond(St.tab == tab, "solid", "soft"), on_click=St.set_tab(tab)))),
        rx.cond(St.rows.length() == 0,
                empty_state("store", t("No listings here"),
                            rx.cond(St.tab == "claimed", t("Listings appear here once their owner claims them."),
                                    t("Listings you create appear here until their owner claims them."))),
                paged_table((t("Shop"), t("Category"), t("Address"), t("Code goes to"),
                             rx.cond(St.tab == "claimed",
                                     rx.fragment(rx.table.column_header_cell(t("Claimed by")),
                                                 rx.table.column_header_cell(t("Claimed"))),
                                     rx.fragment())),
                            St.rows, _row, St, id="listings-table")),
        width="100%", spacing="3")


@area_page("/admin/listings", "Shop listings · Community Hub", "admin", St.load,
           permission=AdminPermission.REVIEW)
def admin_listings() -> rx.Component:
    return admin_shell(
        page_header(t("Shop listings"), t("Shops listed from public information until their owners claim them."),
                    error=St.error, notice=St.notice),
        rx.vstack(_create_form(), _list(), width="100%", spacing="4"),
    )
