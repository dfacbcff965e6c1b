"""Admin: customer-service cover applications (review) and the service queue (customer service)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import N_, t, tf
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.service_desk import AdminCoverState as C
from state.admin.service_desk import AdminServiceQueueState as Q
from state.shared.back_office import AdminPermission

STATUS = [("applied", N_("Waiting for a decision")), ("approved", N_("Approved, not paid yet")),
          ("active", N_("Covered")), ("rejected", N_("Not approved"))]


def _decision(r: dict) -> rx.Component:
    return rx.cond(
        r["status"] == "applied",
        rx.cond(
            C.rejecting_id == r["id"],
            rx.vstack(form_label(t("Why not (the shop reads this)"), html_for="cover-reason"),
                      rx.input(id="cover-reason", value=C.reason, on_change=C.set_reason, max_length=300),
                      rx.hstack(rx.button(t("Reject"), color_scheme="red", size="1", on_click=C.reject,
                                          disabled=C.busy),
                                rx.button(t("Cancel"), variant="soft", size="1", on_click=C.start_reject(""))),
                      spacing="1"),
            rx.hstack(rx.button(t("Approve"), size="1", on_click=C.approve(r["id"]), disabled=C.busy,
                                aria_label=tf("Approve {shop}", shop=r["shop"])),
                      rx.button(t("Reject"), size="1", variant="soft", color_scheme="red",
                                on_click=C.start_reject(r["id"]), aria_label=tf("Reject {shop}", shop=r["shop"]))),
        ),
        rx.text(r["reason"], size="1"),
    )


def _cover_row(r: dict) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(r["shop"]),
        rx.table.cell(rx.match(r["status"], *[(c, t(w)) for c, w in STATUS], r["status"]),
                      rx.cond(r["until"] != "", rx.text(tf("until {until}", until=r["until"]), size="1"))),
        rx.table.cell(r["applied"]), rx.table.cell(r["note"]), rx.table.cell(r["fee"]), rx.table.cell(_decision(r)),
    )


@area_page("/admin/service-cover", "Customer-service cover · Admin · Community Hub", "admin", C.load,
           permission=AdminPermission.REVIEW)
def admin_service_cover() -> rx.Component:
    return admin_shell(
        page_header(t("Customer-service cover"), t("Shops that asked the platform to answer their customers. An "
                                                   "approved shop pays each month; while paid, its customers' questions "
                                                   "go to the service queue."), error=C.error, notice=C.notice),
        table_or_empty(C.rows, empty_state("headset", t("No requests"), t("Shops ask on their Customer service page.")),
                       (t("Shop"), t("Status"), t("Asked"), t("Note"), t("Monthly fee"), ""), _cover_row,
                       id="cover-requests"),
    )


def _question(q: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(rx.text.strong(q["shop"]), " · ", q["asker"], " · ", q["at"], size="1", color_scheme="gray"),
        rx.text(q["text"]),
        rx.cond(
            q["answer"] != "",
            rx.text(rx.text.strong(t("Answered: ")), q["answer"], size="2"),
            rx.cond(
                Q.answering_id == q["id"],
                rx.vstack(form_label(t("Your answer"), html_for="queue-answer"),
                          rx.text_area(id="queue-answer", value=Q.answer_text, on_change=Q.set_answer_text,
                                       max_length=1000, width="100%"),
                          rx.button(t("Send answer"), on_click=Q.send_answer, disabled=Q.busy), width="100%"),
                rx.button(t("Answer"), size="1", variant="soft", on_click=Q.start_answer(q["id"]),
                          aria_label=tf("Answer {name}", name=q["asker"])),
            ),
        ),
        spacing="1", width="100%"), width="100%")


@area_page("/admin/service-queue", "Service queue · Admin · Community Hub", "admin", Q.load,
           permission=AdminPermission.CUSTOMER_SERVICE)
def admin_service_queue() -> rx.Component:
    return admin_shell(
        page_header(t("Service queue"), t("Questions residents asked shops the platform answers for (their "
                                          "customer-service cover is paid). The oldest unanswered come first."),
                    error=Q.error, notice=Q.notice),
        rx.cond(Q.rows.length() == 0,
                empty_state("headset", t("Nothing to answer"), t("Questions to covered shops arrive here.")),
                rx.vstack(rx.foreach(Q.rows, _question), width="100%", id="service-queue")),
    )
