"""Residents: report a repair with photos, follow their repairs; one repair opened (shared with staff and
the assigned worker, each seeing the moves they may make)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, error_callout, form_label, notice_callout, page_title
from components.household_card import household_card
from components.i18n import t, tf
from components.property_repairs import photo_picker, photo_strip, status_badge, timeline
from components.shells import member_shell, resident_shell
from state.property.repair_detail import DONE_UPLOAD_ID
from state.property.repair_detail import RepairDetailState as D
from state.resident.household import HouseholdState
from state.resident.repairs import UPLOAD_ID
from state.resident.repairs import ResidentRepairsState as S
from state.shared.session import SessionState


def _label(text, html_for: str) -> rx.Component:
    return form_label(text, html_for=html_for)


def _report_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Report a repair"), size="4"),
            _label(t("What kind of repair"), "repair-category"),
            rx.select.root(
                rx.select.trigger(placeholder=t("Choose a category"), id="repair-category", width="100%"),
                rx.select.content(rx.foreach(S.categories, lambda c: rx.select.item(c["name"], value=c["id"]))),
                value=S.category_id, on_change=S.set_category_id,
            ),
            _label(t("Where is it"), "repair-location"),
            rx.input(id="repair-location", value=S.location, on_change=S.set_location,
                     placeholder=t("Kitchen sink"), width="100%"),
            _label(t("What is wrong"), "repair-description"),
            rx.text_area(id="repair-description", value=S.description, on_change=S.set_description, rows="3",
                         width="100%"),
            _label(t("When can someone come (optional)"), "repair-time"),
            rx.input(id="repair-time", value=S.preferred_time, on_change=S.set_preferred_time,
                     placeholder=t("Weekdays after 17:00"), width="100%"),
            photo_picker(UPLOAD_ID),
            error_callout(S.error),
            rx.button(rx.cond(S.busy, rx.spinner(size="2"), rx.fragment()), t("Send report"), size="3", width="100%",
                      disabled=S.busy, id="repair-submit",
                      on_click=S.report(rx.upload_files(upload_id=UPLOAD_ID))),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _row(row: dict) -> rx.Component:
    return rx.link(
        rx.card(rx.hstack(
            rx.vstack(
                rx.hstack(rx.text("#", row["id"], " ", row["category"], weight="bold"), status_badge(row["status"], row["label"]),
                          spacing="2", align="center"),
                rx.text(row["location"], tf(" · reported {when}", when=row["created"]), size="1", color_scheme="gray"),
                rx.cond(row["worker"] != "", rx.text(t("Worker: "), row["worker"], size="1")),
                spacing="1"),
            rx.spacer(), rx.icon("chevron-right"), align="center", width="100%")),
        href="/repairs/" + row["id"], underline="none", color="inherit", width="100%", class_name="repair-row",
    )


@area_page("/repairs", "Repairs · Community Hub", "resident", S.load, HouseholdState.load)
def resident_repairs() -> rx.Component:
    return resident_shell(
        page_title(t("Repairs"), t("Report a problem at home and follow it until it is fixed.")),
        notice_callout(S.notice),
        household_card(only_without=True),
        _report_form(),
        rx.heading(t("Your repairs"), size="4", margin_top="1em"),
        rx.cond(S.rows.length() == 0,
                empty_state("wrench", t("No repairs yet"), t("Anything broken? Report it above.")),
                rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%", id="repairs-list")),
    )


def _detail() -> rx.Component:
    moves = D.moves
    return rx.vstack(
        rx.hstack(rx.heading(tf("Repair #{id}: {category}", id=D.wo_id, category=D.category), size="6"),
                  status_badge(D.status, D.status_text), align="center", spacing="3", wrap="wrap", id="wo-head"),
        rx.text(D.home, " · ", D.location, size="2"),
        rx.text(D.description),
        rx.cond(D.preferred_time != "", rx.text(t("Preferred time: "), D.preferred_time, size="2")),
        rx.hstack(rx.text(tf("Due by {when}", when=D.due), size="2"),
                  rx.cond(D.overdue, rx.badge(t("overdue"), color_scheme="red")),
                  rx.cond(D.visits > 1, rx.badge(tf("visit {n}", n=D.visits))), spacing="2"),
        rx.cond(D.worker != "", rx.text(t("Worker: "), D.worker, size="2")),
        rx.cond(D.rating != "", rx.text(tf("Rated {rating} of 5", rating=D.rating), size="2", id="wo-rating")),
        photo_strip(D.photos),
        error_callout(D.error),
        notice_callout(D.notice),
        rx.cond(moves.length() > 0, rx.card(rx.vstack(
            rx.heading(t("What next"), size="3"),
            rx.text_area(placeholder=t("A note (optional; say what is still wrong to reopen)"), value=D.note,
                         on_change=D.set_note, id="wo-note", width="100%"),
            rx.cond(moves.contains("dispatched"), rx.hstack(
                rx.select.root(rx.select.trigger(placeholder=t("Choose a worker"), id="wo-worker"),
                               rx.select.content(rx.foreach(D.workers, lambda w: rx.select.item(w["name"], value=w["id"]))),
                               value=D.worker_id, on_change=D.set_worker_id),
                rx.button(t("Dispatch"), on_click=D.dispatch, id="wo-dispatch"), spacing="2")),
            rx.cond(moves.contains("done"), rx.vstack(
                rx.box(photo_picker(DONE_UPLOAD_ID, t("Photos of the finished work")), width="100%"),
                rx.button(rx.cond(D.busy, rx.spinner(size="2"), rx.fragment()), t("Mark done"), color_scheme="green",
                          disabled=D.busy, id="wo-done",
                          on_click=D.finish(rx.upload_files(upload_id=DONE_UPLOAD_ID))),
                width="100%", spacing="2")),
            rx.cond(moves.contains("confirmed"), rx.hstack(
                rx.text(t("Happy with it? Rate it:"), size="2"),
                rx.select(["5", "4", "3", "2", "1"], value=D.stars, on_change=D.set_stars, id="wo-stars"),
                rx.button(t("Confirm repair"), color_scheme="green", on_click=D.confirm, id="wo-confirm"),
                align="center", spacing="2", wrap="wrap")),
            rx.hstack(
                rx.cond(moves.contains("accepted"), rx.button(t("Accept job"), on_click=D.move("accepted"), id="wo-accept")),
                rx.cond(moves.contains("on_the_way"), rx.button(t("On my way"), on_click=D.move("on_the_way"), id="wo-on-the-way")),
                rx.cond(moves.contains("in_progress"), rx.button(t("Start work"), on_click=D.move("in_progress"), id="wo-start")),
                rx.cond(moves.contains("triaged"), rx.button(
                    rx.cond(D.status == "reported", t("Triage"), t("Send back")), variant="soft", on_click=D.move("triaged"),
                    id="wo-triage")),
                rx.cond(moves.contains("reopened"), rx.button(t("Not fixed: reopen"), variant="soft", color_scheme="orange",
                                                              on_click=D.move("reopened"), id="wo-reopen")),
                rx.cond(moves.contains("cancelled"), rx.button(t("Cancel request"), variant="soft", color_scheme="red",
                                                               on_click=D.move("cancelled"), id="wo-cancel")),
                spacing="2", wrap="wrap"),
            spacing="3", width="100%"), width="100%")),
        rx.heading(t("Timeline"), size="4", margin_top="0.5em"),
        timeline(D.timeline),
        spacing="3", width="100%",
    )


def _back() -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=16), rx.text(t("Back")), align="center"), href=rx.cond(
        SessionState.roles.contains("property_staff"), "/property/workorders",
        rx.cond(SessionState.roles.contains("resident"), "/repairs", "/worker")))


@area_page("/repairs/[repair_id]", "Repair · Community Hub", "member", D.load)
def repair_detail() -> rx.Component:
    def body():
        # No on_unmount to end the live watch: the body is drawn in both shells below, and the swap
        # when the roles arrive after a full page load would unmount one copy and end the watch at
        # once. The watch ends on its own when the path changes or the page loads again.
        return rx.vstack(_back(), rx.cond(D.status != "", _detail(), error_callout(D.error)), spacing="3",
                         width="100%")

    # Residents keep their own navigation; staff and workers get the shared member menu.
    return member_shell(body())  # a resident keeps the resident shell; a worker gets the small menu
