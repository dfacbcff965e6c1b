"""The field builder's rows on screen (forms and channels): add one, remove one, change one cell.
The rows become field definitions with `fields.to_fields` when the editor saves."""

from __future__ import annotations

import reflex as rx

from state.property.fields import blank_row, with_value, without_row

MAX_FIELD_ROWS = 50
CELL_LIMIT = 1000


class FieldBuilder(rx.State, mixin=True):
    fields: list[dict[str, str]] = []

    @rx.event
    def add_field_row(self):
        if len(self.fields) < MAX_FIELD_ROWS:
            self.fields = [*self.fields, blank_row()]

    @rx.event
    def remove_field_row(self, index: int):
        self.fields = without_row(self.fields, index)

    @rx.event
    def set_field_value(self, index: int, key: str, value):
        if isinstance(index, int) and 0 <= index < len(self.fields) and key in self.fields[index]:
            self.fields = with_value(self.fields, index, key,
                                     value if isinstance(value, bool) else str(value)[:CELL_LIMIT])
