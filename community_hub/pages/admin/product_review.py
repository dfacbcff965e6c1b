"""Admin: products waiting for review — the approved version and what the shop asks for side by side;
approve, or refuse with a reason."""

import reflex as rx

from components.area_page import area_page
from components.common import empty_state, form_label, page_header
from components.dialogs import state_dialog
from components.i18n import t, tf
from components.shells import admin_shell
from state.admin.product_review import AdminProductReviewState as St
from state.shared.back_office import AdminPermission


def _thumbs(urls, name) -> rx.Component:
    """The photos themselves, small, so the admin sees what residents would see."""
    return rx.cond(urls != "", rx.hstack(rx.foreach(urls.split(","), lambda u: rx.image(
        src=u, alt=tf("Photo of {name}", name=name), width="56px", height="56px", object_fit="cover",
        border_radius="4px")), wrap="wrap", spacing="1"))


def _diff_row(item: dict, d: dict) -> rx.Component:
    changed = d["changed"] == "1"
    return rx.cond(d["change"] == item["id"], rx.table.row(
        rx.table.row_header_cell(d["field"]),
        rx.table.cell(rx.vstack(rx.text(d["before"], size="2", color=rx.cond(changed, "var(--gray-11)", "inherit"),
                                        text_decoration=rx.cond(changed & (d["before"] != ""), "line-through",
                                                                "none")),
                                _thumbs(d["before_urls"], item["name"]), spacing="1")),
        rx.table.cell(rx.vstack(rx.cond(changed, rx.text(d["after"], size="2", weight="bold", color_scheme="green"),
                                        rx.text(d["after"], size="2")),
                                _thumbs(d["after_urls"], item["name"]), spacing="1")),
    ))


def _item(item: dict) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(
            rx.heading(item["name"], size="4"),
            rx.badge(rx.cond(item["kind"] == "new", t("New product"), t("Edit")),
                     color_scheme=rx.cond(item["kind"] == "new", "blue", "orange")),
            rx.spacer(),
            rx.text(tf("{shop} · sent {when}", shop=item["shop"], when=item["sent"]), size="2", color_scheme="gray"),
            width="100%", align="center", wrap="wrap"),
        rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell(t("Field")),
                                         rx.table.column_header_cell(t("Approved version")),
                                         rx.table.column_header_cell(t("Asked for")))),
            rx.table.body(rx.foreach(St.diffs, lambda d: _diff_row(item, d))),
            width="100%", size="1"),
        rx.cond(item["description"] != "", rx.text(tf("Description: {text}", text=item["description"]), size="2")),
        rx.hstack(
            rx.button(t("Refuse"), color_scheme="red", variant="soft", on_click=St.ask_reject(item["id"]),
                      disabled=St.busy, id="refuse-" + item["id"],
                      aria_label=tf("Refuse {name}", name=item["name"])),
            rx.button(t("Approve"), color_scheme="green", on_click=St.approve(item["id"]), disabled=St.busy,
                      id="approve-" + item["id"], aria_label=tf("Approve {name}", name=item["name"])),
            justify="end", width="100%"),
        spacing="3", width="100%"),
        width="100%", class_name="review-item", id="review-" + item["id"])


def _reject_dialog() -> rx.Component:
    return state_dialog(
        (t("Refuse "), St.reject_name),
        rx.vstack(
            form_label(t("What the shop must fix (it reads this)"), html_for="refuse-reason"),
            rx.text_area(id="refuse-reason", value=St.reason, on_change=St.set_reason, max_length=500, width="100%"),
            rx.cond(St.error != "", rx.callout(St.error, icon="triangle_alert", color_scheme="red", role="alert",
                                               width="100%")),
            spacing="1", width="100%"),
        is_open=St.reject_id != 0, on_cancel=St.cancel_reject,
        action=rx.button(t("Refuse"), color_scheme="red", id="refuse-confirm", on_click=St.reject, disabled=St.busy))


@area_page("/admin/product-review", "Product review · Admin · Community Hub", "admin", St.load,
           permission=AdminPermission.REVIEW)
def admin_product_review() -> rx.Component:
    return admin_shell(
        page_header(t("Product review"),
                    t("New products and changes of name, photos, price or category wait here until approved. "
                      "Residents see the approved version meanwhile; trusted shops skip review."),
                    error=St.error, notice=St.notice),
        rx.cond(St.items.length() == 0,
                empty_state("circle-check", t("Nothing to review"), t("New products and edits appear here.")),
                rx.vstack(rx.foreach(St.items, _item), spacing="4", width="100%", id="review-queue")),
        _reject_dialog(),
    )
