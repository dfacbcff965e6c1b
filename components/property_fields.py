"""The field builder (staff) and the dynamic field renderer (residents) for forms and channels."""

from __future__ import annotations

import reflex as rx

from components.common import form_label
from components.i18n import N_, t, tf

# A field's kind reads in the reader's language; the value stays the code (English: the code itself).
TYPE_WORDS = {"text": N_("text"), "textarea": N_("textarea"), "number": N_("number"), "date": N_("date"),
              "choice": N_("choice"), "multi_choice": N_("multi_choice"), "checkbox": N_("checkbox"),
              "email": N_("email"), "phone": N_("phone"), "link": N_("link"), "image": N_("image")}


def builder(fields, types: list[str], on_set, on_add, on_remove) -> rx.Component:
    """One row per field: label, type, required, and the settings the type has."""
    def row(f, i):
        return rx.card(rx.vstack(
            rx.hstack(
                rx.input(value=f["label"], placeholder=t("Label"), on_change=lambda v: on_set(i, "label", v),
                         width="100%", class_name="field-label"),
                rx.select.root(rx.select.trigger(class_name="field-type"),
                               rx.select.content(*[rx.select.item(t(TYPE_WORDS.get(k, k)), value=k) for k in types]),
                               value=f["type"], on_change=lambda v: on_set(i, "type", v)),
                rx.checkbox(t("required"), checked=f["required"] != "", on_change=lambda v: on_set(i, "required", v),
                            class_name="field-required"),
                rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost", color_scheme="red",
                               on_click=on_remove(i), aria_label=t("Remove field"), type="button"),
                width="100%", align="center", spacing="2"),
            rx.cond((f["type"] == "choice") | (f["type"] == "multi_choice"),
                    rx.input(value=f["choices"], placeholder=t("Choices, comma separated"), width="100%",
                             on_change=lambda v: on_set(i, "choices", v), class_name="field-choices")),
            rx.cond(f["type"] == "number", rx.hstack(
                rx.input(value=f["min"], placeholder=t("min"), on_change=lambda v: on_set(i, "min", v)),
                rx.input(value=f["max"], placeholder=t("max"), on_change=lambda v: on_set(i, "max", v)))),
            rx.cond((f["type"] == "text") | (f["type"] == "textarea"),
                    rx.input(value=f["pattern"], placeholder=t("Pattern (regular expression, optional)"), width="100%",
                             on_change=lambda v: on_set(i, "pattern", v))),
            spacing="2", width="100%"), width="100%", class_name="field-row")

    return rx.vstack(
        rx.foreach(fields, row),
        rx.button(rx.icon("plus", size=14), t("Add field"), variant="soft", size="1", on_click=on_add, type="button",
                  id="add-field"),
        spacing="2", width="100%",
    )


def _input(f, values=None) -> rx.Component:
    """One input; `values` (key → text) pre-fills it when an entry is edited."""
    name = f["key"]
    v = values[name] if values is not None else ""
    pre = {"default_value": v} if values is not None else {}
    return rx.match(
        f["type"],
        ("textarea", rx.text_area(name=name, id=name, width="100%", rows="3", **pre)),
        ("number", rx.input(name=name, id=name, type="number", step="any", width="100%", **pre)),
        ("date", rx.input(name=name, id=name, type="date", **pre)),
        ("email", rx.input(name=name, id=name, type="email", width="100%", **pre)),
        ("phone", rx.input(name=name, id=name, type="tel", width="100%", **pre)),
        ("link", rx.input(name=name, id=name, type="url", placeholder="https://", width="100%", **pre)),
        # An empty default would make the select show nothing instead of its placeholder.
        ("choice", rx.cond(v != "", rx.select(f["choices"].split("|"), name=name, default_value=v),
                           rx.select(f["choices"].split("|"), name=name, placeholder=t("Choose")))),
        ("multi_choice", rx.vstack(rx.foreach(f["choices"].split("|"), lambda c, i: rx.checkbox(
            c, name=name + "__" + i.to_string())), spacing="1")),
        ("checkbox", rx.checkbox(t("Yes"), name=name, id=name,
                                 **({"default_checked": v != ""} if values is not None else {}))),
        ("image", rx.text(t("Choose the picture in its box below."), size="1", color_scheme="gray")),
        rx.input(name=name, id=name, width="100%", **pre),
    )


def image_zones(labels, attached, handlers, prefix: str) -> rx.Component:
    """One upload zone per image field (labels/attached are list Vars, handlers one event each).
    A chosen file is sent at once and kept by the state until the form is sent."""
    def zone(i: int, handler) -> rx.Component:
        return rx.cond(labels.length() > i, rx.vstack(
            rx.text(labels[i], size="2", weight="medium"),
            rx.upload(
                rx.hstack(rx.icon("image", size=18), rx.text(t("Choose an image"), size="2"),
                          rx.text(t("(PNG, JPEG or WebP, up to 5 MB)"), size="1", color_scheme="gray"),
                          align="center", spacing="2"),
                id=f"{prefix}-{i}", multiple=False, max_files=1, on_drop=handler,
                border=f"1px dashed {rx.color('gray', 8)}", border_radius="8px", padding="0.75em", width="100%",
                cursor="pointer"),
            rx.cond(attached[i] != "", rx.text(tf("Attached: {name}", name=attached[i]), size="1", class_name="attached-image")),
            spacing="1", width="100%", id=f"{prefix}-{i}-box"))

    return rx.vstack(*[zone(i, h) for i, h in enumerate(handlers)], spacing="2", width="100%")


def filler(fields, errors, values=None) -> rx.Component:
    """The inputs of a published form; browser-side `required` is left off so the server's
    messages (all wrong fields at once) are what people see."""
    return rx.vstack(
        rx.foreach(fields, lambda f: rx.vstack(
            form_label(f["label"], rx.cond(f["required"] != "", " *", ""), html_for=f["key"]),
            _input(f, values),
            rx.cond(errors[f["key"]] != "", rx.text(errors[f["key"]], size="1", color_scheme="red",
                                                    class_name="field-error")),
            spacing="1", width="100%")),
        spacing="3", width="100%",
    )
