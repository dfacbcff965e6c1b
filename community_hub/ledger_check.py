"""`python -m community_hub.ledger_check` (`./hub ledger-check`): prove the ledger on the
configured database. Exit 0 only when every check holds; 1 when one fails; 2 when it cannot check.

  --json   print the full report as JSON instead of text
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from sqlalchemy import inspect

from community_hub.core.config import ConfigError, settings
from community_hub.core.db import engine_for, read_session


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        url = settings().db_url
        eng = engine_for(url)
        tables = set(inspect(eng).get_table_names())
    except ConfigError as exc:
        print(f"ledger-check: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database is "cannot check"
        print(f"ledger-check: cannot open the database ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    needed = {"ledgeraccount", "ledgertransaction", "ledgerposting"}
    if not needed <= tables:
        print("ledger-check: the ledger tables do not exist in this database yet "
              "(run ./hub migrate or start the app once); nothing was checked.", file=sys.stderr)
        return 2
    from community_hub.payments.ledger_report import check_ledger

    with read_session(eng) as db:
        report = check_ledger(db)
    if "--json" in args:
        print(json.dumps(asdict(report) | {"problems": report.problems()}, indent=2, sort_keys=True))
    else:
        sums = ", ".join(f"{cur} {total}" for cur, total in sorted(report.currency_sums.items())) or "no postings"
        print(f"ledger: {report.transactions} transactions, {report.postings} postings, "
              f"{report.accounts} accounts; sums per currency: {sums}")
        for problem in report.problems():
            print(f"PROBLEM: {problem}")
        print("ledger OK: every transaction balances and every balance equals its postings"
              if report.ok else "ledger NOT OK")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
