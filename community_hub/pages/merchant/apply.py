"""Any member: apply to sell, attach documents, follow the decision."""

import reflex as rx

from components.area_page import area_page
from components.common import error_callout, form_label, notice_callout, page_title
from components.file_picker import labelled_upload
from components.hub_map import hub_map
from components.i18n import t, tf
from components.shells import member_shell
from state.merchant.apply import MerchantApplyState as St
from state.shared.map_source import MapSourceState

DOC_UPLOAD = "application-docs"


def _f(label, name: str, hint: str = "", required: bool = True) -> rx.Component:
    return rx.vstack(
        form_label(label, html_for="apply-" + name),
        rx.input(id="apply-" + name, name=name, default_value=St.values.get(name, ""), key=St.app_id.to(str) + name,
                 required=required, width="100%"),
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")),
        spacing="1", width="100%",
    )


def _place() -> rx.Component:
    """The shop's place: a tap on the map puts the marker there (no latitude to type)."""
    return rx.vstack(
        rx.text(t("Where is the shop?"), size="2", weight="medium", id="apply-place-label"),
        rx.text(tf("Tap the map where your shop's door is; tap again to move it. The dashed circle is the "
                   "10-minute walk of {area}: its residents see the shops inside it. With a keyboard: "
                   "move the map with the arrow keys and press Enter to place the shop at its centre.",
                   area=St.area_name),
                size="1", color_scheme="gray"),
        hub_map(lat=St.area_lat, lon=St.area_lon, radius_m=St.area_radius, markers=St.map_markers, picking=True,
                on_pick=St.pick, tile_url=MapSourceState.tile_url, attribution=MapSourceState.attribution,
                label=t("Map: tap where your shop is"), id="apply-map", width="100%",
                height=rx.breakpoints(initial="320px", md="400px")),
        rx.text(rx.cond(St.pick_lat != "", tf("Your shop's place: {lat}, {lon}", lat=St.pick_lat, lon=St.pick_lon),
                        t("No place picked yet.")),
                size="2", id="apply-picked", aria_live="polite"),
        spacing="1", width="100%",
    )


def _form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(rx.cond(St.app_state == "needs_info", t("Update your application"), t("Apply to sell")), size="4"),
        rx.hstack(_f(t("Business name"), "business_name"),
                  rx.vstack(form_label(t("Category"), html_for="apply-category"),
                            rx.select(St.categories, name="category", id="apply-category",
                                      default_value=rx.cond(St.values.get("category", "") != "",
                                                            St.values.get("category", ""), "grocery")),
                            spacing="1"),
                  width="100%"),
        _f(t("Address"), "address"),
        _place(),
        rx.hstack(_f(t("Contact phone"), "contact_phone", required=False),
                  _f(t("Contact email"), "contact_email", required=False), width="100%"),
        rx.hstack(_f(t("Legal name (as on your ID)"), "legal_name"), _f(t("ID number"), "id_number"),
                  _f(t("Business licence number"), "licence_number"), width="100%"),
        rx.button(rx.cond(St.app_state == "needs_info", t("Send back for review"), t("Send application")),
                  type="submit", id="apply-submit", disabled=St.busy),
        width="100%"), on_submit=St.submit), width="100%")


def _documents() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading(t("Documents"), size="4"),
        rx.text(t("Your licence and ID: PNG, JPEG or PDF, at most 5 MB each. The file's content is checked."),
                size="1", color_scheme="gray"),
        rx.hstack(rx.text(t("Needed before approval:"), size="2"),
                  rx.foreach(St.required, lambda r: rx.badge(
                      rx.cond(r["have"] != "", rx.icon("check", size=12), rx.icon("x", size=12)), r["label"],
                      color_scheme=rx.cond(r["have"] != "", "green", "red"), variant="soft")),
                  wrap="wrap", align="center", id="required-documents"),
        rx.foreach(St.documents, lambda d: rx.text(d["kind"], ": ", d["name"], " (", d["size"], ", ", d["at"], ")",
                                                   size="2")),
        rx.cond(St.app_state.contains("submitted") | (St.app_state == "needs_info"),
                rx.hstack(
                    rx.select.root(rx.select.trigger(id="doc-kind", aria_label=t("What the document is")),
                                   rx.select.content(rx.foreach(St.doc_kinds, lambda k: rx.select.item(
                                       k["label"], value=k["value"]))),
                                   value=St.doc_kind, on_change=St.set_doc_kind),
                    labelled_upload(t("Choose file"), rx.button(t("Choose file"), variant="soft", type="button"), id=DOC_UPLOAD, max_files=1,
                              border="none", padding="0",
                              accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "application/pdf": [".pdf"]}),
                    rx.text(rx.selected_files(DOC_UPLOAD).join(", "), size="1"),
                    rx.button(t("Upload"), id="doc-upload", on_click=St.upload(rx.upload_files(upload_id=DOC_UPLOAD))),
                    align="center", wrap="wrap")),
        width="100%"), width="100%")


def _status() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(t("Your application: ")), rx.badge(St.app_state, id="application-state", size="2")),
        rx.cond(St.reviewer_note != "", rx.text(t("From the reviewer: "), St.reviewer_note, id="reviewer-note")),
        rx.cond(St.app_state == "approved", rx.link(t("Open your merchant dashboard"), href="/merchant")),
        rx.foreach(St.history, lambda h: rx.text(h["at"], " · ", h["who"], " · ", h["action"],
                                                 rx.cond(h["detail"] != "", " — " + h["detail"], ""),
                                                 size="1", color_scheme="gray")),
        width="100%"), width="100%")


@area_page("/merchant/apply", "Apply to sell · Community Hub", "member", St.load, MapSourceState.load)
def merchant_apply() -> rx.Component:
    return member_shell(
        page_title(t("Sell on Community Hub"),
                   t("Shops in the neighbourhood apply here; an admin reviews every application.")),
        error_callout(St.error),
        notice_callout(St.notice),
        rx.link(t("Is your shop already listed here? Claim it with a code instead"), href="/merchant/claim", id="claim-link"),
        rx.vstack(
            rx.cond(St.app_id != 0, _status()),
            rx.cond(St.can_edit, _form()),
            rx.cond(St.app_id != 0, _documents()),
            width="100%", spacing="4",
        ),
    )
