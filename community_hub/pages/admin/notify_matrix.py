"""Admin (content): the channels of each step's messages, to the resident and to the staff side."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import N_, t, tf
from components.shells import admin_shell
from components.tables import data_table
from state.admin.notify_matrix import AdminNotifyMatrixState as S
from state.shared.back_office import AdminPermission

CHANNELS = [("in_app", N_("In-app")), ("email", N_("Email")), ("sms", N_("SMS"))]


def _tick(r: dict, code: str, label: str) -> rx.Component:
    return rx.table.cell(rx.checkbox(
        checked=r[code] == "1", disabled=S.busy,
        on_change=lambda on: S.set_channel(r["template"], r["side"], code, on),
        aria_label=tf("{channel}: {step} to {side}", channel=t(label), step=r["label"], side=r["side_label"]),
    ))


def _row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(r["label"], rx.cond(r["changed"] == "1", rx.badge(t("changed"), margin_left="0.5em"))),
        rx.table.cell(r["side_label"]),
        *[_tick(r, code, label) for code, label in CHANNELS],
    )


@area_page("/admin/notifications", "Notifications · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.CONTENT)
def admin_notify_matrix() -> rx.Component:
    return admin_shell(
        page_header(t("Notifications per step"), t("How each step's message reaches people: in the app's inbox, by "
                                                   "email, by SMS. Members can turn channels off for themselves on "
                                                   "their account page, never on. SMS texts fit one message."),
                    error=S.error, notice=S.notice),
        data_table((t("Step"), t("To"), *[t(label) for _c, label in CHANNELS]), S.rows, _row, id="notify-matrix"),
    )
