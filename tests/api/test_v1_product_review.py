"""/api/v1 products meet the platform's review like the dashboard (issue 18): a shop that is not
trusted creates a product that is not listed until approved, and a price change waits while the
approved price stays."""

from __future__ import annotations

from sqlmodel import Session, select

from community_hub.models import Merchant, Product
from community_hub.models.product_review import ProductChange


def test_api_writes_of_an_untrusted_shop_wait_for_review(api, shop, engine):
    with Session(engine) as db:
        m = db.get(Merchant, shop.merchant)
        m.trusted = False
        db.add(m)
        db.commit()
    h = shop.key("products:write")
    made = api.post("/api/v1/products", headers=h, json={"name": "Oat milk", "price_minor": 420, "sku": "OAT-1"})
    assert made.status_code == 201, made.text
    assert (made.json()["listed"], made.json()["review"]) == (False, "pending")
    priced = api.post(f"/api/v1/products/{shop.product}/price", headers=h, json={"price_minor": 1500})
    assert priced.status_code == 200
    assert (priced.json()["price_minor"], priced.json()["review"], priced.json()["listed"]) == (1200, "pending", True)
    with Session(engine) as db:
        assert db.get(Product, shop.product).price_minor == 1200
        kinds = sorted(c.kind for c in db.exec(select(ProductChange).where(ProductChange.merchant_id == shop.merchant)))
    assert kinds == ["edit", "new"]
