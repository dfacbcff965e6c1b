"""The open / close / error of a screen's dialog, written once for the screens that share it.

`FormDialog`: a "new ..." form in a dialog (events, polls): `open_form` shows it without the last
error, `close_form` hides it; the create handler reports into `form_error`
(`@screen_event(error="form_error")`) so the message stands inside the dialog.
`EditorDialog`: an editor for a new item (`editing_id` 0) or an existing one (notices, forms,
channels): `_open_editor(id)` shows it without the last error, `edit(id)` opens it on an item of
the list (`_saved`, which `_load` fills; `_fill_editor` puts the values in the editor's vars),
`close_editor` hides it, and the save handler reports into `editor_error`."""

from __future__ import annotations

import reflex as rx


class FormDialog(rx.State, mixin=True):
    form_open: bool = False
    form_error: str = ""

    @rx.event
    def open_form(self):
        self.form_open, self.form_error = True, ""

    @rx.event
    def close_form(self):
        self.form_open = False


class EditorDialog(rx.State, mixin=True):
    editor_open: bool = False
    editing_id: int = 0  # 0: the editor makes a new one
    editor_error: str = ""
    _saved: dict[int, dict] = {}  # each item on the list, by id, as `_load` read it

    def _open_editor(self, editing_id: int) -> None:
        self.editing_id, self.editor_error, self.editor_open = editing_id, "", True

    def _fill_editor(self, values: dict) -> None:
        """One item's values into the editor's vars (a state whose values need turning overrides it)."""
        for key, value in values.items():
            setattr(self, key, value)

    @rx.event
    def edit(self, item_id: str):
        values = self._saved.get(int(item_id)) if str(item_id).isdigit() else None
        if values is not None:
            self._open_editor(int(item_id))
            self._fill_editor(values)

    @rx.event
    def close_editor(self):
        self.editor_open = False
