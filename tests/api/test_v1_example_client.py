"""examples/partner_client.py (issue 19), run against the API: it syncs stock from a CSV (twice:
the second run changes nothing), refuses a bad price before sending, and prints the new orders
since its cursor, then nothing new."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlmodel import Session, select

from community_hub.models import Product

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("partner_client", ROOT / "examples" / "partner_client.py")
partner_client = importlib.util.module_from_spec(spec)
spec.loader.exec_module(partner_client)

CSV = """sku,name,price,stock
MILK-1L,Whole milk 1 L,3.50,12
BREAD-SD,Sourdough loaf,4.20,
EGGS-6,Free-range eggs (6),2.99,30
"""


def test_the_example_client_syncs_stock_and_follows_new_orders(api, shop, engine, tmp_path):
    api.headers.update(shop.key("products:write", "orders:read"))
    rows = partner_client.read_stock_csv(CSV.splitlines())
    assert rows[0] == {"sku": "MILK-1L", "name": "Whole milk 1 L", "price_minor": 350, "stock": 12}
    assert partner_client.sync_stock(api, rows) == {"created": 3, "updated": 0, "unchanged": 0}
    assert partner_client.sync_stock(api, rows) == {"created": 3, "updated": 0, "unchanged": 0}  # kept answer
    rows[0]["stock"] = 11
    assert partner_client.sync_stock(api, rows) == {"created": 0, "updated": 1, "unchanged": 2}
    with Session(engine) as db:
        assert db.exec(select(Product.stock).where(Product.sku == "MILK-1L")).one() == 11
    with pytest.raises(SystemExit, match="line 2: the price 'cheap'"):
        partner_client.read_stock_csv(["sku,name,price,stock", "X,Thing,cheap,1"])

    first = shop.paid_order()
    seen = list(partner_client.new_orders(api, "0"))
    assert [(o["id"], o["state"]) for o, _ in seen] == [(first, "paid")]
    cursor = seen[-1][1]
    assert list(partner_client.new_orders(api, cursor)) == []
    second = shop.paid_order(1)
    assert [o["id"] for o, _ in partner_client.new_orders(api, cursor)] == [second]
