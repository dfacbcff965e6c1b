"""/share/parking/[slot_id]: one shared slot — book a time and pay the deposit; the owner's photo
and withdrawal."""

import reflex as rx

from components.area_page import area_page
from components.card_entry import demo_card_number
from components.common import confirm_button, form_label, page_header
from components.file_picker import labelled_upload
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.share_parking_slot import ShareSlotState as S

UPLOAD_ID = "slot-photo-upload"


def _facts() -> rx.Component:
    s = S.slot
    return rx.card(rx.vstack(
        rx.cond(S.photo != "", rx.image(src=S.photo, alt=tf("Photo of the slot {place}", place=s["place"]),
                                        max_height="16em", border_radius="8px")),
        rx.hstack(rx.text(s["price"], weight="bold", size="5", id="slot-price"), rx.spacer(),
                  rx.text(tf("Shared by {name}", name=s["owner"]), size="2", color_scheme="gray"), width="100%"),
        rx.text(tf("Free: {windows}", windows=s["windows"]), size="2", id="slot-windows"),
        rx.hstack(rx.badge(tf("Deposit {share} of the price", share=s["deposit"])), rx.badge(s["hours"], color_scheme="gray"),
                  rx.badge(s["approval"], color_scheme="orange"), rx.badge(s["audience"], color_scheme="gray"),
                  wrap="wrap", spacing="2"),
        rx.text(tf("The owner cancelled {n} bookings.", n=s["cancellations"]), size="2",
                color_scheme=rx.cond(s["cancellations"] != "0", "red", "gray"), id="owner-cancellations"),
        rx.cond(s["note"] != "", rx.text(s["note"], size="2")),
        rx.cond(S.taken.length() > 0, rx.vstack(
            rx.text(t("Already booked:"), size="2", weight="medium"),
            rx.foreach(S.taken, lambda w: rx.text(w, size="2", color_scheme="gray")), spacing="0")),
        spacing="2", width="100%"), width="100%")


def _book() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Book a time"), size="4"),
        rx.form(rx.hstack(
            rx.vstack(form_label(t("Day"), html_for="book-day"),
                      rx.input(type="date", id="book-day", name="day", min=S.today, value=S.day, on_change=S.set_day,
                               required=True), spacing="1"),
            rx.vstack(form_label(t("Start"), html_for="book-start"),
                      rx.input(type="time", id="book-start", name="start", step=3600, value=S.start,
                               on_change=S.set_start, required=True), spacing="1"),
            rx.vstack(form_label(t("Hours"), html_for="book-hours"),
                      rx.input(type="number", id="book-hours", name="hours", min=1, max=24, value=S.hours,
                               on_change=S.set_hours, required=True, width="6em"), spacing="1"),
            rx.button(t("See the price"), type="submit", variant="soft", disabled=S.busy),
            wrap="wrap", align="end", spacing="3"), on_submit=S.check, reset_on_submit=False),
        rx.cond(S.has_quote, rx.vstack(
            rx.text(S.quote["when"], weight="bold", id="quote-when"),
            rx.text(tf("{hours} hours: {price} in all", hours=S.quote["hours"], price=S.quote["price"]), id="quote-price"),
            rx.text(tf("Deposit now: {deposit}. After the end: {balance}.", deposit=S.quote["deposit"],
                       balance=S.quote["balance"]), id="quote-deposit"),
            rx.text(t("The platform holds the deposit. Cancel more than 2 hours before the start and it comes back; "
                      "later, it is kept for the owner."), size="1", color_scheme="gray"),
            demo_card_number("book-card", S.card, S.set_card),
            rx.hstack(
                confirm_button(rx.button(tf("Pay the deposit {amount}", amount=S.quote["deposit"]), disabled=S.busy,
                                         id="pay-deposit"),
                               t("Pay the deposit?"),
                               tf("{deposit} is charged now and held by the platform; {balance} is due after the end.",
                                  deposit=S.quote["deposit"], balance=S.quote["balance"]),
                               t("Pay the deposit"), S.book_and_pay),
                rx.button(t("Choose another time"), variant="ghost", on_click=S.cancel_hold, disabled=S.busy),
                spacing="3", align="center"),
            spacing="2", width="100%", id="quote")),
        spacing="3", width="100%"), width="100%")


def _owner() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Your slot"), size="4"),
        labelled_upload(t("Drop a photo here or click to choose"),
                        rx.text(t("Drop a photo here or click to choose"), size="2"), id=UPLOAD_ID,
                        accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]},
                        max_files=1, border="1px dashed", padding="1em"),
        rx.button(t("Save the photo"), size="2", variant="soft", disabled=S.busy,
                  on_click=S.set_photo(rx.upload_files(upload_id=UPLOAD_ID))),
        rx.link(t("Bookings of your slots"), href="/share/bookings"),
        rx.cond(S.slot["active"] != "", confirm_button(
            rx.button(t("Stop sharing"), color_scheme="red", variant="soft", disabled=S.busy),
            t("Stop sharing this slot?"), t("Nobody can book it any more; bookings already made stay."),
            t("Stop sharing"), S.withdraw, color_scheme="red"),
            rx.badge(t("Not shared now"), color_scheme="gray")),
        spacing="3", width="100%"), width="100%")


@area_page("/share/parking/[slot_id]", "Parking slot · Sharing · Community Hub", "resident", S.load)
def share_parking_slot() -> rx.Component:
    return resident_shell(
        rx.link(t("← Parking slots"), href="/share/parking", size="2"),
        page_header(rx.cond(S.found, S.slot["place"], t("Parking slot")), error=S.error, notice=S.notice),
        rx.cond(S.found, rx.vstack(
            _facts(),
            rx.cond(S.slot["mine"] != "", _owner(),
                    rx.cond(S.slot["active"] != "", _book(),
                            rx.callout(t("This slot is no longer shared."), icon="info", width="100%"))),
            width="100%", spacing="3")),
    )
