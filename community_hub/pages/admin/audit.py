"""Admin: the audit log — who decided what and when."""

import reflex as rx

from components.common import empty_state, error_callout, page_title, pager
from components.shells import admin_shell
from state.admin.audit import AdminAuditState as S
from state.shared.session import SessionState


@rx.page(route="/admin/audit", title="Audit log · Admin · Community Hub", on_load=[SessionState.guard("admin"), S.load])
def admin_audit() -> rx.Component:
    return admin_shell(
        page_title("Audit log", "Decisions kept on record: roles, reviews, refunds, points, fees, settings."),
        error_callout(S.error),
        rx.hstack(
            rx.input(placeholder="Search subject, detail or person", value=S.query, on_change=S.search,
                     debounce_timeout=300, width="22em", id="audit-search"),
            rx.select.root(rx.select.trigger(id="audit-action", aria_label="Action"),
                           rx.select.content(rx.foreach(S.actions, lambda a: rx.select.item(a["label"],
                                                                                             value=a["value"]))),
                           value=S.action, on_change=S.filter_action),
            rx.text(S.total, " entries", size="2", color_scheme="gray"),
            spacing="3", align="center", wrap="wrap", margin_bottom="1em"),
        rx.cond(S.rows.length() == 0, empty_state("scroll-text", "Nothing on record", "No entry matches."),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("When", "Who", "Action", "Subject", "Detail")])),
                    rx.table.body(rx.foreach(S.rows, lambda r: rx.table.row(
                        rx.table.cell(r["at"]), rx.table.cell(r["who"]), rx.table.cell(r["action"]),
                        rx.table.cell(r["subject"]), rx.table.cell(r["detail"]), class_name="audit-row"))),
                    width="100%", id="audit-table")),
        pager(S.page, S.pages, S.goto),
    )
