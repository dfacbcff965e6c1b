"""The demo database the state suite runs against, built once per run.

`./hub seed`'s demo data, then private activity of other people (orders, repairs, care tickets,
a demand, an event ticket, a form answer, a paid bill) whose texts carry MARKER, and last of all
the caller, Mallory: a resident of the same community in a household of her own that owns nothing
yet. Every record in the database that is not hers belongs to someone else, so any small id a
handler is given (1, 2) is "a foreign id" in every table that has such a row.

`snapshot()`/`changes()` compare the whole database before and after a handler, row by row, and
say which changes are not the caller's own.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel, select

from community_hub.accounts import auth as accounts
from community_hub.core.db import create_all, engine_for, session_scope
from community_hub.core.kept_reads import forget_all
from community_hub.core.permissions import load_actor
from community_hub.models import Household, Merchant, Product, Role, User, UserRole
from community_hub.models.base import utcnow
from community_hub.models.events import CommunityEvent
from community_hub.models.workorders import WorkOrderCategory
from community_hub.seed import DEMO_PASSWORD, seed
from tests import factories
from tests.state.harness import PNG

MARKER = "SECRET"  # in every private text planted below: it must never reach the caller's screen


@dataclass
class World:
    url: str
    path: Path
    pristine: Path
    upload_dir: Path
    caller_id: int = 0
    caller_household_id: int = 0
    caller_token: str = ""
    # Mervin: the merchant of a shop of his own (a new one), so every demo shop is another's.
    merchant_token: str = ""
    merchant_id: int = 0  # Mervin's user id
    tokens: dict[str, str] = field(default_factory=dict)  # e-mail → a session token of that person
    # Texts that belong to other people: their e-mail addresses, residents' names, session tokens,
    # event ticket codes and every planted MARKER text.
    secrets: set[str] = field(default_factory=set)

    def restore(self) -> None:
        """Back to the database as built (after a test that changed it), once no service of the
        test is still running in the app's service pool (its connection would lose its file)."""
        from state.shared.service_call import settled

        settled()
        engine_for(self.url).dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.path)
        forget_all()  # reads kept a few seconds (core/kept_reads.py) were read from the rows just replaced


def build(tmp: Path) -> World:
    path = tmp / "demo.db"
    w = World(url=f"sqlite:///{path}", path=path, pristine=tmp / "pristine.db", upload_dir=tmp / "uploads")
    w.upload_dir.mkdir()
    eng = engine_for(w.url)
    create_all(eng)
    with session_scope(eng) as db:
        seed(db)
    from community_hub.payment_hooks import register_payment_hooks
    from community_hub.payments import hooks

    hooks.clear_hooks()
    register_payment_hooks()  # a paid bill moves through the hooks, as in the app
    with session_scope(eng) as db:
        _private_activity(db, w)
    hooks.clear_hooks()
    with session_scope(eng) as db:
        _caller(db, w)
    eng.dispose()
    with sqlite3.connect(path) as conn:  # everything in the main file, so one copy is the database
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, w.pristine)
    return w


def _login(db: Session, email: str, password: str = DEMO_PASSWORD) -> str:
    token, _actor = accounts.login(db, identifier=email, password=password)
    return token


def _private_activity(db: Session, w: World) -> None:
    """Riley (resident@demo.hub, B-204) and Noor (A-101) use the app: two of most things."""
    from community_hub.marketplace import cart, checkout, demands
    from community_hub.property import bill_payments, billing, care, events, forms, workorders

    people = {}
    for email in ("resident@demo.hub", "noor@demo.hub"):
        user = db.exec(select(User).where(User.email == email)).one()
        people[email] = load_actor(db, user)
        w.tokens[email] = _login(db, email)
        w.secrets.add(w.tokens[email])
    w.secrets |= {u.email for u in db.exec(select(User)).all()}
    residents = select(User.display_name).join(UserRole, UserRole.user_id == User.id).where(UserRole.role == Role.RESIDENT)
    w.secrets |= set(db.exec(residents).all())  # no screen of Mallory's names her neighbours
    staff = load_actor(db, db.exec(select(User).where(User.email == "staff@demo.hub")).one())
    shop = db.exec(select(Merchant).where(Merchant.slug == "corner-grocer")).one()
    products = db.exec(select(Product).where(Product.merchant_id == shop.id, Product.stock != None)  # noqa: E711
                       .order_by(Product.id)).all()
    category = db.exec(select(WorkOrderCategory).order_by(WorkOrderCategory.id)).first()
    event = db.exec(select(CommunityEvent).order_by(CommunityEvent.id)).first()
    form = forms.create_form(db, staff, staff.community_id, title="Bike storage",
                             fields=[{"label": "Bike", "type": "text", "required": True}])
    forms.publish_form(db, staff, form.id)
    window = (utcnow() + timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    for n, actor in enumerate(people.values(), 1):
        secret = f"{MARKER}-{actor.display_name.split()[0].upper()}"
        for k in (1, 2):
            cart.add_to_cart(db, actor, products[k].id, 4)
            checkout.place_order(db, actor, shop.id, idempotency_key=f"state-suite-{n}-{k}", payment_method="card",
                                 address=f"{secret}-ADDRESS-{k}", note=f"{secret}-ORDER-NOTE-{k}",
                                 window_start=window, window_end=window + timedelta(hours=1))
            workorders.report_work_order(db, actor, category_id=category.id, location=f"{secret}-LOCATION-{k}",
                                         description=f"{secret}-REPAIR-{k}", photos=[("leak.png", PNG)])
            care.submit(db, actor, kind="question", subject=f"{secret}-CARE-{k}", body=f"{secret}-CARE-BODY-{k}")
        cart.add_to_cart(db, actor, products[3].id, 1)  # an open cart too
        demands.post_demand(db, actor, category="grocery", title=f"{secret}-DEMAND", address=f"{secret}-DEMAND-ADDRESS")
        ticket = events.sign_up(db, actor, event.id)
        w.secrets.add(ticket.ticket_code)
        forms.submit_form(db, actor, form.id, {"bike": f"{secret}-FORM-ANSWER"})
        bill_payments.pay_bill(db, actor, billing.list_my_bills(db, actor)[0].id, "4242424242424242")
        service = billing.list_convenience_services(db, actor)[0]
        billing.book_convenience_service(db, actor, service.id, quantity=1, notes=f"{secret}-BOOKING")
    w.secrets.add(MARKER)


def _caller(db: Session, w: World) -> None:
    """Mallory: a resident of Maple Court with a household of her own and nothing else."""
    community_id = db.exec(select(Household.community_id)).first()
    home = factories.household(db, community_id, building="Z", unit="999")
    user = factories.user(db, Role.RESIDENT, email="mallory@example.test", community_id=community_id,
                          household_id=home.id)
    w.caller_id, w.caller_household_id = user.id, home.id
    w.caller_token = _login(db, user.email, factories.PASSWORD)
    shop = factories.merchant(db)
    mervin = factories.user(db, Role.MERCHANT, email="mervin@example.test", merchant_id=shop.id)
    w.merchant_id, w.merchant_token = mervin.id, _login(db, mervin.email, factories.PASSWORD)


# --- what changed -------------------------------------------------------------------------------

# Columns that say whose a row is (a user id or a household id).
USER_COLUMNS = ("user_id", "actor_user_id", "created_by", "payer_user_id", "requested_by", "reporter_user_id",
                "author_user_id", "uploaded_by", "recorded_by")
HOUSEHOLD_COLUMNS = ("household_id",)
# Tables a refused or anonymous attempt may still write to, on purpose.
ATTEMPT_TABLES = {"rateevent": "every attempt counts towards the rate limits, refused ones included",
                  # It moves with any change to the tables an Actor is built from (core/authz_epoch.py);
                  # those changes are checked themselves, row by row.
                  "authz_epoch": "a counter that moves with every change to roles, households, kiosks and workers"}


def snapshot(w: World) -> dict[str, dict[tuple, tuple]]:
    """Every row of every table: {table: {primary key: row in the models' column order}}."""
    out = {}
    conn = sqlite3.connect(w.path)
    try:
        for table in SQLModel.metadata.sorted_tables:
            names = [c.name for c in table.columns]
            pk = [names.index(c.name) for c in table.primary_key.columns]
            rows = conn.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} FROM "{table.name}"')
            out[table.name] = {tuple(r[i] for i in pk): r for r in rows}
    finally:
        conn.close()
    return out


def _columns() -> dict[str, list[str]]:
    return {t.name: [c.name for c in t.columns] for t in SQLModel.metadata.sorted_tables}


def _foreign_keys() -> dict[str, list[tuple[str, str]]]:
    return {t.name: [(fk.parent.name, fk.column.table.name) for fk in t.foreign_keys]
            for t in SQLModel.metadata.sorted_tables}


def changes(w: World, before: dict, after: dict, *, anonymous: bool, caller_id: int | None = None,
            caller_household_id: int | None = None) -> list[str]:
    """The changes that are not the caller's own, one line each (empty: nothing wrong).

    The caller's own: a row whose user/household column is hers, or that points (by a foreign key)
    at such a row or at a row this call inserted, e.g. her cart's new line. Anonymous callers own
    nothing. Rows of ATTEMPT_TABLES may be added by anyone. `caller_id` (and `caller_household_id`)
    name another caller than Mallory (the merchant of test_malformed)."""
    cols, fks = _columns(), _foreign_keys()
    me = w.caller_id if caller_id is None else caller_id
    my_home = w.caller_household_id if caller_id is None else caller_household_id
    inserted = {(t, k) for t in after for k in after[t].keys() - before[t].keys()}

    def row(table, key, snap):
        return dict(zip(cols[table], snap[table][key], strict=True))

    def mine(table, values, depth=0):
        if anonymous:
            return False
        if any(values.get(c) == me for c in USER_COLUMNS if c in values):
            return True
        if my_home is not None and any(values.get(c) == my_home for c in HOUSEHOLD_COLUMNS if c in values):
            return True
        if table == "user" and values.get("id") == me:
            return True
        if depth < 3:
            for column, target in fks[table]:
                ref = values.get(column)
                if ref is None or (ref,) not in after.get(target, {}):
                    continue
                if (target, (ref,)) in inserted or mine(target, row(target, (ref,), after), depth + 1):
                    return True
        return False

    problems = []
    for table in after:
        if table in ATTEMPT_TABLES:
            continue
        old, new = before[table], after[table]
        for key in new.keys() - old.keys():
            values = row(table, key, after)
            if not mine(table, values):
                problems.append(f"{table} {key[0] if len(key) == 1 else key}: added {_short(values)}")
        for key in old.keys() - new.keys():
            values = row(table, key, before)
            if not mine(table, values):
                problems.append(f"{table} {key[0] if len(key) == 1 else key}: deleted {_short(values)}")
        for key in old.keys() & new.keys():
            if old[key] != new[key]:
                was, now = row(table, key, before), row(table, key, after)
                if not mine(table, was):
                    diff = {c: (was[c], now[c]) for c in was if was[c] != now[c]}
                    problems.append(f"{table} {key[0] if len(key) == 1 else key}: changed {_short(diff)}")
    return sorted(problems)


def _short(values: dict) -> str:
    text_ = repr(values)
    return text_ if len(text_) <= 300 else text_[:300] + "…"


def uploads(w: World) -> set[str]:
    return {str(p.relative_to(w.upload_dir)) for p in w.upload_dir.rglob("*") if p.is_file()}

