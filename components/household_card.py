"""The resident's household card: where they live and who with, or — for someone who belongs to
no household yet — how to join one (a code, or a request to property staff)."""

import reflex as rx

from components.common import error_callout, field, notice_callout
from components.i18n import t, tf
from state.resident.household import HouseholdState as H


def _join_forms() -> rx.Component:
    return rx.vstack(
        rx.callout(H.how_to_join, icon="info", width="100%", id="how-to-join"),
        rx.form(
            rx.hstack(
                field(t("Invitation code"), "join_code", placeholder="ABCD-EFGH", auto_complete="off",
                      max_length=40),
                rx.button(t("Join household"), type="submit", disabled=H.busy, size="3"),
                align="end", width="100%",
            ),
            on_submit=H.join, reset_on_submit=True, width="100%",
        ),
        rx.cond(
            H.pending_unit != "",
            rx.hstack(
                rx.text(t("You asked to join "), rx.text.strong(H.pending_unit),
                        t(". Property staff will answer; we will tell you."), id="pending-request"),
                rx.button(t("Withdraw request"), variant="soft", color_scheme="gray", on_click=H.withdraw,
                          disabled=H.busy),
                align="center", wrap="wrap", width="100%",
            ),
            rx.form(
                rx.vstack(
                    rx.text(t("No code? Ask property staff to add you:"), weight="medium"),
                    rx.hstack(field(t("Building"), "join_building", placeholder="B", max_length=20),
                              field(t("Unit"), "join_unit", placeholder="204", max_length=20), width="100%"),
                    field(t("Note for staff (optional)"), "join_note", required=False, max_length=300,
                          placeholder=t("e.g. I moved in with my sister on 1 December")),
                    rx.button(t("Ask staff to add me"), type="submit", variant="soft", disabled=H.busy),
                    spacing="2", width="100%",
                ),
                on_submit=H.ask, reset_on_submit=True, width="100%",
            ),
        ),
        spacing="3", width="100%",
    )


def _my_home() -> rx.Component:
    return rx.vstack(
        rx.text(t("Your home: "), rx.text.strong(H.unit), id="household"),
        rx.text(t("Living here: "), H.members_text,
                size="2", color_scheme="gray", id="household-members"),
        rx.hstack(
            rx.button(rx.icon("user-plus", size=16), t("Invite someone to this home"), variant="soft",
                      on_click=H.invite, disabled=H.busy, id="household-invite"),
            rx.cond(H.my_code != "", rx.text(t("Code: "), rx.code(H.my_code, id="household-code"), size="2")),
            rx.cond(
                H.confirm_leave,
                rx.hstack(
                    rx.text(tf("Leave {unit}? Its bills, repairs and votes stop being yours.", unit=H.unit), size="2"),
                    rx.button(t("Yes, leave"), color_scheme="red", on_click=H.leave, disabled=H.busy),
                    rx.button(t("Stay"), variant="soft", on_click=H.ask_leave(False)),
                    align="center", wrap="wrap",
                ),
                rx.button(t("Leave household"), variant="ghost", color_scheme="red", on_click=H.ask_leave(True)),
            ),
            align="center", wrap="wrap", spacing="3",
        ),
        spacing="2", width="100%",
    )


def household_card(*, only_without: bool = False) -> rx.Component:
    """On home: always. On the repair form (only_without): only for someone with no household."""
    card = rx.card(
        rx.vstack(error_callout(H.error), notice_callout(H.notice),
                  rx.cond(H.unit != "", _my_home(), _join_forms()), spacing="3", width="100%"),
        width="100%", id="household-card",
    )
    shown = (H.unit == "") & H.loaded if only_without else H.loaded
    return rx.cond(shown, card)
