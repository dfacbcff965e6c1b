"""Maintenance workers: the jobs dispatched to them; each opens the shared repair page to update it."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t
from components.shells import member_shell
from state.property.worker import WorkerOrdersState as S


def _card(row: dict) -> rx.Component:
    return rx.link(
        rx.card(rx.vstack(
            rx.hstack(rx.text("#", row["id"], " ", row["category"], weight="bold"), rx.badge(row["label"]),
                      rx.cond(row["overdue"] != "", rx.badge(t("overdue"), color_scheme="red")), spacing="2"),
            rx.text(row["home"], " · ", row["location"], size="2"),
            rx.cond(row["resident"] != "", rx.text(t("Resident: "), row["resident"],
                                                   rx.cond(row["phone"] != "", rx.text.span(" · ", row["phone"])),
                                                   size="2", class_name="worker-contact")),
            rx.text(row["description"], size="2", color_scheme="gray"),
            rx.cond(row["preferred"] != "", rx.text(t("Preferred time: "), row["preferred"], size="1")),
            rx.text(t("Due by "), row["due"], size="1"),
            spacing="1")),
        href="/repairs/" + row["id"], underline="none", color="inherit", width="100%", class_name="worker-job",
    )


@area_page("/worker", "My jobs · Community Hub", "member", S.load)
def worker_jobs() -> rx.Component:
    return member_shell(
        page_header(t("My jobs"), t("Work orders dispatched to you, soonest due first."), error=S.error),
        rx.cond(S.rows.length() == 0,
                empty_state("wrench", t("No jobs right now"), t("When the office sends you a repair, it appears here.")),
                rx.vstack(rx.foreach(S.rows, _card), spacing="2", width="100%", id="worker-jobs")),
    )
