"""Downloaded CSV cannot carry a spreadsheet formula typed by someone else."""

from __future__ import annotations

import csv
import io

from community_hub.core.csv_export import to_csv


def test_text_that_a_spreadsheet_would_run_is_kept_as_text():
    text = to_csv(["who", "said", "amount"], [
        ["Ann", '=HYPERLINK("http://evil.test","x")', -1250],
        ["Bob", "+1 555 0100", 12], ["Cy", "@SUM(A1)", 0], ["Di", "-2+3", 1], ["Ed", "plain", 2],
    ])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1].startswith("'=") and rows[2][1] == "'+1 555 0100" and rows[3][1] == "'@SUM(A1)"
    assert rows[4][1] == "'-2+3" and rows[5][1] == "plain"
    assert rows[1][2] == "-1250"  # our own numbers stay numbers
