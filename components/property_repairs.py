"""Pieces of the repair screens: status badge, photo picker, photo strip, timeline."""

from __future__ import annotations

import reflex as rx

from components.file_picker import labelled_upload
from components.i18n import t, tf

STATUS_COLOURS = (("reported", "amber"), ("triaged", "blue"), ("dispatched", "indigo"), ("accepted", "indigo"),
                  ("on_the_way", "cyan"), ("in_progress", "cyan"), ("done", "green"), ("confirmed", "green"),
                  ("reopened", "orange"), ("cancelled", "gray"))


def status_badge(status, label) -> rx.Component:
    return rx.badge(label, color_scheme=rx.match(status, *STATUS_COLOURS, "gray"), class_name="wo-status")


def photo_picker(upload_id: str, label=None, hint=None) -> rx.Component:
    """Files are checked on the server by their content (the hint says what is accepted).
    `label`, `hint`: already translated (t(...)); by default photos of up to 5 MB."""
    label = t("Add photos") if label is None else label
    hint = t("(PNG, JPEG or WebP, up to 5 MB each)") if hint is None else hint
    return rx.vstack(
        labelled_upload(
            label,
            rx.hstack(rx.icon("camera", size=18), rx.text(label, size="2"),
                      rx.text(hint, size="1", color_scheme="gray"),
                      align="center", spacing="2"),
            id=upload_id, multiple=True, max_files=6,
            border=f"1px dashed {rx.color('gray', 8)}", border_radius="8px", padding="0.75em", width="100%",
            cursor="pointer",
        ),
        rx.foreach(rx.selected_files(upload_id), lambda name: rx.text(name, size="1", class_name="picked-file")),
        width="100%", spacing="1", id=f"{upload_id}-box",
    )


def photo_strip(photos) -> rx.Component:
    return rx.hstack(
        rx.foreach(photos, lambda p: rx.vstack(
            rx.cond(p["src"] != "", rx.image(src=p["src"], width="120px", height="90px", object_fit="cover",
                                             border_radius="6px", class_name="wo-photo"),
                    rx.text(t("(photo unavailable)"), size="1")),
            rx.text(p["stage"], size="1", color_scheme="gray"), spacing="1")),
        wrap="wrap", spacing="3",
    )


def timeline(rows) -> rx.Component:
    return rx.vstack(
        rx.foreach(rows, lambda r: rx.hstack(
            rx.icon("circle_dot", size=14, margin_top="0.2em"),
            rx.vstack(
                rx.hstack(rx.text(r["to"], weight="bold", size="2"), rx.text(tf("by {who}", who=r["who"]), size="2"),
                          rx.text(r["at"], size="1", color_scheme="gray"), spacing="2", wrap="wrap"),
                rx.cond(r["note"] != "", rx.text(r["note"], size="2", color_scheme="gray")),
                spacing="0"),
            align="start", spacing="2")),
        spacing="2", id="wo-timeline", width="100%",
    )
