"""Staff: polls — open one, live results with turnout and quorum, close early."""

import reflex as rx

from components.area_page import area_page
from components.choice_select import choice_select as _choice
from components.common import empty_state, error_callout, notice_callout, page_title
from components.i18n import N_, t, tf
from components.property_polls import percent_bar
from components.shells import property_shell
from state.property.polls import PropertyPollsState as S

_KINDS = {"single": N_("single"), "multiple": N_("multiple")}
_SCOPES = {"household": N_("household"), "resident": N_("resident")}
_VISIBILITY = {"after_vote": N_("after voting"), "after_close": N_("after the poll closes")}


def _poll(p: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(p["question"], size="4"), rx.spacer(),
                  rx.badge(rx.cond(p["open"] != "", t("open"), t("closed")), color_scheme=rx.cond(p["open"] != "", "green", "gray")),
                  rx.cond(p["open"] != "", rx.button(t("Close now"), size="1", variant="soft", color_scheme="red",
                                                     on_click=S.close_poll(p["id"]))),
                  width="100%", align="center"),
        rx.text(tf("{kind} choice · one vote per {scope} · results {visibility} · closes {closes}", kind=p["kind"],
                   scope=p["scope"], visibility=p["visibility"], closes=p["closes"]),
                size="1", color_scheme="gray"),
        rx.foreach(S.options[p["id"]], lambda o: rx.vstack(
            rx.hstack(rx.text(o["label"], size="2"), rx.spacer(), rx.text(o["votes"], " · ", o["percent"], "%", size="2"),
                      width="100%"),
            percent_bar(o["percent"]), spacing="1", width="100%")),
        rx.text(tf("Turnout {turnout} · quorum {quorum}", turnout=p["turnout"], quorum=p["quorum"]), size="2", class_name="poll-turnout"),
        spacing="2", width="100%"), width="100%", class_name="poll-card")


def _form() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(t("New poll")),
        rx.form(rx.vstack(
            rx.input(name="question", placeholder=t("Question"), width="100%", id="poll-question"),
            rx.text_area(name="description", placeholder=t("More detail (optional)"), rows="2", width="100%"),
            rx.text(t("Options, one per line"), size="2", weight="medium"),
            rx.text_area(name="options", rows="4", width="100%", id="poll-options"),
            rx.grid(
                rx.vstack(rx.text(t("Choice"), size="2"), _choice(["single", "multiple"], _KINDS, t("Choice"), name="kind",
                                                                   default_value="single")),
                rx.vstack(rx.text(t("Most choices (multiple)"), size="2"), rx.input(name="max_choices", placeholder=t("all"))),
                rx.vstack(rx.text(t("One vote per"), size="2"),
                          _choice(["household", "resident"], _SCOPES, t("One vote per"), name="scope", default_value="household")),
                rx.vstack(rx.text(t("Residents see results"), size="2"),
                          _choice(["after_vote", "after_close"], _VISIBILITY, t("Residents see results"), name="visibility",
                                  default_value="after_vote")),
                rx.vstack(rx.text(t("Quorum %"), size="2"), rx.input(name="quorum", default_value="0")),
                rx.vstack(rx.text(t("Closes (local time)"), size="2"), rx.input(type="datetime-local", name="closes_at",
                                                                       id="poll-closes")),
                columns="2", spacing="3", width="100%"),
            error_callout(S.form_error),
            rx.hstack(rx.button(t("Cancel"), type="button", variant="soft", on_click=S.close_form),
                      rx.button(t("Open poll"), type="submit", id="poll-create"), justify="end", width="100%"),
            spacing="2", width="100%"), on_submit=S.create),
        max_width="600px"), open=S.form_open, on_open_change=lambda _o: S.close_form)


@area_page("/property/polls", "Polls · Property · Community Hub", "property", S.load)
def property_polls() -> rx.Component:
    return property_shell(
        rx.hstack(page_title(t("Polls"), t("Results here are always live; residents see them by each poll's rule.")),
                  rx.spacer(), rx.button(rx.icon("refresh-cw", size=14), t("Refresh"), variant="ghost", on_click=S.refresh),
                  rx.button(rx.icon("plus", size=16), t("New poll"), on_click=S.open_form, id="new-poll"),
                  width="100%", align="start"),
        error_callout(S.error),
        notice_callout(S.notice),
        rx.cond(S.rows.length() == 0, empty_state("vote", t("No polls yet"), t("Ask the community a question.")),
                rx.vstack(rx.foreach(S.rows, _poll), spacing="2", width="100%", id="staff-polls")),
        _form(),
    )
