"""/share: the sharing home — parking, items, friends, my bookings."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.share_home import ShareHomeState as S


def _tile(icon: str, title, text, href: str, tile_id: str) -> rx.Component:
    return rx.link(rx.card(rx.hstack(
        rx.icon(icon, size=28), rx.vstack(rx.text(title, weight="bold", size="4"), rx.text(text, size="2", color_scheme="gray"),
                                          spacing="1"), spacing="3", align="center"), width="100%"),
        href=href, underline="none", width="100%", id=tile_id)


def _upcoming(r) -> rx.Component:
    return rx.hstack(rx.icon("car", size=16), rx.text(r["place"], weight="bold"), rx.text(r["when"], size="2"),
                     rx.cond(r["side"] == "owner", rx.badge(t("Your slot")), rx.badge(t("You rent"), color_scheme="blue")),
                     align="center", spacing="2", class_name="upcoming-booking")


@area_page("/share", "Sharing · Community Hub", "resident", S.load)
def share_home() -> rx.Component:
    return resident_shell(
        page_header(t("Sharing with neighbours"),
                    t("Rent an idle parking slot by the hour, pass on things you no longer need — with the neighbours you choose.")),
        rx.cond(S.is_new, rx.card(empty_state(
            "handshake", t("Nothing shared yet"),
            t("Start by finding a few neighbours you know, then share your parking slot or something you no longer need.")),
            width="100%", id="share-empty")),
        rx.grid(
            _tile("car", t("Parking slots"), tf("{n} shared with you · {mine} of yours", n=S.counts["slots"],
                                                 mine=S.counts["my_slots"]), "/share/parking", "tile-parking"),
            _tile("package", t("Items"), t("Sell, swap or give away"), "/share/items", "tile-items"),
            _tile("users", t("Friends and circles"),
                  rx.cond(S.counts["requests"] != "0", tf("{n} asking to be your friend", n=S.counts["requests"]),
                          tf("{n} friends", n=S.counts["friends"])), "/share/friends", "tile-friends"),
            _tile("calendar-days", t("My bookings"),
                  rx.cond(S.counts["to_do"] != "0", tf("{n} waiting for you", n=S.counts["to_do"]),
                          t("Both sides, by day")), "/share/bookings", "tile-bookings"),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="3", width="100%"),
        rx.cond(S.upcoming.length() > 0, rx.vstack(
            rx.heading(t("Coming up"), size="4"),
            rx.foreach(S.upcoming, _upcoming), width="100%", spacing="2", margin_top="1em")),
    )
