"""Tables of rows: a header row of column titles over one table row per item of a list var,
optionally standing in for an empty state or followed by a pager. Every list screen builds its
table here, so they all look and read the same (column headers are real <th>)."""

from __future__ import annotations

import reflex as rx

from components.common import pager


def _header_cell(h) -> rx.Component:
    return h if isinstance(h, rx.Component) else rx.table.column_header_cell(h)


def data_table(headers, rows, row, **props) -> rx.Component:
    """`headers`: the column titles (a component stands as it is: columns shown on a condition);
    `rows`: a list var; `row`: renders one item as a rx.table.row (`cells(...)` for plain ones).
    Full width unless `props` say otherwise."""
    props.setdefault("width", "100%")
    return rx.table.root(
        rx.table.header(rx.table.row(*[_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, row)),
        **props,
    )


def cells(*keys: str, **props):
    """A row renderer for `data_table`: one plain cell per key of the row dict, in order."""
    return lambda r: rx.table.row(*[rx.table.cell(r[k]) for k in keys], **props)


def table_or_empty(rows, empty: rx.Component, headers, row, **props) -> rx.Component:
    """The table, or `empty` (an empty_state or a line of text) while `rows` has nothing."""
    return rx.cond(rows.length() == 0, empty, data_table(headers, rows, row, **props))


def paged_table(headers, rows, row, state, **props) -> rx.Component:
    """The table with the pager of `state` (its `page`, `pages` and `goto`) below it."""
    return rx.vstack(data_table(headers, rows, row, **props), pager(state.page, state.pages, state.goto),
                     width="100%")
