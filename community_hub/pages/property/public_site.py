"""Staff: the community's public site — which notices, events and channels a visitor may read."""

import reflex as rx

from components.area_page import area_page
from components.common import page_header
from components.i18n import N_, t
from components.shells import property_shell
from components.tables import table_or_empty
from state.property.public_site import StaffPublicSiteState as S

KINDS = {"notice": N_("Notice"), "event": N_("Event"), "channel": N_("Information channel")}
# Words of their own: "Published" and "Withdrawn" already read otherwise in Chinese elsewhere.
STATES = {"published": N_("Live"), "draft": N_("Draft"), "withdrawn": N_("Taken down"),
          "cancelled": N_("Cancelled"), "past": N_("Past")}


def _word(value, words: dict[str, str]) -> rx.Component:
    return rx.match(value, *[(key, t(word)) for key, word in words.items()], value)


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_word(r["kind"], KINDS)),
        rx.table.cell(r["title"]),
        rx.table.cell(_word(r["state"], STATES)),
        rx.table.cell(rx.switch(checked=r["public"] != "", on_change=lambda on: S.switch(r["kind"], r["id"], on),
                                aria_label=t("Public"))),
        class_name="public-row",
    )


@area_page("/property/public-site", "Public site · Property · Community Hub", "property", S.load)
def staff_public_site() -> rx.Component:
    return property_shell(
        page_header(t("Public site"), t("Visitors who are not logged in read what is switched on here, on the "
                                        "community's public page (a draft or withdrawn item stays hidden)."),
                    error=S.error, notice=S.notice),
        rx.link(t("Open the public page"), href=S.front, is_external=True, id="open-front"),
        table_or_empty(S.rows, rx.text(t("No notices, events or channels yet."), color_scheme="gray"),
                       (t("Kind"), t("Title"), t("Status"), t("Public")), _row, id="public-table"),
    )
