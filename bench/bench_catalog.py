"""Catalog benchmark: 100,000 products across 500 merchants; search and circle-query latency.

Builds the catalog in a throw-away SQLite file and a throw-away PostgreSQL database (skipped with
a note when PostgreSQL is not reachable), runs 200 searches and 200 circle queries on each and
prints p50/p95 in milliseconds. Target: p95 under 50 ms for both on a 2-core machine.

The Chinese set ("zh") builds a second catalog of the same size whose shops and products have
synthetic Chinese names and descriptions (no spaces between words, an English word here and there)
and searches it with Chinese queries: a two- or three-character word (found inside longer names),
an adjective and a noun written together, two words apart, a single character, and a Chinese word
with an English one. Same target.

    python bench/bench_catalog.py [--products 100000] [--merchants 500] [--queries 200] [--languages en,zh]
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
from community_hub.models.cjk_grams import search_grams  # noqa: E402

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
ZH_NOUNS = ("牛奶 酸奶 面包 鸡蛋 大米 面条 水饺 豆腐 白菜 苹果 香蕉 草莓 西瓜 葡萄 橙子 猪肉 牛肉 鸡翅 鱼片 虾仁 "
            "绿茶 红茶 咖啡 可乐 矿泉水 酱油 香醋 食盐 白糖 花生油 饼干 巧克力 薯片 月饼 粽子 汤圆 馒头 包子 "
            "香菇 木耳 辣椒 大蒜 生姜 土豆 番茄 黄瓜 蜂蜜 果酱 纸巾 牙膏 洗发水 肥皂 毛巾 电池 灯泡 雨伞 "
            "玫瑰 百合 衬衫 外套").split()
ZH_ADJECTIVES = ("有机 新鲜 进口 本地 手工 低脂 全脂 精选 特级 冷冻 无糖 香辣 五香 红烧 农家 散装 家庭装 迷你 "
                 "经典 优质 天然 纯正 东北 云南").split()
ZH_UNITS = ["500克", "1升", "(12枚)", "2公斤", "(6包)", "250克", ""]


def product_text(rng: random.Random, language: str) -> tuple[str, str]:
    """A product's name and description: English words, or Chinese ones written together."""
    if language == "zh":
        name = f"{rng.choice(ZH_ADJECTIVES)}{rng.choice(ZH_NOUNS)}{rng.choice(ZH_NOUNS)} {rng.choice(ZH_UNITS)}"
        words = rng.choices(ZH_NOUNS + ZH_ADJECTIVES, k=8)
        return name.strip(), f"{''.join(words[:4])}，{''.join(words[4:])}，{rng.choice(NOUNS)}"
    return (f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(NOUNS)}".title(),
            " ".join(rng.choices(NOUNS + ADJECTIVES, k=8)))


def query_text(i: int, rng: random.Random, language: str) -> str:
    """The i-th query of a language's set."""
    if language == "zh":
        kind = i % 6
        if kind in (0, 1):
            return rng.choice(ZH_NOUNS)  # a word, usually in the middle of a longer name
        if kind == 2:
            return rng.choice(ZH_ADJECTIVES) + rng.choice(ZH_NOUNS)  # two words written together
        if kind == 3:
            return f"{rng.choice(ZH_ADJECTIVES)} {rng.choice(ZH_NOUNS)}"  # two words apart
        if kind == 4:
            return rng.choice(rng.choice(ZH_NOUNS))  # one character
        return f"{rng.choice(ZH_NOUNS)} {rng.choice(NOUNS)}"  # Chinese and English
    words = rng.sample(NOUNS, 1) if i % 3 else [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    return " ".join(w[: rng.randint(3, len(w))] if i % 4 == 0 else w for w in words)  # some prefixes


def build(engine, n_products: int, n_merchants: int, rng: random.Random, language: str = "en") -> list[Community]:
    create_all(engine)
    now = utcnow()
    with engine.begin() as conn:
        cats = [{"slug": c, "name": c.title(), "sort": i} for i, c in enumerate(CATEGORIES)]
        conn.execute(insert(Category), cats)
        merchants = []
        for i in range(n_merchants):
            lat, lon = offset(*CENTER, rng.uniform(-AREA_M / 2, AREA_M / 2), rng.uniform(-AREA_M / 2, AREA_M / 2))
            name = (f"{rng.choice(ZH_ADJECTIVES)}{rng.choice(ZH_NOUNS)}{i}号店" if language == "zh"
                    else f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} {i}")
            category = rng.choice(CATEGORIES)
            # Bulk inserts skip the ORM's mapper events: the Chinese search column is filled here.
            merchants.append({"slug": f"shop-{i}", "name": name, "category": category, "lat": lat, "lon": lon,
                              "status": "approved", "rating_avg": round(rng.uniform(2.5, 5), 1),
                              "rating_count": rng.randint(0, 80), "created_at": now,
                              "search_cjk": search_grams(name, category, "")})
        conn.execute(insert(Merchant), merchants)
        per = n_products // n_merchants
        batch = []
        for m in range(1, n_merchants + 1):
            for j in range(per):
                name, description = product_text(rng, language)
                batch.append({"merchant_id": m, "name": name, "description": description,
                              "search_cjk": search_grams(name, description),
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


def run(label: str, engine, communities: list[Community], n_queries: int, rng: random.Random,
        language: str = "en") -> None:
    search_ms, circle_ms, sizes, totals = [], [], [], []
    search_cpu, circle_cpu = [], []  # this process's CPU time: all of SQLite's work, none of PostgreSQL's
    ro = engine.execution_options(sqlite_begin="DEFERRED") if engine.dialect.name == "sqlite" else engine
    for i in range(n_queries):
        c = rng.choice(communities)
        q = query_text(i, rng, language)
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
    print(f"{label:13s} search  p50 {pct(search_ms, 50):6.1f} ms   p95 {pct(search_ms, 95):6.1f} ms   "
          f"(cpu here p95 {pct(search_cpu, 95):5.1f} ms; median hits {statistics.median(totals):.0f})")
    print(f"{label:13s} circle  p50 {pct(circle_ms, 50):6.1f} ms   p95 {pct(circle_ms, 95):6.1f} ms   "
          f"(cpu here p95 {pct(circle_cpu, 95):5.1f} ms; median shops in circle {statistics.median(sizes):.0f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--merchants", type=int, default=500)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--languages", default="en,zh", help="query sets, each on a catalog of its own: en, zh")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    languages = [x for x in args.languages.split(",") if x in ("en", "zh")]
    print(f"catalog: {args.products:,} products, {args.merchants} merchants; {args.queries} queries of each kind; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (latency is wall time: a busy machine inflates it)")

    for language in languages:
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{tmp}/bench.db")
            label = "sqlite" + (" zh" if language == "zh" else "")
            t0 = time.perf_counter()
            communities = build(engine, args.products, args.merchants, random.Random(1), language)
            print(f"{label:13s} built in {time.perf_counter() - t0:.1f} s")
            run(label, engine, communities, args.queries, random.Random(2), language)
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
    for language in languages:
        name = f"hub_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            engine = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
            label = "postgresql" + (" zh" if language == "zh" else "")
            t0 = time.perf_counter()
            communities = build(engine, args.products, args.merchants, random.Random(1), language)
            print(f"{label:13s} built in {time.perf_counter() - t0:.1f} s")
            run(label, engine, communities, args.queries, random.Random(2), language)
            engine.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()
