"""Admin: referral agents — review applications with their files, suspend and reinstate agents,
correct who referred a member."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, empty_state, form_label, page_header
from components.dialogs import state_dialog
from components.i18n import pt, t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.agents import AdminAgentsState as St
from state.shared.back_office import AdminPermission


def _application_row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["region"]), rx.table.cell(row["files"]),
        rx.table.cell(rx.badge(row["state_label"])), rx.table.cell(row["sent"]),
        rx.table.cell(rx.button(t("Review"), size="1", variant="soft", id="review-" + row["id"],
                                aria_label=tf("Review the application of {name}", name=row["name"]),
                                on_click=St.open(row["id"]))),
        class_name="agent-application", id="application-" + row["id"],
    )


def _kv(label, key: str) -> rx.Component:
    return rx.hstack(rx.text(label, size="2", color_scheme="gray", min_width="9em"),
                     rx.text(St.detail[key], size="2"))


def _file(f: dict) -> rx.Component:
    return rx.hstack(rx.icon(rx.cond(f["type"] == "application/pdf", "file-text", "image"), size=14),
                     rx.text(f["name"], size="2"), rx.text(f["at"], size="1", color_scheme="gray"),
                     rx.button(t("Download"), size="1", variant="soft", on_click=St.download(f["id"]),
                               aria_label=tf("Download {name}", name=f["name"])),
                     align="center", class_name="application-file")


def _review_dialog() -> rx.Component:
    decide = rx.cond(St.detail["state"] == "submitted", rx.hstack(
        rx.button(t("Ask for more"), variant="soft", id="ask-more", on_click=St.ask_more, disabled=St.busy),
        rx.button(pt("application", "Reject"), color_scheme="red", variant="soft", id="reject", on_click=St.reject,
                  disabled=St.busy),
        rx.button(t("Approve"), color_scheme="green", id="approve", on_click=St.approve, disabled=St.busy)))
    return state_dialog(
        (t("Agent application: "), St.detail["name"]),
        rx.vstack(
            _kv(t("Mobile"), "mobile"), _kv(t("Identity"), "identity"), _kv(t("Region"), "region"),
            _kv(t("Sent"), "sent"), _kv(t("State"), "state_label"),
            rx.cond(St.detail["reason"] != "", _kv(t("Last reason"), "reason")),
            rx.heading(t("Qualification files"), size="3"),
            rx.cond(St.files.length() == 0, rx.text(t("No files."), size="2", color_scheme="gray"),
                    rx.vstack(rx.foreach(St.files, _file), spacing="1", id="application-files")),
            rx.cond(St.detail["state"] == "submitted", rx.vstack(
                form_label(t("Reason (needed to ask for more or to reject; the applicant reads it)"),
                           html_for="decision-reason"),
                rx.text_area(id="decision-reason", value=St.reason, on_change=St.set_reason, max_length=300,
                             width="100%"),
                spacing="1", width="100%")),
            rx.cond(St.error != "", rx.callout(St.error, icon="triangle_alert", color_scheme="red", role="alert",
                                               width="100%")),
            spacing="2", width="100%"),
        is_open=St.open_id != 0, on_cancel=St.close, action=decide, cancel_label=t("Close"), max_width="640px")


def _queue() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Applications"), size="5"),
        rx.hstack(rx.foreach(St.filters, lambda f: rx.button(
            f["label"], size="1", id="filter-" + f["value"], on_click=St.set_filter(f["value"]),
            variant=rx.cond(St.filter == f["value"], "solid", "soft"))), wrap="wrap"),
        table_or_empty(St.rows, empty_state("inbox", t("Nothing here"), t("Applications in this state appear here.")),
                       [t("Name"), t("Region"), t("Files"), t("State"), t("Sent"), ""], _application_row,
                       id="applications-table"),
        spacing="3", width="100%")


def _agent_row(row: dict) -> rx.Component:
    action = rx.cond(
        row["status"] == "active",
        rx.button(t("Suspend"), size="1", color_scheme="red", variant="soft", id="suspend-" + row["id"],
                  aria_label=tf("Suspend {name}", name=row["name"]), on_click=St.ask_suspend(row["id"])),
        confirm_button(rx.button(t("Reinstate"), size="1", variant="soft", id="reinstate-" + row["id"],
                                 aria_label=tf("Reinstate {name}", name=row["name"])),
                       t("Reinstate this agent?"), t("They earn commission again on sales from now on."),
                       t("Reinstate"), St.reinstate(row["id"])))
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["region"]),
        rx.table.cell(rx.badge(row["status_label"], color_scheme=rx.cond(row["status"] == "active", "green", "red"))),
        rx.table.cell(row["reason"]), rx.table.cell(row["account"]), rx.table.cell(action),
        class_name="agent-row", id="agent-" + row["id"],
    )


def _agents() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Agents"), size="5"),
        rx.text(t("A suspended agent earns nothing new and is not paid out; their level of a sale is skipped, "
                  "not given to anyone else."), size="2", color_scheme="gray"),
        table_or_empty(St.agent_rows, rx.text(t("No agents yet."), size="2", color_scheme="gray"),
                       [t("Name"), t("Region"), t("Status"), t("Reason"), t("Payout account"), ""], _agent_row,
                       id="agents-table"),
        spacing="3", width="100%")


def _suspend_dialog() -> rx.Component:
    return state_dialog(
        (t("Suspend "), St.suspend_name),
        rx.vstack(
            form_label(t("Why (kept in the audit log and shown to the agent)"), html_for="suspend-reason"),
            rx.text_area(id="suspend-reason", value=St.suspend_reason, on_change=St.set_suspend_reason,
                         max_length=300, width="100%"),
            rx.cond(St.error != "", rx.callout(St.error, icon="triangle_alert", color_scheme="red", role="alert",
                                               width="100%")),
            spacing="1", width="100%"),
        is_open=St.suspend_id != 0, on_cancel=St.cancel_suspend,
        action=rx.button(t("Suspend"), color_scheme="red", id="suspend-confirm", on_click=St.suspend,
                         disabled=St.busy))


def _labelled(label, id_: str, value, on_change, **props) -> rx.Component:
    return rx.vstack(form_label(label, html_for=id_),
                     rx.input(id=id_, value=value, on_change=on_change, width="100%", **props),
                     spacing="1", width="100%")


def _correction() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Correct a referrer"), size="5"),
        rx.text(t("Who referred a member is set at sign-up for good; correct it only with a reason (audited). "
                  "Nobody can be their own referrer, and the chain cannot go round."), size="2",
                color_scheme="gray"),
        rx.hstack(_labelled(t("Member (email or mobile)"), "correct-member", St.member_login, St.set_member_login,
                            max_length=254),
                  rx.button(t("Look up"), variant="soft", on_click=St.look_up_member, disabled=St.busy,
                            id="look-up-member"),
                  align="end", width="100%"),
        rx.cond(St.found_binding != "", rx.text(St.found_binding, size="2", id="found-binding")),
        _labelled(t("New referrer (email or mobile; empty for nobody)"), "correct-referrer", St.referrer_login,
                  St.set_referrer_login, max_length=254),
        _labelled(t("Reason for the correction"), "correct-reason", St.correction_reason,
                  St.set_correction_reason, max_length=200),
        confirm_button(rx.button(t("Correct referrer"), id="correct-referrer-button", disabled=St.busy),
                       t("Correct the referrer?"),
                       t("Commission on the member's orders from now on goes up the new chain; lines already "
                         "posted stay as they are."),
                       t("Yes, correct"), St.correct_referrer),
        spacing="3", width="100%"), max_width="720px", width="100%")


@area_page("/admin/agents", "Agents · Community Hub", "admin", St.load, permission=AdminPermission.REVIEW)
def admin_agents() -> rx.Component:
    return admin_shell(
        page_header(t("Agents"), t("Applications, agents and referral corrections."), error=St.error,
                    notice=St.notice),
        rx.vstack(_queue(), _agents(), _correction(), spacing="6", width="100%"),
        _review_dialog(),
        _suspend_dialog(),
    )
