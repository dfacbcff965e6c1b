"""Admin: the public site — host names (bind, switch on/off, remove) and the registration
agreement and platform rules (publish a new version, the versions so far)."""

import reflex as rx

from components.area_page import area_page
from components.common import confirm_button, form_label, page_header
from components.i18n import N_, t
from components.shells import admin_shell
from components.tables import table_or_empty
from state.admin.public_site import AdminPublicSiteState as S
from state.shared.back_office import AdminPermission

KIND_WORDS = {"agreement": N_("Registration agreement"), "rules": N_("Platform rules")}


def _select(name: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.el.select(*[rx.el.option(t(label), value=value) for value, label in options], id=name, name=name,
                        style={"padding": "0.5em", "border_radius": "6px", "border": f"1px solid {rx.color('gray', 7)}"})


def _labelled(label: str, name: str, widget: rx.Component) -> rx.Component:
    return rx.vstack(form_label(label, html_for=name), widget, spacing="1")


def _binding_row(b) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(b["host"], weight="medium")),
        rx.table.cell(rx.link(b["name"], href=b["target"]), rx.text(b["target"], size="1", color_scheme="gray")),
        rx.table.cell(rx.switch(checked=b["enabled"] != "", on_change=lambda on: S.switch(b["id"], on),
                                aria_label=t("Binding switched on"))),
        rx.table.cell(confirm_button(rx.button(t("Remove"), size="1", variant="soft", color_scheme="red"),
                                     t("Remove this host name?"), t("The name then opens nothing of ours."),
                                     t("Remove"), S.remove(b["id"]))),
        class_name="binding-row",
    )


def _hosts() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Host names"), size="5", as_="h2"),
        rx.text(t("A host name bound here opens a community's public front or a shop (point its DNS at this server)."),
                size="2", color_scheme="gray"),
        rx.form(rx.hstack(
            _labelled(t("Host name"), "host", rx.input(id="host", name="host",
                                                        max_length=253, required=True, width="18em")),
            _labelled(t("Opens"), "kind", _select("kind", [("community", N_("A community")), ("shop", N_("A shop"))])),
            _labelled(t("Its address (slug)"), "target", rx.input(id="target", name="target",
                                                                  max_length=60, required=True, width="14em")),
            rx.button(t("Bind"), type="submit", loading=S.busy, id="bind-host"),
            align="end", spacing="3", wrap="wrap"), on_submit=S.bind, reset_on_submit=True),
        table_or_empty(S.bindings, rx.text(t("No host names are bound."), color_scheme="gray", size="2"),
                       (t("Host name"), t("Opens"), t("On"), ""), _binding_row, id="bindings-table"),
        spacing="3", width="100%")


def _documents() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Registration agreement and platform rules"), size="5", as_="h2", margin_top="1em"),
        rx.text(t("A new version replaces the current one: new members accept it when they register, members "
                  "accept it once on their next visit. Headings start with #."), size="2", color_scheme="gray"),
        rx.form(rx.vstack(
            _labelled(t("Document"), "doc-kind", rx.el.select(
                *[rx.el.option(t(label), value=value) for value, label in KIND_WORDS.items()], id="doc-kind",
                name="kind", style={"padding": "0.5em", "border_radius": "6px",
                                    "border": f"1px solid {rx.color('gray', 7)}"})),
            _labelled(t("Title"), "doc-title", rx.input(id="doc-title", name="title", max_length=120, required=True,
                                                         width="100%")),
            _labelled(t("Text"), "doc-body", rx.text_area(id="doc-body", name="body", max_length=20000, required=True,
                                                           rows="10", width="100%")),
            rx.button(t("Publish new version"), type="submit", loading=S.busy, id="publish-document"),
            spacing="3", width="100%"), on_submit=S.publish, reset_on_submit=True),
        table_or_empty(S.documents, rx.text(t("Nothing published yet: registering asks for no agreement."),
                                            color_scheme="gray", size="2"),
                       (t("Document"), t("Version"), t("Title"), t("Published")), lambda d: rx.table.row(
                           rx.table.cell(rx.cond(d["kind"] == "agreement", t("Registration agreement"),
                                                 t("Platform rules"))),
                           rx.table.cell(d["version"]), rx.table.cell(d["title"]), rx.table.cell(d["at"])),
                       id="documents-table"),
        spacing="3", width="100%")


@area_page("/admin/site", "Public site · Admin · Community Hub", "admin", S.load,
           permission=AdminPermission.CONTENT)
def admin_public_site() -> rx.Component:
    return admin_shell(
        page_header(t("Public site"), t("Host names for communities and shops, and the terms members accept."),
                    error=S.error, notice=S.notice),
        _hosts(),
        _documents(),
    )
