"""/share/bookings: my parking bookings, both sides, as a calendar-like list by day (live)."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import card_entry, typed_elsewhere
from components.common import confirm_button, empty_state, form_label, page_header
from components.i18n import N_, t, tf
from components.shells import resident_shell
from state.resident.share_parking_bookings import ShareBookingsState as S


def _has(r, action: str):
    return r["actions"].contains(action)


def _card_form(r, handler, label, amount, what: str) -> rx.Component:
    card_id = f"{what}-card-" + r["id"]

    def pay() -> rx.Component:
        return rx.button(tf(label, amount=amount), type="submit", disabled=S.busy, id=f"{what}-pay-" + r["id"])

    return rx.form(rx.vstack(
        rx.el.input(type="hidden", name="booking", value=r["id"]),
        card_entry(rx.vstack(
            form_label(t("Card number"), html_for=card_id),
            rx.hstack(rx.input(id=card_id, name="card", placeholder="4242 4242 4242 4242", auto_complete="cc-number",
                               input_mode="numeric", max_length=23, required=True),
                      pay(), wrap="wrap", spacing="2", align="center"),
            spacing="1"),
            rx.vstack(typed_elsewhere(), pay(), spacing="1")),
        spacing="1"), on_submit=handler, reset_on_submit=True)


def _row(r) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(r["time"], weight="bold"), rx.link(r["place"], href="/share/parking/" + r["slot"], weight="bold"),
                  rx.spacer(), rx.badge(r["status_label"], color_scheme=r["color"]), width="100%", align="center", wrap="wrap"),
        rx.text(r["with"], size="2", color_scheme="gray"),
        rx.text(tf("Price {price} · deposit {deposit}", price=r["price"], deposit=r["deposit"]), size="2"),
        rx.cond(r["overstay"] != "", rx.text(tf("Overstay reported: {amount}", amount=r["overstay"]), size="2",
                                            color_scheme="orange")),
        rx.cond(r["payout"] != "", rx.cond(r["side"] == "owner", rx.text(
            tf("Paid out to you: {amount}", amount=r["payout"]), weight="bold", color_scheme="green",
            class_name="payout"))),
        rx.hstack(
            rx.cond(_has(r, "approve"), rx.button(t("Approve"), size="2", on_click=S.approve(r["id"]), disabled=S.busy)),
            rx.cond(_has(r, "decline"), confirm_button(
                rx.button(t("Decline"), size="2", variant="soft", color_scheme="gray", disabled=S.busy),
                t("Decline this booking?"), t("The neighbour's deposit goes back; it does not count as a cancellation."),
                t("Decline"), S.decline(r["id"]), color_scheme="red")),
            rx.cond(_has(r, "cancel"), confirm_button(
                rx.button(t("Cancel booking"), size="2", variant="soft", color_scheme="red", disabled=S.busy),
                t("Cancel this booking?"), r["cancel_rule"], t("Cancel booking"), S.cancel(r["id"]), color_scheme="red")),
            wrap="wrap", spacing="2"),
        rx.cond(_has(r, "pay_balance"), rx.vstack(
            rx.text(tf("The booking has ended: the balance of {amount} is due within 24 hours, or the deposit goes to the owner.",
                       amount=r["balance"]), size="2"),
            _card_form(r, S.pay_balance, N_("Pay the balance {amount}"), r["balance"], "balance"), spacing="1", width="100%")),
        rx.cond(_has(r, "pay_overstay"), rx.vstack(
            rx.text(tf("You owe {amount} for staying past the end.", amount=r["owed"]), size="2", color_scheme="orange"),
            _card_form(r, S.pay_overstay, N_("Pay {amount}"), r["owed"], "overstay"), spacing="1", width="100%")),
        rx.cond(_has(r, "report_overstay"), rx.form(rx.hstack(
            rx.el.input(type="hidden", name="booking", value=r["id"]),
            form_label(t("Extra hours the car stayed"), html_for="overstay-hours-" + r["id"]),
            rx.input(id="overstay-hours-" + r["id"], name="hours", type="number", min=1, max=24, default_value="1",
                     width="5em"),
            rx.button(t("Report overstay"), size="2", variant="soft", type="submit", disabled=S.busy),
            align="center", spacing="2", wrap="wrap"), on_submit=S.report_overstay, reset_on_submit=False)),
        spacing="2", width="100%"), width="100%", class_name="booking-row", id="booking-" + r["id"])


def _day(d) -> rx.Component:
    return rx.vstack(rx.heading(d.day, size="3", class_name="booking-day"),
                     rx.foreach(d.rows, _row), width="100%", spacing="2")


@area_page("/share/bookings", "My bookings · Sharing · Community Hub", "resident", S.load)
def share_bookings() -> rx.Component:
    return resident_shell(
        rx.link(t("← Sharing"), href="/share", size="2"),
        page_header(t("My bookings"), t("Slots you rent and bookings of your slots, by day."), error=S.error,
                    notice=S.notice),
        rx.cond(S.days.length() == 0,
                rx.cond(S.loaded, empty_state("calendar-days", t("No bookings yet"),
                                              t("Book a neighbour's slot, or share yours, and the bookings show here."))),
                rx.vstack(rx.foreach(S.days, _day), width="100%", spacing="4")),
        rx.link(t("Find a parking slot"), href="/share/parking"),
    )
