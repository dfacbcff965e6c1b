"""Residents: the member card on the phone: the membership card (components/membership_card.py) and a
QR that logs them in at the lobby kiosk's scanner."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, page_header
from components.i18n import t, tf
from components.membership_card import membership_section
from components.shells import resident_shell
from state.resident.member_card import MemberCardState as S
from state.resident.membership_card import MembershipCardState as M


@area_page("/me/card", "Member card · Community Hub", "resident", S.load, M.load)
def member_card() -> rx.Component:
    return resident_shell(rx.box(
        page_header(t("Member card"), t("Your membership card, and a QR to log in at the lobby kiosk.")),
        membership_section(),
        rx.heading(t("Log in at the kiosk"), size="4", margin_top="1.5em"),
        rx.text(t("Hold this to the lobby kiosk's scanner to log in there."), size="2", color_scheme="gray"),
        error_callout(S.error),
        rx.cond(S.qr != "", rx.vstack(
            rx.image(src=S.qr, width="280px", height="280px", alt=t("Member card QR code"), id="member-card-qr"),
            rx.text(tf("Renews by itself in {seconds} s. Works once.", seconds=S.seconds), size="2", color_scheme="gray"),
            rx.code(S.code, id="member-card-code", size="1", color_scheme="gray", style={"word_break": "break-all"}),
            align="center", spacing="3", width="100%",
        )),
        on_unmount=S.leave,
    ))
