"""CSV files people download and open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@` (or a tab / carriage return) is a formula to Excel and
LibreOffice: a resident who types `=HYPERLINK(...)` into a form would run it on the office's
computer. Such cells get a leading apostrophe (OWASP's advice), which spreadsheets show as text.
Numbers we write ourselves (amounts like -12.50) are passed as int/Decimal and never escaped.

A header row of fixed names (`headers(N_("date"), ...)`) is written in the language of whoever
downloads the file (core/i18n.reader: the page's language around a service call); names people
typed (a form's field labels) stay as they are. The product catalog's columns are an import
format and stay the English codes in every language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from community_hub.core.i18n import reader, translate
from community_hub.core.money import plain_amount

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def amount_cell(amount_minor: int | None, currency: str = "USD") -> Decimal | str:
    """An amount as a number cell ("-12.50" as a Decimal, so it is not mistaken for a formula)."""
    return "" if amount_minor is None else Decimal(plain_amount(amount_minor, currency))


def read_cell(value: str | None) -> str:
    """Undo safe_cell on import: our own export's "'-5 off" comes back as "-5 off"."""
    value = value or ""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def headers(*names: str) -> list[str]:
    """Column names (marked with N_ where written) in the downloader's language."""
    return [translate(reader(), n) for n in names]


def yes_no(value: bool) -> str:
    """A yes/no cell in the downloader's language."""
    return translate(reader(), "yes") if value else translate(reader(), "no")


def to_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """The whole file as text: a header row, then each row with every text cell made safe."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(header))
    for row in rows:
        w.writerow([safe_cell(v) for v in row])
    return out.getvalue()
