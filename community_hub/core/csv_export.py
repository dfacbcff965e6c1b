"""CSV files people download and open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@` (or a tab / carriage return) is a formula to Excel and
LibreOffice: a resident who types `=HYPERLINK(...)` into a form would run it on the office's
computer. Such cells get a leading apostrophe (OWASP's advice), which spreadsheets show as text.
Numbers we write ourselves (amounts like -12.50) are passed as int/Decimal and never escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """The whole file as text: a header row, then each row with every text cell made safe."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(list(header))
    for row in rows:
        w.writerow([safe_cell(v) for v in row])
    return out.getvalue()
