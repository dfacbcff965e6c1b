"""Residents: the community's open forms, and one form to fill in."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, page_header
from components.i18n import t
from components.lists import card_links
from components.property_fields import filler, image_zones
from components.shells import resident_shell
from state.resident.forms import ResidentFormsState as S
from state.resident.forms import ResidentFormState as F


@area_page("/forms", "Forms · Community Hub", "resident", S.load)
def resident_forms() -> rx.Component:
    return resident_shell(
        page_header(t("Forms"), t("Surveys and requests from your property office."), error=S.error),
        rx.cond(S.rows.length() == 0, empty_state("clipboard-list", t("No open forms"), t("Nothing to fill in right now.")),
                card_links(S.rows, "title", lambda r: "/forms/" + r["id"], id="forms-list")),
    )


@area_page("/forms/[form_id]", "Form · Community Hub", "resident", F.load)
def resident_form() -> rx.Component:
    return resident_shell(
        rx.link(t("← All forms"), href="/forms"),
        page_header(F.title, F.description, error=F.error, notice=F.notice),
        rx.cond((F.title != "") & ~F.sent, rx.form(
            rx.vstack(filler(F.fields, F.field_errors),
                      image_zones(F.image_labels, F.attached, [F.attach_image_0, F.attach_image_1, F.attach_image_2],
                                  "form-image"),
                      rx.button(t("Send"), type="submit", size="3", id="form-send"), spacing="3", width="100%"),
            on_submit=F.submit, width="100%", id="resident-form")),
    )
