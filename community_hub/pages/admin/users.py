"""Admin: members, their roles, disable / enable."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, notice_callout, page_title
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import paged_table
from state.admin.users import AdminUsersState
from state.shared.back_office import AdminPermission


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]),
        rx.table.cell(row["login"]),
        rx.table.cell(row["roles"]),
        rx.table.cell(rx.badge(rx.match(row["status"], ("active", t("active")), ("disabled", t("disabled")), row["status"]),
                               color_scheme=rx.match(row["status"], ("active", "green"), ("disabled", "red"), "gray"))),
        rx.table.cell(row["joined"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Roles"), size="1", variant="soft", on_click=AdminUsersState.edit_roles(row)),
            rx.cond(row["status"] == "disabled",
                    rx.button(t("Enable"), size="1", variant="soft", color_scheme="green",
                              on_click=AdminUsersState.set_disabled(row["id"], False)),
                    rx.alert_dialog.root(
                        rx.alert_dialog.trigger(rx.button(t("Disable"), size="1", variant="soft", color_scheme="red")),
                        rx.alert_dialog.content(
                            rx.alert_dialog.title(tf("Disable {name}?", name=row["name"])),
                            rx.alert_dialog.description(t("They are logged out everywhere at once and cannot log in.")),
                            rx.hstack(rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft")),
                                      rx.alert_dialog.action(rx.button(t("Disable"), color_scheme="red",
                                                                       on_click=AdminUsersState.set_disabled(row["id"], True))),
                                      justify="end", margin_top="1em"),
                        ),
                    )),
        )),
    )


def _roles_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("Roles of {name}", name=AdminUsersState.editing_name)),
            rx.vstack(
                rx.foreach(AdminUsersState.all_roles, lambda role: rx.checkbox(
                    role["label"], checked=AdminUsersState.editing_roles.contains(role["value"]),
                    on_change=lambda on: AdminUsersState.toggle_role(role["value"], on))),
                spacing="2",
            ),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=AdminUsersState.cancel_edit),
                      rx.button(t("Save roles"), on_click=AdminUsersState.save_roles), justify="end", margin_top="1em"),
        ),
        open=AdminUsersState.editing_id != 0,
    )


@area_page("/admin/users", "Members · Community Hub", "admin", AdminUsersState.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_users() -> rx.Component:
    return admin_shell(
        page_title(t("Members")),
        rx.form(rx.hstack(rx.input(name="q", placeholder=t("Search name, email or phone"), width="20em"),
                          rx.button(t("Search"), type="submit")), on_submit=AdminUsersState.search, margin_bottom="1em"),
        error_callout(AdminUsersState.error),
        notice_callout(AdminUsersState.notice),
        rx.cond(
            AdminUsersState.total == 0,
            empty_state("users", t("No members found"), t("Try another search.")),
            paged_table((t("Name"), t("Login"), t("Roles"), t("Status"), t("Joined"), ""), AdminUsersState.rows, _row,
                        AdminUsersState, id="members-table"),
        ),
        _roles_dialog(),
    )
