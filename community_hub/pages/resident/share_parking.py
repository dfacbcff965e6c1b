"""/share/parking (the slots I may see, my own) and /share/parking/new (share a slot)."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.i18n import N_, t, tf
from components.shells import resident_shell
from state.resident.share_parking import ShareParkingState as S
from state.resident.share_parking_new import ShareSlotNewState as N

SELECT_STYLE = {"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"}
DAYS = [("0", N_("Every Monday")), ("1", N_("Every Tuesday")), ("2", N_("Every Wednesday")), ("3", N_("Every Thursday")),
        ("4", N_("Every Friday")), ("5", N_("Every Saturday")), ("6", N_("Every Sunday")), ("date", N_("On a date"))]


def slot_card(s) -> rx.Component:
    return rx.link(rx.card(rx.vstack(
        rx.hstack(rx.icon("car", size=18), rx.text(s["place"], weight="bold", size="4"), rx.spacer(),
                  rx.text(s["price"], weight="bold"), width="100%", align="center"),
        rx.text(s["windows"], size="2"),
        rx.hstack(rx.cond(s["owner"] != "", rx.text(s["owner"], size="1", color_scheme="gray")),
                  rx.badge(tf("Deposit {share}", share=s["deposit"])), rx.badge(s["hours"], color_scheme="gray"),
                  rx.cond(s["approval_code"] == "owner", rx.badge(t("Owner approves"), color_scheme="orange")),
                  rx.cond(s["cancellations"] != "0",
                          rx.badge(tf("Owner cancelled {n} times", n=s["cancellations"]), color_scheme="red")),
                  rx.cond(s["active"] == "", rx.badge(t("Not shared now"), color_scheme="gray")),
                  wrap="wrap", spacing="2"),
        spacing="1", width="100%"), width="100%"), href="/share/parking/" + s["id"], underline="none", width="100%",
        class_name="slot-card")


@area_page("/share/parking", "Parking slots · Sharing · Community Hub", "resident", S.load)
def share_parking() -> rx.Component:
    return resident_shell(
        rx.link(t("← Sharing"), href="/share", size="2"),
        page_header(t("Parking slots"), t("Neighbours' idle slots, rented by the hour."), error=S.error,
                    action=rx.link(rx.button(rx.icon("plus", size=16), t("Share your slot")), href="/share/parking/new")),
        rx.link(t("My bookings"), href="/share/bookings"),
        rx.cond(S.slots.length() == 0,
                rx.cond(S.loaded, empty_state("car", t("No slots shared with you yet"),
                                              t("When neighbours share a slot with the community, or with you as a friend, it shows here."))),
                rx.vstack(rx.foreach(S.slots, slot_card), width="100%", spacing="2", id="slots")),
        rx.cond(S.mine.length() > 0, rx.vstack(
            rx.heading(t("Your slots"), size="4"), rx.foreach(S.mine, slot_card), width="100%", spacing="2",
            margin_top="1em", id="my-slots")),
    )


def _labelled(label: str, name: str, **props) -> rx.Component:
    return rx.vstack(form_label(t(label), html_for=f"slot-{name}"),
                     rx.input(id=f"slot-{name}", name=name, width="100%", **props), spacing="1", width="100%")


def _window(w, i) -> rx.Component:
    return rx.hstack(rx.text(w["text"], size="2"), rx.spacer(),
                     rx.button(t("Remove"), size="1", variant="ghost", type="button", on_click=N.remove_window(i),
                               aria_label=tf("Remove the window {when}", when=w["text"])),
                     width="100%", align="center", class_name="slot-window")


def _windows() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("When it is free"), size="3"),
        rx.text(t("Add each time the slot is free: a weekday every week, or a date. A window ends by midnight."),
                size="2", color_scheme="gray"),
        rx.cond(N.windows.length() == 0, rx.text(t("No free times yet."), size="2", color_scheme="gray"),
                rx.vstack(rx.foreach(N.windows, _window), width="100%", spacing="1")),
        rx.form(rx.hstack(
            rx.vstack(form_label(t("Day"), html_for="window-kind"),
                      rx.el.select(*[rx.el.option(t(label), value=v) for v, label in DAYS], id="window-kind", name="kind",
                                   value=N.window_kind, on_change=N.set_window_kind, style=SELECT_STYLE), spacing="1"),
            rx.cond(N.window_kind == "date", rx.vstack(form_label(t("Date"), html_for="window-day"),
                                                       rx.input(type="date", id="window-day", name="day", required=True),
                                                       spacing="1")),
            rx.vstack(form_label(t("From"), html_for="window-start"),
                      rx.input(type="time", id="window-start", name="start", required=True), spacing="1"),
            rx.vstack(form_label(t("Until"), html_for="window-end"),
                      rx.input(type="time", id="window-end", name="end", required=True), spacing="1"),
            rx.button(t("Add free time"), type="submit", variant="soft", disabled=N.busy),
            wrap="wrap", align="end", spacing="3"), on_submit=N.add_window, reset_on_submit=False),
        spacing="2", width="100%"), width="100%")


@area_page("/share/parking/new", "Share a parking slot · Community Hub", "resident", N.load)
def share_parking_new() -> rx.Component:
    return resident_shell(
        rx.link(t("← Parking slots"), href="/share/parking", size="2"),
        page_header(t("Share your parking slot"), t("Neighbours book it by the hour and pay a deposit through the platform."),
                    error=N.error, notice=N.notice),
        _windows(),
        rx.form(rx.vstack(
            _labelled(N_("Where in the car park"), "place", placeholder=t("e.g. B2-17"), max_length=80, required=True),
            rx.vstack(form_label(t("Note (optional)"), html_for="slot-note"),
                      rx.text_area(id="slot-note", name="note", max_length=500, width="100%"), spacing="1", width="100%"),
            rx.hstack(_labelled(N_("Price per hour ($)"), "hourly_price", placeholder="2.00", input_mode="decimal", required=True),
                      _labelled(N_("Deposit (% of the price)"), "deposit", default_value="25", input_mode="decimal", required=True),
                      width="100%", spacing="3"),
            rx.hstack(_labelled(N_("Shortest booking (hours)"), "min_hours", default_value="1", type="number", min=1, max=24),
                      _labelled(N_("Longest booking (hours)"), "max_hours", default_value="8", type="number", min=1, max=24),
                      width="100%", spacing="3"),
            rx.vstack(form_label(t("Bookings"), html_for="slot-approval"),
                      rx.el.select(rx.el.option(t("Booked at once"), value="instant"),
                                   rx.el.option(t("I approve each booking"), value="owner"),
                                   id="slot-approval", name="approval", style=SELECT_STYLE), spacing="1"),
            rx.vstack(form_label(t("Who sees it"), html_for="slot-audience"),
                      rx.el.select(rx.el.option(t("The whole community"), value="community"),
                                   rx.el.option(t("All friends"), value="friends"),
                                   rx.el.option(t("Chosen circles"), value="circles"),
                                   id="slot-audience", name="audience", value=N.audience, on_change=N.set_audience, style=SELECT_STYLE),
                      spacing="1"),
            rx.cond(N.audience == "circles", rx.cond(
                N.circles.length() == 0,
                rx.callout(t("You have no circles yet: make them on the friends page."), icon="info", width="100%"),
                rx.hstack(rx.foreach(N.circles, lambda c: rx.el.label(
                    rx.el.input(type="checkbox", name="circle-" + c["id"]), " ", c["name"],
                    style={"display": "flex", "gap": "0.3em", "align_items": "center"})), wrap="wrap", spacing="3"))),
            rx.text(t("Blocked neighbours never see it. You can add a photo once it is shared."), size="1",
                    color_scheme="gray"),
            rx.button(t("Share the slot"), type="submit", size="3", disabled=N.busy, id="slot-submit"),
            spacing="3", width="100%"), on_submit=N.post, reset_on_submit=False),
    )
