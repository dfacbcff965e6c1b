"""Admin (super admin only): back-office sub-roles of every platform admin."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import N_, t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.staff import AdminStaffState as S
from state.shared.back_office import AdminPermission

ROLES = [("finance", N_("Finance")), ("review", N_("Review")), ("customer_service", N_("Customer service")),
         ("content", N_("Content")), ("super", N_("Super admin"))]


def _tick(r: dict, code: str, label: str) -> rx.Component:
    return rx.table.cell(rx.checkbox(
        checked=r[code] == "1", disabled=S.busy, on_change=lambda on: S.set_role(r["id"], code, on),
        aria_label=tf("{role} for {name}", role=t(label), name=r["name"]),
    ))


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.vstack(rx.text(r["name"], weight="medium"), rx.text(r["login"], size="1",
                                                                                          color_scheme="gray"),
                                           spacing="0")),
        *[_tick(r, code, label) for code, label in ROLES],
    )


@area_page("/admin/staff", "Back-office roles · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.SUPER)
def admin_staff() -> rx.Component:
    return admin_shell(
        page_header(t("Back-office roles"), t("What each platform admin may do: finance (payouts, fees, points), "
                                               "review (shops, products, agents), customer service (members, orders, "
                                               "small refunds), content (announcements, agreements, the public "
                                               "site); a super admin may do everything and give these roles. An admin "
                                               "with none sees only the admin home. Every change is in the audit log."),
                    error=S.error, notice=S.notice),
        table_or_empty(S.rows, empty_state("shield", t("No platform admins"), t("Make a member a platform admin on the "
                                                                                "Members page first.")),
                       (t("Admin"), *[t(label) for _c, label in ROLES]), _row, id="admin-staff"),
    )
