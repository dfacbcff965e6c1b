"""Admin: card programmes — the list, the open programme's levels, commission plan and rules, and
the dialogs that make or change them (finance)."""

import reflex as rx

from components.area_page import area_page
from components.cards_admin import cards_tabs, dialog_error, select_input, text_input
from components.common import empty_state, page_header
from components.dialogs import state_dialog
from components.i18n import N_, t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.cards import AdminCardsState as St
from state.shared.back_office import AdminPermission

FUNDERS = (("platform", N_("The platform (the shop gets its full price)")),
           ("merchant", N_("The shop (it sells for less)")))
KINDS = (("national_id", N_("National ID number")), ("mobile", N_("Mobile number")),
         ("passport", N_("Passport number")))
PERIODS = (("one_off", N_("One-off")), ("yearly", N_("Yearly")))
PERMS = (("post_demands", N_("May post demands")), ("book_services_first", N_("May book services first")),
         ("share_parking", N_("May share parking")))
DEPTHS = (("1", N_("1 level")), ("2", N_("2 levels")), ("3", N_("3 levels")))


def _programme_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(r["name"]),
        rx.table.cell(rx.badge(r["status"], color_scheme=rx.cond(r["active"] == "1", "green", "gray"))),
        rx.table.cell(r["levels"]), rx.table.cell(r["holders"]), rx.table.cell(r["cards"]), rx.table.cell(r["funder"]),
        rx.table.cell(rx.button(t("Open"), size="1", variant=rx.cond(St.selected_id.to_string() == r["id"],
                                                                    "solid", "soft"),
                                on_click=St.choose(r["id"]), aria_label=tf("Open {name}", name=r["name"]))),
        class_name="programme-row")


def _level_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(r["name"]),
        rx.table.cell(r["fee"]), rx.table.cell(r["period"]), rx.table.cell(r["discount"]),
        rx.table.cell(r["multiplier"]), rx.table.cell(r["rank"]), rx.table.cell(r["permissions"]),
        rx.table.cell(rx.cond(r["active"] == "1", t("yes"), t("no (hidden from new members)"))),
        rx.table.cell(rx.button(t("Edit"), size="1", variant="soft", on_click=St.edit_level(r["id"]),
                                aria_label=tf("Edit level {name}", name=r["name"]))),
        class_name="level-row")


def _fact(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), size="2", color_scheme="gray", min_width="13em"), rx.text(value, size="2"),
                     align="start")


def _plan() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(t("Commission plan"), size="4"), rx.spacer(),
                  rx.button(t("Change commission plan"), variant="soft", on_click=St.change_plan, id="change-plan"),
                  width="100%"),
        rx.cond(St.plan.contains("depth"),
                rx.vstack(_fact(N_("Levels deep"), St.plan["depth"]), _fact(N_("Ratio per level"), St.plan["ratios"]),
                          _fact(N_("Cap per sale (share of the platform's fee)"), St.plan["cap"]),
                          _fact(N_("Pending for (days)"), St.plan["freeze"]),
                          _fact(N_("Card fees earn commission"), St.plan["card_fees"]), spacing="1", id="plan-facts"),
                rx.text(t("No commission plan yet."), size="2", color_scheme="gray")),
        spacing="2", width="100%")


def _selected() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(St.selected["name"], size="5"), rx.spacer(),
                  rx.button(t("Edit programme"), variant="soft", on_click=St.edit_programme, id="edit-programme"),
                  width="100%"),
        _fact(N_("Member prices paid by"), St.selected["funder_words"]),
        _fact(N_("Identity accepted"), St.selected["kinds"]),
        _fact(N_("Currency"), St.selected["currency"]),
        rx.hstack(rx.heading(t("Levels"), size="4"), rx.spacer(),
                  rx.button(rx.icon("plus", size=14), t("Add level"), on_click=St.new_level, id="add-level"),
                  width="100%"),
        table_or_empty(St.levels, rx.text(t("No levels yet: add one (e.g. Standard, Silver, Gold) before making "
                                            "cards."), size="2", color_scheme="gray"),
                       [t("Level"), t("Fee"), t("Paid"), t("Member discount"), t("Points"), t("Priority rank"),
                        t("Permissions"), t("Offered"), ""], _level_row, id="levels-table"),
        _plan(),
        rx.heading(t("The rules"), size="4"),
        rx.el.ul(rx.foreach(St.rules, lambda r: rx.el.li(rx.text(r, size="2"))), id="programme-rules",
                 style={"padding_left": "1.2em", "display": "flex", "flex_direction": "column", "gap": "0.4em"}),
        spacing="3", width="100%"), width="100%", id="programme-detail")


def _checks(options, ticked, on_toggle, prefix: str) -> rx.Component:
    return rx.vstack(*[rx.checkbox(t(words), checked=ticked.contains(code), id=f"{prefix}-{code}",
                                   on_change=lambda on, c=code: on_toggle(c, on)) for code, words in options],
                     spacing="1")


def _programme_dialog() -> rx.Component:
    return state_dialog(
        rx.cond(St.prog_id == 0, t("New card programme"), t("Edit programme")),
        rx.vstack(
            text_input(t("Programme name"), "prog-name", St.prog_name, St.set_prog_name, max_length=80),
            rx.cond(St.prog_id == 0, text_input(t("Currency"), "prog-currency", St.prog_currency,
                                                St.set_prog_currency, max_length=3,
                                                hint=t("Three letters, like USD or CNY; fixed once made."))),
            select_input(t("Member discounts are paid by"), "prog-funder", St.prog_funder, St.set_prog_funder,
                         FUNDERS),
            rx.el.fieldset(rx.el.legend(t("Identity a member may give")),
                           _checks(KINDS, St.prog_kinds, St.toggle_kind, "kind"),
                           style={"border": "none", "padding": 0}),
            rx.cond(St.prog_id != 0, rx.checkbox(t("Open to new members"), checked=St.prog_active,
                                                 on_change=St.set_prog_active, id="prog-active")),
            dialog_error(St.dialog_error),
            spacing="3", width="100%"),
        is_open=St.prog_open, on_cancel=St.close_dialogs,
        action=rx.button(t("Save programme"), on_click=St.save_programme, disabled=St.busy, id="save-programme"))


def _level_dialog() -> rx.Component:
    return state_dialog(
        rx.cond(St.level_id == 0, t("New level"), t("Edit level")),
        rx.vstack(
            rx.cond(St.level_id == 0,
                    text_input(t("Level name"), "level-name", St.lv_name, St.set_lv_name, max_length=40,
                               placeholder="Standard, Silver, Gold…"),
                    rx.heading(St.lv_name, size="4")),
            rx.hstack(text_input(t("Fee"), "level-fee", St.lv_fee, St.set_lv_fee, max_length=20,
                                 hint=t("0 for a free level.")),
                      select_input(t("Fee paid"), "level-period", St.lv_period, St.set_lv_period, PERIODS),
                      width="100%", align="start"),
            rx.hstack(text_input(t("Member discount (%)"), "level-discount", St.lv_discount, St.set_lv_discount,
                                 max_length=12, hint=t("Off member prices at checkout, up to 50.")),
                      text_input(t("Points multiplier"), "level-multiplier", St.lv_multiplier, St.set_lv_multiplier,
                                 max_length=8, hint=t("1 = normal, 1.5 = half as many again.")),
                      width="100%", align="start"),
            text_input(t("Priority rank"), "level-rank", St.lv_rank, St.set_lv_rank, max_length=3,
                       hint=t("1 to 100; a higher rank is served first when places are scarce.")),
            rx.el.fieldset(rx.el.legend(t("Permissions")), _checks(PERMS, St.lv_perms, St.toggle_perm, "perm"),
                           style={"border": "none", "padding": 0}),
            rx.cond(St.level_id != 0, rx.checkbox(t("Offered to new members"), checked=St.lv_active,
                                                  on_change=St.set_lv_active, id="level-active")),
            rx.text(t("Members who already hold this level keep what they paid."), size="1", color_scheme="gray"),
            dialog_error(St.dialog_error),
            spacing="3", width="100%"),
        is_open=St.level_open, on_cancel=St.close_dialogs,
        action=rx.button(t("Save level"), on_click=St.save_level, disabled=St.busy, id="save-level"))


def _plan_dialog() -> rx.Component:
    return state_dialog(
        t("Commission plan"),
        rx.vstack(
            rx.text(t("Shares of the platform's fee on each sale of this programme's members, per level of the "
                      "buyer's referral chain. Applies to orders placed after you save."), size="2"),
            select_input(t("Levels deep"), "plan-depth", St.plan_depth, St.set_plan_depth, DEPTHS),
            text_input(t("1st level (%)"), "plan-r1", St.plan_r1, St.set_plan_r1, max_length=12),
            rx.cond(St.plan_depth != "1", text_input(t("2nd level (%)"), "plan-r2", St.plan_r2, St.set_plan_r2,
                                                     max_length=12)),
            rx.cond(St.plan_depth == "3", text_input(t("3rd level (%)"), "plan-r3", St.plan_r3, St.set_plan_r3,
                                                     max_length=12)),
            text_input(t("Cap per sale (% of the platform's fee)"), "plan-cap", St.plan_cap, St.set_plan_cap,
                       max_length=12, hint=t("The ratios together may not exceed it.")),
            text_input(t("Pending for (days)"), "plan-freeze", St.plan_freeze, St.set_plan_freeze, max_length=3,
                       hint=t("Commission becomes available this many days after the order is signed.")),
            rx.checkbox(t("Card fees earn commission too"), checked=St.plan_card_fees,
                        on_change=St.set_plan_card_fees, id="plan-card-fees"),
            dialog_error(St.dialog_error),
            spacing="3", width="100%"),
        is_open=St.plan_open, on_cancel=St.close_dialogs,
        action=rx.button(t("Save plan"), on_click=St.save_plan, disabled=St.busy, id="save-plan"))


@area_page("/admin/cards", "Card programmes · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.FINANCE)
def admin_cards() -> rx.Component:
    return admin_shell(
        page_header(t("Card programmes"), t("Membership cards: levels, fees, member prices, priority and the "
                                             "commission agents earn."), error=St.error, notice=St.notice,
                    action=rx.button(rx.icon("plus", size=16), t("New programme"), on_click=St.new_programme,
                                     id="new-programme")),
        cards_tabs("/admin/cards"),
        table_or_empty(St.rows, empty_state("id-card", t("No card programmes yet"),
                                            t("Make a programme, give it levels, then print a batch of cards.")),
                       [t("Programme"), t("Status"), t("Levels"), t("Cardholders"), t("Cards"),
                        t("Member prices paid by"), ""], _programme_row, id="programmes-table"),
        rx.cond(St.selected.contains("id"), _selected()),
        _programme_dialog(), _level_dialog(), _plan_dialog(),
    )
