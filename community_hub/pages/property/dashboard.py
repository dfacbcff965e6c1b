"""Property staff dashboard."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, form_label, notice_callout, page_header
from components.i18n import N_, t
from components.shells import property_shell
from state.property.community_settings import CommunitySettingsState as Settings
from state.shared.dashboards import PropertyHomeState


def _stat(label: str, value) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="2", color_scheme="gray"), rx.heading(value, size="7")))


# The day's work, one card each (the sidebar lists the same screens).
WORK = [("megaphone", N_("Notices"), N_("Publish news; urgent ones go by SMS and email."), "/property/notices"),
        ("wrench", N_("Work orders"), N_("Triage, dispatch, overdue repairs."), "/property/workorders"),
        ("receipt", N_("Bills"), N_("Collection rate, arrears, payments at the desk."), "/property/bills"),
        ("message-circle", N_("Care inbox"), N_("Residents' questions and suggestions."), "/property/care")]


def _link(icon: str, title: str, text: str, href: str) -> rx.Component:
    return rx.link(rx.card(rx.hstack(rx.icon(icon), rx.text(t(title), weight="bold"), align="center"),
                           rx.text(t(text), size="2", color_scheme="gray")), href=href, underline="none")


def _settings_card() -> rx.Component:
    """The community's time zone: every screen shows and reads times in it (stored times stay UTC)."""
    return rx.card(rx.vstack(
        rx.text(t("Community settings"), weight="bold"),
        form_label(t("Time zone"), html_for="community-time-zone"),
        rx.text(t("Residents and staff see and enter times in this zone. Use a name like America/New_York "
                  "or Europe/London."), size="1", color_scheme="gray"),
        rx.form(rx.hstack(
            rx.input(id="community-time-zone", name="time_zone", value=Settings.zone_draft, on_change=Settings.set_zone_draft,
                     placeholder="America/New_York", width="16em"),
            rx.button(rx.cond(Settings.busy, rx.spinner(size="2"), rx.fragment()), t("Save"),
                      type="submit", disabled=Settings.busy, id="community-time-zone-save"),
            spacing="2", wrap="wrap"), on_submit=Settings.save, width="100%"),
        error_callout(Settings.error), notice_callout(Settings.notice),
        spacing="2", width="100%"), width="100%", margin_top="1.5em", id="community-settings")


@area_page("/property", "Property · Community Hub", "property", PropertyHomeState.load, Settings.load)
def property_dashboard() -> rx.Component:
    return property_shell(
        page_header(t("Property office"), PropertyHomeState.community, error=PropertyHomeState.error),
        rx.grid(_stat(t("Households"), PropertyHomeState.households), _stat(t("Residents"), PropertyHomeState.residents),
                columns=rx.breakpoints(initial="1", sm="3"), spacing="3", width="100%", id="property-stats"),
        rx.grid(*[_link(*item) for item in WORK], columns=rx.breakpoints(initial="1", sm="2", md="4"), spacing="3",
                width="100%", margin_top="1.5em", id="property-work"),
        _settings_card(),
    )
