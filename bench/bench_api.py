"""Public API benchmark (issue 19): sustained throughput of /api/v1 on SQLite and PostgreSQL.

Serves the app's own Starlette routes (community_hub.api.app.build_api) with the app's server (uvicorn,
or Granian with HUB_SERVER=granian), one worker,
on a throw-away database (SQLite file; a throw-away PostgreSQL database, skipped with a note when
none is reachable) holding one shop with 1,000 products and 300 orders, and drives it from
`--clients` threads for `--seconds` each scenario:

- upsert: POST /api/v1/products/bulk, 50 products by SKU (half changed each call);
- order read: GET /api/v1/orders/{id} of a random order;
- orders since: GET /api/v1/orders?after=<random cursor>&limit=50.

Prints requests per second, p50 and p95 in milliseconds, and any non-2xx answers. The per-key rate
limit is lifted for the run (HUB_API_REQUESTS_PER_MINUTE).

    python bench/bench_api.py [--seconds 10] [--clients 8]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from community_hub.core.config import load_settings, override_settings  # noqa: E402
from community_hub.core.db import create_all, make_engine, session_scope  # noqa: E402
from community_hub.core.permissions import load_actor  # noqa: E402
from community_hub.marketplace import cart, checkout  # noqa: E402
from community_hub.models import (  # noqa: E402
    Community,
    Household,
    HouseholdMember,
    Merchant,
    Product,
    Role,
    User,
    UserRole,
)
from community_hub.models.base import utcnow  # noqa: E402
from community_hub.models.community import PropertyCompany  # noqa: E402
from community_hub.partner_api import events as partner_events  # noqa: E402
from community_hub.partner_api import keys  # noqa: E402
from community_hub.serve_asgi import server_choice  # noqa: E402

PG_ADMIN_URL = os.environ.get("HUB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PRODUCTS, ORDERS, BULK = 1000, 300, 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(url: str) -> tuple[str, list[int]]:
    """One shop, its owner's key, products and placed orders; returns (key, order ids)."""
    override_settings(load_settings({"HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "bench-secret", "REFLEX_DB_URL": url}))
    eng = make_engine(url)
    create_all(eng)
    partner_events.listen()
    with session_scope(eng) as db:
        company = PropertyCompany(name="Bench Co")
        db.add(company)
        db.flush()
        c = Community(slug="bench", name="Bench", lat=40.0, lon=-75.0, property_company_id=company.id)
        m = Merchant(slug="bench-shop", name="Bench Shop", category="grocery", lat=40.0, lon=-75.0, status="approved")
        db.add_all([c, m])
        db.flush()
        household = Household(community_id=c.id, building="A", unit="101", area_m2=80)
        owner = User(email="owner@bench.test", display_name="Owner", password_hash="x", status="active",
                     verified_at=utcnow())
        buyer = User(email="buyer@bench.test", display_name="Buyer", password_hash="x", status="active",
                     verified_at=utcnow())
        db.add_all([household, owner, buyer])
        db.flush()
        db.add_all([UserRole(user_id=owner.id, role=Role.MERCHANT, merchant_id=m.id),
                    UserRole(user_id=buyer.id, role=Role.RESIDENT, community_id=c.id),
                    HouseholdMember(household_id=household.id, user_id=buyer.id)])
        db.add_all([Product(merchant_id=m.id, name=f"Item {n}", sku=f"SKU-{n}", price_minor=100 + n, stock=10_000)
                    for n in range(PRODUCTS)])
        db.flush()
        owner_actor, buyer_actor, shop = load_actor(db, owner), load_actor(db, buyer), m.id
        secret = keys.create_key(db, owner_actor, shop, name="Bench", scopes=["products:write", "orders:read"]).secret
        first_product = db.exec(text("select min(id) from product")).scalar()
    order_ids = []
    for n in range(ORDERS):
        with session_scope(eng) as db:
            cart.add_to_cart(db, buyer_actor, first_product + n % PRODUCTS, 1)
            order_ids.append(checkout.place_order(db, buyer_actor, shop, idempotency_key=f"bench-order-{n:05d}",
                                                  payment_method="card", address="A-101").id)
    eng.dispose()
    override_settings(None)
    return secret, order_ids


def _serve(url: str, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "REFLEX_DB_URL": url, "HUB_DEMO_MODE": "1", "HUB_SECRET_KEY": "bench-secret",
           "HUB_API_REQUESTS_PER_MINUTE": str(10**9)}
    env.pop("REFLEX_REDIS_URL", None)
    if server_choice(env) == "granian":
        server = ["-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
                  "--workers", "1", "--no-access-log", "community_hub.api.app:build_api"]
    else:  # as the app is served: the same uvicorn settings (community_hub/serve_asgi.uvicorn_options)
        server = ["-c", "import uvicorn; from community_hub.serve_asgi import uvicorn_options; "
                  "uvicorn.run('community_hub.api.app:build_api', factory=True, "
                  f"**uvicorn_options(host='127.0.0.1', port={port}, workers=1, log_level='warning'))"]
    proc = subprocess.Popen([sys.executable, *server], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the API did not start; see {log}")


def _drive(base: str, secret: str, seconds: float, clients: int, request) -> tuple[list[float], Counter]:
    times: list[float] = []
    statuses: Counter = Counter()
    lock, stop = threading.Lock(), time.monotonic() + seconds

    def client(n: int):
        rng = random.Random(n)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=30) as http:
            while time.monotonic() < stop:
                started = time.perf_counter()
                answer = request(http, rng)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    times.append(took)
                    statuses[answer.status_code] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, statuses


def _report(db_name: str, name: str, seconds: float, times: list[float], statuses: Counter) -> None:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times, default=0)
    bad = {code: n for code, n in statuses.items() if not 200 <= code < 300}
    print(f"{db_name:10} {name:12} {len(times) / seconds:8.1f} req/s   p50 {statistics.median(times):7.1f} ms   "
          f"p95 {p95:7.1f} ms" + (f"   non-2xx {bad}" if bad else ""))


def run(db_name: str, url: str, seconds: float, clients: int, folder: Path) -> None:
    secret, order_ids = _seed(url)
    port = _free_port()
    proc = _serve(url, port, folder / f"api-{db_name}.log")
    base = f"http://127.0.0.1:{port}"
    try:
        def upsert(http, rng):
            start = rng.randrange(0, PRODUCTS - BULK)
            rows = [{"sku": f"SKU-{n}", "name": f"Item {n}", "price_minor": 100 + n + rng.choice((0, 1)),
                     "stock": rng.randrange(0, 100)} for n in range(start, start + BULK)]
            return http.post("/api/v1/products/bulk", json={"products": rows})

        def order_read(http, rng):
            return http.get(f"/api/v1/orders/{rng.choice(order_ids)}")

        def orders_since(http, rng):
            return http.get("/api/v1/orders", params={"after": rng.randrange(0, ORDERS), "limit": 50})

        for name, request in (("upsert x50", upsert), ("order read", order_read), ("orders since", orders_since)):
            times, statuses = _drive(base, secret, seconds, clients, request)
            _report(db_name, name, seconds, times, statuses)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run("sqlite", f"sqlite:///{folder}/bench-api.db", args.seconds, args.clients, folder)
        try:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
            with admin.connect() as conn:
                conn.execute(text("select 1"))
        except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: said, and the SQLite numbers stand
            print(f"postgresql skipped: not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})")
            return
        name = f"bench_api_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("postgresql", PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", args.seconds, args.clients, folder)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
