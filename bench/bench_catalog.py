"""Catalog benchmark: 100,000 products across 500 merchants; search and circle-query latency.

Builds the catalog in a throw-away SQLite file and a throw-away PostgreSQL database (skipped with
a note when PostgreSQL is not reachable), runs 200 searches and 200 circle queries on each and
prints p50/p95 in milliseconds. Target: p95 under 50 ms for both on a 2-core machine.

    python bench/bench_catalog.py [--products 100000] [--merchants 500] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from community_hub.core.db import create_all, make_engine  # noqa: E402
from community_hub.core.geo import offset  # noqa: E402
from community_hub.marketplace.circle import merchants_in_circle  # noqa: E402
from community_hub.marketplace.search import ensure_search_index, search  # noqa: E402
from community_hub.models import Community, Merchant, Product  # noqa: E402
from community_hub.models.base import utcnow  # noqa: E402
from community_hub.models.catalog import Category  # noqa: E402

PG_ADMIN_URL = os.environ.get("HUB_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
CENTER = (40.7411, -73.9897)
AREA_M = 6000  # merchants spread over a 6 km square: ~30 shops in a 10-minute circle
CATEGORIES = ["grocery", "bakery", "cafe", "pharmacy", "hardware", "florist", "restaurant", "laundry"]
NOUNS = ("apple banana bread butter cake candle carrot cheese chicken chocolate coffee cookie cream "
         "croissant egg fish flour garlic ginger honey jam juice lemon lettuce mango milk mushroom noodle "
         "oil olive onion orange pasta peach pepper pizza potato rice salad salmon salt sauce soap soup "
         "spinach steak sugar tea tomato tuna vanilla water wine yoghurt battery bulb brush hammer nail "
         "paint screw tape towel vase rose tulip lily orchid shirt suit coat").split()
ADJECTIVES = ("fresh organic local smoked sweet spicy crispy creamy small large family classic golden green "
              "red white dark light wholegrain homemade premium frozen dried roasted").split()


def build(engine, n_products: int, n_merchants: int, rng: random.Random) -> list[Community]:
    create_all(engine)
    now = utcnow()
    with engine.begin() as conn:
        cats = [{"slug": c, "name": c.title(), "sort": i} for i, c in enumerate(CATEGORIES)]
        conn.execute(insert(Category), cats)
        merchants = []
        for i in range(n_merchants):
            lat, lon = offset(*CENTER, rng.uniform(-AREA_M / 2, AREA_M / 2), rng.uniform(-AREA_M / 2, AREA_M / 2))
            merchants.append({"slug": f"shop-{i}", "name": f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} {i}",
                              "category": rng.choice(CATEGORIES), "lat": lat, "lon": lon, "status": "approved",
                              "rating_avg": round(rng.uniform(2.5, 5), 1), "rating_count": rng.randint(0, 80),
                              "created_at": now})
        conn.execute(insert(Merchant), merchants)
        per = n_products // n_merchants
        batch = []
        for m in range(1, n_merchants + 1):
            for j in range(per):
                name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}"
                batch.append({"merchant_id": m, "name": name.title(),
                              "description": " ".join(rng.choices(NOUNS + ADJECTIVES, k=8)),
                              "price_minor": rng.randint(50, 5000), "stock": rng.choice([None, 0, 3, 10, 50]),
                              "category_id": rng.randint(1, len(CATEGORIES)), "available": rng.random() > 0.05,
                              "abnormal": False, "sold_count": rng.randint(0, 40), "photos": [],
                              "recommended": False, "pinned": False, "low_stock_threshold": 5,
                              "abnormal_reason": "", "currency": "USD", "created_at": now, "updated_at": now,
                              "sku": f"S{m}-{j}"})
                if len(batch) >= 5000:
                    conn.execute(insert(Product), batch)
                    batch = []
        if batch:
            conn.execute(insert(Product), batch)
    ensure_search_index(engine)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    communities = []
    with Session(engine, expire_on_commit=False) as db:
        for i in range(20):
            lat, lon = offset(*CENTER, rng.uniform(-AREA_M / 3, AREA_M / 3), rng.uniform(-AREA_M / 3, AREA_M / 3))
            c = Community(slug=f"c{i}", name=f"Community {i}", lat=lat, lon=lon)
            db.add(c)
            communities.append(c)
        db.commit()
    return communities


def pct(samples: list[float], p: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def run(label: str, engine, communities: list[Community], n_queries: int, rng: random.Random) -> None:
    search_ms, circle_ms, sizes, totals = [], [], [], []
    search_cpu, circle_cpu = [], []  # this process's CPU time: all of SQLite's work, none of PostgreSQL's
    ro = engine.execution_options(sqlite_begin="DEFERRED") if engine.dialect.name == "sqlite" else engine
    for i in range(n_queries):
        c = rng.choice(communities)
        words = rng.sample(NOUNS, 1) if i % 3 else [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
        q = " ".join(w[: rng.randint(3, len(w))] if i % 4 == 0 else w for w in words)  # some prefixes
        kw = {}
        if i % 5 == 0:
            kw["in_stock"] = True
        if i % 7 == 0:
            kw.update(min_price=500, max_price=2500, sort="price_asc")
        if i % 11 == 0:
            kw["category"] = rng.choice(CATEGORIES)
        if i % 13 == 0:
            kw["min_rating"] = 4.0
        with Session(ro) as db:
            t0, c0 = time.perf_counter(), time.process_time()
            page = search(db, c, q, page=1 + (i % 3 == 0), **kw)
            search_ms.append((time.perf_counter() - t0) * 1000)
            search_cpu.append((time.process_time() - c0) * 1000)
            totals.append(page.total)
            db.rollback()
        with Session(ro) as db:
            t0, c0 = time.perf_counter(), time.process_time()
            circle = merchants_in_circle(db, c, category=rng.choice(CATEGORIES) if i % 4 == 0 else None)
            circle_ms.append((time.perf_counter() - t0) * 1000)
            circle_cpu.append((time.process_time() - c0) * 1000)
            sizes.append(len(circle))
            db.rollback()
    print(f"{label:10s} search  p50 {pct(search_ms, 50):6.1f} ms   p95 {pct(search_ms, 95):6.1f} ms   "
          f"(cpu here p95 {pct(search_cpu, 95):5.1f} ms; median hits {statistics.median(totals):.0f})")
    print(f"{label:10s} circle  p50 {pct(circle_ms, 50):6.1f} ms   p95 {pct(circle_ms, 95):6.1f} ms   "
          f"(cpu here p95 {pct(circle_cpu, 95):5.1f} ms; median shops in circle {statistics.median(sizes):.0f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--merchants", type=int, default=500)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    print(f"catalog: {args.products:,} products, {args.merchants} merchants; {args.queries} queries of each kind; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (latency is wall time: a busy machine inflates it)")

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        communities = build(engine, args.products, args.merchants, random.Random(1))
        print(f"sqlite     built in {time.perf_counter() - t0:.1f} s")
        run("sqlite", engine, communities, args.queries, random.Random(2))
        engine.dispose()

    if args.skip_postgres:
        return
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        print(f"postgresql skipped: not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})")
        return
    name = f"hub_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        engine = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
        t0 = time.perf_counter()
        communities = build(engine, args.products, args.merchants, random.Random(1))
        print(f"postgresql built in {time.perf_counter() - t0:.1f} s")
        run("postgresql", engine, communities, args.queries, random.Random(2))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
