"""Merchant: products — paged list, create/edit with photos, stock, show/hide, CSV import/export."""

import reflex as rx

from components.area_page import area_page
from components.common import (
    empty_state,
    error_callout,
    form_label,
    notice_callout,
    page_title,
)
from components.file_picker import labelled_upload
from components.i18n import pt, t, tf
from components.shells import merchant_shell
from components.tables import paged_table
from state.merchant.products import MerchantProductsState as St

PHOTO_UPLOAD = "product-photos"
CSV_UPLOAD = "products-csv"


def _thumb(url, alt, size: str) -> rx.Component:
    return rx.cond(
        url != "",
        rx.image(src=url, alt=alt, width=size, height=size, object_fit="cover", border_radius="6px",
                 flex_shrink="0"),
        rx.center(rx.icon("image", size=16, color=rx.color("gray", 8)), width=size, height=size, flex_shrink="0",
                  border_radius="6px", background=rx.color("gray", 3)),
    )


def _review(row: dict) -> rx.Component:
    """Where the platform's review stands (issue 18): waiting, or refused with the reason and a way to send
    it again; a product not yet approved is not seen by residents at all."""
    return rx.cond(row["review"] != "", rx.vstack(
        rx.badge(row["review_label"], color_scheme=rx.cond(row["review"] == "rejected", "red", "amber"),
                 id="review-state-" + row["id"]),
        rx.cond(row["live"] != "1", rx.text(t("Not yet seen by residents"), size="1", color_scheme="gray")),
        rx.cond(row["review"] == "rejected", rx.hstack(
            rx.text(row["review_reason"], size="1", color_scheme="red"),
            rx.button(t("Send again"), size="1", variant="soft", on_click=St.resubmit(row["id"]),
                      aria_label=tf("Send {name} for review again", name=row["name"])),
            align="center", wrap="wrap")),
        spacing="1"))


def _row(row: dict) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(
            _thumb(row["thumb"], tf("Photo of {name}", name=row["name"]), "44px"),
            rx.vstack(
                # Long names wrap inside the cell instead of widening the table off a phone's screen.
                rx.text(row["name"], weight="medium", style={"overflow_wrap": "anywhere"}),
                rx.cond(row["sku"] != "", rx.text(t("SKU "), row["sku"], size="1", color_scheme="gray")),
                rx.cond(row["barcode"] != "", rx.text(t("Barcode "), row["barcode"], size="1", color_scheme="gray"),
                        # A counted item without a code can never be scanned at the lobby kiosk: say so.
                        rx.cond(row["stock_raw"] != "",
                                rx.text(t("No barcode: the lobby kiosk cannot scan it"), size="1",
                                        color_scheme="amber"))),
                rx.cond(row["abnormal"] == "1",
                        rx.badge(t("Hidden by admin: "), row["abnormal_reason"], color_scheme="red")),
                _review(row),
                spacing="1", min_width="0"),
            align="start", spacing="2"), max_width="22em"),
        rx.table.cell(rx.vstack(rx.text(row["price"]),
                                rx.cond(row["compare_at"] != "", rx.text(row["compare_at"], size="1", color_scheme="gray",
                                                                        text_decoration="line-through")), spacing="0")),
        rx.table.cell(rx.hstack(
            rx.badge(row["stock"], color_scheme=rx.cond(row["low"] == "1", "red", "gray"), id="stock-" + row["id"]),
            rx.cond(row["low"] == "1", rx.text(t("low"), size="1", color_scheme="red")),
            align="center")),
        rx.table.cell(rx.switch(checked=row["available"] == "1", id="available-" + row["id"], aria_label=t("Shown in the shop"),
                                on_change=lambda on: St.set_available(row["id"], on))),
        rx.table.cell(row["photo_count"]),
        rx.table.cell(rx.hstack(
            rx.button(t("Edit"), size="1", variant="soft", id="edit-" + row["id"], on_click=St.edit(row)),
            rx.button(t("Stock"), size="1", variant="soft", id="edit-stock-" + row["id"], on_click=St.edit_stock(row)),
        )),
        id="product-row-" + row["id"],
    )


def _field_error(name: str) -> rx.Component:
    """What is wrong with this field, under it (every field at once, after Save)."""
    return rx.cond(St.field_errors.contains(name),
                   rx.text(St.field_errors[name], size="1", color_scheme="red", id="product-" + name + "-error",
                           style={"overflow_wrap": "anywhere"}))


def _input(label, name: str, **props) -> rx.Component:
    return rx.vstack(
        form_label(label, html_for="product-" + name),
        rx.input(id="product-" + name, value=St.form[name], on_change=lambda v: St.set_field(name, v), width="100%",
                 color_scheme=rx.cond(St.field_errors.contains(name), "red", "gray"), **props),
        _field_error(name),
        spacing="1", width="100%",
    )


def _category() -> rx.Component:
    return rx.vstack(
        form_label(t("Category"), html_for="product-category"),
        rx.el.select(
            rx.el.option(t("No category"), value=""),
            rx.foreach(St.categories, lambda c: rx.el.option(c["label"], value=c["id"])),
            id="product-category", value=St.form["category"], on_change=lambda v: St.set_field("category", v),
            style={"width": "100%", "padding": "0.35em", "border_radius": "6px",
                   "border": f"1px solid {rx.color('gray', 7)}", "background": "transparent"},
        ),
        _field_error("category"),
        spacing="1", width="100%",
    )


def _description() -> rx.Component:
    return rx.vstack(
        form_label(t("Description"), html_for="product-description"),
        rx.text_area(id="product-description", value=St.form["description"], max_length=2000, rows="3",
                     on_change=lambda v: St.set_field("description", v), width="100%"),
        _field_error("description"),
        spacing="1", width="100%",
    )


def _photos() -> rx.Component:
    return rx.vstack(
        rx.text(t("Photos (PNG, JPEG or WebP, up to 5 MB each)"), size="2", weight="medium"),
        rx.hstack(rx.foreach(St.photo_urls, lambda p: rx.vstack(
            _thumb(p["url"], tf("Photo {name}", name=p["name"]), "72px"),
            rx.text(p["name"], size="1", color_scheme="gray", max_width="72px", truncate=True),
            rx.button(t("Remove"), size="1", variant="ghost", type="button", aria_label=tf("Remove photo {name}", name=p["name"]),
                      on_click=St.remove_photo(p["path"])),
            spacing="1", align="center")), wrap="wrap", spacing="3", id="product-thumbs"),
        _field_error("photos"),
        rx.hstack(
            labelled_upload(t("Choose photos"), rx.button(t("Choose photos"), variant="soft", size="1", type="button"), id=PHOTO_UPLOAD,
                      multiple=True, max_files=8, border="none", padding="0",
                      accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/webp": [".webp"]}),
            rx.text(rx.selected_files(PHOTO_UPLOAD).join(", "), size="1"),
            rx.button(t("Upload"), size="1", type="button", id="upload-photos",
                      on_click=St.upload_photos(rx.upload_files(upload_id=PHOTO_UPLOAD))),
            align="center", wrap="wrap",
        ),
        spacing="1", width="100%",
    )


def _options() -> rx.Component:
    def opt_input(name: str, label, placeholder, width: str) -> rx.Component:
        return rx.input(id="option-" + name, placeholder=placeholder, value=St.option[name], width=width,
                        aria_label=label, max_length=60, on_change=lambda v: St.set_option(name, v))

    return rx.vstack(
        rx.text(t("Options the customer chooses from (e.g. sizes)"), size="2", weight="medium"),
        rx.hstack(rx.foreach(St.options, lambda o: rx.badge(o, variant="outline")), wrap="wrap"),
        rx.hstack(opt_input("group", t("Option group"), t("Size"), "7em"),
                  opt_input("value", t("Option value"), t("Large"), "8em"),
                  opt_input("delta", t("Price change"), "+1.50", "6em"),
                  rx.button(t("Add option"), size="1", variant="soft", type="button", id="option-add",
                            on_click=St.add_option), align="center", wrap="wrap"),
        _field_error("options"),
        spacing="1", width="100%",
    )


def _made_to_order() -> rx.Component:
    """Made to order (issue 20): paid as a deposit at checkout, the balance when the shop says ready."""
    return rx.hstack(
        rx.checkbox(t("Made to order"), checked=St.form["made_to_order"] == "1", id="product-made-to-order",
                    on_change=lambda on: St.set_flag("made_to_order", on)),
        rx.box(_input(t("Deposit (%)"), "deposit", input_mode="decimal", max_length=10), width="10em"),
        rx.text(t("A made-to-order product is paid as a deposit at checkout and the rest when you mark it ready."),
                size="1", color_scheme="gray"),
        align="center", spacing="4", width="100%", wrap="wrap",
    )


def _deposit_rule() -> rx.Component:
    """The shop's stated rule for a cancellation after work started; residents see it before they cancel."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Deposits on made-to-order work"), size="3"),
            form_label(t("If a customer cancels after you started work"), html_for="deposit-rule"),
            rx.select.root(
                rx.select.trigger(id="deposit-rule"),
                rx.select.content(rx.select.item(t("Keep the deposit"), value="keep"),
                                  rx.select.item(t("Refund the deposit"), value="refund")),
                value=St.deposit_rule, on_change=St.set_deposit_rule,
            ),
            spacing="2", width="100%",
        ),
        width="100%", margin_bottom="1em",
    )


def _edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(St.editing_id == -1, t("New product"), t("Edit product"))),
            rx.vstack(
                _input(pt("thing", "Name"), "name", max_length=160),
                _description(),
                rx.hstack(_input(t("Price (e.g. 3.50)"), "price", input_mode="decimal"),
                          _input(t("Compare-at price (optional)"), "compare_at", input_mode="decimal"), width="100%"),
                rx.hstack(
                    rx.checkbox(t("Unlimited (a service)"), checked=St.form["unlimited"] == "1", id="product-unlimited",
                                on_change=lambda on: St.set_flag("unlimited", on)),
                    rx.checkbox(t("Shown in the shop"), checked=St.form["available"] == "1", id="product-available",
                                on_change=lambda on: St.set_flag("available", on)),
                    spacing="4"),
                _made_to_order(),
                rx.hstack(rx.cond(St.form["unlimited"] == "1", rx.fragment(), _input(t("Stock on hand"), "stock",
                                                                                     input_mode="numeric")),
                          _input(t("Alert when stock is at or below"), "threshold", input_mode="numeric"),
                          width="100%", wrap="wrap"),
                rx.hstack(_input(t("SKU (optional)"), "sku", max_length=64),
                          rx.vstack(_input(t("Barcode (EAN or UPC, optional)"), "barcode", input_mode="numeric",
                                           max_length=20),
                                    rx.text(t("The digits under the bars; the lobby kiosk finds the product by them."),
                                            size="1", color_scheme="gray"), spacing="1", width="100%"),
                          width="100%", wrap="wrap"),
                _category(),
                _photos(),
                _options(),
                error_callout(St.form_error),
                rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=St.close_edit),
                          rx.button(rx.cond(St.busy, rx.spinner(size="2"), rx.fragment()), t("Save"), id="product-save",
                                    on_click=St.save, disabled=St.busy),
                          justify="end", width="100%"),
                spacing="3", width="100%",
            ),
            max_width="640px", style={"overflow_wrap": "anywhere"},
        ),
        open=St.editing_id != 0,
    )


def _stock_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tf("Stock of {name}", name=St.stock_name)),
            rx.text(t("Leave empty for unlimited."), size="2", color_scheme="gray"),
            rx.input(id="stock-value", value=St.stock_value, on_change=St.set_stock_value, input_mode="numeric",
                     margin_y="1em"),
            rx.hstack(rx.button(t("Cancel"), variant="soft", on_click=St.close_stock),
                      rx.button(t("Save stock"), id="stock-save", on_click=St.save_stock), justify="end"),
        ),
        open=St.stock_id != 0,
    )


def _csv() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Import or export CSV"), size="3"),
            rx.text(t("Columns as in the export; rows are matched by SKU. Any bad row stops the whole import."),
                    size="1", color_scheme="gray"),
            rx.hstack(
                labelled_upload(t("Choose CSV"), rx.button(t("Choose CSV"), variant="soft", size="2", type="button"), id=CSV_UPLOAD,
                          max_files=1, border="none", padding="0", accept={"text/csv": [".csv"]}),
                rx.text(rx.selected_files(CSV_UPLOAD).join(", "), size="1"),
                rx.button(t("Import"), id="csv-import", on_click=St.import_csv(rx.upload_files(upload_id=CSV_UPLOAD))),
                rx.spacer(),
                rx.button(rx.icon("download", size=14), t("Export CSV"), id="csv-export", variant="outline",
                          on_click=St.export_csv),
                align="center", width="100%", wrap="wrap",
            ),
            rx.cond(St.import_errors.length() > 0,
                    rx.vstack(rx.foreach(St.import_errors, lambda e: rx.text(e, size="1", color_scheme="red")),
                              id="import-errors", spacing="0")),
            width="100%",
        ),
        width="100%",
    )


@area_page("/merchant/products", "Products · Community Hub", "merchant", St.load)
def merchant_products() -> rx.Component:
    return merchant_shell(
        page_title(t("Products")),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="q", placeholder=t("Search name or SKU"), width="16em"),
                              rx.button(t("Search"), type="submit", variant="soft")), on_submit=St.search),
            rx.spacer(),
            rx.button(rx.icon("plus", size=14), t("New product"), id="new-product", on_click=St.new_product),
            width="100%", margin_bottom="1em",
        ),
        error_callout(St.error),
        notice_callout(St.notice),
        _csv(),
        _deposit_rule(),
        rx.cond(
            St.total == 0,
            empty_state("boxes", t("No products"), t("Add your first product or import a CSV.")),
            paged_table((t("Product"), t("Price"), t("Stock"), t("Shown"), t("Photos"), ""), St.rows, _row, St, id="products-table"),
        ),
        _edit_dialog(),
        _stock_dialog(),
    )
