"""Any member: apply to be a referral agent, follow the review, send again what was asked for."""

import reflex as rx

from components.area_page import area_page
from components.common import form_label, page_header, submit_button
from components.file_picker import labelled_upload
from components.i18n import t
from components.shells import member_shell
from state.agent.apply import UPLOAD_ID
from state.agent.apply import AgentApplyState as St

ACCEPT = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"],
          "application/pdf": [".pdf"]}


def _input(label, name: str, hint=None, **props) -> rx.Component:
    parts = [form_label(label, html_for="agent-" + name),
             rx.input(id="agent-" + name, name=name, default_value=St.values.get(name, ""),
                      key=St.app_id.to(str) + St.app_state + name, width="100%", **props)]
    if hint is not None:
        parts.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.vstack(*parts, spacing="1", width="100%")


def _status() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(t("Your application:")), rx.badge(St.state_label, size="2", id="application-state"),
                  align="center"),
        rx.cond(St.reason != "",
                rx.callout(rx.text(rx.text.strong(t("From the reviewer: ")), St.reason), icon="message-square",
                           color_scheme=rx.cond(St.app_state == "rejected", "red", "amber"), width="100%",
                           id="reviewer-reason")),
        rx.cond(St.app_state == "need_more",
                rx.text(t("Add what the reviewer asks for below and send the application again."), size="2")),
        rx.cond(St.app_state == "rejected",
                rx.text(t("You may apply again below."), size="2")),
        rx.cond(St.app_state == "approved",
                rx.link(t("Open your agent console"), href="/agent", id="open-console")),
        rx.text(t("Files sent:"), size="2", weight="medium"),
        rx.foreach(St.sent_files, lambda f: rx.text(f["name"], " · ", f["at"], size="2", color_scheme="gray")),
        spacing="2", width="100%"), width="100%")


def _files() -> rx.Component:
    return rx.vstack(
        rx.text(t("Qualification files"), size="2", weight="medium", id="agent-files-label"),
        rx.text(t("Your ID, licences or certificates: PNG, JPEG, WebP or PDF, at most 5 MB each, up to 5 files."),
                size="1", color_scheme="gray"),
        rx.hstack(
            labelled_upload(t("Choose qualification files"),
                            rx.button(rx.icon("paperclip", size=14), t("Choose files"), variant="soft", type="button"),
                            id=UPLOAD_ID, multiple=True, max_files=5, accept=ACCEPT, border="none", padding="0"),
            rx.text(rx.selected_files(UPLOAD_ID).join(", "), size="1"),
            rx.button(t("Attach"), type="button", variant="soft", id="attach-files", disabled=St.busy,
                      on_click=St.attach(rx.upload_files(upload_id=UPLOAD_ID))),
            align="center", wrap="wrap"),
        rx.foreach(St.picked, lambda name, i: rx.hstack(
            rx.icon("file-check", size=14), rx.text(name, size="2"),
            rx.button(t("Remove"), size="1", variant="ghost", type="button", on_click=St.remove(i.to(str)),
                      aria_label=t("Remove attached file")),
            align="center", class_name="picked-file")),
        spacing="2", width="100%")


def _form() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.heading(rx.cond(St.app_state == "need_more", t("Update your application"), t("Apply to be an agent")),
                   size="4"),
        _input(t("Full name"), "name", required=True, max_length=80),
        _input(t("Mobile number"), "mobile", t("With the country code, e.g. +86 138 0013 8000."), required=True,
               type="tel", max_length=24),
        rx.vstack(
            form_label(t("Kind of identity"), html_for="agent-identity_kind"),
            rx.el.select(rx.foreach(St.kinds, lambda k: rx.el.option(k["label"], value=k["value"])),
                         id="agent-identity_kind", name="identity_kind",
                         default_value=St.values.get("identity_kind", "national_id"),
                         key=St.app_id.to(str) + St.app_state + "kind",
                         style={"width": "100%", "padding": "0.5em", "border_radius": "6px",
                                "border": f"1px solid {rx.color('gray', 7)}"}),
            spacing="1", width="100%"),
        _input(t("Identity number"), "identity_value",
               rx.cond(St.identity_shown != "", t("Type it again: it is stored masked."),
                       t("Checked for its form (a national ID's last character is a check digit).")),
               required=True, max_length=40, auto_complete="off"),
        _input(t("Region you work in"), "region", required=True, max_length=80),
        _files(),
        submit_button(rx.cond(St.app_state == "need_more", t("Send again"), t("Send application")), St.busy,
                      id="agent-submit"),
        spacing="3", width="100%"), on_submit=St.submit, reset_on_submit=False), width="100%")


@area_page("/agent/apply", "Become an agent · Community Hub", "member", St.load)
def agent_apply() -> rx.Component:
    return member_shell(
        page_header(t("Become an agent"),
                    t("Agents bring neighbours and shops to the platform and earn a share of its fee on what they "
                      "spend. An admin reviews every application."),
                    error=St.error, notice=St.notice),
        rx.vstack(
            rx.cond(St.app_id != 0, _status()),
            rx.cond(St.can_send, _form()),
            width="100%", spacing="4", max_width="720px",
        ),
    )
