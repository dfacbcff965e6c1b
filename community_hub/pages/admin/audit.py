"""Admin: the audit log — who decided what and when."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header, pager
from components.i18n import t, tf
from components.shells import admin_shell
from components.tables import cells, table_or_empty
from state.admin.audit import AdminAuditState as S
from state.shared.back_office import AdminPermission


@area_page("/admin/audit", "Audit log · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.SUPER)
def admin_audit() -> rx.Component:
    return admin_shell(
        page_header(t("Audit log"), t("Decisions kept on record: roles, reviews, refunds, points, fees, settings."),
                    error=S.error),
        rx.hstack(
            rx.input(placeholder=t("Search subject, detail or person"), value=S.query, on_change=S.search,
                     debounce_timeout=300, width="22em", id="audit-search"),
            rx.select.root(rx.select.trigger(id="audit-action", aria_label=t("Action")),
                           rx.select.content(rx.foreach(S.actions, lambda a: rx.select.item(a["label"],
                                                                                             value=a["value"]))),
                           value=S.action, on_change=S.filter_action),
            rx.text(tf("{count} entries", count=S.total), size="2", color_scheme="gray"),
            spacing="3", align="center", wrap="wrap", margin_bottom="1em"),
        table_or_empty(S.rows, empty_state("scroll-text", t("Nothing on record"), t("No entry matches.")),
                       (t("When"), t("Who"), t("Action"), t("Subject"), t("Detail")),
                       cells("at", "who", "action", "subject", "detail", class_name="audit-row"), id="audit-table"),
        pager(S.page, S.pages, S.goto),
    )
