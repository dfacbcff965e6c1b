"""rx.upload with a name: its file input is hidden behind the button or drop zone people see, and
a screen reader (and axe) finds it with no label. `labelled_upload(label, ...)` names it."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.forms import Input


def _file_input(component: rx.Component) -> rx.Component | None:
    for child in getattr(component, "children", []):
        if isinstance(child, Input):
            return child
        if (found := _file_input(child)) is not None:
            return found
    return None


def labelled_upload(label, *children, **props) -> rx.Component:
    """`rx.upload(*children, **props)` whose file input is announced as `label` (already translated)."""
    upload = rx.upload(*children, **props)
    if (field := _file_input(upload)) is not None:
        field.custom_attrs["aria-label"] = label
    return upload
