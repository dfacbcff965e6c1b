"""Rules that depend on the clock rather than on a person: run every minute by the app.

Every worker runs it. Each step claims the rows it works on with `FOR UPDATE SKIP LOCKED`
(core/job_claims.py) and re-checks them under the lock, so with N workers each order is signed,
settled or refunded and each request expired exactly once (tests/unit/test_jobs_two_workers.py),
and no worker waits on another's rows."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from community_hub.accounts import purge
from community_hub.core import upload_staging
from community_hub.core.config import settings
from community_hub.core.db import session_scope
from community_hub.core.outage import is_unreachable
from community_hub.marketplace import demands, order_payments, order_refunds, orders
from community_hub.marketplace.made_to_order import money as made_to_order_money
from community_hub.marketplace.made_to_order import work as made_to_order_work
from community_hub.membership import commission
from community_hub.partner_api import retention as api_retention
from community_hub.sharing import item_money, parking_jobs

log = logging.getLogger("community_hub.housekeeping")

STEPS = {
    "orders auto-signed": lambda db, now: orders.auto_sign_due(db, now, after_hours=settings().auto_sign_hours),
    "orders settled": lambda db, now: order_payments.close_signed_orders(db, now),
    "requests expired": lambda db, now: demands.expire_demands(db, now),
    "commissions released": lambda db, now: commission.release_due(db, now),
    "ended paid orders refunded": lambda db, now: order_refunds.refund_ended_orders(db, now),
    "made-to-order deposits released": lambda db, now: made_to_order_money.release_due_deposits(db, now),
    "made-to-order balances reminded": lambda db, now: made_to_order_work.remind_unpaid_balances(db, now),
    "parking holds expired": lambda db, now: parking_jobs.expire_holds(db, now),
    "parking requests not approved ended": lambda db, now: parking_jobs.end_unapproved(db, now),
    "parking bookings paid out": lambda db, now: parking_jobs.pay_out_finished(db, now),
    "parking deposits kept for unpaid balances": lambda db, now: parking_jobs.keep_unpaid_deposits(db, now),
    "item sales released after 72 h": lambda db, now: item_money.release_unconfirmed(db, now),
    "items expired after 30 days": lambda db, now: item_money.expire_items(db, now),
    "old sign-in rows purged": lambda db, now: purge.purge_old(db, now),
    "old API logs purged": lambda db, now: api_retention.purge_old(db, now),
    "unsent form files removed": lambda db, now: upload_staging.purge_staged(now.timestamp() if now else None),
}


def run_once(bind: Engine | None = None, now: datetime | None = None) -> dict[str, int]:
    """One pass; each step in its own transaction so one failing step does not hold up the rest.
    With the database away the pass stops at once and raises (the caller logs one line an outage,
    core/outage.JobHealth), instead of a traceback for each step."""
    done: dict[str, int] = {}
    for name, step in STEPS.items():
        try:
            with session_scope(bind) as db:
                done[name] = len(step(db, now))
        except Exception as exc:  # noqa: BLE001 - logged; the next pass tries again
            if is_unreachable(exc):
                raise
            log.exception("housekeeping step %r failed", name)
            done[name] = -1
    return done
