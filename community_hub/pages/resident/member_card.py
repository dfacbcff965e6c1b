"""Residents: the member card on the phone (a QR for the lobby kiosk's scanner)."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import t, tf
from components.shells import resident_shell
from state.resident.member_card import MemberCardState as S


@area_page("/me/card", "Member card · Community Hub", "resident", S.load)
def member_card() -> rx.Component:
    return resident_shell(rx.box(
        page_header(t("Member card"), t("Hold this to the lobby kiosk's scanner to log in there."), error=S.error),
        rx.cond(S.qr != "", rx.vstack(
            rx.image(src=S.qr, width="280px", height="280px", alt=t("Member card QR code"), id="member-card-qr"),
            rx.text(tf("Renews by itself in {seconds} s. Works once.", seconds=S.seconds), size="2", color_scheme="gray"),
            rx.code(S.code, id="member-card-code", size="1", color_scheme="gray", style={"word_break": "break-all"}),
            align="center", spacing="3", width="100%",
        )),
        on_unmount=S.leave,
    ))
